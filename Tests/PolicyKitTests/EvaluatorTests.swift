// Table-driven evaluator tests: one policy that exercises every check of a
// decision, and a table of requests with the reason and plan each must get.
// The conformance corpus covers the same checks from policy files; these
// tables keep the cases next to the Swift API and its edge values.

import PolicyKit
import PolicySource
import Testing

let evaluatorPolicyText = """
    version: 1
    settings:
      name: evaluator
      timezone: Europe/Berlin
      trusted_proxies: [10.20.0.0/16]
      networks:
        deny: [203.0.113.0/24]
    scopes: [chat, chat:completions, chat:completions:stream, admin:keys, admin:keys:read, files:read]
    models:
      small: {provider: a, price: {input: 1.00, output: 2.00}, context_window: 1000, latency: 300ms}
      large: {provider: b, price: {input: 3.00, output: 6.00}, context_window: 100000, latency: 100ms, max_output_tokens: 700}
      cheap: {provider: c, price: {input: 0.10, output: 0.10}, context_window: 4000, latency: 300ms}
    routes:
      ordered: {strategy: ordered, candidates: [small, large, cheap]}
      cheapest: {strategy: cheapest, candidates: [large, small, cheap]}
      fastest: {strategy: fastest, candidates: [small, cheap, large]}
      small-only: {strategy: ordered, candidates: [small], fallback: {route: large-only}}
      large-only: {strategy: ordered, candidates: [large]}
      two-tries: {strategy: ordered, candidates: [small, large, cheap], fallback: {max_attempts: 2}}
    keys:
      k1:
        secret_sha256: \(firstSecretHash)
        created_at: 2025-01-01T00:00:00Z
        not_before: 2025-02-01T00:00:00Z
        expires_at: 2025-12-01T00:00:00Z
        scopes: ["chat:*", "admin:**"]
        allow_all_models: true
        max_output_tokens: 900
        networks:
          allow: [10.0.0.0/16, 'fd00::/8']
          deny: [10.0.99.0/24]
      limited:
        secret_sha256: \(secondSecretHash)
        created_at: 2025-01-01T00:00:00Z
        max_age: 30d
        scopes: [chat:completions]
        models: [small]
        routes: [small-only]
        access:
          - {days: [fri], from: 22:30, to: 06:00}
    rules:
      - id: no-stream-on-large
        effect: deny
        match: {scopes: [chat:completions:stream], models: [large]}
        reason: streaming is off for large
      - id: files-for-k1
        effect: allow
        match: {scopes: [files:read], keys: [k1]}
        reason: k1 may read files
        obligations: {max_output_tokens: 50}
    """

/// One request against the evaluator policy and the decision it must get.
struct DecisionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let request: Request
    let reason: ReasonCode
    var plan: [String]?
    var cap: Int64??

    var testDescription: String { name }
}

func decisionCase(_ name: String, _ request: Request, _ reason: ReasonCode, plan: [String]? = nil, cap: Int64?? = .none) -> DecisionCase {
    DecisionCase(name: name, request: request, reason: reason, plan: plan, cap: cap)
}

let decisionCases: [DecisionCase] = [
    // Scope patterns: * is one segment, ** one or more trailing segments.
    decisionCase("star matches one segment", makeRequest(scope: "chat:completions"), .allowedByKey),
    decisionCase("star needs a segment", makeRequest(scope: "chat"), .scopeNotGranted),
    decisionCase("star is one segment only", makeRequest(scope: "chat:completions:stream"), .scopeNotGranted),
    decisionCase("double star matches two", makeRequest(scope: "admin:keys:read"), .allowedByKey),
    decisionCase("double star matches one", makeRequest(scope: "admin:keys"), .allowedByKey),
    decisionCase("undeclared scope", makeRequest(scope: "admin:users"), .unknownScope),
    // Networks, mapped addresses and forwarding.
    decisionCase("IPv4 in allowlist", makeRequest(peer: "10.0.1.5"), .allowedByKey),
    decisionCase("mapped dotted", makeRequest(peer: "::ffff:10.0.1.5"), .allowedByKey),
    decisionCase("mapped hex", makeRequest(peer: "::ffff:a00:105"), .allowedByKey),
    decisionCase("IPv6 in allowlist", makeRequest(peer: "fd00::1"), .allowedByKey),
    decisionCase("key deny over key allow", makeRequest(peer: "10.0.99.1"), .addressDenied),
    decisionCase("global deny", makeRequest(peer: "::ffff:203.0.113.9"), .addressDenied),
    decisionCase("outside allowlist", makeRequest(peer: "10.1.0.1"), .addressNotAllowed),
    decisionCase("leading zero", makeRequest(peer: "010.0.1.5"), .malformedAddress),
    decisionCase("rightmost untrusted entry", makeRequest(peer: "10.20.0.1", forwardedFor: ["10.1.0.1, 10.0.1.5, 10.20.9.9"]), .allowedByKey),
    decisionCase("denied client behind proxy", makeRequest(peer: "10.20.0.1", forwardedFor: ["10.0.1.5, 203.0.113.1"]), .addressDenied),
    decisionCase("untrusted peer ignores header", makeRequest(peer: "10.0.1.5", forwardedFor: ["203.0.113.1"]), .allowedByKey),
    decisionCase("malformed forwarded entry", makeRequest(peer: "10.20.0.1", forwardedFor: ["10.0.1.5, 10.0.1"]), .malformedAddress),
    // Validity in time.
    decisionCase("before not_before", makeRequest(time: "2025-01-31T23:59:59.999999999Z"), .keyNotYetValid),
    decisionCase("at not_before", makeRequest(time: "2025-02-01T00:00:00Z"), .allowedByKey),
    decisionCase("just before expiry", makeRequest(time: "2025-11-30T23:59:59.999Z"), .allowedByKey),
    decisionCase("at expiry", makeRequest(time: "2025-12-01T00:00:00Z"), .keyExpired),
    decisionCase("at expiry with offset", makeRequest(time: "2025-12-01T01:00:00+01:00"), .keyExpired),
    decisionCase("before max_age", makeRequest(key: "limited", time: "2025-01-03T23:00:00Z"), .allowedByKey),
    decisionCase("at max_age", makeRequest(key: "limited", time: "2025-01-31T00:00:00Z"), .rotationOverdue),
    // Access window fri 22:30-06:00 in Berlin (UTC+1 in January).
    decisionCase("Friday 23:00", makeRequest(key: "limited", time: "2025-01-10T22:00:00Z"), .allowedByKey),
    decisionCase("Saturday 05:00", makeRequest(key: "limited", time: "2025-01-11T04:00:00Z"), .allowedByKey),
    decisionCase("Saturday 06:00", makeRequest(key: "limited", time: "2025-01-11T05:00:00Z"), .outsideAccessWindow),
    decisionCase("Friday 12:00", makeRequest(key: "limited", time: "2025-01-10T11:00:00Z"), .outsideAccessWindow),
    decisionCase("Saturday 23:00", makeRequest(key: "limited", time: "2025-01-11T22:00:00Z"), .outsideAccessWindow),
    // Routing strategies and fallbacks.
    decisionCase("ordered", makeRequest(model: "ordered"), .allowedByKey, plan: ["small", "large", "cheap"]),
    decisionCase("cheapest", makeRequest(model: "cheapest", inputTokens: 100), .allowedByKey, plan: ["cheap", "small", "large"]),
    decisionCase("fastest", makeRequest(model: "fastest"), .allowedByKey, plan: ["large", "small", "cheap"]),
    decisionCase("max_attempts", makeRequest(model: "two-tries"), .allowedByKey, plan: ["small", "large"]),
    decisionCase("fallback for allowed key", makeRequest(model: "small-only", inputTokens: 5_000), .allowedByKey, plan: ["large"]),
    decisionCase("fallback never widens", makeRequest(key: "limited", time: "2025-01-10T22:00:00Z", model: "small-only", inputTokens: 5_000),
                 .contextWindowExceeded),
    decisionCase("limited key keeps its model", makeRequest(key: "limited", time: "2025-01-10T22:00:00Z", model: "small-only"),
                 .allowedByKey, plan: ["small"]),
    decisionCase("route outside routes list", makeRequest(key: "limited", time: "2025-01-10T22:00:00Z", model: "ordered"), .routeNotAllowed),
    decisionCase("model outside allowlist", makeRequest(key: "limited", time: "2025-01-10T22:00:00Z", model: "large"), .modelNotAllowed),
    decisionCase("unknown model", makeRequest(model: "giant"), .unknownModel),
    // Rules and obligations.
    decisionCase("ungranted scope on a route", makeRequest(scope: "chat:completions:stream", model: "ordered"), .scopeNotGranted),
    decisionCase("model cap on a double-star scope", makeRequest(scope: "admin:keys", model: "large"), .allowedByKey, cap: 700),
    decisionCase("allow rule grants and caps", makeRequest(scope: "files:read", model: "large"), .allowedByRule, cap: 50),
    decisionCase("key cap under model cap", makeRequest(model: "small"), .allowedByKey, cap: 900),
    decisionCase("model cap under key cap", makeRequest(model: "large"), .allowedByKey, cap: 700),
    // Keys and secrets.
    decisionCase("secret finds key", makeRequest(key: nil, secret: "k1-secret"), .allowedByKey),
    decisionCase("wrong secret with right id", makeRequest(key: "k1", secret: "k2-secret"), .unknownKey),
    decisionCase("negative token count", makeRequest(inputTokens: -1), .malformedRequest),
]

@Suite("Evaluator")
struct EvaluatorTests {
    static let policy = PolicyCompiler().compile(sources: [(path: "evaluator.yaml", text: evaluatorPolicyText)]).policy

    @Test func policyCompiles() {
        let result = PolicyCompiler().compile(sources: [(path: "evaluator.yaml", text: evaluatorPolicyText)])
        #expect(result.errorCount == 0, "\(TextRenderer().render(result.diagnostics))")
    }

    @Test(arguments: decisionCases)
    func decides(_ testCase: DecisionCase) throws {
        let policy = try #require(Self.policy)
        let decision = policy.decide(testCase.request)
        #expect(decision.reason == testCase.reason)
        #expect(decision.isAllowed == testCase.reason.isAllow)
        if let plan = testCase.plan { #expect(decision.planModels == plan) }
        if let cap = testCase.cap { #expect(decision.outputTokenCap == cap) }
        if !decision.isAllowed { #expect(decision.planModels.isEmpty) }
    }

    @Test func streamScopeNeedsItsOwnGrant() throws {
        let policy = try #require(Self.policy)
        let decision = policy.decide(makeRequest(scope: "chat:completions:stream", model: "ordered"))
        // k1 lacks chat:completions:stream (a * matches one segment), so no candidate is permitted.
        #expect(decision.reason == .scopeNotGranted)
    }

    @Test func fallbackOutsideAllowlistWarns() throws {
        let result = PolicyCompiler().compile(sources: [(path: "evaluator.yaml", text: evaluatorPolicyText)])
        let warning = try #require(result.diagnostics.first { $0.code == .fallbackOutsideAllowlist })
        #expect(warning.message.contains("'large'"))
        #expect(warning.message.contains("limited"))
        #expect(warning.range?.location == SourceLocation(line: 17, column: 74))
    }

    @Test(arguments: ["a", "b", "c", "d", "e", "req-1", "req-2", "req-3"])
    func weightedPlanIsStable(requestID: String) throws {
        let policy = try #require(compilePolicy(basePolicy(keyFields: "    routes: [split]", extra: """
            routes:
              split:
                strategy: weighted
                candidates: [{model: small, weight: 1}, {model: large, weight: 3}]
            """).replacingOccurrences(of: "    models: [small]\n", with: "    allow_all_models: true\n")))
        let first = policy.decide(makeRequest(model: "split", requestID: requestID)).planModels
        let again = policy.decide(makeRequest(time: "2025-09-09T09:09:09Z", model: "split", requestID: requestID)).planModels
        #expect(first == again)
        #expect(Set(first) == ["small", "large"])
    }

    @Test func weightedChoiceFollowsWeights() throws {
        let policy = try #require(compilePolicy(basePolicy(keyFields: "    routes: [split]", extra: """
            routes:
              split:
                strategy: weighted
                candidates: [{model: small, weight: 1}, {model: large, weight: 3}]
            """).replacingOccurrences(of: "    models: [small]\n", with: "    allow_all_models: true\n")))
        var firstLarge = 0
        for index in 0..<400 where policy.decide(makeRequest(model: "split", requestID: "id-\(index)")).planModels.first == "large" {
            firstLarge += 1
        }
        // A weight of 3 in 4 puts large first for about 300 of 400 ids; the bound is loose because ids are fixed.
        #expect((240...360).contains(firstLarge), "large first for \(firstLarge) of 400 ids")
    }

    /// A rule may force a route that is not in the key's `routes` list. The
    /// reference says the forced plan is limited to the key's allowed models;
    /// the evaluator also requires the route to be in `routes` and denies.
    @Test func forcedRouteOutsideKeyRoutes() throws {
        let policy = try #require(compilePolicy(basePolicy(keyFields: "", extra: """
            routes:
              small-route: {strategy: ordered, candidates: [small]}
            rules:
              - id: force
                effect: allow
                match: {keys: [k1]}
                reason: every request of k1 goes to the small route
                obligations: {route: small-route}
            """)))
        let decision = policy.decide(makeRequest(model: "small"))
        #expect(decision.planModels == ["small"])
    }

    /// A secret hash one digit short is probably a truncated hash, but the
    /// plaintext-secret heuristic reports it as a plaintext secret (V012) instead of V011.
    @Test func truncatedHashIsNotPlaintext() {
        let text = basePolicy().replacingOccurrences(of: firstSecretHash, with: String(firstSecretHash.dropLast()))
        let codes = PolicyCompiler().compile(sources: [(path: "policy.yaml", text: text)]).diagnostics.map(\.code.id)
        #expect(codes == ["V011"])
    }
}
