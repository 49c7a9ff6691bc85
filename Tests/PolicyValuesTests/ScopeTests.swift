// Tests for scope names, scope patterns and matching.

import Testing

@testable import PolicyValues

@Suite struct ScopeTests {
    @Test(arguments: ["chat", "chat:completions", "a:b:c:d:e:f:g:h", "models:gpt-4o_mini", "x1:y-2"])
    func namesParse(_ input: String) {
        #expect(value(ScopeName.parse(input))?.description == input)
    }

    static let invalidNames: [ExpectedError] = [
        ExpectedError("", "V013", 0, 0),
        ExpectedError("Chat:x", "V013", 0, 4),
        ExpectedError("chat:", "V013", 5, 0),
        ExpectedError(":chat", "V013", 0, 1),
        ExpectedError("chat::x", "V013", 5, 1),
        ExpectedError("a:b:c:d:e:f:g:h:i", "V013", 16, 1),
        ExpectedError("chat:*", "V013", 5, 1),
        ExpectedError("1chat", "V013", 0, 5),
        ExpectedError("chat:comp letions", "V013", 5, 12),
        ExpectedError("chat:complétions", "V013", 5, 11),
        ExpectedError("chat:" + String(repeating: "a", count: 65), "V013", 5, 65),
    ]

    @Test(arguments: invalidNames)
    func namesRejected(_ expected: ExpectedError) {
        expectFailure(ScopeName.parse(expected.text), expected)
    }

    static let invalidPatterns: [ExpectedError] = [
        ExpectedError("chat:*completions", "V013", 5, 12),
        ExpectedError("**:chat", "V013", 0, 2),
        ExpectedError("chat:***", "V013", 5, 3),
        ExpectedError("chat:**:x", "V013", 5, 2),
        ExpectedError("Chat:*", "V013", 0, 4),
    ]

    @Test(arguments: invalidPatterns)
    func patternsRejected(_ expected: ExpectedError) {
        expectFailure(ScopePattern.parse(expected.text), expected)
    }

    @Test func partialWildcardHint() throws {
        let error = try #require(ScopePattern.parse("chat:*completions").failure)
        #expect(error.hint?.contains("whole segment") == true)
    }

    static let matching: [(pattern: String, scope: String, matches: Bool)] = [
        ("chat:*", "chat:completions", true),
        ("chat:*", "chat", false),
        ("chat:*", "chat:a:b", false),
        ("chat:**", "chat:a:b", true),
        ("chat:**", "chat:a", true),
        ("chat:**", "chat", false),
        ("chat:**", "chatter:a", false),
        ("**", "x", true),
        ("**", "x:y:z", true),
        ("*", "x", true),
        ("*", "x:y", false),
        ("*:completions", "chat:completions", true),
        ("*:completions", "chat:embeddings", false),
        ("chat:completions", "chat:completions", true),
        ("chat:completions", "chat:completion", false),
        ("chat", "chat:x", false),
        ("a:*:c", "a:b:c", true),
        ("a:*:c", "a:b:d", false),
        ("a:*:**", "a:b:c:d", true),
        ("a:*:**", "a:b", false),
    ]

    @Test(arguments: matching)
    func patternMatches(_ row: (pattern: String, scope: String, matches: Bool)) throws {
        let pattern = try #require(value(ScopePattern.parse(row.pattern)))
        let scope = try #require(value(ScopeName.parse(row.scope)))
        #expect(pattern.matches(scope) == row.matches)
    }

    @Test func literalPatterns() throws {
        #expect(try #require(value(ScopePattern.parse("chat:completions"))).isLiteral)
        #expect(try !#require(value(ScopePattern.parse("chat:*"))).isLiteral)
    }
}
