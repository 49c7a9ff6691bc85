// Wording for the S codes: the shape of policy files, their fields and the
// plain scalar types (bool, integer, choice words, identifiers).

extension Diagnostic {
    public static func unknownField(_ name: String, in context: String, allowed: [String], at range: SourceRange) -> Diagnostic {
        let hint = Suggestions.didYouMean(name, in: allowed)
            ?? "the fields allowed in \(context) are: \(allowed.sorted().joined(separator: ", "))"
        return Diagnostic(.unknownField, "unknown field '\(name)' in \(context)", at: range, hint: hint)
    }

    public static func missingField(_ name: String, in context: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.missingField, "\(context) is missing the required field '\(name)'", at: range,
                   hint: "add '\(name):' to \(context)")
    }

    public static func wrongKind(expected: String, found: String, for field: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.wrongKind, "\(field) must be \(expected), found \(found)", at: range)
    }

    public static func quotedNumber(_ text: String, for field: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.wrongKind, "\(field) must be a number, found the quoted string \"\(text)\"", at: range,
                   hint: "remove the quotes")
    }

    public static func invalidBool(_ text: String, for field: String, at range: SourceRange) -> Diagnostic {
        let lowered = text.lowercased()
        let hint: String
        if ["yes", "y", "on"].contains(lowered) {
            hint = "write true; policy files follow YAML 1.2, where '\(text)' is a string, not a boolean"
        } else if ["no", "n", "off"].contains(lowered) {
            hint = "write false; policy files follow YAML 1.2, where '\(text)' is a string, not a boolean"
        } else {
            hint = "write true or false without quotes"
        }
        return Diagnostic(.invalidBool, "\(field) must be true or false, found '\(text)'", at: range, hint: hint)
    }

    public static func invalidInteger(_ text: String, for field: String, problem: String, hint: String?, at range: SourceRange) -> Diagnostic {
        Diagnostic(.invalidInteger, "invalid integer '\(text)' for \(field): \(problem)", at: range, hint: hint)
    }

    public static func integerLeadingZero(_ text: String, for field: String, at range: SourceRange) -> Diagnostic {
        var digits = Substring(text)
        while digits.count > 1, digits.first == "0" { digits = digits.dropFirst() }
        return Diagnostic(
            .invalidInteger, "invalid integer '\(text)' for \(field): leading zeros are not allowed", at: range,
            hint: "YAML 1.1 tools read a leading zero as octal; write \(digits)")
    }

    public static func valueOutOfRange(_ text: String, for field: String, expected: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.valueOutOfRange, "\(field) is \(text), but it must be \(expected)", at: range)
    }

    public static func invalidChoice(_ text: String, for field: String, allowed: [String], at range: SourceRange) -> Diagnostic {
        let hint = Suggestions.didYouMean(text, in: allowed) ?? "use one of: \(allowed.joined(separator: ", "))"
        return Diagnostic(.invalidChoice, "'\(text)' is not a valid value for \(field)", at: range, hint: hint)
    }

    public static func invalidIdentifier(_ text: String, for field: String, allowed: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.invalidIdentifier, "invalid \(field) '\(text)'", at: range,
                   hint: "\(field)s use \(allowed), at most 128 characters")
    }

    public static func duplicateDefinition(kind: String, id: String, at range: SourceRange, first: SourceRange) -> Diagnostic {
        Diagnostic(.duplicateDefinition, "\(kind) '\(id)' is defined more than once", at: range,
                   notes: [DiagnosticNote("'\(id)' is first defined here", at: first)],
                   hint: "rename one of them or remove the duplicate")
    }

    public static func duplicateSection(_ section: String, at range: SourceRange, first: SourceRange) -> Diagnostic {
        Diagnostic(.duplicateDefinition, "the '\(section)' section is defined in more than one file", at: range,
                   notes: [DiagnosticNote("first defined here", at: first)],
                   hint: "keep a single '\(section)' section for the whole policy")
    }

    public static func duplicateEntry(_ value: String, in list: String, at range: SourceRange, first: SourceRange) -> Diagnostic {
        Diagnostic(.duplicateEntry, "'\(value)' appears more than once in \(list)", at: range,
                   notes: [DiagnosticNote("first listed here", at: first)], hint: "remove the repeated entry")
    }

    public static func unsupportedVersion(_ text: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.unsupportedVersion, "policy language version '\(text)' is not supported", at: range,
                   hint: "this compiler supports version 1")
    }

    public static func emptyPolicy(_ path: String) -> Diagnostic {
        Diagnostic(.emptyPolicy, "no policy files (*.yaml, *.yml) found in '\(path)'", at: nil,
                   hint: "point policyc at the directory that holds the policy files")
    }

    public static func nullValue(for field: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.nullValue, "\(field) is empty", at: range, hint: "give \(field) a value or remove it")
    }

    public static func unreadableFile(_ path: String, reason: String) -> Diagnostic {
        Diagnostic(.unreadableFile, "cannot read '\(path)': \(reason)", at: nil,
                   hint: "check that the path exists and is readable")
    }

    public static func missingSettings(at range: SourceRange?) -> Diagnostic {
        Diagnostic(.missingField, "the policy has no 'settings' section with a 'name'", at: range,
                   hint: "add a settings section, for example 'settings: {name: my-gateway}'")
    }
}
