// Test coverage: which rules, keys and routes of the policy at least one
// test's decision exercised. A rule counts when it took effect in a
// decision: a deny rule denied the request or removed a candidate model, an
// allow rule matched, or its condition failed to evaluate. A rule whose
// condition was only evaluated to false does not count, because no test
// then shows what the rule does. A key counts when a decision found it, and
// a route when a request named it or a rule forced it.

import PolicySource

/// The coverage of one kind of definition.
public struct CoverageKind: Sendable, Hashable {
    /// The kind, such as `rules`.
    public let name: String
    /// The ids that some test exercised, in policy order.
    public let covered: [String]
    /// The ids that no test exercised, in policy order.
    public let uncovered: [String]

    public var total: Int { covered.count + uncovered.count }
    /// The covered share in percent; 100 when the policy defines none of this kind.
    public var percent: Double { Self.percent(covered.count, of: total) }

    static func percent(_ part: Int, of whole: Int) -> Double {
        whole == 0 ? 100 : Double(part) * 100 / Double(whole)
    }
}

/// The coverage of rules, keys and routes.
public struct TestCoverage: Sendable, Hashable {
    public let rules: CoverageKind
    public let keys: CoverageKind
    public let routes: CoverageKind

    /// Every kind, in report order.
    public var kinds: [CoverageKind] { [rules, keys, routes] }
    public var coveredCount: Int { kinds.reduce(0) { $0 + $1.covered.count } }
    public var total: Int { kinds.reduce(0) { $0 + $1.total } }
    /// Covered definitions of every kind together, in percent of all of them.
    public var percent: Double { CoverageKind.percent(coveredCount, of: total) }
}

// MARK: - Recording

/// Collects what the decisions of a test run touched.
struct CoverageRecorder {
    let policy: CompiledPolicy
    /// Each rule's index by the source range its trace events carry.
    let ruleLocations: [FileLocation: Int]
    private var rules = Set<Int>()
    private var keys = Set<Int>()
    private var routes = Set<Int>()

    init(policy: CompiledPolicy) {
        self.policy = policy
        var locations: [FileLocation: Int] = [:]
        for (index, rule) in policy.rules.enumerated() { locations[rule.location] = index }
        ruleLocations = locations
    }

    mutating func record(_ decision: Decision, rules visited: Set<Int>) {
        rules.formUnion(visited)
        if decision.keyIndex >= 0 { keys.insert(Int(decision.keyIndex)) }
        if decision.routeIndex >= 0 { routes.insert(Int(decision.routeIndex)) }
    }

    func coverage() -> TestCoverage {
        TestCoverage(rules: Self.kind("rules", ids: policy.ruleIDs, covered: rules),
                     keys: Self.kind("keys", ids: policy.keyIDs, covered: keys),
                     routes: Self.kind("routes", ids: policy.routeIDs, covered: routes))
    }

    private static func kind(_ name: String, ids: [String], covered: Set<Int>) -> CoverageKind {
        let indexes = ids.indices
        return CoverageKind(name: name, covered: indexes.filter { covered.contains($0) }.map { ids[$0] },
                            uncovered: indexes.filter { !covered.contains($0) }.map { ids[$0] })
    }
}

/// A tracer that keeps the indexes of the rules that took effect in one decision.
final class RuleVisitTracer: DecisionTracer {
    private let ruleLocations: [FileLocation: Int]
    private(set) var rules = Set<Int>()

    init(ruleLocations: [FileLocation: Int]) {
        self.ruleLocations = ruleLocations
    }

    func record(_ event: TraceEvent) {
        // The evaluator reports a rule that took effect as matched (allow) or failed (deny or evaluation error).
        guard event.check == "rule", event.outcome == .matched || event.outcome == .failed,
              let location = event.location, let index = ruleLocations[location]
        else { return }
        rules.insert(index)
    }
}
