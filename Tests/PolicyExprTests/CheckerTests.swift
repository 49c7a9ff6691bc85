// Type checker tables: each rejected operator and type pair, unknown
// attributes and functions, invalid literals, and the rule that one
// mistake gives one diagnostic.

import PolicySource
import Testing

@testable import PolicyExpr

struct CheckerTests {
    static let typeErrors: [(String, [Finding])] = [
        ("model.input_price > request.input_tokens", [Finding("E003", 19)]),
        ("request.scope < 5", [Finding("E003", 15)]),
        ("model.latency > 5", [Finding("E003", 15)]),
        ("request.time > \"2025-01-01\"", [Finding("E003", 14)]),
        ("request.client_ip == \"10.0.0.1\"", [Finding("E003", 19)]),
        ("request.client_ip < ip(\"10.0.0.1\")", [Finding("E003", 19)]),
        ("model.capabilities < [\"a\"]", [Finding("E003", 20)]),
        ("true < false", [Finding("E003", 6)]),
        ("[cidr(\"10.0.0.0/8\")] == [cidr(\"10.0.0.0/8\")]", [Finding("E003", 22)]),
        ("\"a\" in \"abc\"", [Finding("E003", 5)]),
        ("request.client_ip in \"10.0.0.0/8\"", [Finding("E003", 19)]),
        ("1 in [\"a\"]", [Finding("E003", 3)]),
        ("request.scope in [cidr(\"10.0.0.0/8\")]", [Finding("E003", 15)]),
        ("request.scope + \"x\" == \"y\"", [Finding("E003", 15)]),
        ("model.input_price * model.output_price > 1", [Finding("E003", 19)]),
        ("request.time + request.time > request.time", [Finding("E003", 14)]),
        ("model.latency - request.time > 1s", [Finding("E003", 15)]),
        ("model.latency * 2 > 1s", [Finding("E003", 15)]),
        ("!request.scope", [Finding("E003", 2)]),
        ("-request.scope == \"\"", [Finding("E003", 2)]),
        ("-request.time == request.time", [Finding("E003", 2)]),
        ("request.scope[\"x\"] == \"\"", [Finding("E003", 1)]),
        ("request.labels[1] == \"\"", [Finding("E003", 16)]),
        ("request.scope && true", [Finding("E003", 1)]),
        ("true || 1", [Finding("E003", 9)]),
        ("[request.scope] == []", [Finding("E003", 2)]),
        ("[\"a\", cidr(\"10.0.0.0/8\")] == []", [Finding("E003", 7)]),
        ("request.input_tokens == 1.5", [Finding("E003", 22)]),
        ("size(request.scope) > 1", [Finding("E003", 6)]),
        ("starts_with(request.scope, 1)", [Finding("E003", 28)]),
        ("weekday(request.time, \"UTC\") == 1", [Finding("E003", 30)]),
        ("time(\"22:30\") > local_hour(request.time, \"UTC\")", [Finding("E003", 15)]),
        ("local_hour(request.scope, \"UTC\") < 6", [Finding("E003", 12)]),
        ("local_hour(request.time, request.scope) < 6", [Finding("E003", 26)]),
        ("ip(request.scope) == request.client_ip", [Finding("E003", 4)]),
    ]

    @Test(arguments: typeErrors)
    func typeError(_ source: String, _ expected: [Finding]) {
        let result = compile(source)
        #expect(result.condition == nil)
        #expect(result.findings == expected)
    }

    @Test func moneyVersusIntWording() {
        let result = compile("model.input_price > request.input_tokens")
        #expect(result.diagnostics.first?.message == "type mismatch in '>': have money and int, want two int, money, duration, timestamp, time_of_day or string values")
        #expect(result.diagnostics.first?.hint == "money and int do not mix; only an integer literal such as 5 converts to money")
    }

    @Test func integerLiteralConvertsToMoney() {
        #expect(compile("model.input_price > 5").diagnostics.isEmpty)
        #expect(compile("5 <= model.input_price").diagnostics.isEmpty)
        #expect(compile("model.input_price + 1 > 2").diagnostics.isEmpty)
        #expect(compile("model.input_price > -5").diagnostics.isEmpty)
    }

    static let notBool: [(String, Finding)] = [
        ("request.input_tokens", Finding("E004", 1)),
        ("1 + 2", Finding("E004", 1)),
        ("  (request.scope)  ", Finding("E004", 4)),
        ("model.capabilities", Finding("E004", 1)),
        ("request.labels[\"x\"]", Finding("E004", 1)),
    ]

    @Test(arguments: notBool)
    func conditionNotBool(_ source: String, _ expected: Finding) {
        let result = compile(source)
        #expect(result.findings == [expected])
    }

    @Test func conditionNotBoolWording() {
        let result = compile("request.input_tokens")
        #expect(result.diagnostics.first?.message == "the condition has type int, want bool")
    }

    static let unknownNames: [(String, Finding, String?)] = [
        ("req.scope == \"\"", Finding("E002", 1), "did you mean 'request.scope'?"),
        ("request.scop == \"\"", Finding("E002", 1), "did you mean 'request.scope'?"),
        ("request.labels.env == \"\"", Finding("E002", 1), "read a label with request.labels[\"env\"]"),
        ("key.name == \"\"", Finding("E002", 1), "the key attributes are id, team, tier, owner, created_at, labels"),
        ("foo == 1", Finding("E002", 1), "attributes start with 'request.', 'key.' or 'model.'"),
        ("true && model.cost > 1", Finding("E002", 9), nil),
        ("lcoal_hour(request.time, \"UTC\") < 6", Finding("E005", 1), "did you mean 'local_hour'?"),
        ("local_hour(request.time) < 6", Finding("E005", 1), "call it as local_hour(timestamp, \"Europe/Berlin\")"),
        ("lower() == \"\"", Finding("E005", 1), "call it as lower(string)"),
        ("request.lower(\"a\") == \"a\"", Finding("E005", 1), nil),
    ]

    @Test(arguments: unknownNames)
    func unknownName(_ source: String, _ expected: Finding, _ hint: String?) {
        let result = compile(source)
        #expect(result.findings == [expected])
        if let hint {
            #expect(result.diagnostics.first?.hint == hint)
        }
    }

    static let invalidLiterals: [(String, Finding)] = [
        ("010 == request.input_tokens", Finding("E006", 1)),
        ("99999999999999999999 > request.input_tokens", Finding("E006", 1)),
        ("-9223372036854775809 < request.input_tokens", Finding("E006", 1)),
        ("model.input_price > 99999999999999", Finding("E006", 21)),
        ("request.scope == \"\\q\"", Finding("E006", 19)),
        ("request.scope == \"\\u{110000}\"", Finding("E006", 19)),
        ("request.scope == \"\\u{}\"", Finding("E006", 19)),
        ("local_hour(request.time, \"Mars/Base\") < 6", Finding("E006", 27)),
        ("request.client_ip == ip(\"10.0.0.x\")", Finding("E006", 26)),
        ("request.client_ip in cidr(\"10.0.0.0/40\")", Finding("E006", 28)),
        ("request.time > timestamp(\"yesterday\")", Finding("E006", 27)),
        ("local_time(request.time, \"UTC\") > time(\"noon\")", Finding("E006", 41)),
        ("model.latency > duration(\"soon\")", Finding("E006", 27)),
        ("model.latency > 5y", Finding("E006", 17)),
        ("request.estimated_cost > 00.5", Finding("E006", 26)),
    ]

    @Test(arguments: invalidLiterals)
    func invalidLiteral(_ source: String, _ expected: Finding) {
        let result = compile(source)
        #expect(result.condition == nil)
        #expect(result.findings.count == 1)
        #expect(result.findings.first?.code == expected.code)
        // The caret is inside the literal, at or after its first character.
        #expect((result.findings.first?.column ?? 0) >= expected.column)
        #expect((result.findings.first?.column ?? 0) < expected.column + 12)
    }

    @Test func invalidAddressCaretOnBadPart() {
        let result = compile("ip(\"10.0.0.300\") == request.client_ip")
        #expect(result.findings.first?.code == "E006")
        // "10.0.0." starts at column 5, so the bad octet is at column 12.
        #expect(result.findings.first?.column == 12)
    }

    @Test func unknownZoneKeepsValueHint() {
        let result = compile("local_hour(request.time, \"Europe/Berln\") < 6")
        #expect(result.findings == [Finding("E006", 27)])
        #expect(result.diagnostics.first?.hint != nil)
    }

    @Test func escapedLiteralCaretMapsThroughEscapes() {
        // The value is "1\u{30}.0.0.x"; the bad part "x" sits after the escape.
        let result = compile("ip(\"1\\u{30}.0.0.x\") == request.client_ip")
        #expect(result.findings.first?.code == "E006")
        #expect(result.findings.first?.column == 17)
    }

    static let independentErrors: [(String, [Finding])] = [
        ("req.scope == 1 && lcoal_hour(request.time, \"UTC\") < 6", [Finding("E002", 1), Finding("E005", 19)]),
        ("request.scope == \"\\q\" && 010 > request.input_tokens", [Finding("E006", 19), Finding("E006", 26)]),
        ("(req.scope + 1) * 2 > \"x\"", [Finding("E002", 2)]),
        ("!(foo) && bar", [Finding("E002", 3), Finding("E002", 11)]),
        ("lower(foo) == 1", [Finding("E002", 7)]),
        ("unknown(foo, 1 < \"a\")", [Finding("E005", 1), Finding("E002", 9), Finding("E003", 16)]),
    ]

    @Test(arguments: independentErrors)
    func oneDiagnosticPerMistake(_ source: String, _ expected: [Finding]) {
        #expect(compile(source).findings == expected)
    }
}

struct RenderedDiagnosticTests {
    @Test func caretUnderOperator() {
        let text = "model.input_price > request.input_tokens"
        let rendered = TextRenderer().render(compile(text).diagnostics)
        let expected = """
            condition:1:19: error[E003]: type mismatch in '>': have money and int, want two int, money, duration, timestamp, time_of_day or string values
              |
            1 | model.input_price > request.input_tokens
              |                   ^
               = hint: money and int do not mix; only an integer literal such as 5 converts to money

            """
        #expect(rendered == expected)
    }

    @Test func caretUnderBadOctet() {
        let rendered = TextRenderer().render(compile("ip(\"10.0.0.300\") == request.client_ip").diagnostics)
        #expect(rendered.contains("1 | ip(\"10.0.0.300\") == request.client_ip\n  |            ^^^\n"))
    }
}
