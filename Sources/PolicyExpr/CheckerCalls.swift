// The type checker's handling of literals, function calls and list
// literals. Every literal is parsed here with the PolicyValues parsers, and
// a parser's ValueError becomes E006 with the parser's own message and a
// caret on the exact part of the literal it points at.

import PolicySource
import PolicyValues

extension Checker {
    // MARK: - Literals

    mutating func checkLiteral(_ syntax: Syntax) -> Typed {
        func constant(_ value: Constant, _ type: ValueType, _ spelling: String) -> Typed {
            Typed(kind: .constant(value, spelling: spelling), type: type, offset: syntax.offset, length: syntax.length)
        }
        switch syntax.kind {
        case .integer(let value, _):
            return constant(.number(value), .int, String(value))
        case .integerOutOfRange(let text):
            report(syntax.offset, syntax.length) { .integerOutOfRange(text, type: "int", at: $0) }
            return .poisoned(syntax)
        case .decimal(let text):
            let parsed = Money.parse(Substring(text)).map(\.micros)
            return parsedNumber(parsed, .money, syntax) { formatMoney($0) }
        case .duration(let text):
            let parsed = PolicyDuration.parse(Substring(text)).map(\.nanoseconds)
            return parsedNumber(parsed, .duration, syntax) { _ in text }
        case .string(let literal):
            return constant(.string(literal.value), .string, quote(literal.value))
        case .bool(let value):
            return constant(.bool(value), .bool, value ? "true" : "false")
        default:
            return .poisoned(syntax)
        }
    }

    /// Turns the parse result of a number token into a numeric constant, or
    /// reports its error.
    private mutating func parsedNumber(
        _ parsed: Result<Int64, ValueError>, _ type: ValueType, _ syntax: Syntax, spelling: (Int64) -> String
    ) -> Typed {
        switch parsed {
        case .success(let value):
            let kind = TypedKind.constant(.number(value), spelling: spelling(value))
            return Typed(kind: kind, type: type, offset: syntax.offset, length: syntax.length)
        case .failure(let error):
            reportValueError(error, at: (syntax.offset + error.offset, error.length))
            return .poisoned(syntax)
        }
    }

    private mutating func reportValueError(_ error: ValueError, at place: (Int, Int)) {
        let message = error.message
        let hint = error.hint
        report(place.0, max(1, place.1)) { .invalidValueLiteral(message, hint: hint, at: $0) }
    }

    // MARK: - Calls

    mutating func checkCall(_ name: String, nameLength: Int, arguments: [Syntax], _ syntax: Syntax) -> Typed {
        guard let function = Builtin(rawValue: name) else {
            for argument in arguments { _ = check(argument) }
            let hint = Suggestions.didYouMean(name, in: Builtin.allCases.map(\.rawValue))
            report(syntax.offset, nameLength) { .unknownFunction(name, hint: hint, at: $0) }
            return .poisoned(syntax)
        }
        let parameters = function.parameters
        guard arguments.count == parameters.count else {
            for argument in arguments { _ = check(argument) }
            let (expected, have, signature) = (parameters.count, arguments.count, function.signature)
            report(syntax.offset, nameLength) {
                .wrongArgumentCount(name, expected: expected, have: have, signature: signature, at: $0)
            }
            return .poisoned(syntax)
        }
        switch parameters.first {
        case .literal:
            return checkConstructor(function, arguments[0], syntax)
        case .value(.timestamp):
            return checkZoned(function, arguments, syntax)
        default:
            return checkPlainCall(function, arguments, syntax)
        }
    }

    private mutating func checkPlainCall(_ function: Builtin, _ arguments: [Syntax], _ syntax: Syntax) -> Typed {
        var typed: [Typed] = []
        var failed = false
        for (position, (argument, parameter)) in zip(arguments, function.parameters).enumerated() {
            let value = check(argument)
            typed.append(value)
            let want: ValueType? = if case .value(let type) = parameter { type } else { nil }
            let accepted = want.map { value.type == $0 } ?? [.stringSet, .cidrList, .labels, .emptyList].contains(value.type)
            guard !accepted else { continue }
            failed = true
            guard value.type != .error else { continue }
            let (name, have, wantName) = (function.rawValue, value.type.name, want?.name ?? "set<string>, list<cidr> or map")
            report(argument.offset, argument.length) {
                .argumentTypeMismatch(function: name, position: position + 1, have: have, want: wantName, at: $0)
            }
        }
        guard !failed else { return .poisoned(syntax) }
        return Typed(kind: .call(function, typed), type: function.resultType, offset: syntax.offset, length: syntax.length)
    }

    /// Checks local_hour, local_time and weekday: a timestamp and a zone literal.
    private mutating func checkZoned(_ function: Builtin, _ arguments: [Syntax], _ syntax: Syntax) -> Typed {
        let time = check(arguments[0])
        let failed = time.type != .timestamp
        if failed, time.type != .error {
            let (name, have) = (function.rawValue, time.type.name)
            report(arguments[0].offset, arguments[0].length) {
                .argumentTypeMismatch(function: name, position: 1, have: have, want: "timestamp", at: $0)
            }
        }
        var zone: ZoneRules?
        if let literal = stringLiteral(arguments[1], function: function, position: 2) {
            switch ZoneRules.named(literal.value) {
            case .success(let rules): zone = rules
            case .failure(let error): reportValueError(error, at: literal.sourceRange(offset: error.offset, length: error.length))
            }
        }
        guard let zone, !failed else { return .poisoned(syntax) }
        let kind = TypedKind.zoned(function, time, zone: zone, zoneName: stringValue(arguments[1]))
        return Typed(kind: kind, type: function.resultType, offset: syntax.offset, length: syntax.length)
    }

    /// Checks ip, cidr, timestamp, time and duration, which parse their
    /// literal argument into a constant.
    private mutating func checkConstructor(_ function: Builtin, _ argument: Syntax, _ syntax: Syntax) -> Typed {
        guard let literal = stringLiteral(argument, function: function, position: 1) else { return .poisoned(syntax) }
        let text = Substring(literal.value)
        let parsed: Result<Constant, ValueError> =
            switch function {
            case .ip: IPAddress.parse(text).map { .ip($0) }
            case .cidr: CIDR.parse(text).map { .cidr($0) }
            case .timestamp: Timestamp.parse(text).map { .number($0.nanoseconds) }
            case .time: TimeOfDay.parse(text).map { .number(Int64($0.secondOfDay)) }
            default: PolicyDuration.parse(text).map { .number($0.nanoseconds) }
            }
        switch parsed {
        case .success(let value):
            let spelling = "\(function.rawValue)(\(quote(literal.value)))"
            let kind = TypedKind.constant(value, spelling: spelling)
            return Typed(kind: kind, type: function.resultType, offset: syntax.offset, length: syntax.length)
        case .failure(let error):
            reportValueError(error, at: literal.sourceRange(offset: error.offset, length: error.length))
            return .poisoned(syntax)
        }
    }

    /// Returns the string literal an argument must be, or nil after reporting.
    private mutating func stringLiteral(_ argument: Syntax, function: Builtin, position: Int) -> StringLiteral? {
        if case .string(let literal) = argument.kind { return literal }
        let value = check(argument)
        guard value.type != .error else { return nil }
        let (name, example) = (function.rawValue, function.literalExample)
        report(argument.offset, argument.length) {
            .literalArgumentRequired(function: name, position: position, example: example, at: $0)
        }
        return nil
    }

    private func stringValue(_ syntax: Syntax) -> String {
        if case .string(let literal) = syntax.kind { return literal.value }
        return ""
    }

    // MARK: - Lists

    /// Checks a list literal, whose elements are all string literals (a
    /// set<string>) or all cidr(...) values (a list<cidr>).
    mutating func checkList(_ elements: [Syntax], _ syntax: Syntax) -> Typed {
        var strings: [String] = []
        var blocks: [(CIDR, String)] = []
        var elementType: ValueType?
        var failed = false
        for element in elements {
            let value = check(element)
            guard case .constant(let constant, let spelling) = value.kind, value.type == .string || value.type == .cidr else {
                failed = true
                if value.type != .error { report(element.offset, element.length) { .listElementNotConstant(at: $0) } }
                continue
            }
            if let expected = elementType, expected != value.type {
                failed = true
                let (have, want) = (value.type.name, expected.name)
                report(element.offset, element.length) { .listElementMismatch(have: have, want: want, at: $0) }
                continue
            }
            elementType = value.type
            switch constant {
            case .string(let text): strings.append(text)
            case .cidr(let block): blocks.append((block, spelling))
            default: break
            }
        }
        guard !failed else { return .poisoned(syntax) }
        return listConstant(strings: strings, blocks: blocks, elementType: elementType, syntax)
    }

    /// Builds the constant for a checked list, sorted and without repeats so
    /// that its spelling is canonical.
    private func listConstant(strings: [String], blocks: [(CIDR, String)], elementType: ValueType?, _ syntax: Syntax) -> Typed {
        let kind: TypedKind
        let type: ValueType
        switch elementType {
        case .string:
            let sorted = Set(strings).sorted()
            kind = .constant(.stringSet(Set(strings)), spelling: "[" + sorted.map(quote).joined(separator: ", ") + "]")
            type = .stringSet
        case .cidr:
            var seen = Set<String>()
            let unique = blocks.sorted { $0.1 < $1.1 }.filter { seen.insert($0.1).inserted }
            kind = .constant(.cidrList(unique.map(\.0)), spelling: "[" + unique.map(\.1).joined(separator: ", ") + "]")
            type = .cidrList
        default:
            kind = .constant(.stringSet([]), spelling: "[]")
            type = .emptyList
        }
        return Typed(kind: kind, type: type, offset: syntax.offset, length: syntax.length)
    }
}
