// Lowers a typed tree into a tree of closures, one per node, each
// specialized for its operand types. Attribute reads are direct field
// accesses chosen at compile time, so evaluation does no lookup by name and
// allocates nothing for the usual operators. Labels lookups hash their key
// without allocating, but `lower` may allocate for a long string.
//
// Every numeric type is carried as one Int64 (see ValueType.isNumeric), so
// arithmetic is a single overflow-reporting Int64 operation whatever the
// type, and an overflow becomes an EvaluationFault, never a trap or a wrap.

import PolicyValues

// NOTE: the closures here are deliberately not built by generic helpers.
// A generic helper stores its closures at maximal abstraction, and the
// thunks that convert them copied the whole ConditionContext on every call.
// For the same reason every closure takes the context by pointer: it is
// read in place and never copied or retained as a whole.

/// An error raised while evaluating; the caller turns it into a deny.
struct EvaluationFault: Error, Sendable {
    /// The kind of failure.
    enum Kind: Sendable {
        /// The result of `operation` does not fit `type`.
        case overflow
        /// A node the lowering does not handle; the checker never produces one.
        case unsupported
    }

    var kind: Kind
    var type: ValueType
    /// The failing operator: `+`, `-` or `*`, or `.minus` for a negation.
    var operation: BinaryOperator
    var offset: Int
    var length: Int

    // NOTE: every field is a trivial value, so a Result carrying this fault
    // needs no reference counting on the evaluation path.
}

typealias Outcome<Value> = Result<Value, EvaluationFault>
typealias BoolCode = @Sendable (UnsafePointer<ConditionContext>) -> Outcome<Bool>
typealias NumberCode = @Sendable (UnsafePointer<ConditionContext>) -> Outcome<Int64>
typealias StringCode = @Sendable (UnsafePointer<ConditionContext>) -> Outcome<String>
typealias AddressCode = @Sendable (UnsafePointer<ConditionContext>) -> IPAddress
typealias SetCode = @Sendable (UnsafePointer<ConditionContext>) -> Set<String>
typealias LabelsCode = @Sendable (UnsafePointer<ConditionContext>) -> [String: String]

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
            return logical(op, items[...])
        case .compare(let op, let left, let right):
            return compare(op, left, right)
        case .member(let left, let right):
            return member(left, right)
        case .call(let function, let arguments) where arguments.count == 2:
            return stringTest(function, arguments[0], arguments[1])
        default:
            return unsupported(node)
        }
    }

    /// Short-circuits left to right: `&&` stops at the first false, `||` at
    /// the first true, and both stop at the first error. The operands are
    /// split into a balanced tree of two-operand closures, so a long chain
    /// nests only log2(n) calls deep and no closure is called through an
    /// array, which would copy the context on each call.
    private static func logical(_ op: LogicalOperator, _ items: ArraySlice<Typed>) -> BoolCode {
        guard items.count > 1 else {
            if let only = items.first { return bool(only) }
            let empty = Outcome<Bool>.success(op == .and)
            return { _ in empty }
        }
        let middle = items.startIndex + items.count / 2
        let first = logical(op, items[..<middle])
        let second = logical(op, items[middle...])
        let stopValue = op == .or
        return { context in
            let result = first(context)
            if case .success(let value) = result, value != stopValue { return second(context) }
            return result
        }
    }

    private static func compare(_ op: BinaryOperator, _ left: Typed, _ right: Typed) -> BoolCode {
        switch left.type {
        case let type where type.isNumeric:
            return compareNumbers(op, left, right)
        case .string:
            return compareStrings(op, left, right)
        case .bool:
            let (first, second, wanted) = (bool(left), bool(right), op == .equal)
            return { context in
                first(context).flatMap { value in second(context).map { (value == $0) == wanted } }
            }
        case .ip:
            let (first, second, wanted) = (address(left), address(right), op == .equal)
            return { .success((first($0) == second($0)) == wanted) }
        case .stringSet, .emptyList:
            let (first, second, wanted) = (stringSet(left), stringSet(right), op == .equal)
            return { .success((first($0) == second($0)) == wanted) }
        case .labels:
            let (first, second, wanted) = (labels(left), labels(right), op == .equal)
            return { .success((first($0) == second($0)) == wanted) }
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

    /// Compares two numbers; a constant right operand is captured directly.
    private static func compareNumbers(_ op: BinaryOperator, _ left: Typed, _ right: Typed) -> BoolCode {
        let test = orderTest(op, Int64.self)
        let first = number(left)
        if case .constant(.number(let fixed), _) = right.kind {
            return { first($0).map { test($0, fixed) } }
        }
        let second = number(right)
        return { context in
            first(context).flatMap { value in second(context).map { test(value, $0) } }
        }
    }

    /// Compares two strings; an attribute compared with a constant is read in
    /// place, without copying the string.
    private static func compareStrings(_ op: BinaryOperator, _ left: Typed, _ right: Typed) -> BoolCode {
        let test = orderTest(op, String.self)
        if case .constant(.string(let fixed), _) = right.kind {
            return withString(left) { test($0, fixed) }
        }
        if case .constant(.string(let fixed), _) = left.kind {
            return withString(right) { test(fixed, $0) }
        }
        let (first, second) = (string(left), string(right))
        return { context in
            first(context).flatMap { value in second(context).map { test(value, $0) } }
        }
    }

    /// Returns the test for one of the six comparisons.
    private static func orderTest<Value: Comparable & SendableMetatype>(_ op: BinaryOperator, _: Value.Type) -> @Sendable (Value, Value) -> Bool {
        switch op {
        case .less: { $0 < $1 }
        case .lessEqual: { $0 <= $1 }
        case .greater: { $0 > $1 }
        case .greaterEqual: { $0 >= $1 }
        case .notEqual: { $0 != $1 }
        default: { $0 == $1 }
        }
    }

    /// Applies `test` to a string operand. A string attribute is passed to
    /// `test` straight from the context, which avoids retaining its storage.
    private static func withString(_ node: Typed, _ test: @escaping @Sendable (String) -> Bool) -> BoolCode {
        guard case .attribute(let attribute) = node.kind else {
            let code = string(node)
            return { code($0).map(test) }
        }
        switch attribute {
        case .requestScope: return { .success(test($0.pointee.request.scope)) }
        case .requestModel: return { .success(test($0.pointee.request.model)) }
        case .requestRoute: return { .success(test($0.pointee.request.route)) }
        case .keyID: return { .success(test($0.pointee.key.id)) }
        case .keyTeam: return { .success(test($0.pointee.key.team)) }
        case .keyTier: return { .success(test($0.pointee.key.tier)) }
        case .keyOwner: return { .success(test($0.pointee.key.owner)) }
        case .modelID: return { .success(test($0.pointee.model.id)) }
        case .modelProvider: return { .success(test($0.pointee.model.provider)) }
        case .modelRegion: return { .success(test($0.pointee.model.region)) }
        default: return unsupported(node)
        }
    }

    private static func member(_ left: Typed, _ right: Typed) -> BoolCode {
        switch (left.type, right.type) {
        case (.string, .stringSet):
            if case .constant(.stringSet(let set), _) = right.kind {
                return withString(left) { set.contains($0) }
            }
            let element = string(left)
            let set = stringSet(right)
            return { context in element(context).map { set(context).contains($0) } }
        case (.string, .labels):
            let key = string(left)
            if case .attribute(.keyLabels) = right.kind {
                return { context in key(context).map { context.pointee.key.labels.index(forKey: $0) != nil } }
            }
            return { context in key(context).map { context.pointee.request.labels.index(forKey: $0) != nil } }
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

    private static func stringTest(_ function: Builtin, _ text: Typed, _ part: Typed) -> BoolCode {
        let test: @Sendable (String, String) -> Bool =
            switch function {
            case .startsWith: { $0.hasPrefix($1) }
            case .endsWith: { $0.hasSuffix($1) }
            default: { $1.isEmpty || $0.contains($1) }
            }
        if case .constant(.string(let fixed), _) = part.kind {
            return withString(text) { test($0, fixed) }
        }
        let (first, second) = (string(text), string(part))
        return { context in
            first(context).flatMap { value in second(context).map { test(value, $0) } }
        }
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
            let fault = EvaluationFault(kind: .overflow, type: node.type, operation: .minus, offset: node.offset, length: node.length)
            return { code($0).flatMap { $0 == .min ? .failure(fault) : .success(-$0) } }
        case .arithmetic(let op, let left, let right, let offset, let length):
            let fault = EvaluationFault(kind: .overflow, type: node.type, operation: op, offset: offset, length: length)
            return arithmetic(op, number(left), number(right), fault)
        case .call(.size, let arguments) where arguments.count == 1:
            return size(arguments[0])
        case .zoned(let function, let argument, let zone, _) where function != .weekday:
            let time = number(argument)
            let divisor: Int64 = function == .localHour ? 3600 : 1
            return { time($0).map { localSeconds($0, in: zone).secondOfDay / divisor } }
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
            let fromKey = if case .attribute(.keyLabels) = map.kind { true } else { false }
            if case .constant(.string(let fixedKey), _) = key.kind {
                if fromKey { return { .success($0.pointee.key.labels[fixedKey] ?? "") } }
                return { .success($0.pointee.request.labels[fixedKey] ?? "") }
            }
            let keyCode = string(key)
            if fromKey { return { context in keyCode(context).map { context.pointee.key.labels[$0] ?? "" } } }
            return { context in keyCode(context).map { context.pointee.request.labels[$0] ?? "" } }
        case .call(.lower, let arguments) where arguments.count == 1:
            let code = string(arguments[0])
            return { code($0).map(lowercasedWithoutCopy) }
        case .zoned(.weekday, let argument, let zone, _):
            let time = number(argument)
            return { context in
                time(context).map { weekdayNames[Weekday(daysSinceEpoch: Int(localSeconds($0, in: zone).day)).rawValue] }
            }
        default:
            return unsupported(node)
        }
    }

    static func address(_ node: Typed) -> AddressCode {
        switch node.kind {
        case .constant(.ip(let value), _): { _ in value }
        case .attribute(.requestClientIP): { $0.pointee.request.clientAddress }
        // NOTE: unreachable: ip values come only from ip(...) and request.client_ip.
        default: { _ in IPAddress(value: 0) }
        }
    }

    static func stringSet(_ node: Typed) -> SetCode {
        switch node.kind {
        case .constant(.stringSet(let set), _): { _ in set }
        case .attribute(.modelCapabilities): { $0.pointee.model.capabilities }
        // NOTE: unreachable: sets come only from list literals and model.capabilities.
        default: { _ in [] }
        }
    }

    static func labels(_ node: Typed) -> LabelsCode {
        switch node.kind {
        case .attribute(.keyLabels): { $0.pointee.key.labels }
        // NOTE: the checker gives the labels type only to request.labels and key.labels.
        default: { $0.pointee.request.labels }
        }
    }

    /// Splits an instant into the local day (days since the epoch) and the
    /// second of that day. It matches ZoneRules.local but skips the calendar
    /// date, which local_hour, local_time and weekday do not need.
    private static func localSeconds(_ nanoseconds: Int64, in zone: ZoneRules) -> (day: Int64, secondOfDay: Int64) {
        let utc = Timestamp(nanoseconds: nanoseconds).secondsSinceEpoch
        // |utc| < 9.3e9 and offsets are under a day, so the sum cannot overflow.
        let local = utc + Int64(zone.offset(atUTC: utc))
        let remainder = local % 86_400
        let secondOfDay = remainder < 0 ? remainder + 86_400 : remainder
        return ((local - secondOfDay) / 86_400, secondOfDay)
    }

    // MARK: - Attribute readers

    private static func numberReader(_ attribute: Attribute) -> (@Sendable (UnsafePointer<ConditionContext>) -> Int64)? {
        switch attribute {
        case .requestTime: { $0.pointee.request.time.nanoseconds }
        case .requestInputTokens: { $0.pointee.request.inputTokens }
        case .requestMaxOutputTokens: { $0.pointee.request.maxOutputTokens }
        case .requestEstimatedCost: { $0.pointee.request.estimatedCost.micros }
        case .keyCreatedAt: { $0.pointee.key.createdAt.nanoseconds }
        case .modelContextWindow: { $0.pointee.model.contextWindow }
        case .modelInputPrice: { $0.pointee.model.inputPrice.micros }
        case .modelOutputPrice: { $0.pointee.model.outputPrice.micros }
        case .modelLatency: { $0.pointee.model.latency.nanoseconds }
        default: nil
        }
    }

    private static func stringReader(_ attribute: Attribute) -> (@Sendable (UnsafePointer<ConditionContext>) -> String)? {
        switch attribute {
        case .requestScope: { $0.pointee.request.scope }
        case .requestModel: { $0.pointee.request.model }
        case .requestRoute: { $0.pointee.request.route }
        case .keyID: { $0.pointee.key.id }
        case .keyTeam: { $0.pointee.key.team }
        case .keyTier: { $0.pointee.key.tier }
        case .keyOwner: { $0.pointee.key.owner }
        case .modelID: { $0.pointee.model.id }
        case .modelProvider: { $0.pointee.model.provider }
        case .modelRegion: { $0.pointee.model.region }
        default: nil
        }
    }

    private static func unsupported<Value>(_ node: Typed) -> @Sendable (UnsafePointer<ConditionContext>) -> Outcome<Value> {
        let fault = EvaluationFault(kind: .unsupported, type: node.type, operation: .equal, offset: node.offset, length: node.length)
        return { _ in .failure(fault) }
    }
}
