// Lowers a typed tree into a tree of closures, one per node, each
// specialized for its operand types. Attribute reads are direct field
// accesses chosen at compile time, so evaluation does no lookup by name and
// allocates nothing for the usual operators (labels lookups hash their key
// without allocating; `lower` may allocate for long strings).
//
// Every numeric type is carried as one Int64 (see ValueType.isNumeric), so
// arithmetic is a single overflow-reporting Int64 operation whatever the
// type, and an overflow becomes an EvaluationFault, never a trap or a wrap.

import PolicyValues

/// An error raised while evaluating; the caller turns it into a deny.
struct EvaluationFault: Error, Sendable {
    /// What went wrong.
    enum Kind: Sendable {
        /// The result of `operatorText` does not fit `type`.
        case overflow
        /// A node the lowering does not handle; the checker never produces one.
        case unsupported
    }

    var kind: Kind
    var type: ValueType
    var operatorText: String
    var offset: Int
    var length: Int
}

typealias Outcome<Value> = Result<Value, EvaluationFault>
typealias BoolCode = @Sendable (ConditionContext) -> Outcome<Bool>
typealias NumberCode = @Sendable (ConditionContext) -> Outcome<Int64>
typealias StringCode = @Sendable (ConditionContext) -> Outcome<String>
typealias AddressCode = @Sendable (ConditionContext) -> IPAddress
typealias SetCode = @Sendable (ConditionContext) -> Set<String>
typealias LabelsCode = @Sendable (ConditionContext) -> [String: String]

/// Builds closures from typed nodes. Each function accepts only nodes of
/// the matching type; anything else yields an `unsupported` fault.
enum Lowering {
    // MARK: - Bool

    static func bool(_ node: Typed) -> BoolCode {
        switch node.kind {
        case .constant(.bool(let value), _):
            let result = Outcome<Bool>.success(value)
            return { _ in result }
        case .not(let operand):
            let code = bool(operand)
            return { code($0).map { !$0 } }
        case .logical(let op, let items):
            return logical(op, items.map(bool))
        case .compare(let op, let left, let right):
            return compare(op, left, right)
        case .member(let left, let right):
            return member(left, right)
        case .call(let function, let arguments) where arguments.count == 2:
            return stringTest(function, string(arguments[0]), string(arguments[1]))
        default:
            return unsupported(node)
        }
    }

    /// Short-circuits left to right: `&&` stops at the first false, `||` at
    /// the first true, and both stop at the first error.
    private static func logical(_ op: LogicalOperator, _ codes: [BoolCode]) -> BoolCode {
        let stopValue = op == .or
        if codes.count == 2 {
            let (first, second) = (codes[0], codes[1])
            return { context in
                let result = first(context)
                if case .success(let value) = result, value != stopValue { return second(context) }
                return result
            }
        }
        return { context in
            for code in codes {
                let result = code(context)
                if case .success(let value) = result, value != stopValue { continue }
                return result
            }
            return .success(!stopValue)
        }
    }

    private static func compare(_ op: BinaryOperator, _ left: Typed, _ right: Typed) -> BoolCode {
        switch left.type {
        case let type where type.isNumeric:
            return ordered(op, number(left), number(right))
        case .string:
            return ordered(op, string(left), string(right))
        case .bool:
            return equality(op, bool(left), bool(right))
        case .ip:
            let (first, second) = (address(left), address(right))
            return equality(op, { .success(first($0)) }, { .success(second($0)) })
        case .stringSet, .emptyList:
            let (first, second) = (stringSet(left), stringSet(right))
            return equality(op, { .success(first($0)) }, { .success(second($0)) })
        case .labels:
            let (first, second) = (labels(left), labels(right))
            return equality(op, { .success(first($0)) }, { .success(second($0)) })
        case .cidr:
            guard case .constant(.cidr(let first), _) = left.kind, case .constant(.cidr(let second), _) = right.kind else {
                return unsupported(left)
            }
            let result = Outcome<Bool>.success((first == second) == (op == .equal))
            return { _ in result }
        default:
            return unsupported(left)
        }
    }

    /// Compares two values of an ordered type with any of the six comparisons.
    private static func ordered<Value: Comparable & Sendable>(
        _ op: BinaryOperator, _ left: @escaping @Sendable (ConditionContext) -> Outcome<Value>,
        _ right: @escaping @Sendable (ConditionContext) -> Outcome<Value>
    ) -> BoolCode {
        let test: @Sendable (Value, Value) -> Bool =
            switch op {
            case .less: { $0 < $1 }
            case .lessEqual: { $0 <= $1 }
            case .greater: { $0 > $1 }
            case .greaterEqual: { $0 >= $1 }
            case .notEqual: { $0 != $1 }
            default: { $0 == $1 }
            }
        return combine(left, right, test)
    }

    /// Compares two values with `==` or `!=`.
    private static func equality<Value: Equatable & Sendable>(
        _ op: BinaryOperator, _ left: @escaping @Sendable (ConditionContext) -> Outcome<Value>,
        _ right: @escaping @Sendable (ConditionContext) -> Outcome<Value>
    ) -> BoolCode {
        let wanted = op != .notEqual
        return combine(left, right) { ($0 == $1) == wanted }
    }

    /// Evaluates both operands, left first, and applies `test`.
    private static func combine<Value: Sendable>(
        _ left: @escaping @Sendable (ConditionContext) -> Outcome<Value>,
        _ right: @escaping @Sendable (ConditionContext) -> Outcome<Value>,
        _ test: @escaping @Sendable (Value, Value) -> Bool
    ) -> BoolCode {
        return { context in
            switch left(context) {
            case .failure(let fault): return .failure(fault)
            case .success(let first):
                switch right(context) {
                case .failure(let fault): return .failure(fault)
                case .success(let second): return .success(test(first, second))
                }
            }
        }
    }

    private static func member(_ left: Typed, _ right: Typed) -> BoolCode {
        switch (left.type, right.type) {
        case (.string, .stringSet):
            let element = string(left)
            if case .constant(.stringSet(let set), _) = right.kind {
                return { element($0).map { set.contains($0) } }
            }
            let set = stringSet(right)
            return { context in element(context).map { set(context).contains($0) } }
        case (.string, .labels):
            let (key, map) = (string(left), labels(right))
            return { context in key(context).map { map(context).index(forKey: $0) != nil } }
        case (.string, .emptyList):
            let element = string(left)
            return { element($0).map { _ in false } }
        case (.ip, .emptyList):
            return { _ in .success(false) }
        case (.ip, .cidr):
            guard case .constant(.cidr(let block), _) = right.kind else { return unsupported(right) }
            let value = address(left)
            return { .success(block.contains(value($0))) }
        case (.ip, .cidrList):
            guard case .constant(.cidrList(let blocks), _) = right.kind else { return unsupported(right) }
            let value = address(left)
            return { context in
                let candidate = value(context)
                return .success(blocks.contains { $0.contains(candidate) })
            }
        default:
            return unsupported(left)
        }
    }

    private static func stringTest(_ function: Builtin, _ text: @escaping StringCode, _ part: @escaping StringCode) -> BoolCode {
        let test: @Sendable (String, String) -> Bool =
            switch function {
            case .startsWith: { $0.hasPrefix($1) }
            case .endsWith: { $0.hasSuffix($1) }
            default: { $1.isEmpty || $0.contains($1) }
            }
        return combine(text, part, test)
    }

    // MARK: - Numbers

    static func number(_ node: Typed) -> NumberCode {
        switch node.kind {
        case .constant(.number(let value), _):
            let result = Outcome<Int64>.success(value)
            return { _ in result }
        case .attribute(let attribute):
            guard let read = numberReader(attribute) else { return unsupported(node) }
            return { .success(read($0)) }
        case .negate(let operand):
            let code = number(operand)
            let fault = EvaluationFault(kind: .overflow, type: node.type, operatorText: "-", offset: node.offset, length: node.length)
            return { code($0).flatMap { $0 == .min ? .failure(fault) : .success(-$0) } }
        case .arithmetic(let op, let left, let right, let offset, let length):
            let fault = EvaluationFault(kind: .overflow, type: node.type, operatorText: op.rawValue, offset: offset, length: length)
            return arithmetic(op, number(left), number(right), fault)
        case .call(.size, let arguments) where arguments.count == 1:
            return size(arguments[0])
        case .zoned(let function, let argument, let zone, _) where function != .weekday:
            let time = number(argument)
            let divisor: Int64 = function == .localHour ? 3600 : 1
            return { time($0).map { Int64(zone.local(Timestamp(nanoseconds: $0)).secondOfDay) / divisor } }
        default:
            return unsupported(node)
        }
    }

    private static func arithmetic(_ op: BinaryOperator, _ left: @escaping NumberCode, _ right: @escaping NumberCode, _ fault: EvaluationFault) -> NumberCode {
        let operation: @Sendable (Int64, Int64) -> (partialValue: Int64, overflow: Bool) =
            switch op {
            case .plus: { $0.addingReportingOverflow($1) }
            case .minus: { $0.subtractingReportingOverflow($1) }
            default: { $0.multipliedReportingOverflow(by: $1) }
            }
        return { context in
            left(context).flatMap { first in
                right(context).flatMap { second in
                    let (value, overflow) = operation(first, second)
                    return overflow ? .failure(fault) : .success(value)
                }
            }
        }
    }

    private static func size(_ collection: Typed) -> NumberCode {
        switch (collection.kind, collection.type) {
        case (.constant(.stringSet(let set), _), _):
            let result = Outcome<Int64>.success(Int64(set.count))
            return { _ in result }
        case (.constant(.cidrList(let blocks), _), _):
            let result = Outcome<Int64>.success(Int64(blocks.count))
            return { _ in result }
        case (_, .stringSet):
            let set = stringSet(collection)
            return { .success(Int64(set($0).count)) }
        case (_, .labels):
            let map = labels(collection)
            return { .success(Int64(map($0).count)) }
        default:
            return unsupported(collection)
        }
    }

    // MARK: - Strings, addresses and collections

    static func string(_ node: Typed) -> StringCode {
        switch node.kind {
        case .constant(.string(let value), _):
            let result = Outcome<String>.success(value)
            return { _ in result }
        case .attribute(let attribute):
            guard let read = stringReader(attribute) else { return unsupported(node) }
            return { .success(read($0)) }
        case .index(let map, let key):
            let read = labels(map)
            if case .constant(.string(let fixedKey), _) = key.kind {
                return { .success(read($0)[fixedKey] ?? "") }
            }
            let keyCode = string(key)
            return { context in keyCode(context).map { read(context)[$0] ?? "" } }
        case .call(.lower, let arguments) where arguments.count == 1:
            let code = string(arguments[0])
            return { code($0).map(lowercasedWithoutCopy) }
        case .zoned(.weekday, let argument, let zone, _):
            let time = number(argument)
            return { context in
                time(context).map { weekdayNames[zone.local(Timestamp(nanoseconds: $0)).weekday.rawValue] }
            }
        default:
            return unsupported(node)
        }
    }

    static func address(_ node: Typed) -> AddressCode {
        switch node.kind {
        case .constant(.ip(let value), _): { _ in value }
        case .attribute(.requestClientIP): { $0.request.clientAddress }
        // NOTE: unreachable: ip values come only from ip(...) and request.client_ip.
        default: { _ in IPAddress(value: 0) }
        }
    }

    static func stringSet(_ node: Typed) -> SetCode {
        switch node.kind {
        case .constant(.stringSet(let set), _): { _ in set }
        case .attribute(.modelCapabilities): { $0.model.capabilities }
        // NOTE: unreachable: sets come only from list literals and model.capabilities.
        default: { _ in [] }
        }
    }

    static func labels(_ node: Typed) -> LabelsCode {
        switch node.kind {
        case .attribute(.keyLabels): { $0.key.labels }
        // NOTE: the checker gives the labels type only to request.labels and key.labels.
        default: { $0.request.labels }
        }
    }

    // MARK: - Attribute readers

    private static func numberReader(_ attribute: Attribute) -> (@Sendable (ConditionContext) -> Int64)? {
        switch attribute {
        case .requestTime: { $0.request.time.nanoseconds }
        case .requestInputTokens: { $0.request.inputTokens }
        case .requestMaxOutputTokens: { $0.request.maxOutputTokens }
        case .requestEstimatedCost: { $0.request.estimatedCost.micros }
        case .keyCreatedAt: { $0.key.createdAt.nanoseconds }
        case .modelContextWindow: { $0.model.contextWindow }
        case .modelInputPrice: { $0.model.inputPrice.micros }
        case .modelOutputPrice: { $0.model.outputPrice.micros }
        case .modelLatency: { $0.model.latency.nanoseconds }
        default: nil
        }
    }

    private static func stringReader(_ attribute: Attribute) -> (@Sendable (ConditionContext) -> String)? {
        switch attribute {
        case .requestScope: { $0.request.scope }
        case .requestModel: { $0.request.model }
        case .requestRoute: { $0.request.route }
        case .keyID: { $0.key.id }
        case .keyTeam: { $0.key.team }
        case .keyTier: { $0.key.tier }
        case .keyOwner: { $0.key.owner }
        case .modelID: { $0.model.id }
        case .modelProvider: { $0.model.provider }
        case .modelRegion: { $0.model.region }
        default: nil
        }
    }

    private static func unsupported<Value>(_ node: Typed) -> @Sendable (ConditionContext) -> Outcome<Value> {
        let fault = EvaluationFault(kind: .unsupported, type: node.type, operatorText: "", offset: node.offset, length: node.length)
        return { _ in .failure(fault) }
    }
}
