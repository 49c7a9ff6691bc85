// Tests for the split of a model-reading `&&` into its model-independent
// and model-dependent parts. They check which conditions split and the
// printed parts. Over a grid of contexts, overflows included, they compare
// the whole condition with the independent part followed by the dependent one.

import PolicyValues
import Testing

@testable import PolicyExpr

struct SplitTests {
    /// Conditions that split, with the canonical text of each part.
    static let splits: [(String, String, String)] = [
        (
            "ends_with(lower(key.owner), \"@contractors.example\") && \"vision\" in model.capabilities",
            "ends_with(lower(key.owner), \"@contractors.example\")", "\"vision\" in model.capabilities"
        ),
        (
            "model.id == \"x\" && key.team == \"search\" && model.region == \"eu\" && request.scope == \"a\"",
            "key.team == \"search\" && request.scope == \"a\"", "model.id == \"x\" && model.region == \"eu\""
        ),
        ("request.estimated_cost < 1 && key.tier == \"gold\"", "key.tier == \"gold\"", "request.estimated_cost < 1.0"),
        (
            "(key.team == \"a\" || key.team == \"b\") && model.latency < 1s",
            "key.team == \"a\" || key.team == \"b\"", "model.latency < 1s"
        ),
        (
            "(key.team == \"a\" || model.id == \"x\") && key.tier == \"gold\"",
            "key.tier == \"gold\"", "key.team == \"a\" || model.id == \"x\""
        ),
        // The checker splices the parenthesized `&&` into the outer one.
        (
            "key.team == \"search\" && (model.id == \"x\" && key.tier == \"gold\")",
            "key.team == \"search\" && key.tier == \"gold\"", "model.id == \"x\""
        ),
        // Folding `|| false` away leaves a `&&` nested in the outer one.
        (
            "key.team == \"search\" && (model.id == \"x\" && key.tier == \"gold\" || false) && model.region == \"eu\"",
            "key.team == \"search\" && key.tier == \"gold\"", "model.id == \"x\" && model.region == \"eu\""
        ),
        // Folded constants print as the expression they replaced.
        ("key.owner == lower(\"ALICE\") && model.id == \"x\"", "key.owner == lower(\"ALICE\")", "model.id == \"x\""),
        ("request.input_tokens > 2 * 500 && model.id == \"x\"", "request.input_tokens > (2 * 500)", "model.id == \"x\""),
        // Folding keeps `false` after an operand that can fail.
        (
            "model.id == \"x\" && request.input_tokens + 1 > 0 && false",
            "request.input_tokens + 1 > 0 && false", "model.id == \"x\""
        ),
    ]

    @Test(arguments: splits)
    func splitParts(_ source: String, _ independent: String, _ dependent: String) {
        let condition = compile(source).condition
        #expect(condition?.modelIndependentPart?.canonicalText == independent)
        #expect(condition?.modelIndependentPart?.source == independent)
        #expect(condition?.modelDependentPart?.canonicalText == dependent)
        #expect(condition?.modelDependentPart?.source == dependent)
    }

    @Test(arguments: splits)
    func partProperties(_ source: String, _ independent: String, _ dependent: String) throws {
        let condition = try #require(compile(source).condition)
        let independentPart = try #require(condition.modelIndependentPart)
        let dependentPart = try #require(condition.modelDependentPart)

        #expect(condition.readsModel)
        #expect(!independentPart.readsModel)
        #expect(dependentPart.readsModel)
        #expect(independentPart.attributes.union(dependentPart.attributes) == condition.attributes)
        #expect(independentPart.constantValue == nil)
        #expect(dependentPart.constantValue == nil)
        #expect(independentPart.modelIndependentPart == nil)
        #expect(independentPart.modelDependentPart == nil)
        #expect(dependentPart.modelIndependentPart == nil)
        #expect(dependentPart.modelDependentPart == nil)
    }

    @Test(arguments: splits)
    func partTextCompiles(_ source: String, _ independent: String, _ dependent: String) {
        #expect(compile(independent).diagnostics.isEmpty)
        #expect(compile(dependent).diagnostics.isEmpty)
    }

    /// Conditions that do not split.
    static let unsplit: [String] = [
        "request.scope == \"a\"",
        "\"vision\" in model.capabilities",
        "key.team == \"a\" && request.scope == \"b\"",
        "model.id == \"x\" && \"vision\" in model.capabilities",
        "model.id == \"x\" && request.estimated_cost < 1",
        "key.team == \"a\" || model.id == \"x\"",
        "key.team == \"a\" && model.id == \"x\" || key.tier == \"b\"",
        "!(key.team == \"a\" && model.id == \"x\")",
        "true && model.id == \"x\"",
        "key.team == \"a\" && false && model.id == \"x\"",
        "1 < 2",
    ]

    @Test(arguments: unsplit)
    func noSplit(_ source: String) throws {
        let condition = try #require(compile(source).condition)
        #expect(condition.modelIndependentPart == nil)
        #expect(condition.modelDependentPart == nil)
    }

    // MARK: - Equivalence

    /// Conditions for the equivalence grid, and whether every independent
    /// conjunct precedes every dependent one in the source.
    static let grid: [(String, Bool)] = [
        ("ends_with(lower(key.owner), \"@contractors.example\") && \"vision\" in model.capabilities", true),
        ("\"vision\" in model.capabilities && key.owner == \"alice\"", false),
        ("key.owner == \"alice\" && model.context_window > 1000 && key.tier == \"gold\"", false),
        ("request.input_tokens * 9223372036854775807 > 0 && \"vision\" in model.capabilities", true),
        ("key.owner == \"alice\" && model.context_window * 9223372036854775807 > 0", true),
        ("\"vision\" in model.capabilities && request.input_tokens * 9223372036854775807 > 0", false),
        ("model.context_window * 9223372036854775807 > 0 && key.owner == \"alice\"", false),
        (
            "model.context_window * 4 > 0 && request.input_tokens * 9223372036854775807 > 0 && key.owner != \"bob\""
                + " && model.context_window - request.input_tokens > 0",
            false
        ),
        ("request.estimated_cost < 1 && key.owner == \"alice\" && (model.id == \"gpt-4o\" || request.scope == \"x\")", false),
        ("key.owner == \"alice\" && (model.id == \"x\" && request.input_tokens > 0 || false)", true),
    ]

    /// Contexts for the grid: each owner, capability set, token count and
    /// context window, where a non-zero count and window make the
    /// conditions above overflow.
    static let contexts: [ConditionContext] = {
        var contexts: [ConditionContext] = []
        for owner in ["alice", "bob@contractors.example"] {
            for capabilities: Set<String> in [["vision"], []] {
                for inputTokens: Int64 in [0, 1200] {
                    for contextWindow: Int64 in [0, 128_000] {
                        let context = alteredContext(
                            owner: owner, capabilities: capabilities, inputTokens: inputTokens, contextWindow: contextWindow)
                        contexts.append(context)
                    }
                }
            }
        }
        return contexts
    }()

    @Test(arguments: grid)
    func splitMatchesWhole(_ source: String, _ independentFirst: Bool) throws {
        let condition = try #require(compile(source).condition)
        let independent = try #require(condition.modelIndependentPart)
        let dependent = try #require(condition.modelDependentPart)

        for context in Self.contexts {
            let whole = condition.evaluate(context)
            let split = Self.evaluateSplit(independent, dependent, context)
            #expect((whole == .true) == (split == .true), "\(whole) vs \(split) in \(Self.describe(context))")
            if independentFirst || (!Self.failed(whole) && !Self.failed(split)) {
                #expect(whole == split, "in \(Self.describe(context))")
            }
        }
    }

    /// Cases where a part overflows, with the result of the whole condition
    /// and of the independent part followed by the dependent part.
    static let failures: [(String, ConditionContext, ConditionResult, ConditionResult)] = [
        // The independent part overflows at the '*' at offset 21.
        (
            "request.input_tokens * 9223372036854775807 > 0 && \"vision\" in model.capabilities",
            alteredContext(capabilities: []), overflow("int", 21), overflow("int", 21)
        ),
        // The dependent part overflows at the '*' at offset 45.
        (
            "key.owner == \"alice\" && model.context_window * 9223372036854775807 > 0", fixedContext,
            overflow("int", 45), overflow("int", 45)
        ),
        // The whole stops at the false dependent conjunct; the split reaches the overflow first.
        (
            "\"vision\" in model.capabilities && request.input_tokens * 9223372036854775807 > 0",
            alteredContext(capabilities: []), .false, overflow("int", 55)
        ),
        // The whole stops at the overflow; the split stops at the false independent conjunct.
        (
            "model.context_window * 9223372036854775807 > 0 && key.owner == \"bob\"", fixedContext,
            overflow("int", 21), .false
        ),
    ]

    @Test(arguments: failures)
    func splitWithOverflow(
        _ source: String, _ context: ConditionContext, _ whole: ConditionResult, _ split: ConditionResult
    ) throws {
        let condition = try #require(compile(source).condition)
        let independent = try #require(condition.modelIndependentPart)
        let dependent = try #require(condition.modelDependentPart)
        #expect(condition.evaluate(context) == whole)
        #expect(Self.evaluateSplit(independent, dependent, context) == split)
    }

    // MARK: - Helpers

    /// Runs the independent part and, when it is true, the dependent part.
    static func evaluateSplit(_ independent: Condition, _ dependent: Condition, _ context: ConditionContext) -> ConditionResult {
        let first = independent.evaluate(context)
        return first == .true ? dependent.evaluate(context) : first
    }

    static func failed(_ result: ConditionResult) -> Bool {
        if case .error = result { return true }
        return false
    }

    static func describe(_ context: ConditionContext) -> String {
        "owner \(context.key.owner), capabilities \(context.model.capabilities.sorted()), "
            + "input tokens \(context.request.inputTokens), context window \(context.model.contextWindow)"
    }

    /// Makes the error for a '*' overflow of `type` at `offset`.
    static func overflow(_ type: String, _ offset: Int) -> ConditionResult {
        .error(EvaluationError(message: "the result of '*' overflows \(type)", offset: offset, length: 1))
    }
}
