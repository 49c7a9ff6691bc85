// Wording of every diagnostic about condition expressions (codes E001 to
// E008) and of the errors a condition can raise while it is evaluated. The
// condition compiler in PolicyExpr builds its findings only through these
// factories, so the voice stays the same across the language.
//
// Public API: static factories on `Diagnostic`, one per kind of finding, and
// `ConditionErrorText` for evaluation errors.

extension Diagnostic {
    // MARK: - E001: syntax

    /// A token other than the one the grammar allows at this place.
    public static func expectedToken(_ expected: String, found: String, hint: String? = nil, at range: SourceRange?) -> Diagnostic {
        Diagnostic(.expressionSyntax, "expected \(expected), found \(found)", at: range, hint: hint)
    }

    /// A character that starts no token.
    public static func unexpectedCharacter(_ character: String, hint: String? = nil, at range: SourceRange?) -> Diagnostic {
        Diagnostic(.expressionSyntax, "unexpected character '\(character)' in condition", at: range, hint: hint)
    }

    /// A string literal that runs to the end of the condition.
    public static func unterminatedString(at range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .expressionSyntax, "the string literal is not closed", at: range,
            hint: "end the string with the quote it starts with")
    }

    /// A comparison written directly after another one, as in `a < b < c`.
    public static func chainedComparison(_ operatorText: String, at range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .expressionSyntax, "comparisons do not chain: '\(operatorText)' follows another comparison", at: range,
            hint: "join the comparisons with &&, for example 'a < b && b < c'")
    }

    /// An `in` written directly after another one, as in `a in b in c`.
    public static func chainedMembership(at range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .expressionSyntax, "'in' cannot follow another 'in'", at: range,
            hint: "put parentheses around one of the two tests")
    }

    /// A `!` used as the operand of a comparison, `in` or arithmetic.
    public static func negationNeedsParentheses(at range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .expressionSyntax, "'!' cannot stand here because it binds more loosely than comparisons", at: range,
            hint: "put parentheses around the negation, for example 'a == (!b)'")
    }

    /// A condition with no expression in it.
    public static func emptyCondition(at range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .expressionSyntax, "the condition is empty", at: range,
            hint: "write an expression such as request.scope == \"files:read\", or remove the field")
    }

    // MARK: - E002: attributes

    /// An attribute path that names no attribute.
    public static func unknownAttribute(_ path: String, hint: String?, at range: SourceRange?) -> Diagnostic {
        Diagnostic(.unknownAttribute, "unknown attribute '\(path)'", at: range, hint: hint)
    }

    // MARK: - E003: types

    /// A binary operator given operands it does not accept.
    public static func operatorTypeMismatch(
        _ operatorText: String, have: (String, String), want: String, hint: String? = nil, at range: SourceRange?
    ) -> Diagnostic {
        Diagnostic(
            .typeMismatch, "type mismatch in '\(operatorText)': have \(have.0) and \(have.1), want \(want)",
            at: range, hint: hint)
    }

    /// A unary operator, index or list element given a value of the wrong type.
    public static func operandTypeMismatch(
        _ place: String, have: String, want: String, hint: String? = nil, at range: SourceRange?
    ) -> Diagnostic {
        Diagnostic(.typeMismatch, "type mismatch in \(place): have \(have), want \(want)", at: range, hint: hint)
    }

    /// A function argument of the wrong type.
    public static func argumentTypeMismatch(
        function: String, position: Int, have: String, want: String, at range: SourceRange?
    ) -> Diagnostic {
        Diagnostic(
            .typeMismatch, "type mismatch in argument \(position) of '\(function)': have \(have), want \(want)",
            at: range)
    }

    /// A function argument that must be written as a string literal.
    public static func literalArgumentRequired(
        function: String, position: Int, example: String, at range: SourceRange?
    ) -> Diagnostic {
        Diagnostic(
            .typeMismatch, "argument \(position) of '\(function)' must be a string literal", at: range,
            hint: "write the value in quotes, for example \(example)")
    }

    /// A list element that is not a constant string or CIDR block.
    public static func listElementNotConstant(at range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .typeMismatch, "a list element must be a string literal or a cidr(...) value", at: range,
            hint: "compare against attributes with == and join the tests with ||")
    }

    // MARK: - E004: condition type

    /// A list literal that mixes strings and CIDR blocks.
    public static func listElementMismatch(have: String, want: String, at range: SourceRange?) -> Diagnostic {
        operandTypeMismatch(
            "list element", have: have, want: want,
            hint: "a list holds either strings or cidr(...) values, not both", at: range)
    }

    /// A whole condition whose type is not bool.
    public static func conditionNotBool(have: String, at range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .conditionNotBool, "the condition has type \(have), want bool", at: range,
            hint: "compare the value, for example 'request.input_tokens > 1000'")
    }

    // MARK: - E005: functions

    /// A call to a function the language does not define.
    public static func unknownFunction(_ name: String, hint: String?, at range: SourceRange?) -> Diagnostic {
        Diagnostic(.unknownFunction, "unknown function '\(name)'", at: range, hint: hint)
    }

    /// A call with the wrong number of arguments.
    public static func wrongArgumentCount(
        _ name: String, expected: Int, have: Int, signature: String, at range: SourceRange?
    ) -> Diagnostic {
        let noun = expected == 1 ? "argument" : "arguments"
        return Diagnostic(
            .unknownFunction, "'\(name)' takes \(expected) \(noun), have \(have)", at: range,
            hint: "call it as \(signature)")
    }

    // MARK: - E006: literals

    /// A literal that does not parse as the value it stands for.
    public static func invalidLiteral(
        kind: String, text: String, reason: String, hint: String? = nil, at range: SourceRange?
    ) -> Diagnostic {
        Diagnostic(.invalidLiteral, "invalid \(kind) literal '\(text)': \(reason)", at: range, hint: hint)
    }

    /// A literal rejected by a value parser; `message` and `hint` are the parser's own.
    public static func invalidValueLiteral(_ message: String, hint: String?, at range: SourceRange?) -> Diagnostic {
        Diagnostic(.invalidLiteral, message, at: range, hint: hint)
    }

    /// An integer literal outside the Int64 range.
    public static func integerOutOfRange(_ text: String, type: String, at range: SourceRange?) -> Diagnostic {
        invalidLiteral(
            kind: "integer", text: text, reason: "it is outside the range of \(type)",
            hint: type == "int" ? "int holds -9223372036854775808 to 9223372036854775807" : nil, at: range)
    }

    /// An integer literal written with a leading zero, such as `010`.
    public static func integerLeadingZero(_ text: String, at range: SourceRange?) -> Diagnostic {
        let trimmed = text.drop { $0 == "0" }
        return invalidLiteral(
            kind: "integer", text: text, reason: "leading zeros are not allowed",
            hint: "write '\(trimmed.isEmpty ? "0" : String(trimmed))'", at: range)
    }

    /// A backslash escape that the string syntax does not define.
    public static func invalidEscape(_ escape: String, at range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .invalidLiteral, "invalid escape '\(escape)' in string literal", at: range,
            hint: "the escapes are \\\" \\' \\\\ \\n \\t and \\u{hex}; write a backslash as \\\\")
    }

    // MARK: - E007: limits

    /// A condition longer than the limit, in Unicode scalars.
    public static func conditionTooLong(length: Int, maximum: Int, at range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .expressionTooComplex, "the condition is \(length) characters long, the maximum is \(maximum)",
            at: range, hint: "split it into several rules")
    }

    /// A condition nested deeper than the limit.
    public static func conditionTooDeep(maximum: Int, at range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .expressionTooComplex, "the condition nests deeper than \(maximum) levels", at: range,
            hint: "remove redundant parentheses or split it into several rules")
    }

    // MARK: - E008: constants

    /// Arithmetic on constants that overflows, so it would fail on every request.
    public static func constantOverflow(_ operatorText: String, type: String, at range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .constantOverflow, "the constant result of '\(operatorText)' overflows \(type)", at: range,
            hint: "use smaller values; this condition would fail on every request")
    }
}

/// Wording of the errors a condition raises while it is evaluated. The
/// evaluator turns any of them into a deny.
public enum ConditionErrorText {
    /// Arithmetic whose result does not fit its type, for example `int`.
    public static func overflow(_ operatorText: String, type: String) -> String {
        "the result of '\(operatorText)' overflows \(type)"
    }

    /// A node the evaluator has no code for; the type checker never lets one through.
    public static let unsupported = "the condition could not be evaluated"
}
