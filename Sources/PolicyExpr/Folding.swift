// Constant folding on the typed tree. A subtree that reads no attribute is
// evaluated once at compile time and replaced by its value. `&&` and `||`
// drop constant operands where that cannot change the result. Folding never
// turns a run-time error into a value: an operand that can fail is kept in
// front of a constant that would decide the result. Constant arithmetic
// that overflows is reported as E008, since it would fail on every request.

import PolicySource

/// Folds constants bottom-up. The tree's height is bounded by the parser,
/// so the recursion is too.
struct Folder {
    private(set) var problems: [Problem] = []

    /// The context used to run constant subtrees; they read none of it.
    private static let placeholder = ConditionContext()

    mutating func fold(_ node: Typed) -> Typed {
        var folded = node
        folded.kind = foldChildren(node.kind)
        if case .logical(let op, let items) = folded.kind {
            return simplify(op, items, folded)
        }
        // Only a node whose children all folded is evaluated, so an overflow
        // deep in a constant subtree is reported once, at its operator.
        let children = folded.children
        guard !children.isEmpty, children.allSatisfy(\.isConstant), let value = evaluate(folded) else { return folded }
        // The folded expression, printed, is its spelling: the parts of a split
        // condition are printed from the folded tree.
        folded.kind = .constant(value, spelling: Printer.printOperand(folded))
        return folded
    }

    private mutating func foldChildren(_ kind: TypedKind) -> TypedKind {
        switch kind {
        case .constant, .attribute, .poisoned: kind
        case .index(let base, let key): .index(fold(base), key: fold(key))
        case .not(let operand): .not(fold(operand))
        case .negate(let operand): .negate(fold(operand))
        case .logical(let op, let items): .logical(op, items.map { fold($0) })
        case .compare(let op, let left, let right): .compare(op, fold(left), fold(right))
        case .arithmetic(let op, let left, let right, let offset, let length):
            .arithmetic(op, fold(left), fold(right), operatorOffset: offset, operatorLength: length)
        case .member(let left, let right): .member(fold(left), fold(right))
        case .call(let function, let arguments): .call(function, arguments.map { fold($0) })
        case .zoned(let function, let argument, let zone, let zoneName):
            .zoned(function, fold(argument), zone: zone, zoneName: zoneName)
        }
    }

    /// Drops operands of `&&` (or `||`) that are constant true (false), and
    /// stops at a constant false (true), which decides the result.
    private func simplify(_ op: LogicalOperator, _ items: [Typed], _ node: Typed) -> Typed {
        let deciding = op == .or
        var kept: [Typed] = []
        for item in items {
            guard case .constant(.bool(let value), _) = item.kind else {
                kept.append(item)
                continue
            }
            guard value == deciding else { continue }
            // The operands before the deciding constant still run, and may fail.
            if kept.contains(where: \.canFail) {
                kept.append(item)
                break
            }
            return constant(deciding, like: node)
        }
        if kept.isEmpty { return constant(!deciding, like: node) }
        if kept.count == 1 { return kept[0] }
        var simplified = node
        simplified.kind = .logical(op, kept)
        return simplified
    }

    private func constant(_ value: Bool, like node: Typed) -> Typed {
        Typed(kind: .constant(.bool(value), spelling: value ? "true" : "false"), type: .bool, offset: node.offset, length: node.length)
    }

    /// Runs a constant subtree, reporting an overflow; nil when the type is
    /// not one that folds or the evaluation failed.
    private mutating func evaluate(_ node: Typed) -> Constant? {
        let outcome: Outcome<Constant>
        let placeholder = Self.placeholder
        switch node.type {
        case .bool: outcome = withUnsafePointer(to: placeholder) { Lowering.bool(node)($0).map { .bool($0) } }
        case .string: outcome = withUnsafePointer(to: placeholder) { Lowering.string(node)($0).map { .string($0) } }
        case let type where type.isNumeric: outcome = withUnsafePointer(to: placeholder) { Lowering.number(node)($0).map { .number($0) } }
        default: return nil
        }
        switch outcome {
        case .success(let value):
            return value
        case .failure(let fault):
            if fault.kind == .overflow {
                let (text, type) = (fault.operation.rawValue, fault.type.name)
                problems.append(Problem(offset: fault.offset, length: fault.length) { .constantOverflow(text, type: type, at: $0) })
            }
            return nil
        }
    }
}
