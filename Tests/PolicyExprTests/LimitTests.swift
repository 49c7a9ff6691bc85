// The length and depth limits, checked before any recursion can exhaust
// the stack.

import Testing

@testable import PolicyExpr

struct LimitTests {
    @Test func tenThousandParenthesesRejected() {
        let text = String(repeating: "(", count: 10_000) + "true" + String(repeating: ")", count: 10_000)
        let result = compile(text)
        #expect(result.condition == nil)
        #expect(result.findings == [Finding("E007", 1)])
    }

    @Test func lengthLimitIsInclusive() {
        let padded = "true" + String(repeating: " ", count: ConditionCompiler.maxLength - 4)
        #expect(compile(padded).condition != nil)
        #expect(compile(padded + " ").findings == [Finding("E007", 1)])
    }

    @Test func lengthCountsScalarsNotBytes() {
        let text = "request.scope == \"" + String(repeating: "é", count: 3000) + "\""
        #expect(compile(text).condition != nil)
    }

    @Test func parenthesesAtDepthLimit() {
        let depth = ConditionCompiler.maxDepth
        let inside = String(repeating: "(", count: depth) + "true" + String(repeating: ")", count: depth)
        #expect(compile(inside).condition != nil)
        let beyond = "(" + inside + ")"
        #expect(compile(beyond).findings == [Finding("E007", depth + 1)])
    }

    @Test func twoThousandParenthesesRejected() {
        let text = String(repeating: "(", count: 2000) + "true" + String(repeating: ")", count: 2000)
        #expect(compile(text).findings.map(\.code) == ["E007"])
    }

    @Test func deepNegationRejected() {
        let text = String(repeating: "!", count: 2000) + "true"
        #expect(compile(text).findings.map(\.code) == ["E007"])
        #expect(compile(String(repeating: "-", count: 2000) + "1 > 0").findings.map(\.code) == ["E007"])
    }

    @Test func deepIndexAndCallsRejected() {
        let calls = String(repeating: "lower(", count: 1000) + "\"a\"" + String(repeating: ")", count: 1000) + " == \"a\""
        #expect(compile(calls).findings.map(\.code) == ["E007"])
        let lists = String(repeating: "[", count: 1500) + String(repeating: "]", count: 1500)
        #expect(compile(lists).findings.map(\.code) == ["E007"])
    }

    @Test func longArithmeticChainRejectedAtOperator() {
        let text = Array(repeating: "1", count: 70).joined(separator: " + ") + " > 0"
        // The 64th '+' would make the tree 65 levels high; it sits at offset 2 + 4 * 63.
        #expect(compile(text).findings == [Finding("E007", 2 + 4 * 63 + 1)])
    }

    @Test func longConjunctionStaysFlat() {
        let text = Array(repeating: "key.id == \"a\"", count: 200).joined(separator: " && ")
        #expect(text.count < ConditionCompiler.maxLength)
        let condition = compile(text).condition
        #expect(condition != nil)
        #expect(condition?.evaluate(fixedContext) == .false)
    }
}
