// who-can: the auditor's question in reverse. Given a scope, and optionally
// a model, a client address and a time, it lists every key that may use the
// scope. For each key it lists the conditions: validity period, access
// windows, networks, quotas, and the rules that grant or restrict it.

import PolicyExpr
import PolicySource
import PolicyValues

/// The question: which keys may use this scope, optionally for this model, from this address, at this time.
public struct WhoCanQuery: Sendable {
    public var scope: String
    public var model: String?
    public var address: IPAddress?
    public var time: Timestamp?

    public init(scope: String, model: String? = nil, address: IPAddress? = nil, time: Timestamp? = nil) {
        self.scope = scope
        self.model = model
        self.address = address
        self.time = time
    }
}

/// A key that may use the scope, with its conditions.
public struct WhoCanEntry: Codable, Sendable, Hashable {
    public let key: String
    public let team: String?
    public let tiers: [String]
    /// The source of the grant: the key's own scopes or an allow rule.
    public let grantedBy: String
    public let conditions: [String]
    public let location: String
}

/// The answer to a who-can question.
public struct WhoCanAnswer: Codable, Sendable {
    public let scope: String
    public let keys: [WhoCanEntry]
    /// Keys excluded by the optional model, address or time, with the reason.
    public let excluded: [String: String]
}

extension CompiledPolicy {
    /// Returns the keys that may use a scope, and the conditions under which they can.
    public func whoCan(_ query: WhoCanQuery) -> WhoCanAnswer {
        guard let scope = scopeIndex[query.scope] else {
            return WhoCanAnswer(scope: query.scope, keys: [], excluded: [:])
        }
        var entries: [WhoCanEntry] = []
        var excluded: [String: String] = [:]
        for (index, key) in keys.enumerated() {
            let profile = profiles[Int(key.profile)]
            let applicable = rulesByScope[Int(scope)].map { rules[Int($0)] }.filter { rule in
                self.rule(rule, selectsKey: index, key) && !Self.isFalse(rule, for: key)
            }
            let grantingRules = applicable.filter { !$0.isDeny }
            let grantedByKey = profile.grantedScopes.contains(Int(scope))
            guard key.status == .active, grantedByKey || !grantingRules.isEmpty else { continue }
            if let reason = exclusion(key: key, profile: profile, query: query) {
                excluded[key.id] = reason
                continue
            }
            var conditions = validityConditions(key)
            conditions += accessConditions(profile)
            conditions += networkConditions(key)
            conditions += modelConditions(profile)
            if !grantedByKey {
                conditions += grantingRules.map { "allowed by rule '\($0.id)'" + ($0.condition.map { " when \($0.canonicalText)" } ?? "") }
            }
            conditions += applicable.filter(\.isDeny).map { rule in
                "denied by rule '\(rule.id)'" + (rule.condition.map { " when \($0.canonicalText)" } ?? " always") + ": \(rule.reason)"
            }
            conditions += (profile.quotas + teamQuotas(of: key)).map { "quota \(quotas[Int($0)].name): \(PolicyDiff.limitText(quotas[Int($0)]))" }
            entries.append(WhoCanEntry(
                key: key.id, team: key.attributes.team.isEmpty ? nil : key.attributes.team, tiers: tiers(of: key).members.map { tierNames[$0] },
                grantedBy: grantedByKey ? "key scopes" : "rule '\(grantingRules[0].id)'", conditions: conditions,
                location: key.location.lineDescription))
        }
        return WhoCanAnswer(scope: query.scope, keys: entries, excluded: excluded)
    }

    /// Returns whether a rule's condition reads only key attributes and is false for this key.
    private static func isFalse(_ rule: RuntimeRule, for key: RuntimeKey) -> Bool {
        guard let condition = rule.condition, condition.attributes.allSatisfy({ $0.hasPrefix("key.") }) else { return false }
        let context = ConditionContext(request: RequestAttributes(), key: key.attributes, model: ModelAttributes.empty)
        return condition.evaluate(context) == .false
    }

    /// Returns why the optional model, address or time rules a key out, or nil.
    private func exclusion(key: RuntimeKey, profile: KeyProfile, query: WhoCanQuery) -> String? {
        if let model = query.model {
            if let index = modelIndex[model] {
                if !(profile.allowedModels?.contains(Int(index)) ?? true) { return "model '\(model)' is not in its allowlist" }
            } else if let route = routeIndex[model] {
                if !profile.allowedRoutes.contains(Int(route)) { return "route '\(model)' is not allowed" }
            } else {
                return "'\(model)' is neither a model nor a route"
            }
        }
        if let address = query.address {
            if globalDeny.contains(address) || (key.networks?.deny.contains(address) ?? false) { return "\(address) is denied" }
            if let allow = globalAllow, !allow.contains(address) { return "\(address) is outside the policy's networks" }
            if let allow = key.networks?.allow, !allow.contains(address) { return "\(address) is outside its networks" }
        }
        if let time = query.time {
            if let start = key.notBefore, time.nanoseconds < start { return "not valid before \(Timestamp(nanoseconds: start))" }
            if let end = key.expiresAt, time.nanoseconds >= end { return "expired at \(Timestamp(nanoseconds: end))" }
            if let deadline = key.rotationDeadline, time.nanoseconds >= deadline { return "overdue for rotation" }
            if let windows = profile.access, !windows.contains(where: { window in
                let local = window.zone.local(time)
                return window.admits(weekday: local.weekday.rawValue, secondOfDay: local.secondOfDay)
            }) { return "outside its access windows" }
        }
        return nil
    }

    private func validityConditions(_ key: RuntimeKey) -> [String] {
        var result: [String] = []
        if let start = key.notBefore { result.append("valid from \(Timestamp(nanoseconds: start))") }
        if let end = key.expiresAt { result.append("valid until \(Timestamp(nanoseconds: end))") }
        if let deadline = key.rotationDeadline { result.append("must be rotated by \(Timestamp(nanoseconds: deadline))") }
        return result
    }

    private func accessConditions(_ profile: KeyProfile) -> [String] {
        (profile.access ?? []).map { window in
            let days = (0..<7).filter { window.days & (1 << UInt8($0)) != 0 }.map { Weekday(rawValue: $0)?.shortName ?? "" }
            return "on \(days.joined(separator: ",")) from \(Self.clock(window.from)) to \(Self.clock(window.to)) \(window.zone.identifier)"
        }
    }

    private static func clock(_ second: Int32) -> String {
        let hours = second / 3600
        let minutes = (second % 3600) / 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }

    private func networkConditions(_ key: RuntimeKey) -> [String] {
        var admitted = (globalAllow ?? AddressSet.all).subtracting(globalDeny)
        if let allow = key.networks?.allow { admitted = admitted.intersection(allow) }
        admitted = admitted.subtracting(key.networks?.deny ?? AddressSet())
        if admitted.isSuperset(of: AddressSet.all.subtracting(globalDeny)) { return ["from any address"] }
        let blocks = admitted.cidrs().map(\.description)
        return ["from " + (blocks.count > 6 ? blocks.prefix(6).joined(separator: ", ") + " and \(blocks.count - 6) more" : blocks.joined(separator: ", "))]
    }

    private func modelConditions(_ profile: KeyProfile) -> [String] {
        guard let allowed = profile.allowedModels else { return ["any model"] }
        return ["models " + allowed.members.map { models[$0].id }.joined(separator: ", ")]
    }
}
