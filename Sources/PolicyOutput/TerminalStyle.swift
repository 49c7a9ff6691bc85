// The decision whether the text output gets ANSI colors. The command line
// passes `--color auto|always|never`, whether stdout is a terminal and its
// environment; the decision itself is a pure function so it can be tested.
//
// With `auto`, color is used only on a terminal, and not when `NO_COLOR` is
// set to a non-empty value (the convention at no-color.org) or `TERM` is
// `dumb`. An explicit `always` or `never` wins over both variables, because
// no-color.org recommends that command-line options override NO_COLOR.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The value of the `--color` option.
public enum ColorChoice: String, Sendable, Hashable, CaseIterable {
    /// Color on a terminal unless NO_COLOR or `TERM=dumb` turns it off.
    case auto
    /// Color whatever stdout is.
    case always
    /// No color.
    case never
}

/// Decides whether text output uses ANSI colors.
public enum TerminalStyle {
    /// Returns whether to use color, given the `--color` choice, whether the
    /// output is a terminal and the process environment.
    public static func useColor(isTerminal: Bool, environment: [String: String], override choice: ColorChoice) -> Bool {
        switch choice {
        case .always:
            return true
        case .never:
            return false
        case .auto:
            let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
            let dumbTerminal = environment["TERM"] == "dumb"
            return isTerminal && !noColor && !dumbTerminal
        }
    }

    /// Returns whether the file descriptor refers to a terminal, for example
    /// `STDOUT_FILENO`.
    public static func isTerminal(fileDescriptor: Int32) -> Bool {
        isatty(fileDescriptor) == 1
    }
}
