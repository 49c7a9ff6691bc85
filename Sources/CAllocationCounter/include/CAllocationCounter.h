// Counting of heap allocations for the benchmark. The counter's C file
// replaces malloc and its relatives in the benchmark executable; each
// replacement forwards to glibc's allocator and, while the calling thread
// has counting switched on, adds one to a process-wide counter.
//
// The file also reads glibc's heap statistics.
//
// Linux and glibc only: forwarding uses glibc's __libc_malloc family.

#ifndef C_ALLOCATION_COUNTER_H
#define C_ALLOCATION_COUNTER_H

#include <stdint.h>

/// Switches counting on for the calling thread and resets the counter to 0.
void allocation_counter_start(void);

/// Switches counting off for the calling thread; returns the allocations
/// counted since allocation_counter_start.
uint64_t allocation_counter_stop(void);

/// Writes a backtrace to standard error for each of the next `limit`
/// allocations counted on this thread (0 switches tracing off).
void allocation_counter_trace(int limit);

/// Returns the bytes of heap memory in use: glibc's mallinfo2 uordblks
/// (small blocks in use, all arenas) plus hblkhd (blocks taken by mmap).
uint64_t heap_bytes_in_use(void);

/// Returns free heap memory to the kernel (malloc_trim(0)), so the resident
/// set size that follows counts live memory and not freed pages.
void heap_release_free_memory(void);

#endif
