// The sweep: for each key count, generate the policy, compile it several
// times, measure the compiled policy's memory, then time and count
// allocations of decisions, and print everything as markdown tables.

import Foundation
import PolicyKit
import PolicySource

/// Settings of one sweep.
struct SweepOptions {
    var keyCounts = [1_000, 10_000, 100_000, 1_000_000]
    var workDirectory = "/tmp/policyc-bench"
    var cidrsPerKey = 2
    var keysPerFile = 10_000
    /// Requests per kind, which is also the batch size.
    var batchSize = 1_000
    var repetitions = 200
    var throughputPasses = 300
    /// Compile runs for the median; sizes of a million keys and more use `largeCompileRuns`.
    var compileRuns = 5
    var largeCompileRuns = 3
    /// Print allocation backtraces for one request of each kind that allocates.
    var traceAllocations = 0

    /// A run that finishes in seconds, for trying the benchmark out.
    static var quick: SweepOptions {
        var options = SweepOptions()
        options.keyCounts = [1_000, 10_000]
        options.repetitions = 30
        options.throughputPasses = 30
        options.compileRuns = 3
        return options
    }
}

/// What was measured for one key count.
struct SizeResult {
    var keyCount = 0
    var fileCount = 0
    var sourceBytes = 0
    var warningCount = 0
    var compileSeconds = Distribution([])
    var heapBytesPerKey = 0.0
    var residentBytesPerKey = 0.0
    var kindLatency: [RequestKind: Distribution] = [:]
    var kindAllocations: [RequestKind: Double] = [:]
    var mixLatency = Distribution([])
    var mixAllocations = 0.0
    var singleThreadRate = 0.0
    var allThreadRate = 0.0
    var authorizeLatency = Distribution([])
    var decideAllowedLatency = Distribution([])
    var authorizeAllocations = 0.0
}

/// Failures that stop the sweep: the generated policy did not compile or decided wrongly.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
}

enum Sweep {
    static func run(_ options: SweepOptions) throws -> [SizeResult] {
        let check = AllocationCount.selfCheck()
        log("allocation counter self-check: 100 arrays counted \(check) allocations")
        guard check >= 100 else {
            throw BenchmarkError(description: "the allocation counter counted \(check) of 100 arrays; malloc is not replaced")
        }
        var results: [SizeResult] = []
        for keyCount in options.keyCounts {
            results.append(try measure(keyCount: keyCount, options: options))
        }
        return results
    }

    static func log(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    // MARK: - One size

    static func measure(keyCount: Int, options: SweepOptions) throws -> SizeResult {
        let shape = PolicyShape(keyCount: keyCount, keysPerFile: options.keysPerFile, cidrsPerKey: options.cidrsPerKey)
        let directory = "\(options.workDirectory)/keys-\(keyCount)"
        let generationStart = monotonicNanoseconds()
        try PolicyGenerator.write(shape, to: directory)
        log("\(keyCount) keys: generated in \(seconds(since: generationStart)) s into \(directory)")

        var result = SizeResult()
        result.keyCount = keyCount
        let (policy, compileSeconds) = try compile(directory: directory, keyCount: keyCount, options: options, into: &result)
        result.compileSeconds = Distribution(compileSeconds)
        log("\(keyCount) keys: check+compile median \(result.compileSeconds.median) s of \(compileSeconds.count) runs")

        let requests = RequestSet(shape: shape, count: options.batchSize)
        let problems = requests.verify(against: policy)
        guard problems.isEmpty else {
            throw BenchmarkError(description: "\(problems.count) requests got an unexpected decision, first: \(problems[0])")
        }
        measureDecisions(policy, requests, options: options, into: &result)
        log("\(keyCount) keys: mix median \(Report.fixed(result.mixLatency.median)) ns, p99 \(Report.fixed(result.mixLatency.p99)) ns")
        return result
    }

    /// Compiles the policy several times and returns the last compiled policy
    /// with the compile times. The first run also measures the memory the
    /// compiled policy keeps: the heap in use and the resident set size
    /// before compiling and after the compilation result (files, syntax
    /// trees, diagnostics) is gone and only the compiled policy remains.
    private static func compile(directory: String, keyCount: Int, options: SweepOptions,
                                into result: inout SizeResult) throws -> (CompiledPolicy, [Double]) {
        let runs = keyCount >= 1_000_000 ? options.largeCompileRuns : options.compileRuns
        var times: [Double] = []
        var kept: CompiledPolicy?
        for run in 0..<runs {
            kept = nil
            let before = MemorySnapshot.take()
            let compiled = try compileOnlyPolicy(directory: directory)
            times.append(compiled.seconds)
            if run == 0 {
                let after = MemorySnapshot.take()
                result.heapBytesPerKey = Double(after.heapBytes - before.heapBytes) / Double(keyCount)
                result.residentBytesPerKey = Double(after.residentBytes - before.residentBytes) / Double(keyCount)
                result.fileCount = compiled.fileCount
                result.sourceBytes = compiled.sourceBytes
                result.warningCount = compiled.warningCount
            }
            kept = compiled.policy
        }
        guard let policy = kept else { throw BenchmarkError(description: "no compile run was made") }
        return (policy, times)
    }

    /// Compiles `directory`, timing only the compiler; the compilation result
    /// is freed on return, after the clock has stopped.
    @inline(never)
    private static func compileOnlyPolicy(directory: String) throws
        -> (policy: CompiledPolicy, seconds: Double, fileCount: Int, sourceBytes: Int, warningCount: Int) {
        let start = monotonicNanoseconds()
        let compilation = PolicyCompiler().compile(directory: directory)
        let elapsed = seconds(since: start)
        let policy = try compiledPolicy(compilation, directory: directory)
        return (policy, elapsed, compilation.files.count, compilation.files.reduce(0) { $0 + $1.bytes.count },
                compilation.warningCount)
    }

    /// Returns the compiled policy, or throws with the error count and the first error.
    static func compiledPolicy(_ compilation: CompilationResult, directory: String) throws -> CompiledPolicy {
        guard let policy = compilation.policy else {
            let first = compilation.diagnostics.first { $0.isError }.map { "\($0)" } ?? "no diagnostic"
            throw BenchmarkError(description: "'\(directory)' has \(compilation.errorCount) errors, first: \(first)")
        }
        return policy
    }

    private static func measureDecisions(_ policy: CompiledPolicy, _ requests: RequestSet, options: SweepOptions,
                                         into result: inout SizeResult) {
        let repetitions = options.repetitions
        for kind in RequestKind.allCases {
            let list = requests.byKind[kind] ?? []
            _ = DecisionTiming.batches(policy, list, repetitions: 2)
            result.kindLatency[kind] = Distribution(DecisionTiming.batches(policy, list, repetitions: repetitions))
            result.kindAllocations[kind] = AllocationCount.perDecision(policy, list)
            if options.traceAllocations > 0, result.kindAllocations[kind, default: 0] > 0, let first = list.first {
                log("allocation backtraces for one '\(kind.rawValue)' decision:")
                AllocationCount.trace(policy, first, limit: options.traceAllocations)
            }
        }
        result.mixLatency = Distribution(DecisionTiming.batches(policy, requests.mix, repetitions: repetitions))
        result.mixAllocations = AllocationCount.perDecision(policy, requests.mix)

        let passes = options.throughputPasses
        result.singleThreadRate = DecisionTiming.throughput(policy, requests.mix, threads: 1, passes: passes)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        result.allThreadRate = DecisionTiming.throughput(policy, requests.mix, threads: cores, passes: passes)

        let allowed = requests.byKind[.allowedRouteByID] ?? []
        let quotaRepetitions = max(5, repetitions / 4)
        result.decideAllowedLatency = Distribution(DecisionTiming.batches(policy, allowed, repetitions: quotaRepetitions))
        result.authorizeLatency = Distribution(DecisionTiming.authorizeBatches(policy, allowed, repetitions: quotaRepetitions))
        result.authorizeAllocations = AllocationCount.perAuthorization(policy, allowed)
    }

    static func seconds(since start: UInt64) -> Double {
        Double(monotonicNanoseconds() - start) / 1e9
    }
}
