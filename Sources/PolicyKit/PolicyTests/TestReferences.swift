// Checks the names a test uses against the compiled policy: keys, scopes,
// models, routes, rules, quotas and quota usage. A name the policy does not
// define is an error at its line with a "did you mean" hint. The exception
// is a test that expects the reason code for exactly that mistake, such as
// an unknown key with `reasons: [key.unknown]`: there the undefined name is
// what the test is about.

import PolicySource
import PolicyValues
import PolicyYAML

/// A test's request checked against the policy, with the key it names.
struct CheckedRequest {
    let request: Request
    /// The key's index in the policy, or nil when the request names no key of the policy.
    let key: Int32?
}

extension TestFileReader {
    /// The word an expectation uses for "no model, route, rule or quota"; results compare as it too.
    static let none = "none"

    /// Checks the request's names and builds the request; nil when a required field is missing.
    func checkRequest(_ syntax: TestRequestSyntax, expecting reasons: [ReasonCode]) -> CheckedRequest? {
        let key = findKey(syntax, expectsUnknown: reasons.contains(.unknownKey))
        if let scope = syntax.scope, policy.scopeIndex[scope.value] == nil, !reasons.contains(.unknownScope) {
            reporter.report(.unknownTestReference(kind: "scope", name: scope.value, known: policy.scopeNames,
                                                  expectedReason: ReasonCode.unknownScope.rawValue, at: scope.range))
        }
        if let model = syntax.model, policy.modelIndex[model.value] == nil, policy.routeIndex[model.value] == nil,
           !reasons.contains(.unknownModel) {
            reporter.report(.unknownTestReference(kind: "model or route", name: model.value, known: policy.modelIDs + policy.routeIDs,
                                                  expectedReason: ReasonCode.unknownModel.rawValue, at: model.range))
        }
        if let peer = syntax.peer, !reasons.contains(.malformedAddress), case .failure(let error) = IPAddress.parse(peer.value) {
            reporter.report(Diagnostic(error.code, error.message, at: peer.range, hint: error.hint))
        }

        guard let peer = syntax.peer, let time = syntax.time, let scope = syntax.scope, let model = syntax.model,
              syntax.key != nil || syntax.secret != nil
        else { return nil }
        let request = Request(
            keyID: syntax.key?.value, presentedSecret: syntax.secret?.value, peerAddress: peer.value, forwardedFor: syntax.forwardedFor,
            time: time.value, scope: scope.value, model: model.value, inputTokens: syntax.inputTokens,
            maxOutputTokens: syntax.maxOutputTokens, labels: syntax.labels, requestID: syntax.requestID)
        return CheckedRequest(request: request, key: key)
    }

    /// Finds the key the request names by id, or else by the secret's hash.
    private func findKey(_ syntax: TestRequestSyntax, expectsUnknown: Bool) -> Int32? {
        if let id = syntax.key {
            guard let index = policy.keyIndex[id.value] else {
                if !expectsUnknown {
                    reporter.report(.unknownTestReference(kind: "key", name: id.value, known: policy.keyIDs,
                                                          expectedReason: ReasonCode.unknownKey.rawValue, at: id.range))
                }
                return nil
            }
            if let secret = syntax.secret, SHA256.digest(secret.value) != policy.keys[Int(index)].digest {
                if !expectsUnknown { reporter.report(.unknownSecret(at: secret.range)) }
                return nil
            }
            return index
        }
        guard let secret = syntax.secret else { return nil }
        guard let index = policy.secretIndex[SHA256.digest(secret.value)] else {
            if !expectsUnknown { reporter.report(.unknownSecret(at: secret.range)) }
            return nil
        }
        return index
    }

    // MARK: - Expectations

    /// Returns a model id the policy defines, or reports it. `none` (for no
    /// model) is accepted where `allowNone` is set.
    func model(_ name: Located<String>, field: String, allowNone: Bool = false) -> String? {
        if policy.modelIndex[name.value] != nil || (allowNone && name.value == Self.none) { return name.value }
        if policy.routeIndex[name.value] != nil {
            reporter.report(.routeWhereModelExpected(name.value, field: field, at: name.range))
        } else {
            reporter.report(.unknownTestReference(kind: "model", name: name.value, known: policy.modelIDs, at: name.range))
        }
        return nil
    }

    /// Returns a name found in `known`, or `none` (for no such thing), or reports it.
    func reference(_ name: Located<String>, kind: String, known: [String]) -> String? {
        if known.contains(name.value) || name.value == Self.none { return name.value }
        reporter.report(.unknownTestReference(kind: kind, name: name.value, known: Array(Set(known)), at: name.range))
        return nil
    }

    // MARK: - Usage

    /// Reads `usage`: quota names of the test's key mapped to prior amounts.
    func readUsage(_ node: Node, key: Int32?, request: TestRequestSyntax, test: String) -> [QuotaUsage] {
        guard case .mapping(let entries, _, _) = node else {
            reporter.report(.wrongKind(expected: "a mapping of quota names to amounts", found: node.kindDescription,
                                       for: "'usage' of test '\(test)'", at: node.range))
            return []
        }
        guard let key else {
            // Without a key there is no quota; an unknown key was already reported unless the test expects it.
            reporter.report(.usageWithoutKey(test: test, at: node.range))
            return []
        }
        let runtimeKey = policy.keys[Int(key)]
        let specs = policy.profiles[Int(runtimeKey.profile)].quotas + policy.teamQuotas(of: runtimeKey)
        let names = specs.map { policy.quotas[Int($0)].name }
        return entries.compactMap { entry -> QuotaUsage? in
            guard let position = names.firstIndex(of: entry.key.value) else {
                reporter.report(.quotaNotApplicable(entry.key.value, key: runtimeKey.id, known: names, at: entry.key.range))
                return nil
            }
            let spec = policy.quotas[Int(specs[position])]
            let field = "the usage of quota '\(spec.name)'"
            let amount: Int64?
            if spec.metric == .spend {
                amount = read.money(entry.value, field: field)?.value.micros
            } else {
                amount = read.integer(entry.value, field: field, in: 0...Int64.max)?.value
            }
            return amount.map { QuotaUsage(quota: spec.name, amount: $0, specIndex: specs[position]) }
        }
    }
}
