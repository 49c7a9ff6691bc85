// The type checker: resolves attribute paths and functions, parses
// literals, and gives every node a type. It reports every independent
// mistake; a node that failed gets the type `error`, which later checks
// accept silently. The only implicit conversion is an integer literal
// standing where money is expected, as in `model.input_price > 5`.
//
// Calls, lists and literals are checked in CheckerCalls.swift.

import PolicySource
import PolicyValues

/// Checks one syntax tree. The tree's height is bounded by the parser, so
/// the recursion here is too.
struct Checker {
    private(set) var problems: [Problem] = []

    /// Checks `syntax` as a whole condition, which must have type bool.
    mutating func checkCondition(_ syntax: Syntax) -> Typed {
        let typed = check(syntax)
        if typed.type != .bool, typed.type != .error {
            let have = typed.type.name
            report(syntax.offset, syntax.length) { .conditionNotBool(have: have, at: $0) }
            return .poisoned(syntax)
        }
        return typed
    }

    mutating func check(_ syntax: Syntax) -> Typed {
        switch syntax.kind {
        case .integer, .integerOutOfRange, .decimal, .duration, .string, .bool:
            return checkLiteral(syntax)
        case .path(let parts):
            return checkPath(parts, syntax)
        case .call(let name, let nameLength, let arguments):
            return checkCall(name, nameLength: nameLength, arguments: arguments, syntax)
        case .list(let elements):
            return checkList(elements, syntax)
        case .index(let base, let key):
            return checkIndex(base, key: key, syntax)
        case .not(let operand):
            return checkNot(operand, syntax)
        case .negate(let operand):
            return checkNegate(operand, syntax)
        case .binary(let op, let left, let right, let operatorOffset, let operatorLength):
            let operands = (check(left), check(right))
            let place = (operatorOffset, operatorLength)
            if op.isComparison { return checkComparison(op, operands, place, syntax) }
            if op == .member { return checkMembership(operands, place, syntax) }
            return checkArithmetic(op, operands, place, syntax)
        case .logical(let op, let items):
            return checkLogical(op, items, syntax)
        }
    }

    // MARK: - Names and unary operators

    private mutating func checkPath(_ parts: [String], _ syntax: Syntax) -> Typed {
        let path = parts.joined(separator: ".")
        if let attribute = Attribute.named(path) {
            return Typed(kind: .attribute(attribute), type: attribute.type, offset: syntax.offset, length: syntax.length)
        }
        let hint = Self.attributeHint(parts)
        report(syntax.offset, syntax.length) { .unknownAttribute(path, hint: hint, at: $0) }
        return .poisoned(syntax)
    }

    /// Suggests a fix for an unknown attribute path.
    static func attributeHint(_ parts: [String]) -> String? {
        let paths = Attribute.allCases.map(\.rawValue)
        if parts.count >= 3, let map = Attribute.named(parts[0] + "." + parts[1]), map.type == .labels {
            let key = parts.dropFirst(2).joined(separator: ".")
            return "read a label with \(map.rawValue)[\"\(key)\"]"
        }
        if let suggestion = Suggestions.didYouMean(parts.joined(separator: "."), in: paths) {
            return suggestion
        }
        let root = parts.first ?? ""
        if let likelyRoot = likelyRoot(root), likelyRoot != root {
            let repaired = ([likelyRoot] + parts.dropFirst()).joined(separator: ".")
            if let suggestion = Suggestions.didYouMean(repaired, in: paths) { return suggestion }
        }
        let fields = paths.filter { $0.hasPrefix(root + ".") }
        guard !fields.isEmpty else { return "attributes start with 'request.', 'key.' or 'model.'" }
        return "the \(root) attributes are " + fields.map { String($0.dropFirst(root.count + 1)) }.joined(separator: ", ")
    }

    /// The root (`request`, `key` or `model`) that a misspelled or shortened root stands for.
    private static func likelyRoot(_ root: String) -> String? {
        let roots = ["request", "key", "model"]
        if !root.isEmpty, let extended = roots.first(where: { $0.hasPrefix(root) }) { return extended }
        return Suggestions.closest(to: root, in: roots)
    }

    private mutating func checkIndex(_ base: Syntax, key: Syntax, _ syntax: Syntax) -> Typed {
        let map = check(base)
        let keyValue = check(key)
        var failed = map.type == .error || keyValue.type == .error
        if map.type != .labels, map.type != .error {
            let have = map.type.name
            report(base.offset, base.length) {
                .operandTypeMismatch(
                    "'[...]'", have: have, want: ValueType.labels.name,
                    hint: "only request.labels and key.labels can be indexed", at: $0)
            }
            failed = true
        }
        if keyValue.type != .string, keyValue.type != .error {
            let have = keyValue.type.name
            report(key.offset, key.length) { .operandTypeMismatch("label key", have: have, want: "string", at: $0) }
            failed = true
        }
        guard !failed else { return .poisoned(syntax) }
        return Typed(kind: .index(map, key: keyValue), type: .string, offset: syntax.offset, length: syntax.length)
    }

    private mutating func checkNot(_ operand: Syntax, _ syntax: Syntax) -> Typed {
        let value = check(operand)
        guard value.type == .bool else {
            if value.type != .error {
                let have = value.type.name
                report(operand.offset, operand.length) { .operandTypeMismatch("'!'", have: have, want: "bool", at: $0) }
            }
            return .poisoned(syntax)
        }
        return Typed(kind: .not(value), type: .bool, offset: syntax.offset, length: syntax.length)
    }

    private mutating func checkNegate(_ operand: Syntax, _ syntax: Syntax) -> Typed {
        let value = check(operand)
        guard [.int, .money, .duration].contains(value.type) else {
            if value.type != .error {
                let have = value.type.name
                report(operand.offset, operand.length) {
                    .operandTypeMismatch("'-'", have: have, want: "int, money or duration", at: $0)
                }
            }
            return .poisoned(syntax)
        }
        return Typed(kind: .negate(value), type: value.type, offset: syntax.offset, length: syntax.length)
    }

    private mutating func checkLogical(_ op: LogicalOperator, _ items: [Syntax], _ syntax: Syntax) -> Typed {
        var typedItems: [Typed] = []
        var failed = false
        for item in items {
            let value = check(item)
            if value.type != .bool {
                failed = true
                if value.type != .error {
                    let have = value.type.name
                    report(item.offset, item.length) { .operandTypeMismatch("'\(op.rawValue)'", have: have, want: "bool", at: $0) }
                }
            }
            // Parentheses can nest the same operator, as in `a && (b && c)`;
            // splicing keeps the tree flat and the canonical text free of them.
            if case .logical(op, let inner) = value.kind {
                typedItems.append(contentsOf: inner)
            } else {
                typedItems.append(value)
            }
        }
        guard !failed else { return .poisoned(syntax) }
        return Typed(kind: .logical(op, typedItems), type: .bool, offset: syntax.offset, length: syntax.length)
    }

    // MARK: - Binary operators

    private mutating func checkComparison(
        _ op: BinaryOperator, _ operands: (Typed, Typed), _ place: (Int, Int), _ syntax: Syntax
    ) -> Typed {
        guard let (left, right) = coerceMoney(operands) else { return .poisoned(syntax) }
        let types = (left.type, right.type)
        let sameType = types.0 == types.1 || Set([types.0, types.1]) == [.stringSet, .emptyList]
        let accepted = op == .equal || op == .notEqual ? sameType && types.0 != .cidrList : sameType && types.0.isOrdered
        guard accepted else {
            let want = op == .equal || op == .notEqual
                ? "two values of the same type" : "two int, money, duration, timestamp, time_of_day or string values"
            mismatch(op, types, want: want, place)
            return .poisoned(syntax)
        }
        return Typed(kind: .compare(op, left, right), type: .bool, offset: syntax.offset, length: syntax.length)
    }

    private mutating func checkMembership(_ operands: (Typed, Typed), _ place: (Int, Int), _ syntax: Syntax) -> Typed {
        let (left, right) = operands
        guard left.type != .error, right.type != .error else { return .poisoned(syntax) }
        let accepted: Bool =
            switch (left.type, right.type) {
            case (.string, .stringSet), (.string, .labels), (.string, .emptyList): true
            case (.ip, .cidr), (.ip, .cidrList), (.ip, .emptyList): true
            default: false
            }
        guard accepted else {
            let want = "string in set<string> or map, or ip in cidr or list<cidr>"
            mismatch(.member, (left.type, right.type), want: want, place)
            return .poisoned(syntax)
        }
        return Typed(kind: .member(left, right), type: .bool, offset: syntax.offset, length: syntax.length)
    }

    private mutating func checkArithmetic(
        _ op: BinaryOperator, _ operands: (Typed, Typed), _ place: (Int, Int), _ syntax: Syntax
    ) -> Typed {
        let coerced = op == .times ? operands : coerceMoney(operands)
        guard let (left, right) = coerced else { return .poisoned(syntax) }
        guard let type = Self.arithmeticResult(op, left.type, right.type) else {
            let want = op == .times ? "int * int or money * int" : "two int, money or duration values, or timestamp and duration"
            mismatch(op, (left.type, right.type), want: want, place)
            return .poisoned(syntax)
        }
        let kind = TypedKind.arithmetic(op, left, right, operatorOffset: place.0, operatorLength: place.1)
        return Typed(kind: kind, type: type, offset: syntax.offset, length: syntax.length)
    }

    /// The result type of `+`, `-` or `*`, or nil when the operands do not fit.
    static func arithmeticResult(_ op: BinaryOperator, _ left: ValueType, _ right: ValueType) -> ValueType? {
        switch (op, left, right) {
        case (_, .int, .int): .int
        case (.times, .money, .int), (.times, .int, .money): .money
        case (.plus, .money, .money), (.minus, .money, .money): .money
        case (.plus, .duration, .duration), (.minus, .duration, .duration): .duration
        case (.plus, .timestamp, .duration), (.minus, .timestamp, .duration), (.plus, .duration, .timestamp): .timestamp
        case (.minus, .timestamp, .timestamp): .duration
        default: nil
        }
    }

    /// Converts an integer literal beside a money value into money. Returns
    /// nil, after reporting, when the literal is out of the money range or
    /// when an operand already failed.
    private mutating func coerceMoney(_ operands: (Typed, Typed)) -> (Typed, Typed)? {
        var (left, right) = operands
        guard left.type != .error, right.type != .error else { return nil }
        if left.type == .money, right.isIntegerLiteral {
            guard let converted = integerLiteralAsMoney(right) else { return nil }
            right = converted
        } else if right.type == .money, left.isIntegerLiteral {
            guard let converted = integerLiteralAsMoney(left) else { return nil }
            left = converted
        }
        return (left, right)
    }

    private mutating func integerLiteralAsMoney(_ literal: Typed) -> Typed? {
        guard case .constant(.number(let value), let spelling) = literal.kind else { return literal }
        let (micros, overflow) = value.multipliedReportingOverflow(by: moneyMicrosPerUnit)
        guard !overflow else {
            report(literal.offset, literal.length) { .integerOutOfRange(spelling, type: "money", at: $0) }
            return nil
        }
        var converted = literal
        converted.kind = .constant(.number(micros), spelling: formatMoney(micros))
        converted.type = .money
        return converted
    }

    private mutating func mismatch(_ op: BinaryOperator, _ types: (ValueType, ValueType), want: String, _ place: (Int, Int)) {
        guard types.0 != .error, types.1 != .error else { return }
        let hint = Self.mismatchHint(op, types.0, types.1)
        let have = (types.0.name, types.1.name)
        report(place.0, place.1) { .operatorTypeMismatch(op.rawValue, have: have, want: want, hint: hint, at: $0) }
    }

    /// A suggestion for a common type mix-up, in either operand order.
    static func mismatchHint(_ op: BinaryOperator, _ left: ValueType, _ right: ValueType) -> String? {
        let pair = Set([left, right])
        if op == .member {
            if left == .string, right == .string { return "test for a substring with contains(text, part)" }
            if left == .ip, right == .string { return "write a block as cidr(\"10.0.0.0/8\")" }
            return nil
        }
        switch pair {
        case [.money, .int]: return "money and int do not mix; only an integer literal such as 5 converts to money"
        case [.duration, .int]: return "write a duration with a unit, for example 30s or 15m"
        case [.timestamp, .string]: return "write a timestamp as timestamp(\"2025-01-01T00:00:00Z\")"
        case [.timeOfDay, .string]: return "write a time of day as time(\"22:30\")"
        case [.timeOfDay, .int]: return "compare local_hour(...) with an int, or local_time(...) with time(\"22:30\")"
        case [.ip, .string]: return "write an address as ip(\"10.0.0.1\")"
        case [.string, .stringSet]: return "test membership with 'in'"
        case [.duration, .string]: return "write a duration without quotes, for example 90d"
        default: return nil
        }
    }

    // MARK: - Reporting

    mutating func report(_ offset: Int, _ length: Int, _ make: @escaping @Sendable (SourceRange?) -> Diagnostic) {
        problems.append(Problem(offset: offset, length: length, make: make))
    }
}

/// Money is held in millionths of a unit.
let moneyMicrosPerUnit: Int64 = 1_000_000
