// A key's effective permissions, read back from a compiled policy in terms
// a reviewer understands: scope and model names, the set of admitted client
// addresses, validity times, access times and quotas. The semantic diff
// and who-can both work on these views.

import PolicySource
import PolicyValues

/// What one key may do, as names and sets.
struct KeyView {
    let id: String
    let status: RuntimeKeyStatus
    let scopes: Set<String>
    /// nil when every model is allowed.
    let models: Set<String>?
    let routes: Set<String>
    /// Client addresses the key is admitted from, after every allow and deny list.
    let admitted: AddressSet
    let notBefore: Int64?
    let expiresAt: Int64?
    let rotationDeadline: Int64?
    let maxOutputTokens: Int64?
    let access: AccessMask?
    let quotas: [String: QuotaSpec]
    let team: String
    let tiers: [String]
    let location: FileLocation
    let profile: KeyProfile
    let key: RuntimeKey
}

/// The minutes of a week (Monday 00:00 first) in which access windows admit
/// requests, per time zone, so two sets of windows can be compared.
struct AccessMask: Equatable {
    var zone: String
    var minutes: [Bool]

    init?(_ windows: [RuntimeAccessWindow]) {
        guard let first = windows.first else { return nil }
        zone = first.zone.identifier
        minutes = Array(repeating: false, count: 7 * 1440)
        for window in windows {
            // Windows in different zones cannot be folded into one weekly mask.
            guard window.zone.identifier == zone else { return nil }
            for day in 0..<7 {
                for minute in 0..<1440 where window.admits(weekday: day, secondOfDay: Int32(minute * 60)) {
                    minutes[day * 1440 + minute] = true
                }
            }
        }
    }

    func isSubset(of other: AccessMask) -> Bool {
        zone == other.zone && zip(minutes, other.minutes).allSatisfy { !$0 || $1 }
    }
}

extension CompiledPolicy {
    /// Returns the effective permissions of every key, by id.
    func keyViews() -> [String: KeyView] {
        var views: [String: KeyView] = [:]
        let everything = globalAllow ?? AddressSet.all
        for key in keys {
            let profile = profiles[Int(key.profile)]
            var admitted = everything.subtracting(globalDeny)
            if let allow = key.networks?.allow { admitted = admitted.intersection(allow) }
            admitted = admitted.subtracting(key.networks?.deny ?? AddressSet())
            let allowedModels = profile.allowedModels.map { Set($0.members.map { models[$0].id }) }
            var quotaMap: [String: QuotaSpec] = [:]
            for index in profile.quotas + teamQuotas(of: key) { quotaMap[quotas[Int(index)].name] = quotas[Int(index)] }
            views[key.id] = KeyView(
                id: key.id, status: key.status, scopes: Set(profile.grantedScopes.members.map { scopeNames[$0] }),
                models: allowedModels, routes: Set(profile.allowedRoutes.members.map { routes[$0].id }), admitted: admitted,
                notBefore: key.notBefore, expiresAt: key.expiresAt, rotationDeadline: key.rotationDeadline,
                maxOutputTokens: profile.maxOutputTokens, access: profile.access.flatMap(AccessMask.init),
                quotas: quotaMap, team: key.attributes.team, tiers: tiers(of: key).members.map { tierNames[$0] },
                location: key.location, profile: profile, key: key)
        }
        return views
    }

    /// Returns the keys a rule's targets select (every key when it has no key, tier or team target).
    func keysTargeted(by rule: RuntimeRule) -> [String] {
        keys.enumerated().filter { index, key in self.rule(rule, selectsKey: index, key) }.map(\.element.id)
    }

    /// Returns the scope names a rule targets.
    func scopesTargeted(by rule: RuntimeRule) -> [String] {
        rule.scopes.map { $0.members.map { scopeNames[$0] } } ?? scopeNames
    }
}
