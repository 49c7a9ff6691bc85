// Tests of running policy tests: pass and fail with the exact mismatches,
// quota usage seeded into the right counters and windows, skipped tests,
// and the coverage of rules, keys and routes.

import PolicySource
import PolicyValues
import Testing
@testable import PolicyKit

/// Loads `tests` (the lines after `tests:`) with the mini defaults and runs them.
private func runTests(_ tests: String) throws -> PolicyTestRun {
    let loaded = try loadTests(miniDefaults + "tests:\n" + tests)
    #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.description))")
    return PolicyTestRunner(policy: try miniPolicy()).run(loaded.suites)
}

@Test func runnerPassAndFail() throws {
    let run = try runTests("""
          - name: alpha may chat
            expect: {decision: allow, reasons: [allow.key_grant], first_model: small, plan: [small, large], route: chat, output_token_cap: 100}
          - name: wrongly expects a deny
            expect: {decision: deny, reasons: [key.expired], rule: no-large-prompts, quota: tier:dev/spend-per-day}
        """)
    #expect(run.passedCount == 1)
    #expect(run.failedCount == 1)
    let results = run.results
    #expect(results[0].passed)
    #expect(results[0].mismatches.isEmpty)
    #expect(results[1].mismatches == [
        TestMismatch(field: "decision", expected: "deny", actual: "allow"),
        TestMismatch(field: "reasons", expected: "[key.expired]", actual: "[allow.key_grant]"),
        TestMismatch(field: "rule", expected: "no-large-prompts", actual: "none"),
        TestMismatch(field: "quota", expected: "tier:dev/spend-per-day", actual: "none"),
    ])
    #expect(results[1].failureSummary.hasPrefix(
        "expected decision deny, got allow; expected reasons [key.expired], got [allow.key_grant]; "))
    #expect(results[1].failureSummary.hasSuffix("(allow.key_grant: key 'alpha' grants scope 'chat:completions' at mini.yaml:24)"))
}

@Test func runnerDenyFields() throws {
    let run = try runTests("""
          - name: large prompt
            request: {input_tokens: 6000}
            expect: {decision: deny, reasons: [rule.denied], rule: no-large-prompts, route: chat, first_model: none}
          - name: expired beta
            request: {key: beta, time: 2026-07-01T00:00:00Z}
            expect: {decision: deny, reasons: [key.expired]}
        """)
    #expect(run.results.map(\.mismatches) == [[], []])
}

struct UsageCase: CustomTestStringConvertible, Sendable {
    let note: String
    let usage: String
    let decision: String
    let quota: String

    var testDescription: String { note }
}

private let usageCases: [UsageCase] = [
    UsageCase(note: "spend left", usage: "tier:dev/spend-per-day: 0.99", decision: "allow", quota: "none"),
    UsageCase(note: "spend exhausted", usage: "tier:dev/spend-per-day: 0.999", decision: "deny", quota: "tier:dev/spend-per-day"),
    UsageCase(note: "rolling requests left", usage: "tier:dev/requests-per-minute: 4", decision: "allow", quota: "none"),
    UsageCase(note: "rolling requests used", usage: "tier:dev/requests-per-minute: 5", decision: "deny", quota: "tier:dev/requests-per-minute"),
    UsageCase(note: "team requests used", usage: "team:core/requests-per-day: 100", decision: "deny", quota: "team:core/requests-per-day"),
]

@Test(arguments: usageCases)
func runnerUsage(_ testCase: UsageCase) throws {
    // The request may cost 0.0055 USD on the large model, so 0.99 USD of usage leaves room and 0.999 does not.
    let run = try runTests("""
          - name: \(testCase.note)
            usage: {\(testCase.usage)}
            expect: {decision: \(testCase.decision), quota: \(testCase.quota)}
        """)
    #expect(run.results.first?.mismatches == [])
}

@Test func runnerSeedsCounters() throws {
    let policy = try miniPolicy()
    let loaded = try loadTests(miniDefaults + """
        tests:
          - name: seeded
            usage: {tier:dev/spend-per-day: 0.25, tier:dev/requests-per-minute: 3, team:core/requests-per-day: 7}
            expect: {decision: allow}
        """)
    let test = try #require(loaded.suites.first?.tests.first)
    let store = PolicyTestRunner(policy: policy).seededStore(test)
    let time = test.request.time

    func usage(_ counter: String, _ quota: String) throws -> Int64 {
        let spec = try #require(policy.quotas.first { $0.name == quota })
        return store.usage(of: counter, window: policy.window(of: spec, at: time), at: time)
    }
    #expect(try usage("key:alpha|tier:dev/spend-per-day", "tier:dev/spend-per-day") == 250_000)
    #expect(try usage("key:alpha|tier:dev/requests-per-minute", "tier:dev/requests-per-minute") == 3)
    #expect(try usage("team:core|team:core/requests-per-day", "team:core/requests-per-day") == 7)
    #expect(try usage("key:beta|tier:dev/spend-per-day", "tier:dev/spend-per-day") == 0)

    // The next calendar day starts from nothing.
    let spec = try #require(policy.quotas.first { $0.name == "tier:dev/spend-per-day" })
    let nextDay = try Timestamp.parse("2026-03-03T00:00:00Z").get()
    #expect(store.usage(of: "key:alpha|tier:dev/spend-per-day", window: policy.window(of: spec, at: nextDay), at: nextDay) == 0)
}

@Test func runnerSkipsTests() throws {
    let run = try runTests("""
          - name: skipped
            skip: true
            expect: {decision: deny}
        """)
    #expect(run.skippedCount == 1)
    #expect(run.passedCount == 0)
    #expect(run.failedCount == 0)
    #expect(run.results.first?.report == nil)
}

@Test func runnerCoverage() throws {
    let run = try runTests("""
          - name: alpha chats
            expect: {decision: allow}
          - name: large prompt
            request: {input_tokens: 6000}
            expect: {decision: deny}
          - name: beta's rule evaluates to false
            request: {key: beta, labels: {x: z}}
            expect: {decision: allow}
        """)
    let coverage = run.coverage
    #expect(coverage.rules.covered == ["no-large-prompts"])
    #expect(coverage.rules.uncovered == ["beta-labels"])
    #expect(coverage.keys.covered == ["alpha", "beta"])
    #expect(coverage.keys.uncovered.isEmpty)
    #expect(coverage.routes.covered == ["chat"])
    #expect(coverage.routes.uncovered == ["bulk"])
    #expect(coverage.rules.percent == 50)
    #expect(coverage.keys.percent == 100)
    #expect(coverage.coveredCount == 4)
    #expect(coverage.total == 6)
    #expect(abs(coverage.percent - 200.0 / 3) < 1e-9)
}

@Test func runnerCoverageCountsMatchingDenyRule() throws {
    let run = try runTests("""
          - name: beta sends x=y
            request: {key: beta, labels: {x: y}}
            expect: {decision: deny, rule: beta-labels}
        """)
    #expect(run.coverage.rules.covered == ["beta-labels"])
    #expect(run.coverage.keys.covered == ["beta"])
}
