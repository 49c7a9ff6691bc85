// A small command-line argument parser: options with values, flags and
// positional arguments, with `--name=value` and `--name value` forms. A
// usage mistake becomes a UsageError, which the command line reports with
// exit status 2.

import PolicySource

/// A mistake in how the command was called.
struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The arguments of one subcommand, consumed as the command reads them.
struct Arguments {
    private var options: [String: [String]] = [:]
    private var flags: Set<String> = []
    private(set) var positionals: [String] = []

    /// Splits `arguments` using the option names that take a value and the flag names.
    init(_ arguments: [String], valueOptions: Set<String>, flagOptions: Set<String>) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                positionals += arguments[index...]
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                positionals.append(argument)
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if flagOptions.contains(name) {
                guard inlineValue == nil else { throw UsageError("option '\(name)' does not take a value") }
                flags.insert(name)
            } else if valueOptions.contains(name) {
                if let inlineValue {
                    options[name, default: []].append(inlineValue)
                } else {
                    guard index < arguments.count else { throw UsageError("option '\(name)' needs a value") }
                    options[name, default: []].append(arguments[index])
                    index += 1
                }
            } else {
                let known = Array(valueOptions) + Array(flagOptions)
                let hint = Suggestions.didYouMean(name, in: known).map { "; \($0)" } ?? ""
                throw UsageError("unknown option '\(name)'\(hint)")
            }
        }
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// Returns the last value given for an option.
    func value(_ name: String) -> String? { options[name]?.last }

    /// Returns every value given for a repeatable option.
    func values(_ name: String) -> [String] { options[name] ?? [] }

    /// Returns an option restricted to a set of words.
    func choice(_ name: String, from allowed: [String], default fallback: String) throws -> String {
        guard let value = value(name) else { return fallback }
        guard allowed.contains(value) else {
            throw UsageError("invalid value '\(value)' for \(name); use one of: \(allowed.joined(separator: ", "))")
        }
        return value
    }

    /// Returns a whole-number option within bounds.
    func integer(_ name: String, in bounds: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let text = value(name) else { return fallback }
        guard let number = Int(text), bounds.contains(number) else {
            throw UsageError("invalid value '\(text)' for \(name); use a whole number from \(bounds.lowerBound) to \(bounds.upperBound)")
        }
        return number
    }
}
