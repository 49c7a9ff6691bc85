// Runs policy tests: each test gets a fresh in-memory quota store seeded
// with its prior usage, its request is authorized like a gateway would,
// and the decision is compared with every field the test expects. The
// runner also records which rules, keys and routes the decisions touched,
// for the coverage report.

import PolicySource
import PolicyValues

/// One difference between a decision and a test's expectation.
public struct TestMismatch: Sendable, Hashable, CustomStringConvertible {
    /// The expectation field, such as `decision` or `first_model`.
    public let field: String
    public let expected: String
    public let actual: String

    public var description: String { "expected \(field) \(expected), got \(actual)" }
}

/// The outcome of one test.
public struct PolicyTestResult: Sendable {
    public let test: PolicyTestCase
    /// The differences from the expectation; empty when the test passed.
    public let mismatches: [TestMismatch]
    /// The readable decision; nil for a skipped test.
    public let report: DecisionReport?
    public let durationSeconds: Double

    public var isSkipped: Bool { test.isSkipped }
    public var passed: Bool { !test.isSkipped && mismatches.isEmpty }
    public var failed: Bool { !test.isSkipped && !mismatches.isEmpty }

    /// The mismatches in one line, followed by the reason the decision gave.
    public var failureSummary: String {
        var text = mismatches.map(\.description).joined(separator: "; ")
        if let reason = report?.reasons.first {
            text += " (\(reason.code): \(reason.message)" + (reason.location.map { " at \($0)" } ?? "") + ")"
        }
        return text
    }
}

/// The results of one suite's tests, in test order.
public struct PolicyTestSuiteResult: Sendable {
    public let suite: PolicyTestSuite
    public let results: [PolicyTestResult]
}

/// The outcome of running test suites.
public struct PolicyTestRun: Sendable {
    /// The results of each suite, in suite order.
    public let suites: [PolicyTestSuiteResult]
    public let coverage: TestCoverage

    public var results: [PolicyTestResult] { suites.flatMap(\.results) }
    public var passedCount: Int { results.count { $0.passed } }
    public var failedCount: Int { results.count { $0.failed } }
    public var skippedCount: Int { results.count { $0.isSkipped } }
}

/// Runs tests against one compiled policy.
public struct PolicyTestRunner: Sendable {
    public let policy: CompiledPolicy

    /// Creates a runner for tests of `policy`.
    public init(policy: CompiledPolicy) {
        self.policy = policy
    }

    /// Runs every test of every suite, in order.
    public func run(_ suites: [PolicyTestSuite]) -> PolicyTestRun {
        var recorder = CoverageRecorder(policy: policy)
        let results = suites.map { suite in
            PolicyTestSuiteResult(suite: suite, results: suite.tests.map { run($0, recorder: &recorder) })
        }
        return PolicyTestRun(suites: results, coverage: recorder.coverage())
    }

    /// Runs one test.
    public func run(_ test: PolicyTestCase) -> PolicyTestResult {
        var recorder = CoverageRecorder(policy: policy)
        return run(test, recorder: &recorder)
    }

    // MARK: - Running

    private func run(_ test: PolicyTestCase, recorder: inout CoverageRecorder) -> PolicyTestResult {
        guard !test.isSkipped else {
            return PolicyTestResult(test: test, mismatches: [], report: nil, durationSeconds: 0)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let store = seededStore(test)
        let tracer = RuleVisitTracer(ruleLocations: recorder.ruleLocations)
        let authorization = policy.authorize(test.request, quotas: store, tracer: tracer)
        let report = policy.report(authorization.decision, request: test.request, authorization: authorization)
        let mismatches = compare(test.expectation, authorization: authorization, report: report)
        let elapsed = clock.now - start
        recorder.record(authorization.decision, rules: tracer.rules)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return PolicyTestResult(test: test, mismatches: mismatches, report: report, durationSeconds: seconds)
    }

    /// Creates a store with the test's prior usage in the windows that contain the request time.
    func seededStore(_ test: PolicyTestCase) -> InMemoryQuotaStore {
        let store = InMemoryQuotaStore()
        guard !test.usage.isEmpty, let keyIndex = keyIndex(of: test.request) else { return store }
        let key = policy.keys[Int(keyIndex)]
        for usage in test.usage {
            let spec = policy.quotas[Int(usage.specIndex)]
            store.setUsage(usage.amount, of: policy.counterName(for: spec, key: key), window: policy.window(of: spec, at: test.request.time),
                           at: test.request.time)
        }
        return store
    }

    private func keyIndex(of request: Request) -> Int32? {
        if let id = request.keyID { return policy.keyIndex[id] }
        return request.presentedSecret.flatMap { policy.secretIndex[SHA256.digest($0)] }
    }

    /// Compares each field the test expects with the decision.
    func compare(_ expected: TestExpectation, authorization: Authorization, report: DecisionReport) -> [TestMismatch] {
        let decision = authorization.decision
        var mismatches: [TestMismatch] = []
        func check(_ field: String, _ expected: String?, _ actual: String) {
            if let expected, expected != actual { mismatches.append(TestMismatch(field: field, expected: expected, actual: actual)) }
        }
        let none = TestFileReader.none
        check("decision", expected.effect.rawValue, decision.effect.rawValue)
        check("reasons", expected.reasons.map(Self.list), Self.list([decision.reason]))
        check("first_model", expected.firstModel, decision.planModels.first ?? none)
        check("plan", expected.plan.map(Self.list), Self.list(decision.planModels))
        check("route", expected.route, report.route ?? none)
        check("rule", expected.rule, decidingRule(decision) ?? none)
        check("quota", expected.quota, authorization.deniedBy ?? none)
        check("output_token_cap", expected.outputTokenCap.map(String.init), decision.outputTokenCap.map(String.init) ?? none)
        return mismatches
    }

    /// Returns the rule a decision names: the deny rule, the allow rule that granted, or the rule that failed to evaluate.
    private func decidingRule(_ decision: Decision) -> String? {
        switch decision.reason {
        case .deniedByRule, .allowedByRule, .conditionError:
            decision.subject >= 0 ? policy.rules[Int(decision.subject)].id : nil
        default:
            nil
        }
    }

    private static func list(_ reasons: [ReasonCode]) -> String { list(reasons.map(\.rawValue)) }

    private static func list(_ names: [String]) -> String { "[" + names.joined(separator: ", ") + "]" }
}
