// Splits condition text into tokens. Every offset and length counts Unicode
// scalars from the start of the condition text, the unit that the caller's
// `locate` closure maps into the policy file.
//
// Numbers are read as one run of letters, digits and dots after a leading
// digit and classified afterwards: all digits is an integer, digits with one
// inner dot a decimal (money), anything with a letter a duration such as
// `1h30m`. Their values are checked later, by the type checker, except the
// leading-zero rule for integers, which is purely lexical.

import PolicySource

/// One token with its place in the condition text.
struct Token: Sendable {
    var kind: TokenKind
    var offset: Int
    var length: Int
}

/// The kinds of token in the condition language.
enum TokenKind: Sendable, Equatable {
    case identifier(String)
    case integer(String)
    case decimal(String)
    case duration(String)
    case string(StringLiteral)
    case keywordTrue
    case keywordFalse
    case keywordIn
    case symbol(Symbol)
    case end
}

/// Punctuation and operators.
enum Symbol: String, Sendable, Equatable {
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case comma = ",", dot = "."
    case not = "!", and = "&&", or = "||"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case plus = "+", minus = "-", times = "*"
}

/// A decoded string literal. `scalarOffsets[i]` is the source offset of the
/// i-th scalar of `value`; it is nil when the literal has no escapes, in which
/// case scalar i sits at `contentOffset + i`.
struct StringLiteral: Sendable, Equatable {
    var value: String
    var contentOffset: Int
    var scalarOffsets: [Int]?

    /// Maps a scalar range inside `value` to a range in the condition text.
    func sourceRange(offset: Int, length: Int) -> (offset: Int, length: Int) {
        guard let offsets = scalarOffsets, !offsets.isEmpty else {
            return (contentOffset + offset, length)
        }
        let first = offsets[min(max(0, offset), offsets.count - 1)]
        let lastIndex = min(max(0, offset + max(1, length) - 1), offsets.count - 1)
        return (first, max(1, offsets[lastIndex] - first + 1))
    }
}

/// A finding made before the caller's `locate` closure is applied: the place
/// in the condition text and a builder for the diagnostic.
struct Problem: Sendable {
    var offset: Int
    var length: Int
    var make: @Sendable (SourceRange?) -> Diagnostic
}

// MARK: - Lexer

/// Reads tokens from an array of Unicode scalars. After a syntax error
/// (`failed` is true) it returns only `.end`.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private(set) var problems: [Problem] = []
    private(set) var failed = false

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    /// Reads the whole text. The last token is always `.end`.
    static func tokenize(_ scalars: [Unicode.Scalar]) -> (tokens: [Token], problems: [Problem], failed: Bool) {
        var lexer = Lexer(scalars)
        var tokens: [Token] = []
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .end { break }
        }
        return (tokens, lexer.problems, lexer.failed)
    }

    mutating func next() -> Token {
        skipWhitespace()
        guard !failed, position < scalars.count else {
            return Token(kind: .end, offset: scalars.count, length: 0)
        }
        let start = position
        let scalar = scalars[position]
        if Self.isIdentifierStart(scalar) { return identifier(from: start) }
        if Self.isDigit(scalar) { return number(from: start) }
        if scalar == "\"" || scalar == "'" { return string(from: start, quote: scalar) }
        return symbol(from: start)
    }

    // MARK: - Token kinds

    private mutating func identifier(from start: Int) -> Token {
        while position < scalars.count, Self.isIdentifierPart(scalars[position]) { position += 1 }
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        let kind: TokenKind =
            switch text {
            case "true": .keywordTrue
            case "false": .keywordFalse
            case "in": .keywordIn
            default: .identifier(text)
            }
        return Token(kind: kind, offset: start, length: position - start)
    }

    private mutating func number(from start: Int) -> Token {
        while position < scalars.count,
            Self.isIdentifierPart(scalars[position]) || scalars[position] == "."
        {
            position += 1
        }
        let run = scalars[start..<position]
        let text = String(String.UnicodeScalarView(run))
        let length = position - start
        if run.allSatisfy(Self.isDigit) {
            if run.count > 1, run.first == "0" {
                problems.append(Problem(offset: start, length: length) { .integerLeadingZero(text, at: $0) })
            }
            return Token(kind: .integer(text), offset: start, length: length)
        }
        if run.contains(where: Self.isLetter) {
            return Token(kind: .duration(text), offset: start, length: length)
        }
        return Token(kind: .decimal(text), offset: start, length: length)
    }

    private mutating func symbol(from start: Int) -> Token {
        let first = scalars[start]
        let second: Unicode.Scalar? = start + 1 < scalars.count ? scalars[start + 1] : nil
        let pair = second.map { String(first) + String($0) } ?? ""
        if let symbol = Symbol(rawValue: pair) {
            position += 2
            return Token(kind: .symbol(symbol), offset: start, length: 2)
        }
        if let symbol = Symbol(rawValue: String(first)) {
            position += 1
            return Token(kind: .symbol(symbol), offset: start, length: 1)
        }
        let hint: String? =
            switch first {
            case "=": "use '==' to compare"
            case "&": "use '&&' for a logical and"
            case "|": "use '||' for a logical or"
            default: nil
            }
        let shown = Self.printable(first)
        fail(offset: start, length: 1) { .unexpectedCharacter(shown, hint: hint, at: $0) }
        return Token(kind: .end, offset: start, length: 0)
    }

    // MARK: - Strings

    private mutating func string(from start: Int, quote: Unicode.Scalar) -> Token {
        position += 1
        var value = String.UnicodeScalarView()
        var offsets: [Int] = []
        var sawEscape = false
        while position < scalars.count, scalars[position] != quote {
            let scalarStart = position
            if scalars[position] == "\\" {
                sawEscape = true
                guard let decoded = escape() else { continue }
                value.append(decoded)
            } else {
                value.append(scalars[position])
                position += 1
            }
            offsets.append(scalarStart)
        }
        guard position < scalars.count else {
            fail(offset: start, length: 1) { .unterminatedString(at: $0) }
            return Token(kind: .end, offset: start, length: 0)
        }
        position += 1
        let literal = StringLiteral(
            value: String(value), contentOffset: start + 1, scalarOffsets: sawEscape ? offsets : nil)
        return Token(kind: .string(literal), offset: start, length: position - start)
    }

    /// Decodes the escape at `position`, which holds a backslash, and moves
    /// past it. Returns nil after reporting an invalid escape.
    private mutating func escape() -> Unicode.Scalar? {
        let start = position
        position += 1
        guard position < scalars.count else { return nil }
        let letter = scalars[position]
        position += 1
        switch letter {
        case "\"", "'", "\\": return letter
        case "n": return "\n"
        case "t": return "\t"
        case "u": return unicodeEscape(from: start)
        default:
            let shown = "\\" + Self.printable(letter)
            problems.append(Problem(offset: start, length: 2) { .invalidEscape(shown, at: $0) })
            return nil
        }
    }

    /// Decodes `\u{hex}` with one to six hex digits naming a Unicode scalar.
    private mutating func unicodeEscape(from start: Int) -> Unicode.Scalar? {
        var digits = ""
        var closed = false
        if position < scalars.count, scalars[position] == "{" {
            position += 1
            while position < scalars.count, scalars[position].properties.isASCIIHexDigit, digits.count < 7 {
                digits.unicodeScalars.append(scalars[position])
                position += 1
            }
            if position < scalars.count, scalars[position] == "}" {
                position += 1
                closed = true
            }
        }
        if closed, (1...6).contains(digits.count), let code = UInt32(digits, radix: 16),
            let scalar = Unicode.Scalar(code)
        {
            return scalar
        }
        let shown = String(String.UnicodeScalarView(scalars[start..<position].map { $0 }))
        problems.append(Problem(offset: start, length: position - start) { .invalidEscape(shown, at: $0) })
        return nil
    }

    // MARK: - Helpers

    private mutating func skipWhitespace() {
        while position < scalars.count, Self.isWhitespace(scalars[position]) { position += 1 }
    }

    private mutating func fail(offset: Int, length: Int, _ make: @escaping @Sendable (SourceRange?) -> Diagnostic) {
        problems.append(Problem(offset: offset, length: length, make: make))
        failed = true
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool { isLetter(scalar) || scalar == "_" }

    static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool { isIdentifierStart(scalar) || isDigit(scalar) }

    /// Shows a scalar in a message, escaping control characters.
    private static func printable(_ scalar: Unicode.Scalar) -> String {
        scalar.properties.generalCategory == .control ? scalar.escaped(asASCII: true) : String(scalar)
    }
}
