// The semantic diff: each kind of change is found and classified, and a
// change of unknown direction counts as widening.

import PolicyKit
import PolicySource
import Testing

/// Compiles two versions of the mini policy and returns the changes between them.
private func changes(from old: String, to new: String) throws -> [PolicyChange] {
    let before = try #require(compileMini(old, lints: false).policy, "old policy does not compile")
    let after = try #require(compileMini(new, lints: false).policy, "new policy does not compile")
    return PolicyDiff.compare(old: before, new: after)
}

/// Changes on one key's field, as (kind, summary) pairs.
private func changes(_ list: [PolicyChange], subject: String, aspect: String) -> [(ChangeKind, String)] {
    list.filter { $0.subject == subject && $0.aspect == aspect }.map { ($0.kind, $0.summary) }
}

struct DiffCase: CustomTestStringConvertible, Sendable {
    let name: String
    /// Replaces `before` with `after` in the base key's text.
    let before: String
    let after: String
    let aspect: String
    let kind: ChangeKind
    let summary: String

    var testDescription: String { name }
}

let diffCases: [DiffCase] = [
    DiffCase(name: "scope added", before: "scopes: [chat:completions]", after: "scopes: [chat:completions, files:write]",
             aspect: "scopes", kind: .widening, summary: "scopes added: files:write"),
    DiffCase(name: "model added", before: "models: [small]", after: "models: [small, large]",
             aspect: "models", kind: .widening, summary: "models added: large"),
    DiffCase(name: "network widened", before: "allow: [10.0.0.0/8]", after: "allow: [10.0.0.0/8, 192.168.0.0/16]",
             aspect: "networks", kind: .widening, summary: "addresses admitted: 192.168.0.0/16"),
    DiffCase(name: "network narrowed", before: "allow: [10.0.0.0/8]", after: "allow: [10.0.0.0/9]",
             aspect: "networks", kind: .narrowing, summary: "addresses no longer admitted: 10.128.0.0/9"),
    DiffCase(name: "expiry moved later", before: "expires_at: 2027-01-01T00:00:00Z", after: "expires_at: 2027-06-01T00:00:00Z",
             aspect: "expiry", kind: .widening, summary: "expiry 2027-01-01T00:00:00Z -> 2027-06-01T00:00:00Z"),
    DiffCase(name: "expiry moved earlier", before: "expires_at: 2027-01-01T00:00:00Z", after: "expires_at: 2026-12-24T00:00:00Z",
             aspect: "expiry", kind: .narrowing, summary: "expiry 2027-01-01T00:00:00Z -> 2026-12-24T00:00:00Z"),
    DiffCase(name: "key revoked", before: "routes: [chat]", after: "routes: [chat]\n    status: revoked\n    revoked_reason: leaked",
             aspect: "status", kind: .narrowing, summary: "status active -> revoked"),
]

@Test("diff classifies a key change", arguments: diffCases)
func diffClassifiesKeyChange(_ diffCase: DiffCase) throws {
    let old = miniPolicy(keys: miniKey("k1"))
    let new = miniPolicy(keys: miniKey("k1").replacingOccurrences(of: diffCase.before, with: diffCase.after))
    #expect(new != old, "the replacement did not apply")
    let found = changes(try changes(from: old, to: new), subject: "key 'k1'", aspect: diffCase.aspect)
    #expect(found.count == 1)
    #expect(found.first?.0 == diffCase.kind)
    #expect(found.first?.1 == diffCase.summary)
}

@Test func diffQuotaLowered() throws {
    let quota = "    quotas: [{requests: 100, per: minute, window: rolling}]"
    let old = miniPolicy(keys: miniKey("k1", fields: quota))
    let new = miniPolicy(keys: miniKey("k1", fields: quota.replacingOccurrences(of: "100", with: "60")))
    let found = changes(try changes(from: old, to: new), subject: "key 'k1'", aspect: "quota")
    #expect(found.count == 1)
    #expect(found.first?.0 == .narrowing)
    #expect(found.first?.1.contains("lowered: 100 requests per minute (rolling) -> 60 requests per minute (rolling)") == true)
}

@Test func diffKeyAddedAndRemoved() throws {
    let old = miniPolicy(keys: miniKey("gone", hash: String(repeating: "1", count: 64)))
    let new = miniPolicy(keys: miniKey("fresh", hash: String(repeating: "2", count: 64)))
    let list = try changes(from: old, to: new)
    #expect(changes(list, subject: "key 'fresh'", aspect: "key").map(\.0) == [.widening])
    #expect(changes(list, subject: "key 'gone'", aspect: "key").map(\.0) == [.narrowing])
}

@Test func diffRuleAddedNamesKeysAndScopes() throws {
    let keys = miniKey("k1", hash: String(repeating: "1", count: 64)) + "\n" + miniKey("k2", hash: String(repeating: "2", count: 64))
    let rule = """
      - id: no-uploads-k2
        effect: deny
        match: {keys: [k2], scopes: ["files:*"]}
        reason: k2 may not upload
    """
    let list = try changes(from: miniPolicy(keys: keys), to: miniPolicy(keys: keys, rules: rule))
    let change = try #require(list.first { $0.subject == "rule 'no-uploads-k2'" })
    #expect(change.kind == .narrowing)
    #expect(change.keys == ["k2"])
    #expect(change.scopes == ["files:write"])
}

@Test func diffEditedConditionCountsAsWidening() throws {
    let keys = miniKey("k1")
    let rule = """
      - id: no-big-prompts
        effect: deny
        when: request.input_tokens > 1000
        reason: too big
    """
    let list = try changes(from: miniPolicy(keys: keys, rules: rule),
                           to: miniPolicy(keys: keys, rules: rule.replacingOccurrences(of: "1000", with: "2000")))
    let change = try #require(list.first { $0.subject == "rule 'no-big-prompts'" })
    #expect(change.kind == .widening)
    #expect(change.summary.contains("request.input_tokens > 1000"))
}

@Test func diffIdenticalPoliciesHaveNoChange() throws {
    let text = miniPolicy(keys: miniKey("k1"))
    #expect(try changes(from: text, to: text).isEmpty)
}

@Test func whoCanListsGrantedKeysWithConditions() throws {
    let keys = miniKey("reader", hash: String(repeating: "1", count: 64))
        + "\n" + miniKey("writer", hash: String(repeating: "2", count: 64))
            .replacingOccurrences(of: "scopes: [chat:completions]", with: "scopes: [\"files:*\", chat:completions]")
    let rule = """
      - id: night-uploads
        effect: deny
        match: {scopes: [files:write]}
        when: local_hour(request.time, "UTC") < 6
        reason: closed at night
    """
    let policy = try #require(compileMini(miniPolicy(keys: keys, rules: rule), lints: false).policy)
    let answer = policy.whoCan(WhoCanQuery(scope: "files:write"))
    #expect(answer.keys.map(\.key) == ["writer"])
    let conditions = try #require(answer.keys.first?.conditions)
    #expect(conditions.contains("from 10.0.0.0/8"))
    #expect(conditions.contains { $0.hasPrefix("denied by rule 'night-uploads' when local_hour(request.time, \"UTC\") < 6") })
}

@Test func whoCanExcludesByAddress() throws {
    let policy = try #require(compileMini(miniPolicy(keys: miniKey("k1")), lints: false).policy)
    let outside = policy.whoCan(WhoCanQuery(scope: "chat:completions", address: IPAddressParsing.parse("192.0.2.1")))
    #expect(outside.keys.isEmpty)
    #expect(outside.excluded["k1"] == "192.0.2.1 is outside its networks")
    let inside = policy.whoCan(WhoCanQuery(scope: "chat:completions", address: IPAddressParsing.parse("10.1.2.3")))
    #expect(inside.keys.map(\.key) == ["k1"])
}
