// `policyc diff`: what a policy change grants or takes away. OLD and NEW are
// directories, or, with --git REV, the directory as committed at REV and as
// it is now. With --traffic, recorded requests are decided under both
// policies and the decisions that flip are reported, grouped by key and reason.

import Foundation
import PolicyKit
import PolicySource

enum DiffCommand: Command {
    static let help = """
        usage: policyc diff [options] OLD-DIR NEW-DIR
               policyc diff [options] --git REV DIR

        Reports the change in meaning between two versions of a policy, per key
        (scopes, models, routes, networks, quotas, expiry, status, access windows)
        and per rule, each classified as widening (grants more), narrowing or
        neutral. A change whose direction cannot be determined counts as widening.

        options:
          --git REV             compare DIR as committed at REV (read through git) with DIR now
          --traffic FILE.jsonl  decide these requests (the 'policyc eval' format) under both
                                versions and report the decisions that flip
          --fail-on widening|narrowing|any   exit 1 when such a change is found
          --format text|json|github          output format (default: text)

        exit status: 0 compared (no gated change), 1 a gated change or a policy error, 2 usage error
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try Arguments(arguments, valueOptions: ["--git", "--traffic", "--fail-on", "--format"], flagOptions: [])
        let format = try options.choice("--format", from: ["text", "json", "github"], default: "text")
        let failOn = try options.choice("--fail-on", from: ["widening", "narrowing", "any", "none"], default: "none")

        let (oldResult, newResult) = try compileBoth(options)
        for (label, result) in [("old", oldResult), ("new", newResult)] where result.policy == nil {
            Console.error(TextRenderer().render(result.diagnostics.filter(\.isError)))
            Console.error("the \(label) policy has errors; fix them with 'policyc check'")
            return ExitStatus.failure
        }
        guard let old = oldResult.policy, let new = newResult.policy else { return ExitStatus.failure }
        let changes = PolicyDiff.compare(old: old, new: new)
        var flips: [DecisionFlip] = []
        if let traffic = options.value("--traffic") {
            flips = try TrafficReplay.flips(old: old, new: new, data: Console.readInput(traffic))
        }
        Console.write(DiffOutput.render(changes, flips: flips, format: format, trafficGiven: options.value("--traffic") != nil))

        let gated: Bool = switch failOn {
        case "widening": changes.contains { $0.kind == .widening }
        case "narrowing": changes.contains { $0.kind == .narrowing }
        case "any": changes.contains { $0.kind != .neutral } || !flips.isEmpty
        default: false
        }
        return gated ? ExitStatus.failure : ExitStatus.success
    }

    /// Compiles the two versions named by the arguments.
    private static func compileBoth(_ options: Arguments) throws -> (CompilationResult, CompilationResult) {
        let compiler = PolicyCompiler(lints: nil)
        if let revision = options.value("--git") {
            guard options.positionals.count == 1, let directory = options.positionals.first else {
                throw UsageError("with --git, give exactly one policy directory")
            }
            let oldSources = try GitReader.policySources(revision: revision, directory: directory)
            return (compiler.compile(sources: oldSources), compiler.compile(directory: directory))
        }
        guard options.positionals.count == 2 else {
            throw UsageError("give two policy directories (OLD NEW), or --git REV DIR")
        }
        return (compiler.compile(directory: options.positionals[0]), compiler.compile(directory: options.positionals[1]))
    }
}

/// Reads the policy files of a directory as committed at a git revision.
enum GitReader {
    static func policySources(revision: String, directory: String) throws -> [(path: String, text: String)] {
        guard !revision.hasPrefix("-") else { throw UsageError("invalid revision '\(revision)'") }
        // git runs inside the directory, so the prefix is the directory's path from the repository root.
        let prefix = try git(["rev-parse", "--show-prefix"], directory: directory).trimmingCharacters(in: .whitespacesAndNewlines)
        var listArguments = ["ls-tree", "-r", "--name-only", "--full-tree", revision]
        if !prefix.isEmpty { listArguments += ["--", prefix] }
        let listing = try git(listArguments, directory: directory)
        var sources: [(path: String, text: String)] = []
        for repoPath in listing.split(separator: "\n").map(String.init).sorted() {
            let relative = String(repoPath.dropFirst(prefix.count))
            guard PolicyFileNames.isPolicyFile(relative) else { continue }
            let text = try git(["show", "\(revision):\(repoPath)"], directory: directory)
            let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
            sources.append((path: "\(revision):\(base)/\(relative)", text: text))
        }
        guard !sources.isEmpty else { throw UsageError("no policy files under '\(directory)' at revision '\(revision)'") }
        return sources
    }

    private static func git(_ arguments: [String], directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        var isDirectory: ObjCBool = false
        let folder = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue
            ? directory : (directory as NSString).deletingLastPathComponent
        process.currentDirectoryURL = URL(fileURLWithPath: folder.isEmpty ? "." : folder)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw UsageError("cannot run git: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw UsageError("git \(arguments.first ?? "") failed: \(String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
