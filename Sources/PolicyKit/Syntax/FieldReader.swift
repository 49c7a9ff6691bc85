// Typed reading of YAML nodes into syntax values. Every scalar is typed by
// the field it belongs to (YAML 1.2 core schema for bools and integers,
// never YAML 1.1), and every failure becomes a diagnostic at the value and a
// nil result, so later stages skip what depends on it.

import PolicySource
import PolicyValues
import PolicyYAML

/// Collects the diagnostics of the syntax stage.
final class SyntaxReporter {
    var bag = DiagnosticBag()

    func report(_ diagnostic: Diagnostic) { bag.add(diagnostic) }
}

/// The fields of one YAML mapping, checked against the fields a construct allows.
struct MappingFields {
    let range: SourceRange
    /// The name of this mapping in messages, for example "key 'billing-prod'".
    let context: String
    /// The accepted entries in order, and their field names alongside.
    /// Mappings have a handful of fields, so a linear search over the names
    /// beats building a dictionary for each one, and never copies an entry.
    private var entries: [MappingEntry] = []
    private var names: [String] = []

    /// Reads `node` as a mapping; reports a wrong kind or unknown fields.
    init?(_ node: Node, context: String, allowed: [String], reporter: SyntaxReporter) {
        guard case .mapping(let list, _, let range) = node else {
            reporter.report(.wrongKind(expected: "a mapping", found: node.kindDescription, for: context, at: node.range))
            return nil
        }
        self.range = range
        self.context = context
        entries.reserveCapacity(list.count)
        names.reserveCapacity(list.count)
        for entry in list {
            let name = entry.key.value
            guard allowed.contains(name) else {
                reporter.report(.unknownField(name, in: context, allowed: allowed, at: entry.key.range))
                continue
            }
            entries.append(entry)
            names.append(name)
        }
    }

    private func entry(_ name: String) -> MappingEntry? {
        // The reader reports duplicate keys and keeps the first, so the first match is the one in force.
        names.firstIndex(of: name).map { entries[$0] }
    }

    func value(_ name: String) -> Node? { entry(name)?.value }
    func keyRange(_ name: String) -> SourceRange? { entry(name)?.key.range }
    func has(_ name: String) -> Bool { entry(name) != nil }

    /// Returns the value of a required field, and reports the field when it is missing.
    func required(_ name: String, reporter: SyntaxReporter) -> Node? {
        guard let node = entry(name)?.value else {
            reporter.report(.missingField(name, in: context, at: range))
            return nil
        }
        return node
    }

    /// Returns the message name of a field, for example "'expires_at' of key 'k1'".
    func describe(_ name: String) -> String { "'\(name)' of \(context)" }
}

// MARK: - Scalars

/// Reads typed scalar values, reporting failures through the reporter.
struct ScalarReader {
    let reporter: SyntaxReporter

    /// Returns the scalar of `node`, reporting a mapping, list or empty value.
    func scalar(_ node: Node, field: @autoclosure () -> String) -> Scalar? {
        guard let scalar = node.scalar else {
            reporter.report(.wrongKind(expected: "a single value", found: node.kindDescription, for: field(), at: node.range))
            return nil
        }
        if scalar.isNull {
            reporter.report(.nullValue(for: field(), at: scalar.range))
            return nil
        }
        return scalar
    }

    func string(_ node: Node, field: @autoclosure () -> String) -> Located<String>? {
        scalar(node, field: field()).map { Located(value: $0.value, range: $0.range) }
    }

    /// Reads an id. Model ids may also contain `:`, `/` and `@`, as provider model names do.
    func identifier(_ node: Node, field: @autoclosure () -> String, allowModelCharacters: Bool = false) -> Located<String>? {
        guard let text = string(node, field: field()) else { return nil }
        guard Self.isIdentifier(text.value, allowModelCharacters: allowModelCharacters) else {
            let allowed = allowModelCharacters
                ? "letters, digits and . _ - : / @, starting with a letter or digit"
                : "letters, digits and . _ -, starting with a letter or digit"
            reporter.report(.invalidIdentifier(text.value, for: field(), allowed: allowed, at: text.range))
            return nil
        }
        return text
    }

    static func isIdentifier(_ text: String, allowModelCharacters: Bool = false) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= 128, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy { byte in
            isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || (allowModelCharacters && (byte == UInt8(ascii: ":") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "@")))
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Reads a bool: only plain `true` or `false` (any case YAML 1.2 allows).
    func bool(_ node: Node, field: @autoclosure () -> String) -> Located<Bool>? {
        guard let scalar = scalar(node, field: field()), !Self.hasRejectedTag(scalar) else { return nil }
        if scalar.style == .plain, scalar.tag == nil {
            switch scalar.value {
            case "true", "True", "TRUE": return Located(value: true, range: scalar.range)
            case "false", "False", "FALSE": return Located(value: false, range: scalar.range)
            default: break
            }
        }
        reporter.report(.invalidBool(scalar.value, for: field(), at: scalar.range))
        return nil
    }

    /// Reads a decimal integer within `bounds`. Leading zeros, signs, other
    /// bases and quoted numbers are rejected.
    func integer(_ node: Node, field: @autoclosure () -> String, in bounds: ClosedRange<Int64>) -> Located<Int64>? {
        guard let scalar = numericScalar(node, field: field()) else { return nil }
        let text = scalar.value
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            let hint = text.hasPrefix("-") ? "the value must not be negative" : "write a whole number in decimal digits, such as 1000"
            reporter.report(.invalidInteger(text, for: field(), problem: "expected decimal digits", hint: hint, at: scalar.range))
            return nil
        }
        if text.count > 1, text.hasPrefix("0") {
            reporter.report(.integerLeadingZero(text, for: field(), at: scalar.range))
            return nil
        }
        guard let value = Int64(text), bounds.contains(value) else {
            reporter.report(.valueOutOfRange(text, for: field(), expected: Self.describe(bounds), at: scalar.range))
            return nil
        }
        return Located(value: value, range: scalar.range)
    }

    /// Whether a scalar carries a tag that the YAML reader rejected (every tag
    /// but `!!str`). The reader already reported it (Y010), so typed readers
    /// skip the value instead of reporting it a second time.
    static func hasRejectedTag(_ scalar: Scalar) -> Bool {
        guard let tag = scalar.tag else { return false }
        return tag != "tag:yaml.org,2002:str"
    }

    static func describe(_ bounds: ClosedRange<Int64>) -> String {
        bounds.upperBound == Int64.max ? "at least \(bounds.lowerBound)" : "from \(bounds.lowerBound) to \(bounds.upperBound)"
    }

    func money(_ node: Node, field: @autoclosure () -> String) -> Located<Money>? {
        guard let scalar = numericScalar(node, field: field()) else { return nil }
        return parsed(scalar, Money.parse(Substring(scalar.value)))
    }

    /// Numbers must be plain scalars: a quoted "100" is a string in YAML 1.2.
    private func numericScalar(_ node: Node, field: @autoclosure () -> String) -> Scalar? {
        guard let scalar = scalar(node, field: field()), !Self.hasRejectedTag(scalar) else { return nil }
        guard scalar.style == .plain, scalar.tag == nil else {
            reporter.report(.quotedNumber(scalar.value, for: field(), at: scalar.range))
            return nil
        }
        return scalar
    }

    func duration(_ node: Node, field: @autoclosure () -> String, positive: Bool = true) -> Located<PolicyDuration>? {
        guard let scalar = scalar(node, field: field()), let value = parsed(scalar, PolicyDuration.parse(Substring(scalar.value))) else {
            return nil
        }
        if positive, value.value.nanoseconds <= 0 {
            reporter.report(.valueOutOfRange(scalar.value, for: field(), expected: "a positive duration such as 90d", at: scalar.range))
            return nil
        }
        return value
    }

    func timestamp(_ node: Node, field: @autoclosure () -> String) -> Located<Timestamp>? {
        guard let scalar = scalar(node, field: field()) else { return nil }
        return parsed(scalar, Timestamp.parse(Substring(scalar.value)))
    }

    func timeOfDay(_ node: Node, field: @autoclosure () -> String, allowEndOfDay: Bool) -> Located<TimeOfDay>? {
        guard let scalar = scalar(node, field: field()) else { return nil }
        return parsed(scalar, TimeOfDay.parse(Substring(scalar.value), allowEndOfDay: allowEndOfDay))
    }

    func zone(_ node: Node, field: @autoclosure () -> String) -> Located<ZoneRules>? {
        guard let scalar = scalar(node, field: field()) else { return nil }
        return parsed(scalar, ZoneRules.named(scalar.value))
    }

    func cidr(_ node: Node, field: @autoclosure () -> String) -> Located<CIDR>? {
        guard let scalar = scalar(node, field: field()) else { return nil }
        return parsed(scalar, CIDR.parse(Substring(scalar.value)))
    }

    func weekday(_ node: Node, field: @autoclosure () -> String) -> Located<Weekday>? {
        guard let scalar = scalar(node, field: field()) else { return nil }
        return parsed(scalar, Weekday.parse(Substring(scalar.value)))
    }

    func secretHash(_ node: Node, field: @autoclosure () -> String) -> Located<SecretHash>? {
        guard let scalar = scalar(node, field: field()) else { return nil }
        // Hex digits alone are a hash, perhaps of the wrong length, which the hash parser names precisely.
        let digits = scalar.value.hasPrefix("sha256:") ? scalar.value.utf8.dropFirst(7) : scalar.value.utf8[...]
        let looksLikeHash = !digits.isEmpty && digits.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
        }
        if !looksLikeHash, SecretHash.looksLikePlaintextSecret(Substring(scalar.value)) {
            reporter.report(.plaintextSecretInField(field(), at: scalar.range))
            return nil
        }
        return parsed(scalar, SecretHash.parse(Substring(scalar.value)))
    }

    /// Reads one of the words of a closed set, such as a route strategy.
    func choice<Choice: RawRepresentable & CaseIterable>(_ node: Node, field: @autoclosure () -> String, as type: Choice.Type) -> Located<Choice>?
    where Choice.RawValue == String {
        guard let scalar = scalar(node, field: field()) else { return nil }
        guard let value = Choice(rawValue: scalar.value) else {
            reporter.report(.invalidChoice(scalar.value, for: field(), allowed: Choice.allCases.map(\.rawValue), at: scalar.range))
            return nil
        }
        return Located(value: value, range: scalar.range)
    }

    /// Converts a value parser's result, placing its error at the exact characters it names.
    func parsed<Value>(_ scalar: Scalar, _ result: Result<Value, ValueError>) -> Located<Value>? {
        switch result {
        case .success(let value):
            return Located(value: value, range: scalar.range)
        case .failure(let error):
            let range = error.length > 0 || error.offset > 0
                ? scalar.sourceRange(valueOffset: error.offset, length: max(1, error.length))
                : scalar.range
            reporter.report(Diagnostic(error.code, error.message, at: range, hint: error.hint))
            return nil
        }
    }

    // MARK: - Lists and maps

    /// Reads a list, calling `element` for each item; a single scalar is not
    /// promoted to a list, so `scopes: chat:*` is reported rather than guessed.
    func list<Element>(_ node: Node, field: @autoclosure () -> String, element: (Node) -> Element?) -> [Element]? {
        guard case .sequence(let items, _, _) = node else {
            reporter.report(.wrongKind(expected: "a list", found: node.kindDescription, for: field(), at: node.range))
            return nil
        }
        return items.compactMap(element)
    }

    /// Reads a list of strings, warning about repeated entries.
    func stringList(_ node: Node, field: @autoclosure () -> String, element: ((Node) -> Located<String>?)? = nil) -> [Located<String>]? {
        let values: [Located<String>]?
        if let element {
            values = list(node, field: field(), element: element)
        } else {
            values = list(node, field: field()) { string($0, field: "an entry of \(field())") }
        }
        guard let values else { return nil }
        var firstSeen: [String: SourceRange] = [:]
        var unique: [Located<String>] = []
        for value in values {
            if let first = firstSeen[value.value] {
                reporter.report(.duplicateEntry(value.value, in: field(), at: value.range, first: first))
                continue
            }
            firstSeen[value.value] = value.range
            unique.append(value)
        }
        return unique
    }

    /// Reads a mapping of string labels.
    func labels(_ node: Node, field: @autoclosure () -> String) -> [String: Located<String>] {
        guard case .mapping(let entries, _, _) = node else {
            reporter.report(.wrongKind(expected: "a mapping of labels", found: node.kindDescription, for: field(), at: node.range))
            return [:]
        }
        var result: [String: Located<String>] = [:]
        for entry in entries {
            if let value = string(entry.value, field: "label '\(entry.key.value)' of \(field())") {
                result[entry.key.value] = value
            }
        }
        return result
    }
}
