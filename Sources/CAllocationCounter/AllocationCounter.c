// Replacements for malloc, calloc, realloc, memalign, posix_memalign,
// aligned_alloc, valloc and free in the benchmark executable. The dynamic
// linker binds the Swift runtime's and Foundation's calls to these
// definitions because the executable defines them. Each one forwards to
// glibc's own entry point (__libc_malloc and so on) and counts the call
// when the calling thread has counting switched on. free is forwarded
// without counting: the benchmark counts allocations, not releases.

#include "CAllocationCounter.h"

#include <errno.h>
#include <execinfo.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stddef.h>
#include <unistd.h>

// glibc's allocator entry points, exported by libc.so.6 since glibc 2.2.5.
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *pointer);

static _Atomic uint64_t counted = 0;
static __thread int counting = 0;
static __thread int tracesLeft = 0;
static __thread int inTrace = 0;

// MARK: - Counting

static void count_allocation(void) {
    if (!counting) {
        return;
    }
    atomic_fetch_add_explicit(&counted, 1, memory_order_relaxed);
    if (tracesLeft > 0 && !inTrace) {
        // backtrace() may allocate on its first call (it loads libgcc_s), so
        // allocations made while tracing are counted but not traced.
        inTrace = 1;
        tracesLeft -= 1;
        void *frames[32];
        int depth = backtrace(frames, 32);
        static const char separator[] = "--- allocation ---\n";
        (void)!write(STDERR_FILENO, separator, sizeof separator - 1);
        backtrace_symbols_fd(frames, depth, STDERR_FILENO);
        inTrace = 0;
    }
}

void allocation_counter_start(void) {
    atomic_store(&counted, 0);
    counting = 1;
}

uint64_t allocation_counter_stop(void) {
    counting = 0;
    return atomic_load(&counted);
}

void allocation_counter_trace(int limit) {
    tracesLeft = limit > 0 ? limit : 0;
}

// MARK: - Allocator replacements

void *malloc(size_t size) {
    count_allocation();
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    count_allocation();
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    count_allocation();
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    count_allocation();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    count_allocation();
    return __libc_memalign(alignment, size);
}

void *valloc(size_t size) {
    count_allocation();
    return __libc_memalign((size_t)sysconf(_SC_PAGESIZE), size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    // POSIX requires a power of two that is a multiple of sizeof(void *).
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) {
        return EINVAL;
    }
    count_allocation();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL && size != 0) {
        return ENOMEM;
    }
    *result = pointer;
    return 0;
}

void free(void *pointer) {
    __libc_free(pointer);
}

// MARK: - Heap statistics

uint64_t heap_bytes_in_use(void) {
    struct mallinfo2 info = mallinfo2();
    return (uint64_t)info.uordblks + (uint64_t)info.hblkhd;
}

void heap_release_free_memory(void) {
    malloc_trim(0);
}
