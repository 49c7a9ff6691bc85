// Running the built `policyc` binary from tests: finding it next to the test
// bundle (or in the package's .build folder), running it with arguments,
// standard input and environment, and collecting its output and status.

import Foundation
import Testing

/// The output of one run of policyc.
struct CommandResult: Sendable {
    let status: Int32
    let output: String
    let errorOutput: String
}

/// The folder of this package, found from this file's path.
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The conformance corpus, which lives with the library tests.
let corpusRoot: URL = packageRoot.appendingPathComponent("Tests/PolicyKitTests/Conformance")

/// The policyc binary: `POLICYC_BINARY` when set, else the one built next to
/// the test bundle, else `.build/debug/policyc` in the package.
let policycBinary: URL? = {
    if let path = ProcessInfo.processInfo.environment["POLICYC_BINARY"], !path.isEmpty {
        return URL(fileURLWithPath: path)
    }
    var starts = [URL(fileURLWithPath: CommandLine.arguments[0]), Bundle.main.bundleURL]
    starts += Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }
    for start in starts {
        var folder = start.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("policyc")
            if isExecutableFile(candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
    }
    let fallback = packageRoot.appendingPathComponent(".build/debug/policyc")
    return isExecutableFile(fallback) ? fallback : nil
}()

private func isExecutableFile(_ url: URL) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
        && FileManager.default.isExecutableFile(atPath: url.path)
}

/// Runs policyc with `arguments`; `environment` entries are added to the current environment.
func runPolicyc(_ arguments: [String], input: Data? = nil, environment: [String: String] = [:],
                currentDirectory: URL? = nil) throws -> CommandResult {
    let binary = try #require(policycBinary, "policyc was not found next to the test bundle; build it with 'swift build' or set POLICYC_BINARY")
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }

    // Files rather than pipes, so a large output can never fill a pipe and block the child.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("policyc-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outputURL = scratch.appendingPathComponent("stdout")
    let errorURL = scratch.appendingPathComponent("stderr")
    let inputURL = scratch.appendingPathComponent("stdin")
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: inputURL.path, contents: input ?? Data())
    let outputHandle = try FileHandle(forWritingTo: outputURL)
    let errorHandle = try FileHandle(forWritingTo: errorURL)
    let inputHandle = try FileHandle(forReadingFrom: inputURL)
    process.standardOutput = outputHandle
    process.standardError = errorHandle
    process.standardInput = inputHandle

    try process.run()
    process.waitUntilExit()
    try outputHandle.close()
    try errorHandle.close()
    try inputHandle.close()
    let output = String(decoding: try Data(contentsOf: outputURL), as: UTF8.self)
    let errorOutput = String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
    return CommandResult(status: process.terminationStatus, output: output, errorOutput: errorOutput)
}

/// Writes `text` to a new file in a fresh scratch folder and returns the file.
func scratchFile(named name: String, contents: Data) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policyc-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent(name)
    try contents.write(to: file)
    return file
}
