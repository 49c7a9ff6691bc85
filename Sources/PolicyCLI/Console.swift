// Output and exit codes shared by every subcommand. Only the command line
// writes to the terminal; the library returns values.

import Foundation
import PolicyOutput

let policycVersion = "0.1.0"

/// Exit statuses of policyc.
enum ExitStatus {
    static let success: Int32 = 0
    /// The policy has errors, a test failed, or a gate tripped.
    static let failure: Int32 = 1
    /// The command was called wrongly, or its input could not be read.
    static let usage: Int32 = 2
}

/// One subcommand.
protocol Command {
    static var help: String { get }
    static func run(_ arguments: [String]) throws -> Int32
}

enum Console {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Whether to color output, as `--color` says: by default only on a terminal and without NO_COLOR.
    static func useColor(_ option: String) -> Bool {
        TerminalStyle.useColor(isTerminal: TerminalStyle.isTerminal(fileDescriptor: STDOUT_FILENO),
                               environment: ProcessInfo.processInfo.environment, override: ColorChoice(rawValue: option) ?? .auto)
    }

    /// Reads a whole file, or standard input for "-".
    static func readInput(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("cannot read '\(path)': no such file or not readable")
        }
        return data
    }
}
