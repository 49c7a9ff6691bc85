// Evaluation tables over the fixed context in Support.swift: every
// operator, every function, labels, sets, addresses (IPv4-mapped), local
// time across the Europe/Berlin daylight-saving changes, overflow, and
// short-circuiting.

import PolicyValues
import Testing

@testable import PolicyExpr

struct EvaluationTests {
    static let operators: [(String, Bool)] = [
        ("request.scope == \"files:write\"", true),
        ("request.scope != \"files:write\"", false),
        ("request.scope < \"g\"", true),
        ("request.scope >= \"g\"", false),
        ("request.route == request.model", true),
        ("key.team == \"search\" && key.tier == \"gold\"", true),
        ("key.team == \"search\" && key.tier == \"silver\"", false),
        ("key.team == \"x\" || key.owner == \"alice\"", true),
        ("key.id == \"x\" || key.id == \"y\" || key.id == \"z\"", false),
        ("!(request.scope == \"x\")", true),
        ("!true == false", true),
        ("request.labels[\"env\"] == \"prod\"", true),
        ("request.labels[\"missing\"] == \"\"", true),
        ("request.labels[key.team] == \"\"", true),
        ("request.labels[lower(\"ENV\")] == \"prod\"", true),
        ("key.labels[\"cost_center\"] == \"42\"", true),
        ("\"env\" in request.labels", true),
        ("\"x\" in request.labels", false),
        ("\"cost_center\" in key.labels", true),
        ("request.labels == request.labels", true),
        ("request.labels != key.labels", true),
        ("\"vision\" in model.capabilities", true),
        ("\"audio\" in model.capabilities", false),
        ("request.scope in [\"files:read\", \"files:write\"]", true),
        ("request.scope in [\"files:read\"]", false),
        ("request.scope in []", false),
        ("model.capabilities == [\"tools\", \"vision\"]", true),
        ("model.capabilities != []", true),
        ("request.client_ip in cidr(\"10.0.0.0/8\")", true),
        ("request.client_ip in cidr(\"11.0.0.0/8\")", false),
        ("request.client_ip in cidr(\"::ffff:10.0.0.0/104\")", true),
        ("request.client_ip in cidr(\"::/0\")", true),
        ("request.client_ip in [cidr(\"192.168.0.0/16\"), cidr(\"10.1.0.0/16\")]", true),
        ("request.client_ip in [cidr(\"::1/128\")]", false),
        ("request.client_ip in []", false),
        ("request.client_ip == ip(\"10.1.2.3\")", true),
        ("request.client_ip == ip(\"::ffff:10.1.2.3\")", true),
        ("request.client_ip != ip(\"10.1.2.4\")", true),
        ("request.input_tokens + request.max_output_tokens > 5000", true),
        ("request.input_tokens * 2 == 2400", true),
        ("request.input_tokens - 1300 == -100", true),
        ("-request.input_tokens < 0", true),
        ("model.context_window >= request.input_tokens + request.max_output_tokens", true),
        ("model.input_price > 2", true),
        ("model.input_price > 3", false),
        ("model.input_price * 4 == model.output_price", true),
        ("4 * model.input_price == model.output_price", true),
        ("request.estimated_cost <= 0.25", true),
        ("request.estimated_cost < 0.25", false),
        ("model.output_price - model.input_price == 7.5", true),
        ("-model.input_price < 0", true),
        ("model.latency < 2s", true),
        ("model.latency == 1500ms", true),
        ("model.latency == 1s500ms", true),
        ("model.latency + 500ms == 2s", true),
        ("-model.latency < 0s", true),
        ("request.time - key.created_at > 88d", true),
        ("request.time - key.created_at > 89d", false),
        ("request.time > timestamp(\"2025-03-30T00:00:00Z\")", true),
        ("request.time + 1h == timestamp(\"2025-03-30T02:30:00Z\")", true),
        ("1h + request.time == timestamp(\"2025-03-30T02:30:00Z\")", true),
        ("request.time - 90m == timestamp(\"2025-03-30T00:00:00Z\")", true),
        ("key.created_at + 90d > request.time", true),
        ("true == (1 < 2)", true),
        ("\"a\" in [\"a\"] == true", true),
    ]

    @Test(arguments: operators)
    func operatorCase(_ source: String, _ expected: Bool) {
        #expect(evaluate(source) == (expected ? .true : .false))
    }

    static let functions: [(String, Bool)] = [
        ("local_hour(request.time, \"Europe/Berlin\") == 3", true),
        ("local_hour(request.time, \"UTC\") == 1", true),
        ("local_hour(request.time - 1h, \"Europe/Berlin\") == 1", true),
        ("local_time(request.time, \"Europe/Berlin\") == time(\"03:30\")", true),
        ("local_time(request.time, \"Europe/Berlin\") > time(\"03:00\")", true),
        ("local_time(timestamp(\"2025-10-26T00:30:00Z\"), \"Europe/Berlin\") == time(\"02:30\")", true),
        ("local_time(timestamp(\"2025-10-26T01:30:00Z\"), \"Europe/Berlin\") == time(\"02:30\")", true),
        ("local_hour(timestamp(\"2025-07-01T12:00:00Z\"), \"America/New_York\") == 8", true),
        ("weekday(request.time, \"Europe/Berlin\") == \"sun\"", true),
        ("weekday(timestamp(\"2025-03-30T23:30:00Z\"), \"Europe/Berlin\") == \"mon\"", true),
        ("weekday(request.time, \"UTC\") in [\"sat\", \"sun\"]", true),
        ("starts_with(request.scope, \"files:\")", true),
        ("starts_with(request.scope, \"write\")", false),
        ("ends_with(request.scope, \":write\")", true),
        ("ends_with(request.scope, \"files\")", false),
        ("contains(request.scope, \"s:w\")", true),
        ("contains(request.scope, \"\")", true),
        ("contains(request.scope, \"x\")", false),
        ("size(model.capabilities) == 2", true),
        ("size(request.labels) == 2", true),
        ("size([cidr(\"10.0.0.0/8\")]) == 1", true),
        ("size([]) == 0", true),
        ("lower(\"AbC\") == \"abc\"", true),
        ("lower(key.owner) == \"alice\"", true),
    ]

    @Test(arguments: functions)
    func functionCase(_ source: String, _ expected: Bool) {
        #expect(evaluate(source) == (expected ? .true : .false))
    }

    static let overflows: [(String, String)] = [
        ("request.input_tokens * 9223372036854775807 > 0", "the result of '*' overflows int"),
        ("request.input_tokens + 9223372036854775807 > 0", "the result of '+' overflows int"),
        ("-(request.input_tokens - 1200 - 9223372036854775807 - 1) > 0", "the result of '-' overflows int"),
        ("model.input_price * 9223372036854775807 > 1", "the result of '*' overflows money"),
        ("request.time + duration(\"100000d\") > request.time", "the result of '+' overflows timestamp"),
        ("request.time - key.created_at - duration(\"100000d\") - duration(\"100000d\") < 0s", "the result of '-' overflows duration"),
        ("request.input_tokens * 9223372036854775807 > 0 || true", "the result of '*' overflows int"),
        ("request.scope == \"files:write\" && request.input_tokens * 9223372036854775807 > 0", "the result of '*' overflows int"),
        ("weekday(request.time + duration(\"100000d\"), \"UTC\") == \"mon\"", "the result of '+' overflows timestamp"),
    ]

    @Test(arguments: overflows)
    func overflowIsError(_ source: String, _ message: String) {
        guard case .error(let error) = evaluate(source) else {
            Issue.record("expected an evaluation error for \(source)")
            return
        }
        #expect(error.message == message)
    }

    @Test func overflowErrorPointsAtOperator() {
        guard case .error(let error) = evaluate("request.input_tokens * 9223372036854775807 > 0") else {
            Issue.record("expected an evaluation error")
            return
        }
        #expect(error.offset == 21)
        #expect(error.length == 1)
    }

    static let shortCircuits: [(String, Bool)] = [
        ("false && request.input_tokens * 9223372036854775807 > 0", false),
        ("request.scope == \"x\" && request.input_tokens * 9223372036854775807 > 0", false),
        ("request.scope == \"files:write\" || request.input_tokens * 9223372036854775807 > 0", true),
        ("key.id == \"a\" || key.id == \"b\" || key.id == \"k1\" || request.input_tokens * 9223372036854775807 > 0", true),
    ]

    @Test(arguments: shortCircuits)
    func shortCircuit(_ source: String, _ expected: Bool) {
        #expect(evaluate(source) == (expected ? .true : .false))
    }

    @Test func ipv6ClientAddress() {
        var context = fixedContext
        context.request.clientAddress = address("2001:db8::1")
        #expect(evaluate("request.client_ip in cidr(\"2001:db8::/32\")", in: context) == .true)
        #expect(evaluate("request.client_ip in cidr(\"10.0.0.0/8\")", in: context) == .false)
        #expect(evaluate("request.client_ip in cidr(\"::/0\")", in: context) == .true)
    }

    @Test func modelChangesBetweenEvaluations() {
        guard let condition = compile("model.input_price < 3 && \"vision\" in model.capabilities").condition else {
            Issue.record("the condition does not compile")
            return
        }
        var context = fixedContext
        #expect(condition.evaluate(context) == .true)
        context.model = alteredContext(capabilities: []).model
        #expect(condition.evaluate(context) == .false)
    }

    @Test func contextSharesAttributes() {
        let model = ModelAttributes(id: "m1", capabilities: ["vision"])
        let key = KeyAttributes(id: "k2", owner: "bob")
        var context = fixedContext
        context.model = model
        context.key = key
        #expect(context.model === model)
        #expect(context.key === key)
        #expect(evaluate("model.id == \"m1\" && key.owner == \"bob\"", in: context) == .true)
    }

    /// The typical rule from the performance target, evaluated many times;
    /// this checks results only, not time.
    @Test func typicalRuleRepeated() {
        guard let condition = compile("request.scope == \"files:write\" && local_hour(request.time, \"Europe/Berlin\") < 6").condition else {
            Issue.record("the condition does not compile")
            return
        }
        var context = fixedContext
        var trueCount = 0
        for hour in 0..<48 {
            context.request.time = Timestamp(nanoseconds: Int64(hour) * 3_600_000_000_000 + 1_743_292_800_000_000_000)
            if condition.evaluate(context) == .true { trueCount += 1 }
        }
        // 2025-03-30 00:00Z is 01:00 in Berlin, and the clocks go forward at 01:00Z.
        // The local hours before 6 are 1, 3, 4 and 5 on March 30, 0 to 5 on March 31,
        // and 0 and 1 on April 1, which starts at 46:00Z in this loop.
        #expect(trueCount == 12)
    }
}
