// Policy tests as values: the tests of one `*.test.yaml` file, each a
// request, optional prior quota usage and the decision it expects. The
// loader builds them already checked against a compiled policy, so every
// name they hold exists there (or is an undefined name the test expects
// the policy to reject). docs/testing.md describes the file format.

import PolicySource
import PolicyValues

/// The tests of one test file, in file order.
public struct PolicyTestSuite: Sendable {
    public let file: SourceFile
    public let tests: [PolicyTestCase]

    /// Creates a suite, for example with a subset of another suite's tests.
    public init(file: SourceFile, tests: [PolicyTestCase]) {
        self.file = file
        self.tests = tests
    }
}

/// One test: a request to decide and what the decision must be.
public struct PolicyTestCase: Sendable {
    public let name: String
    /// The test's name in its file, used to report where the test is.
    public let location: SourceRange
    public let request: Request
    /// Usage stored in the quota store before the request, in the windows that contain the request time.
    public let usage: [QuotaUsage]
    public let expectation: TestExpectation
    /// Whether the test is marked `skip: true` and is not run.
    public let isSkipped: Bool
}

/// Prior usage of one quota.
public struct QuotaUsage: Sendable, Hashable {
    /// The quota name as decisions show it, such as `tier:developer/spend-per-day`.
    public let quota: String
    /// Requests or tokens, or micro-dollars for a spend quota.
    public let amount: Int64
    /// The quota's index in the compiled policy.
    let specIndex: Int32
}

/// The expected fields of a test's decision. A nil field is not checked.
public struct TestExpectation: Sendable, Hashable {
    public var effect: Effect
    /// The reason codes, in order; a decision gives exactly one today.
    public var reasons: [ReasonCode]?
    /// The first model of the route plan.
    public var firstModel: String?
    /// Every model of the route plan, in order.
    public var plan: [String]?
    /// The route the request was decided on, requested or forced by a rule.
    public var route: String?
    /// The rule that decided: the deny rule, the first allow rule that granted, or the rule that failed to evaluate.
    public var rule: String?
    /// The quota that denied the request.
    public var quota: String?
    /// The output-token cap the gateway must enforce.
    public var outputTokenCap: Int64?

    public init(effect: Effect) {
        self.effect = effect
    }
}
