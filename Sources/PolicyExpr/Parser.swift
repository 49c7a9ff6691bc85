// Recursive-descent parser from tokens to the syntax tree. It stops at the
// first syntax error, because the tokens after a misplaced one rarely mean
// what the author intended. Literal problems found by the lexer do not stop
// it. Recursion depth and tree height are both kept within `maxDepth`, so a
// hostile condition cannot exhaust the stack here or in any later pass.
//
// Precedence, loosest first: `||`, `&&`, prefix `!`, the comparisons (which
// do not chain), `in` (which does not chain), `+ -`, `*`, prefix `-`, then
// indexing `x[k]`. grammar/conditions.ebnf states the same rules.

import PolicySource

/// A parser for one condition. After a syntax error or a limit violation,
/// `problems` contains it and `parseCondition` returns nil.
struct Parser {
    private let tokens: [Token]
    private let maxDepth: Int
    private var index = 0
    private var nesting = 0
    private(set) var problems: [Problem] = []
    private(set) var failed = false

    init(tokens: [Token], maxDepth: Int) {
        self.tokens = tokens
        self.maxDepth = maxDepth
    }

    /// Parses a whole condition; nil after a syntax error.
    mutating func parseCondition() -> Syntax? {
        if current.kind == .end {
            fail(at: current) { .emptyCondition(at: $0) }
            return nil
        }
        let expression = parseOr()
        if !failed, current.kind != .end {
            let found = describe(current)
            fail(at: current) { .expectedToken("an operator or the end of the condition", found: found, at: $0) }
        }
        return failed ? nil : expression
    }

    // MARK: - Operators

    private mutating func parseOr() -> Syntax {
        parseLogical(.or, symbol: .or) { $0.parseAnd() }
    }

    private mutating func parseAnd() -> Syntax {
        parseLogical(.and, symbol: .and) { $0.parseNot() }
    }

    private mutating func parseLogical(
        _ logical: LogicalOperator, symbol: Symbol, operand: (inout Parser) -> Syntax
    ) -> Syntax {
        var items = [operand(&self)]
        while !failed, current.kind == .symbol(symbol) {
            advance()
            items.append(operand(&self))
        }
        guard items.count > 1, let first = items.first, let last = items.last else { return items[0] }
        return node(.logical(logical, items), from: first.offset, to: last.end, children: items, at: first)
    }

    private mutating func parseNot() -> Syntax {
        guard current.kind == .symbol(.not) else { return parseComparison() }
        let bang = current
        advance()
        guard enter(bang) else { return poison }
        let operand = parseNot()
        nesting -= 1
        return node(.not(operand), from: bang.offset, to: operand.end, children: [operand], at: bang)
    }

    private mutating func parseComparison() -> Syntax {
        let left = parseMembership()
        guard !failed, let op = comparisonOperator(current) else { return left }
        let operatorToken = current
        advance()
        let right = parseMembership()
        if !failed, comparisonOperator(current) != nil {
            let text = current.kind.symbolText
            fail(at: current) { .chainedComparison(text, at: $0) }
        }
        return binary(op, left, right, operatorToken)
    }

    private mutating func parseMembership() -> Syntax {
        let left = parseAdditive()
        guard !failed, current.kind == .keywordIn else { return left }
        let operatorToken = current
        advance()
        let right = parseAdditive()
        if !failed, current.kind == .keywordIn {
            fail(at: current) { .chainedMembership(at: $0) }
        }
        return binary(.member, left, right, operatorToken)
    }

    private mutating func parseAdditive() -> Syntax {
        var left = parseMultiplicative()
        while !failed, current.kind == .symbol(.plus) || current.kind == .symbol(.minus) {
            let operatorToken = current
            advance()
            let right = parseMultiplicative()
            left = binary(operatorToken.kind == .symbol(.plus) ? .plus : .minus, left, right, operatorToken)
        }
        return left
    }

    private mutating func parseMultiplicative() -> Syntax {
        var left = parseUnary()
        while !failed, current.kind == .symbol(.times) {
            let operatorToken = current
            advance()
            let right = parseUnary()
            left = binary(.times, left, right, operatorToken)
        }
        return left
    }

    /// Parses prefix `-`. A minus directly on an integer literal becomes a
    /// negative literal, so that -9223372036854775808 can be written.
    private mutating func parseUnary() -> Syntax {
        guard current.kind == .symbol(.minus) else { return parsePostfix() }
        let minus = current
        advance()
        guard enter(minus) else { return poison }
        let operand = parseUnary()
        nesting -= 1
        switch operand.kind {
        case .integer(let value, let text) where value != .min:
            return Syntax(kind: .integer(-value, text: "-" + text), offset: minus.offset, length: operand.end - minus.offset, height: 1)
        case .integerOutOfRange(let text):
            let negated = "-" + text
            let kind: SyntaxKind = Int64(negated).map { .integer($0, text: negated) } ?? .integerOutOfRange(text: negated)
            return Syntax(kind: kind, offset: minus.offset, length: operand.end - minus.offset, height: 1)
        default:
            return node(.negate(operand), from: minus.offset, to: operand.end, children: [operand], at: minus)
        }
    }

    private mutating func parsePostfix() -> Syntax {
        var base = parsePrimary()
        while !failed, current.kind == .symbol(.leftBracket) {
            let bracket = current
            advance()
            guard enter(bracket) else { return poison }
            let key = parseOr()
            nesting -= 1
            let closing = expect(.rightBracket, "']' to close the index")
            base = node(.index(base, key: key), from: base.offset, to: closing, children: [base, key], at: bracket)
        }
        return base
    }

    // MARK: - Operands

    private mutating func parsePrimary() -> Syntax {
        let token = current
        switch token.kind {
        case .integer(let text):
            advance()
            let kind: SyntaxKind = Int64(text).map { .integer($0, text: text) } ?? .integerOutOfRange(text: text)
            return leaf(kind, token)
        case .decimal(let text):
            advance()
            return leaf(.decimal(text), token)
        case .duration(let text):
            advance()
            return leaf(.duration(text), token)
        case .string(let literal):
            advance()
            return leaf(.string(literal), token)
        case .keywordTrue, .keywordFalse:
            advance()
            return leaf(.bool(token.kind == .keywordTrue), token)
        case .identifier:
            return parseName()
        case .symbol(.leftParen):
            return parseParenthesized()
        case .symbol(.leftBracket):
            return parseList()
        case .symbol(.not):
            fail(at: token) { .negationNeedsParentheses(at: $0) }
            return poison
        default:
            let found = describe(token)
            fail(at: token) { .expectedToken("an operand", found: found, at: $0) }
            return poison
        }
    }

    /// Parses an attribute path such as `request.scope`, or a call such as `lower(x)`.
    private mutating func parseName() -> Syntax {
        let start = current
        var parts: [String] = []
        var end = start.offset
        while case .identifier(let name) = current.kind {
            parts.append(name)
            end = current.offset + current.length
            advance()
            guard current.kind == .symbol(.dot) else { break }
            advance()
            guard case .identifier = current.kind else {
                let found = describe(current)
                fail(at: current) { .expectedToken("an attribute name after '.'", found: found, at: $0) }
                return poison
            }
        }
        guard current.kind == .symbol(.leftParen) else {
            return Syntax(kind: .path(parts), offset: start.offset, length: end - start.offset, height: 1)
        }
        let name = parts.joined(separator: ".")
        let arguments = parseSequence(closing: .rightParen, what: "')' to close the argument list")
        let close = tokens[index - 1]
        let call = SyntaxKind.call(name: name, nameLength: end - start.offset, arguments: arguments)
        return node(call, from: start.offset, to: close.offset + close.length, children: arguments, at: start)
    }

    private mutating func parseParenthesized() -> Syntax {
        let open = current
        advance()
        guard enter(open) else { return poison }
        // The node keeps its own range, without the parentheses, so a caret
        // lands on the subexpression itself.
        let inner = parseOr()
        nesting -= 1
        _ = expect(.rightParen, "')' to close '('")
        return inner
    }

    private mutating func parseList() -> Syntax {
        let open = current
        let elements = parseSequence(closing: .rightBracket, what: "']' to close the list")
        let close = tokens[index - 1]
        return node(.list(elements), from: open.offset, to: close.offset + close.length, children: elements, at: open)
    }

    /// Parses `( a, b )` or `[ a, b, ]` starting at the opening token. A
    /// trailing comma is accepted only in lists.
    private mutating func parseSequence(closing: Symbol, what: String) -> [Syntax] {
        let open = current
        advance()
        guard enter(open) else { return [] }
        defer { nesting -= 1 }
        var items: [Syntax] = []
        while !failed, current.kind != .symbol(closing) {
            items.append(parseOr())
            guard !failed, current.kind == .symbol(.comma) else { break }
            advance()
            if closing == .rightParen, current.kind == .symbol(closing) {
                let found = describe(current)
                fail(at: current) { .expectedToken("an argument after ','", found: found, at: $0) }
            }
        }
        _ = expect(closing, what)
        return items
    }

    // MARK: - Helpers

    private var current: Token { tokens[min(index, tokens.count - 1)] }

    private mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    /// Consumes the expected symbol and returns the offset just past it.
    private mutating func expect(_ symbol: Symbol, _ what: String) -> Int {
        guard !failed else { return current.offset }
        guard current.kind == .symbol(symbol) else {
            let found = describe(current)
            fail(at: current) { .expectedToken(what, found: found, at: $0) }
            return current.offset
        }
        let end = current.offset + current.length
        advance()
        return end
    }

    /// Counts one more level of recursion; false, after reporting, when that
    /// exceeds the depth limit.
    private mutating func enter(_ token: Token) -> Bool {
        guard !failed else { return false }
        nesting += 1
        guard nesting <= maxDepth else {
            nesting -= 1
            reportDepth(at: token)
            return false
        }
        return true
    }

    private func comparisonOperator(_ token: Token) -> BinaryOperator? {
        guard case .symbol(let symbol) = token.kind, let op = BinaryOperator(rawValue: symbol.rawValue),
            op.isComparison
        else { return nil }
        return op
    }

    private mutating func binary(_ op: BinaryOperator, _ left: Syntax, _ right: Syntax, _ token: Token) -> Syntax {
        let kind = SyntaxKind.binary(op, left, right, operatorOffset: token.offset, operatorLength: token.length)
        return node(kind, from: left.offset, to: right.end, children: [left, right], at: token)
    }

    /// Builds an inner node, reporting E007 at `token` when its height
    /// exceeds the depth limit.
    private mutating func node(_ kind: SyntaxKind, from start: Int, to end: Int, children: [Syntax], at token: Token) -> Syntax {
        let height = (children.map(\.height).max() ?? 0) + 1
        if height > maxDepth, !failed { reportDepth(at: token) }
        return Syntax(kind: kind, offset: start, length: end - start, height: height)
    }

    private mutating func node(_ kind: SyntaxKind, from start: Int, to end: Int, children: [Syntax], at first: Syntax) -> Syntax {
        node(kind, from: start, to: end, children: children, at: Token(kind: .end, offset: first.offset, length: first.length))
    }

    private func leaf(_ kind: SyntaxKind, _ token: Token) -> Syntax {
        Syntax(kind: kind, offset: token.offset, length: token.length, height: 1)
    }

    private var poison: Syntax {
        Syntax(kind: .bool(false), offset: current.offset, length: 0, height: 1)
    }

    private mutating func reportDepth(at token: Token) {
        let maximum = maxDepth
        fail(at: token) { .conditionTooDeep(maximum: maximum, at: $0) }
    }

    private mutating func fail(at token: Token, _ make: @escaping @Sendable (SourceRange?) -> Diagnostic) {
        guard !failed else { return }
        failed = true
        problems.append(Problem(offset: token.offset, length: token.length, make: make))
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .end: "the end of the condition"
        case .identifier(let name): "'\(name)'"
        case .integer(let text), .decimal(let text), .duration(let text): "'\(text)'"
        case .string: "a string literal"
        case .keywordTrue: "'true'"
        case .keywordFalse: "'false'"
        case .keywordIn: "'in'"
        case .symbol(let symbol): "'\(symbol.rawValue)'"
        }
    }
}

extension TokenKind {
    /// The operator text of a symbol token, or "" for other tokens.
    fileprivate var symbolText: String {
        if case .symbol(let symbol) = self { return symbol.rawValue }
        return ""
    }
}
