// Rules whose condition mixes key and model attributes: the key part is
// checked once per request and the model part once per candidate, with the
// same decisions as evaluating the whole condition for every candidate.

import PolicyKit
import PolicySource
import PolicyValues
import Testing

private let splitRules = """
  - id: alice-not-on-large
    effect: deny
    when: key.owner == "alice@example.com" && model.id == "large"
    reason: alice may not use the large model
  - id: overflow-on-large
    effect: deny
    when: key.owner == "overflow@example.com" && request.input_tokens * 9223372036854775807 > 0 && model.id == "large"
    reason: never reached without an error
"""

private func splitPolicy() throws -> CompiledPolicy {
    let keys = miniKey("alice", hash: String(repeating: "1", count: 64), fields: "    owner: alice@example.com")
        + "\n" + miniKey("bob", hash: String(repeating: "2", count: 64), fields: "    owner: bob@example.com")
        + "\n" + miniKey("over", hash: String(repeating: "3", count: 64), fields: "    owner: overflow@example.com")
    let text = miniPolicy(keys: keys.replacingOccurrences(of: "models: [small]", with: "models: [small, large]"), rules: splitRules)
    let result = compileMini(text, lints: false)
    return try #require(result.policy, "\(result.diagnostics)")
}

private func routeRequest(_ key: String, inputTokens: Int64 = 100) -> Request {
    Request(keyID: key, peerAddress: "10.1.2.3", time: Timestamp(nanoseconds: 1_796_000_000 * 1_000_000_000),
            scope: "chat:completions", model: "chat", inputTokens: inputTokens, maxOutputTokens: 100)
}

@Test func splitRuleRemovesOnlyMatchingCandidate() throws {
    let policy = try splitPolicy()
    let alice = policy.decide(routeRequest("alice"))
    #expect(alice.isAllowed)
    #expect(alice.planModels == ["small"])
    let bob = policy.decide(routeRequest("bob"))
    #expect(bob.isAllowed)
    #expect(bob.planModels == ["small", "large"])
}

@Test func splitRuleErrorInKeyPartDenies() throws {
    let policy = try splitPolicy()
    let decision = policy.decide(routeRequest("over", inputTokens: 2))
    #expect(!decision.isAllowed)
    #expect(decision.reason == .conditionError)
}

@Test func splitRuleDirectModelRequest() throws {
    let policy = try splitPolicy()
    var request = routeRequest("alice")
    request.model = "large"
    let decision = policy.decide(request)
    #expect(!decision.isAllowed)
    #expect(decision.reason == .deniedByRule)
}

@Test func malformedForwardedEntryNamedInReason() throws {
    let text = miniPolicy(keys: miniKey("k1")).replacingOccurrences(
        of: "  max_key_age: 60d\n", with: "  max_key_age: 60d\n  trusted_proxies: [192.0.2.0/24]\n")
    let policy = try #require(compileMini(text, lints: false).policy)
    var request = routeRequest("k1")
    request.peerAddress = "192.0.2.1"
    request.forwardedFor = ["010.0.0.1"]
    let decision = policy.decide(request)
    #expect(decision.reason == .malformedAddress)
    let message = policy.report(decision, request: request).reasons.first?.message ?? ""
    #expect(message == "an X-Forwarded-For entry is not a valid IP address (forwarded for '010.0.0.1')")

    request.peerAddress = "not-an-address"
    let peer = policy.decide(request)
    #expect(policy.report(peer, request: request).reasons.first?.message == "the client address is not a valid IP address (peer 'not-an-address')")
}
