// The compiler facade. The pipeline, in order:
//
//   1. read     each file through libyaml into a node tree   (PolicyYAML)
//   2. syntax   each tree into syntax values, then merged    (Syntax/)
//   3. resolve  names, scope patterns, tier inheritance      (Resolve/)
//   4. check    cross-checks, rule analysis and lints        (Check/)
//   5. lower    the runtime decision structure               (Lower/)
//
// Stages 1 and 2 run per file, on all cores; the rest run once on the
// merged policy. Every stage returns diagnostics instead of stopping, so one
// run reports every independent mistake. A policy with errors is never compiled.

import Dispatch
import Foundation
import PolicySource
import Synchronization
import PolicyValues
import PolicyYAML

/// The outcome of compiling a policy: the compiled policy when there were no
/// errors, and every diagnostic sorted by position.
public struct CompilationResult: Sendable {
    public let policy: CompiledPolicy?
    public let diagnostics: [Diagnostic]
    /// The files that were read, in path order.
    public let files: [SourceFile]

    public var errorCount: Int { diagnostics.count { $0.isError } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}

/// Compiles policies from a directory or from in-memory files.
public struct PolicyCompiler: Sendable {
    public var limits: ReadLimits
    /// The lint settings; nil runs no lints. Lints compare expiry and rotation
    /// against a given time, so they are off unless asked for, and compiling
    /// the same files always gives the same result.
    public var lints: LintConfiguration?

    /// Creates a compiler; pass `lints` to also run the security lints.
    public init(limits: ReadLimits = ReadLimits(), lints: LintConfiguration? = nil) {
        self.limits = limits
        self.lints = lints
    }

    /// Compiles every policy file below `directory` (see `policyFiles(in:)`).
    public func compile(directory: String) -> CompilationResult {
        let (files, diagnostics) = PolicyFiles.load(directory: directory, limits: limits)
        if files.isEmpty, diagnostics.isEmpty {
            return CompilationResult(policy: nil, diagnostics: [.emptyPolicy(directory)], files: [])
        }
        return compile(files: files, earlier: diagnostics)
    }

    /// Compiles policy files given as (path, text) pairs, in the order given.
    public func compile(sources: [(path: String, text: String)]) -> CompilationResult {
        compile(files: sources.map { SourceFile(path: $0.path, text: $0.text) }, earlier: [])
    }

    /// Compiles already loaded source files.
    public func compile(files: [SourceFile], earlier: [Diagnostic] = []) -> CompilationResult {
        var bag = DiagnosticBag()
        bag.add(contentsOf: earlier)

        // Each file is read and turned into syntax on its own, several at once;
        // its node tree is freed as soon as that is done. Merging is in path order.
        var merger = SyntaxMerger()
        for part in Self.readSyntax(files, limits: limits, scansForPlaintextSecrets: lints?.enabled == true) {
            bag.add(contentsOf: part.diagnostics)
            merger.add(part.syntax)
        }
        bag.add(contentsOf: merger.diagnostics)
        var syntax = merger.syntax
        if earlier.contains(where: \.isError) { syntax.hasUnreadableFile = true }

        let (resolved, resolveDiagnostics) = Resolver.resolve(syntax)
        bag.add(contentsOf: resolveDiagnostics)
        bag.add(contentsOf: Checker.check(resolved))
        if let lints, lints.enabled {
            bag.add(contentsOf: Linter.lint(resolved, now: lints.now))
        }

        let diagnostics = bag.sorted()
        guard !bag.hasErrors else {
            return CompilationResult(policy: nil, diagnostics: diagnostics, files: files)
        }
        // The compiled policy keeps no diagnostics or source ranges, so the
        // source files can be freed; the warnings stay in the result.
        let policy = Lowering.lower(resolved, revision: Self.revision(of: files))
        return CompilationResult(policy: policy, diagnostics: diagnostics, files: files)
    }

    /// Reads each file through libyaml and into syntax, on all cores. The
    /// results come back in the order of `files`, so merging them stays
    /// deterministic.
    static func readSyntax(_ files: [SourceFile], limits: ReadLimits,
                           scansForPlaintextSecrets: Bool) -> [(diagnostics: [Diagnostic], syntax: PolicySyntax)] {
        let slots = Mutex<[(diagnostics: [Diagnostic], syntax: PolicySyntax)?]>(Array(repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let document = YAMLReader.read(files[index], limits: limits)
            let reporter = SyntaxReporter()
            var reader = SectionReader(reporter: reporter, scansForPlaintextSecrets: scansForPlaintextSecrets)
            reader.add(document)
            let part = (diagnostics: document.diagnostics + reporter.bag.diagnostics, syntax: reader.syntax)
            slots.withLock { $0[index] = part }
        }
        return slots.withLock { $0.compactMap { $0 } }
    }

    /// Returns a SHA-256 over every file's path and bytes, so any change to the sources changes it.
    static func revision(of files: [SourceFile]) -> String {
        var bytes: [UInt8] = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            bytes += Array(file.path.utf8) + [0] + Array(String(file.bytes.count).utf8) + [0] + file.bytes
        }
        return SHA256.hex(bytes)
    }
}

/// The naming rules of policy and policy test files.
public enum PolicyFileNames {
    /// Returns whether a relative path names a policy file: `.yaml` or `.yml`, not a
    /// policy test file (`.test.yaml`), and not hidden or in a hidden folder.
    public static func isPolicyFile(_ path: String) -> Bool {
        guard !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { return false }
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return false }
        return !isTestFile(path)
    }

    /// Returns whether a path names a policy test file: `*.test.yaml` or `*.test.yml`.
    public static func isTestFile(_ path: String) -> Bool {
        path.hasSuffix(".test.yaml") || path.hasSuffix(".test.yml")
    }
}

/// Finding and reading the files of a policy directory.
enum PolicyFiles {

    /// Lists files below `directory` whose name passes `include`, sorted by path;
    /// hidden files and folders are skipped.
    static func list(directory: String, include: (String) -> Bool) -> ([String], [Diagnostic]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            return ([], [.unreadableFile(directory, reason: "no such file or directory")])
        }
        guard isDirectory.boolValue else {
            return ([directory], [])
        }
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            return ([], [.unreadableFile(directory, reason: "the directory cannot be listed")])
        }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            if include(name) { paths.append(directory.hasSuffix("/") ? directory + relative : directory + "/" + relative) }
        }
        return (paths.sorted(), [])
    }

    static func load(directory: String, limits: ReadLimits) -> ([SourceFile], [Diagnostic]) {
        let (paths, listing) = list(directory: directory, include: PolicyFileNames.isPolicyFile)
        var diagnostics = listing
        var files: [SourceFile] = []
        for path in paths {
            let (file, failure) = read(path, limits: limits)
            if let file { files.append(file) }
            if let failure { diagnostics.append(failure) }
        }
        return (files, diagnostics)
    }

    /// Reads one file, refusing files over the size limit before reading them.
    static func read(_ path: String, limits: ReadLimits) -> (SourceFile?, Diagnostic?) {
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
           let size = attributes[.size] as? Int, size > limits.maxFileBytes {
            return (nil, Diagnostic(.fileTooLarge, "'\(path)' is \(size) bytes, over the limit of \(limits.maxFileBytes) bytes",
                                    at: nil, hint: "split the policy into smaller files"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, .unreadableFile(path, reason: "the file cannot be read"))
        }
        return (SourceFile(path: path, bytes: [UInt8](data)), nil)
    }
}
