// The typed tree the checker produces: every node has a resolved type,
// literals are parsed into values, attribute paths into `Attribute` cases
// and time zones into ZoneRules. The printer, the constant folder and the
// lowering to closures all read this tree.

import PolicyValues

/// One typed node with its place in the condition text.
struct Typed: Sendable {
    var kind: TypedKind
    var type: ValueType
    var offset: Int
    var length: Int

    /// A node of type `error`, which every later check accepts silently.
    static func poisoned(_ syntax: Syntax) -> Typed {
        Typed(kind: .poisoned, type: .error, offset: syntax.offset, length: syntax.length)
    }

    /// Whether this node is an integer literal, the one value that may stand
    /// where money is expected.
    var isIntegerLiteral: Bool {
        if case .constant(.number, _) = kind, type == .int { return true }
        return false
    }
}

/// The kinds of typed node.
indirect enum TypedKind: Sendable {
    /// A value known at compile time, with its canonical spelling.
    case constant(Constant, spelling: String)
    case attribute(Attribute)
    case index(Typed, key: Typed)
    case not(Typed)
    case negate(Typed)
    case logical(LogicalOperator, [Typed])
    case compare(BinaryOperator, Typed, Typed)
    /// `+`, `-` or `*`; the operator's place is where an overflow is reported.
    case arithmetic(BinaryOperator, Typed, Typed, operatorOffset: Int, operatorLength: Int)
    case member(Typed, Typed)
    /// A function without a zone argument: starts_with, ends_with, contains, size, lower.
    case call(Builtin, [Typed])
    /// local_hour, local_time or weekday with its zone resolved.
    case zoned(Builtin, Typed, zone: ZoneRules, zoneName: String)
    case poisoned
}

/// A compile-time value. Numeric types share `number`, read as the type of
/// the node that contains it (see `ValueType.isNumeric`).
enum Constant: Sendable {
    case bool(Bool)
    case number(Int64)
    case string(String)
    case ip(IPAddress)
    case cidr(CIDR)
    case stringSet(Set<String>)
    case cidrList([CIDR])
}

extension Typed {
    /// Calls `visit` on this node and every node below it.
    func forEachNode(_ visit: (Typed) -> Void) {
        visit(self)
        for child in children { child.forEachNode(visit) }
    }

    /// The direct children of this node.
    var children: [Typed] {
        switch kind {
        case .constant, .attribute, .poisoned: []
        case .index(let base, let key): [base, key]
        case .not(let operand), .negate(let operand): [operand]
        case .logical(_, let items): items
        case .compare(_, let left, let right), .arithmetic(_, let left, let right, _, _), .member(let left, let right):
            [left, right]
        case .call(_, let arguments): arguments
        case .zoned(_, let argument, _, _): [argument]
        }
    }

    /// Whether evaluating this node can raise an error at run time, which
    /// only overflowing arithmetic does.
    var canFail: Bool {
        switch kind {
        case .arithmetic, .negate: true
        default: children.contains { $0.canFail }
        }
    }

    /// Whether this node or one below it reads an attribute that depends on
    /// the model under consideration.
    var readsModel: Bool {
        if case .attribute(let attribute) = kind { return attribute.dependsOnModel }
        return children.contains { $0.readsModel }
    }

    /// The operands of this `&&` in order, with the operands of a nested
    /// `&&` spliced in its place; nil when this node is not a `&&`. The
    /// checker already splices nested `&&`, but folding can leave one, as
    /// in `a && (b && c || false)`.
    var conjuncts: [Typed]? {
        guard case .logical(.and, let items) = kind else { return nil }
        return items.flatMap { $0.conjuncts ?? [$0] }
    }

    /// Whether this node is a compile-time value.
    var isConstant: Bool {
        if case .constant = kind { return true }
        return false
    }
}
