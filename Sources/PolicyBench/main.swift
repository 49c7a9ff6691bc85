// policyc-bench: the benchmark of the policyc compiler and evaluator.
// `sweep` (the default) measures compilation, memory, decision latency,
// throughput, quota reservation and allocations over key counts and prints
// markdown tables. `generate` writes the synthetic policy and a request
// file. `peers` times one policy and request file for comparison with other
// engines, and `compile` only compiles, for profilers.
// Exit status: 0 success, 1 failure, 2 usage error.

import Foundation
import PolicyKit

let help = """
    usage: policyc-bench [sweep] [--keys N,N,...] [--quick] [options]
           policyc-bench generate --keys N --out DIR [--requests FILE.jsonl] [--cidrs-per-key N] [--keys-per-file N]
           policyc-bench peers --policy DIR --requests FILE.jsonl [--repetitions N]
           policyc-bench compile --policy DIR [--repetitions N]   (check+compile only, for profiling)

    sweep options:
      --keys N,N,...          key counts to measure (default 1000,10000,100000,1000000)
      --quick                 1000 and 10000 keys with few repetitions
      --cidrs-per-key N       CIDR blocks per key that has its own networks (default 2)
      --keys-per-file N       keys per generated file (default 10000)
      --repetitions N         timed batches of 1000 decisions per request kind (default 200)
      --compile-runs N        compile runs for the median below 1M keys (default 5; 3 at 1M keys and more)
      --work-dir DIR          where generated policies are written (default /tmp/policyc-bench)
      --trace-allocations N   print backtraces of the first N allocations of a decision kind that allocates
    """

/// A mistake in how the benchmark was called.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}

/// Options as `--name value` pairs and flags.
struct Options {
    var values: [String: String] = [:]
    var flags: Set<String> = []

    init(_ arguments: ArraySlice<String>, flagNames: Set<String>) throws {
        var remaining = arguments
        while let name = remaining.popFirst() {
            guard name.hasPrefix("--") else { throw UsageError(description: "unexpected argument '\(name)'") }
            if flagNames.contains(name) {
                flags.insert(name)
                continue
            }
            guard let value = remaining.popFirst() else { throw UsageError(description: "option '\(name)' needs a value") }
            values[name] = value
        }
    }

    func integer(_ name: String) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), value > 0 else { throw UsageError(description: "\(name) needs a positive integer, not '\(text)'") }
        return value
    }

    func required(_ name: String) throws -> String {
        guard let value = values[name] else { throw UsageError(description: "\(name) is required") }
        return value
    }
}

// MARK: - Commands

func runSweep(_ options: Options) throws {
    var sweep = options.flags.contains("--quick") ? SweepOptions.quick : SweepOptions()
    if let list = options.values["--keys"] {
        sweep.keyCounts = try list.split(separator: ",").map { text in
            guard let value = Int(text), value > 0 else { throw UsageError(description: "--keys needs positive integers, not '\(text)'") }
            return value
        }
    }
    sweep.cidrsPerKey = try options.integer("--cidrs-per-key") ?? sweep.cidrsPerKey
    sweep.keysPerFile = try options.integer("--keys-per-file") ?? sweep.keysPerFile
    sweep.repetitions = try options.integer("--repetitions") ?? sweep.repetitions
    sweep.compileRuns = try options.integer("--compile-runs") ?? sweep.compileRuns
    sweep.traceAllocations = try options.integer("--trace-allocations") ?? 0
    sweep.workDirectory = options.values["--work-dir"] ?? sweep.workDirectory
    let results = try Sweep.run(sweep)
    print(Report.markdown(results, options: sweep))
}

func runGenerate(_ options: Options) throws {
    guard let keyCount = try options.integer("--keys") else { throw UsageError(description: "--keys N is required") }
    var shape = PolicyShape(keyCount: keyCount)
    shape.cidrsPerKey = try options.integer("--cidrs-per-key") ?? shape.cidrsPerKey
    shape.keysPerFile = try options.integer("--keys-per-file") ?? shape.keysPerFile
    try PolicyGenerator.write(shape, to: try options.required("--out"))
    if let path = options.values["--requests"] {
        let requests = RequestSet(shape: shape, count: 1_000)
        try Data(PeersCommand.jsonLines(requests.mix).utf8).write(to: URL(fileURLWithPath: path))
    }
}

func runPeers(_ options: Options) throws {
    let line = try PeersCommand.run(policy: try options.required("--policy"), requests: try options.required("--requests"),
                                    repetitions: try options.integer("--repetitions") ?? 20)
    print(line)
}

func runCompile(_ options: Options) throws {
    let directory = try options.required("--policy")
    for _ in 0..<(try options.integer("--repetitions") ?? 1) {
        let start = monotonicNanoseconds()
        let compilation = PolicyCompiler().compile(directory: directory)
        let elapsed = Sweep.seconds(since: start)
        print("check+compile: \(Report.fixed(elapsed, 3)) s, \(compilation.errorCount) errors, \(compilation.warningCount) warnings")
    }
}

var arguments = CommandLine.arguments.dropFirst()
var command = "sweep"
if let first = arguments.first, !first.hasPrefix("-") {
    command = first
    arguments = arguments.dropFirst()
}
if arguments.contains("--help") || arguments.contains("-h") || command == "help" {
    print(help)
    exit(0)
}
do {
    let options = try Options(arguments, flagNames: ["--quick"])
    switch command {
    case "sweep": try runSweep(options)
    case "generate": try runGenerate(options)
    case "peers": try runPeers(options)
    case "compile": try runCompile(options)
    default: throw UsageError(description: "unknown command '\(command)'")
    }
} catch let error as UsageError {
    FileHandle.standardError.write(Data("policyc-bench: \(error)\n\n\(help)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("policyc-bench: \(error)\n".utf8))
    exit(1)
}
