// The syntax tree of a condition as written, before names and types are
// resolved. Chains of `&&` and `||` are kept flat, so a long conjunction is
// one node and not a deep tree. Every node records its place in the
// condition text and its height, which the parser keeps within the depth
// limit so that every later recursive pass is bounded.

/// One node of the syntax tree.
struct Syntax: Sendable {
    var kind: SyntaxKind
    var offset: Int
    var length: Int
    /// 1 for a leaf, otherwise one more than the highest child.
    var height: Int

    /// The offset just past the node.
    var end: Int { offset + length }
}

/// The kinds of syntax node.
indirect enum SyntaxKind: Sendable {
    /// An integer literal with its sign applied; `text` is as written.
    case integer(Int64, text: String)
    /// An integer literal outside the Int64 range, already reported if used.
    case integerOutOfRange(text: String)
    case decimal(String)
    case duration(String)
    case string(StringLiteral)
    case bool(Bool)
    /// A dotted name such as `request.scope`.
    case path([String])
    case call(name: String, nameLength: Int, arguments: [Syntax])
    case list([Syntax])
    case index(Syntax, key: Syntax)
    case not(Syntax)
    case negate(Syntax)
    /// A comparison, `in`, or arithmetic; the operator's place is kept for diagnostics.
    case binary(BinaryOperator, Syntax, Syntax, operatorOffset: Int, operatorLength: Int)
    case logical(LogicalOperator, [Syntax])
}

/// Binary operators other than `&&` and `||`.
enum BinaryOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case member = "in"
    case plus = "+", minus = "-", times = "*"

    /// Whether the operator is one of the six comparisons.
    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        case .member, .plus, .minus, .times: false
        }
    }

    /// Binding strength, higher binds tighter; used by the printer.
    var precedence: Int {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: 4
        case .member: 5
        case .plus, .minus: 6
        case .times: 7
        }
    }
}

/// The two short-circuit operators.
enum LogicalOperator: String, Sendable {
    case and = "&&"
    case or = "||"

    /// Binding strength, higher binds tighter; used by the printer.
    var precedence: Int { self == .or ? 1 : 2 }
}
