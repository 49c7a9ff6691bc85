// Timing, statistics, memory and allocation counting for the benchmark.
//
// Latency is measured per batch: the clock is read before and after a batch
// of decisions and the batch time is divided by its size, so the clock's own
// cost (about 20 ns for CLOCK_MONOTONIC through the vDSO) is spread over the
// batch. Repeating batches gives a distribution of per-decision means; its
// p99 is the p99 of batch means, not of single decisions.

import CAllocationCounter
import Foundation
import PolicyKit

/// Monotonic time in nanoseconds.
func monotonicNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// The median and 99th percentile of a sample.
struct Distribution {
    let median: Double
    let p99: Double

    init(_ values: [Double]) {
        let sorted = values.sorted()
        median = Self.percentile(sorted, 0.5)
        p99 = Self.percentile(sorted, 0.99)
    }

    /// The nearest-rank percentile of sorted values; 0 for an empty sample.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }
}

/// Keeps results observable so the optimizer cannot drop the work that made them.
nonisolated(unsafe) var benchmarkSink = 0

// MARK: - Deciding in batches

enum DecisionTiming {
    /// Decides `requests` once per repetition and returns the mean time per decision of each repetition, in ns.
    static func batches(_ policy: CompiledPolicy, _ requests: [Request], repetitions: Int) -> [Double] {
        var allowed = 0
        var samples: [Double] = []
        samples.reserveCapacity(repetitions)
        for _ in 0..<repetitions {
            let start = monotonicNanoseconds()
            for request in requests where policy.decide(request).isAllowed { allowed += 1 }
            let elapsed = monotonicNanoseconds() - start
            samples.append(Double(elapsed) / Double(requests.count))
        }
        benchmarkSink &+= allowed
        return samples
    }

    /// Authorizes `requests` against a fresh in-memory quota store per repetition, so quotas
    /// never run out; store creation is outside the timed part. Returns ns per authorization.
    static func authorizeBatches(_ policy: CompiledPolicy, _ requests: [Request], repetitions: Int) -> [Double] {
        var allowed = 0
        var samples: [Double] = []
        for _ in 0..<repetitions {
            let store = InMemoryQuotaStore()
            let start = monotonicNanoseconds()
            for request in requests where policy.authorize(request, quotas: store).decision.isAllowed { allowed += 1 }
            let elapsed = monotonicNanoseconds() - start
            samples.append(Double(elapsed) / Double(requests.count))
        }
        benchmarkSink &+= allowed
        return samples
    }

    /// Decisions per second on `threads` threads, each deciding `requests` `passes` times.
    static func throughput(_ policy: CompiledPolicy, _ requests: [Request], threads: Int, passes: Int) -> Double {
        let start = monotonicNanoseconds()
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            var allowed = 0
            for _ in 0..<passes {
                for request in requests where policy.decide(request).isAllowed { allowed += 1 }
            }
            if allowed == -1 { print("unreachable") }
        }
        let elapsed = Double(monotonicNanoseconds() - start) / 1e9
        return Double(threads * passes * requests.count) / elapsed
    }
}

// MARK: - Allocations

enum AllocationCount {
    /// Heap allocations per decision over one pass of `requests`, after a pass that warms lazy state.
    static func perDecision(_ policy: CompiledPolicy, _ requests: [Request]) -> Double {
        var allowed = 0
        for request in requests where policy.decide(request).isAllowed { allowed += 1 }
        allocation_counter_start()
        for request in requests where policy.decide(request).isAllowed { allowed += 1 }
        let count = allocation_counter_stop()
        benchmarkSink &+= allowed
        return Double(count) / Double(requests.count)
    }

    /// Heap allocations per authorization with a quota store already holding every counter.
    static func perAuthorization(_ policy: CompiledPolicy, _ requests: [Request]) -> Double {
        let store = InMemoryQuotaStore()
        var allowed = 0
        for request in requests where policy.authorize(request, quotas: store).decision.isAllowed { allowed += 1 }
        allocation_counter_start()
        for request in requests where policy.authorize(request, quotas: store).decision.isAllowed { allowed += 1 }
        let count = allocation_counter_stop()
        benchmarkSink &+= allowed
        return Double(count) / Double(requests.count)
    }

    /// Checks that the counter counts allocations: 100 arrays built in a loop must count at least 100.
    static func selfCheck() -> UInt64 {
        allocation_counter_start()
        for index in 0..<100 {
            let array = [Int](repeating: index, count: 64 + index)
            benchmarkSink &+= array.count
        }
        return allocation_counter_stop()
    }

    /// Prints a backtrace for each of the first `limit` allocations of one decision of `request`.
    static func trace(_ policy: CompiledPolicy, _ request: Request, limit: Int) {
        benchmarkSink &+= policy.decide(request).isAllowed ? 1 : 0
        allocation_counter_trace(Int32(limit))
        allocation_counter_start()
        benchmarkSink &+= policy.decide(request).isAllowed ? 1 : 0
        _ = allocation_counter_stop()
        allocation_counter_trace(0)
    }
}

// MARK: - Memory

/// The heap in use and the resident set size of the process at one instant.
struct MemorySnapshot {
    let heapBytes: Int64
    let residentBytes: Int64

    /// Returns freed heap memory to the kernel first, so both figures count live memory.
    static func take() -> MemorySnapshot {
        heap_release_free_memory()
        return MemorySnapshot(heapBytes: Int64(heap_bytes_in_use()), residentBytes: residentBytes())
    }

    /// The second field of /proc/self/statm (resident pages) times the page size; 0 when unreadable.
    static func residentBytes() -> Int64 {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int64(fields[1]) else { return 0 }
        return pages * Int64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
