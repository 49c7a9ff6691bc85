// Helpers shared by the condition tests: compiling a condition against a
// source file whose text is the condition itself, so a diagnostic's column
// is its offset plus one, and the fixed context the evaluation tables use,
// with a helper that varies it.

import PolicySource
import PolicyValues

@testable import PolicyExpr

/// The result of compiling one condition in a test.
struct Compiled {
    var condition: Condition?
    var diagnostics: [Diagnostic]

    /// The code and column of each diagnostic, in order.
    var findings: [Finding] {
        diagnostics.map { Finding($0.code.id, $0.range?.location.column ?? 0) }
    }
}

/// A diagnostic code with the 1-based column of its caret.
struct Finding: Equatable, CustomStringConvertible {
    var code: String
    var column: Int

    init(_ code: String, _ column: Int) {
        self.code = code
        self.column = column
    }

    var description: String { "\(code)@\(column)" }
}

/// Compiles `text` with the identity mapping from condition offsets to the file.
func compile(_ text: String) -> Compiled {
    let file = SourceFile(path: "condition", text: text)
    let result = ConditionCompiler.compile(text) { offset, length in
        // The tests use ASCII text, where scalar offsets equal byte offsets.
        SourceRange(file: file, start: offset, end: offset + length)
    }
    return Compiled(condition: result.condition, diagnostics: result.diagnostics)
}

/// Parses a timestamp the tests write correctly.
func timestamp(_ text: String) -> Timestamp {
    (try? Timestamp.parse(text).get()) ?? Timestamp(nanoseconds: 0)
}

/// Parses an address the tests write correctly.
func address(_ text: String) -> IPAddress {
    (try? IPAddress.parse(text).get()) ?? IPAddress(value: 0)
}

/// The context every evaluation table runs against.
let fixedContext = ConditionContext(
    request: RequestAttributes(
        scope: "files:write", model: "fast", route: "fast", clientAddress: address("10.1.2.3"),
        time: timestamp("2025-03-30T01:30:00Z"), inputTokens: 1200, maxOutputTokens: 4096,
        estimatedCost: Money(micros: 250_000), labels: ["env": "prod", "team": "search"]),
    key: KeyAttributes(
        id: "k1", team: "search", tier: "gold", owner: "alice", createdAt: timestamp("2025-01-01T00:00:00Z"),
        labels: ["cost_center": "42"]),
    model: ModelAttributes(
        id: "gpt-4o", provider: "openai", region: "eu", capabilities: ["vision", "tools"], contextWindow: 128_000,
        inputPrice: Money(micros: 2_500_000), outputPrice: Money(micros: 10_000_000),
        latency: PolicyDuration(nanoseconds: 1_500_000_000)))

/// The fixed context with another key owner, capability set, token count and context window.
func alteredContext(
    owner: String = "alice", capabilities: Set<String> = ["vision", "tools"], inputTokens: Int64 = 1200,
    contextWindow: Int64 = 128_000
) -> ConditionContext {
    var context = fixedContext
    let (key, model) = (fixedContext.key, fixedContext.model)
    context.key = KeyAttributes(
        id: key.id, team: key.team, tier: key.tier, owner: owner, createdAt: key.createdAt, labels: key.labels)
    context.model = ModelAttributes(
        id: model.id, provider: model.provider, region: model.region, capabilities: capabilities, contextWindow: contextWindow,
        inputPrice: model.inputPrice, outputPrice: model.outputPrice, latency: model.latency)
    context.request.inputTokens = inputTokens
    return context
}

/// Compiles and evaluates `text` against `context`; nil when it does not compile.
func evaluate(_ text: String, in context: ConditionContext = fixedContext) -> ConditionResult? {
    compile(text).condition?.evaluate(context)
}
