// Parser tables: valid conditions with their canonical text, and each
// syntax error with its code and the column of its caret.

import Testing

@testable import PolicyExpr

struct ParserTests {
    static let canonical: [(String, String)] = [
        ("request.scope == \"files:write\"", "request.scope == \"files:write\""),
        ("  request.scope==\"files:write\"  ", "request.scope == \"files:write\""),
        ("(request.scope == 'files:write')", "request.scope == \"files:write\""),
        ("key.id == \"a\" || key.id == \"b\" && key.team == \"c\"", "key.id == \"a\" || key.id == \"b\" && key.team == \"c\""),
        ("(key.id == \"a\" || key.id == \"b\") && key.team == \"c\"", "(key.id == \"a\" || key.id == \"b\") && key.team == \"c\""),
        ("key.id == \"a\" && (key.id == \"b\" && key.team == \"c\")", "key.id == \"a\" && key.id == \"b\" && key.team == \"c\""),
        ("!(request.scope == \"a\")", "!(request.scope == \"a\")"),
        ("! request.scope == \"a\"", "!(request.scope == \"a\")"),
        ("!!true", "!(!true)"),
        ("request.input_tokens + 1 * 2 > 3", "request.input_tokens + 1 * 2 > 3"),
        ("(request.input_tokens + 1) * 2 > 3", "(request.input_tokens + 1) * 2 > 3"),
        ("request.input_tokens - (1 - 2) > 0", "request.input_tokens - (1 - 2) > 0"),
        ("((request.input_tokens - 1) - 2) > 0", "request.input_tokens - 1 - 2 > 0"),
        ("-5 < request.input_tokens", "-5 < request.input_tokens"),
        ("- 5 < -request.input_tokens", "-5 < -request.input_tokens"),
        ("\"x\" in [\"b\", \"a\", \"b\",]", "\"x\" in [\"a\", \"b\"]"),
        ("request.labels[\"env\"] == \"prod\"", "request.labels[\"env\"] == \"prod\""),
        ("\"env\" in request.labels", "\"env\" in request.labels"),
        ("request.client_ip in [cidr(\"::1/128\"), cidr(\"10.0.0.0/8\")]", "request.client_ip in [cidr(\"10.0.0.0/8\"), cidr(\"::1/128\")]"),
        ("local_hour(request.time,'Europe/Berlin') < 6", "local_hour(request.time, \"Europe/Berlin\") < 6"),
        ("model.input_price > 5", "model.input_price > 5.0"),
        ("request.estimated_cost <= 0.50", "request.estimated_cost <= 0.5"),
        ("request.time - key.created_at > 90d", "request.time - key.created_at > 90d"),
        ("request.scope == \"a\\\"b\\\\c\\n\\u{41}\"", "request.scope == \"a\\\"b\\\\c\\nA\""),
        ("(true) == (1 < 2)", "true == (1 < 2)"),
        ("\"a\" in [\"a\"] == true", "\"a\" in [\"a\"] == true"),
        ("request.input_tokens > -9223372036854775808", "request.input_tokens > -9223372036854775808"),
        ("\"vision\" in model.capabilities", "\"vision\" in model.capabilities"),
        ("[] == model.capabilities", "[] == model.capabilities"),
    ]

    @Test(arguments: canonical)
    func canonicalText(_ source: String, _ expected: String) {
        let result = compile(source)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.condition?.canonicalText == expected)
        #expect(result.condition?.source == source)
    }

    @Test(arguments: canonical)
    func canonicalTextParsesBack(_ source: String, _ expected: String) {
        let again = compile(expected)
        #expect(again.condition?.canonicalText == expected)
    }

    static let syntaxErrors: [(String, Finding)] = [
        ("", Finding("E001", 1)),
        ("   ", Finding("E001", 4)),
        ("request.scope ==", Finding("E001", 17)),
        ("request.scope = \"a\"", Finding("E001", 15)),
        ("key.id == \"a\" & key.id == \"b\"", Finding("E001", 15)),
        ("key.id == \"a\" | key.id == \"b\"", Finding("E001", 15)),
        ("1 < 2 < 3", Finding("E001", 7)),
        ("1 == 2 != true", Finding("E001", 8)),
        ("\"a\" in [\"a\"] in [\"b\"]", Finding("E001", 14)),
        ("(request.scope == \"a\"", Finding("E001", 22)),
        ("request.scope == \"a\" )", Finding("E001", 22)),
        ("request.scope == \"a\" key.id", Finding("E001", 22)),
        ("request.scope == \"abc", Finding("E001", 18)),
        ("request.scope == 'abc\"", Finding("E001", 18)),
        ("request.", Finding("E001", 9)),
        ("request.5 == 1", Finding("E001", 9)),
        ("lower(\"a\",) == \"a\"", Finding("E001", 11)),
        ("lower(\"a\" == \"a\"", Finding("E001", 17)),
        ("request.scope == !true", Finding("E001", 18)),
        ("1 + !true", Finding("E001", 5)),
        ("#", Finding("E001", 1)),
        ("request.scope == \"a\" ; true", Finding("E001", 22)),
        ("[\"a\", \"b\"", Finding("E001", 10)),
        ("request.labels[\"a\" == \"b\"", Finding("E001", 26)),
        ("()", Finding("E001", 2)),
        ("&& true", Finding("E001", 1)),
        ("true &&", Finding("E001", 8)),
        ("in", Finding("E001", 1)),
    ]

    @Test(arguments: syntaxErrors)
    func syntaxError(_ source: String, _ expected: Finding) {
        let result = compile(source)
        #expect(result.condition == nil)
        #expect(result.findings == [expected])
    }

    @Test func chainedComparisonMessage() {
        let result = compile("1 < 2 < 3")
        #expect(result.diagnostics.first?.message == "comparisons do not chain: '<' follows another comparison")
        #expect(result.diagnostics.first?.hint == "join the comparisons with &&, for example 'a < b && b < c'")
    }

    @Test func singleEqualsHint() {
        let result = compile("request.scope = \"a\"")
        #expect(result.diagnostics.first?.message == "unexpected character '=' in condition")
        #expect(result.diagnostics.first?.hint == "use '==' to compare")
    }

    @Test func missingOperandMessage() {
        let result = compile("request.scope ==")
        #expect(result.diagnostics.first?.message == "expected an operand, found the end of the condition")
    }

    @Test func caretCoversOperatorToken() {
        let result = compile("1 <= 2 <= 3")
        #expect(result.diagnostics.first?.range?.start == 7)
        #expect(result.diagnostics.first?.range?.end == 9)
    }
}
