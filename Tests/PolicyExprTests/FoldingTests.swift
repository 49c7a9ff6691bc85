// Constant folding, the attributes a condition reads, and readsModel.

import Testing

@testable import PolicyExpr

struct FoldingTests {
    static let constants: [(String, Bool?)] = [
        ("true", true),
        ("false", false),
        ("1 > 2", false),
        ("1 + 2 == 3", true),
        ("\"a\" in [\"a\", \"b\"]", true),
        ("ip(\"10.0.0.1\") in cidr(\"10.0.0.0/8\")", true),
        ("ip(\"10.0.0.1\") in [cidr(\"11.0.0.0/8\")]", false),
        ("request.scope == \"a\" || true", true),
        ("true && request.scope == \"a\"", nil),
        ("false && request.scope == \"a\"", false),
        ("request.scope == \"a\" && false", false),
        ("request.input_tokens + 1 > 0 && false", nil),
        ("request.input_tokens + 1 > 0 || true", nil),
        ("local_hour(timestamp(\"2025-03-30T01:30:00Z\"), \"Europe/Berlin\") == 3", true),
        ("lower(\"A\") == \"a\"", true),
        ("!(1 < 2)", false),
        ("5.0 == 5", true),
        ("timestamp(\"2025-01-02T00:00:00Z\") - timestamp(\"2025-01-01T00:00:00Z\") == 1d", true),
        ("size([\"a\", \"a\", \"b\"]) == 2", true),
        ("[] == []", true),
        ("request.scope == request.scope", nil),
    ]

    @Test(arguments: constants)
    func constantValue(_ source: String, _ expected: Bool?) {
        let result = compile(source)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.condition?.constantValue == expected)
    }

    @Test(arguments: constants)
    func constantMatchesEvaluation(_ source: String, _ expected: Bool?) {
        guard let expected else { return }
        #expect(evaluate(source) == (expected ? .true : .false))
    }

    @Test func constantOverflowIsReported() {
        let result = compile("9223372036854775807 + 1 > 0")
        #expect(result.findings == [Finding("E008", 21)])
        #expect(result.diagnostics.first?.message == "the constant result of '+' overflows int")
    }

    @Test func foldingKeepsCanonicalText() {
        #expect(compile("1 + 2 == 3").condition?.canonicalText == "1 + 2 == 3")
    }

    static let modelReads: [(String, Bool)] = [
        ("model.id == \"x\"", true),
        ("request.estimated_cost > 1", true),
        ("\"vision\" in model.capabilities", true),
        ("request.scope == \"x\"", false),
        ("request.model == \"x\"", false),
        ("false && model.id == \"x\"", false),
        ("key.id == \"a\" || model.latency < 1s", true),
    ]

    @Test(arguments: modelReads)
    func readsModel(_ source: String, _ expected: Bool) {
        #expect(compile(source).condition?.readsModel == expected)
    }

    @Test func attributesRead() {
        let condition = compile(
            "request.scope == \"a\" && request.labels[\"x\"] == \"\" && \"vision\" in model.capabilities || local_hour(request.time, \"UTC\") < 6"
        ).condition
        #expect(condition?.attributes == ["request.scope", "request.labels", "model.capabilities", "request.time"])
    }

    @Test func constantConditionReadsNothing() {
        #expect(compile("1 < 2").condition?.attributes == [])
        #expect(compile("false && key.id == \"a\"").condition?.attributes == [])
    }
}
