// The compiled policy: an immutable decision structure that gateways share
// across threads and evaluate on every request. Keys are found in constant
// time by id or by the SHA-256 of a presented secret; rules are grouped by
// scope so a request only visits the rules that can apply to it.

import PolicySource
import PolicyValues
import PolicyExpr

/// A policy compiled for evaluation. Immutable and safe to share across threads.
public final class CompiledPolicy: Sendable {
    /// The policy name from its settings.
    public let name: String
    /// A hex SHA-256 over the policy's source files (paths and contents), in path order.
    public let revision: String

    let scopeNames: [String]
    let scopeIndex: NameTable
    let models: [RuntimeModel]
    let modelIndex: NameTable
    let routes: [RuntimeRoute]
    let routeIndex: NameTable
    let keys: [RuntimeKey]
    let keyIndex: NameTable
    let secretIndex: [SecretDigest: Int32]
    let profiles: [KeyProfile]
    let rules: [RuntimeRule]
    /// For each scope, the rules whose scope target includes it, in policy order.
    let rulesByScope: [[Int32]]
    let trustedProxies: AddressSet
    let globalAllow: AddressSet?
    let globalDeny: AddressSet
    /// The location of the policy-wide network lists, for explanations.
    let globalNetworksLocation: FileLocation?
    let quotas: [QuotaSpec]
    /// For each team, the indexes of its shared quotas.
    let teamQuotas: [[Int32]]
    /// For each tier, itself and the tiers it extends, for rules that match on tiers.
    let tierAncestry: [BitSet]
    let teamNames: [String]
    let tierNames: [String]

    init(name: String, revision: String, scopeNames: [String], models: [RuntimeModel],
         routes: [RuntimeRoute], keys: [RuntimeKey], profiles: [KeyProfile], rules: [RuntimeRule], rulesByScope: [[Int32]],
         trustedProxies: AddressSet, globalAllow: AddressSet?, globalDeny: AddressSet, globalNetworksLocation: FileLocation?,
         quotas: [QuotaSpec], teamQuotas: [[Int32]], tierAncestry: [BitSet],
         teamNames: [String], tierNames: [String]) {
        self.name = name
        self.revision = revision
        self.scopeNames = scopeNames
        self.scopeIndex = NameTable(scopeNames)
        self.models = models
        self.modelIndex = NameTable(models.map(\.id))
        self.routes = routes
        self.routeIndex = NameTable(routes.map(\.id))
        self.keys = keys
        self.keyIndex = NameTable(keys.map(\.id))
        var secrets: [SecretDigest: Int32] = [:]
        for (index, key) in keys.enumerated() where secrets[key.digest] == nil {
            secrets[key.digest] = Int32(index)
        }
        self.secretIndex = secrets
        self.profiles = profiles
        self.rules = rules
        self.rulesByScope = rulesByScope
        self.trustedProxies = trustedProxies
        self.globalAllow = globalAllow
        self.globalDeny = globalDeny
        self.globalNetworksLocation = globalNetworksLocation
        self.quotas = quotas
        self.teamQuotas = teamQuotas
        self.tierAncestry = tierAncestry
        self.teamNames = teamNames
        self.tierNames = tierNames
    }

    /// Returns the tiers a key belongs to: its own and every tier that one extends.
    func tiers(of key: RuntimeKey) -> BitSet {
        key.tier >= 0 ? tierAncestry[Int(key.tier)] : BitSet(capacity: 0)
    }

    /// Returns whether a rule's key, team and tier targets select a key.
    @inline(__always)
    func rule(_ rule: RuntimeRule, selectsKey keyIndex: Int, _ key: RuntimeKey) -> Bool {
        if let keys = rule.keys, !keys.contains(keyIndex) { return false }
        if let teams = rule.teams, !teams.contains(Int(key.team)) { return false }
        if let tiers = rule.tiers, tiers.isDisjoint(with: self.tiers(of: key)) { return false }
        return true
    }

    /// Returns the shared quotas of a key's team.
    func teamQuotas(of key: RuntimeKey) -> [Int32] {
        key.team >= 0 ? teamQuotas[Int(key.team)] : []
    }

    /// The number of keys, for reports and benchmarks.
    public var keyCount: Int { keys.count }
    /// The key ids in definition order.
    public var keyIDs: [String] { keys.map(\.id) }
    /// The declared scope names.
    public var scopes: [String] { scopeNames }
    /// The model ids.
    public var modelIDs: [String] { models.map(\.id) }
    /// The route aliases.
    public var routeIDs: [String] { routes.map(\.id) }
    /// The rule ids in policy order.
    public var ruleIDs: [String] { rules.map(\.id) }
}
