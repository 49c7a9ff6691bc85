// The policy after name resolution: every reference is an index into a
// symbol table, scope patterns are expanded into bit sets over the declared
// scopes, and tier inheritance is flattened into each key's effective
// settings. Definitions that failed to resolve are left out or marked, so
// later stages do not report the same mistake again.

import PolicySource
import PolicyValues
import PolicyExpr

/// Where a quota applies and whose counter it uses.
enum QuotaLevel: Sendable, Hashable {
    case key
    case tier(Int)
    case team(Int)
}

/// A quota with the level it was declared at.
struct ResolvedQuota: Sendable {
    var syntax: QuotaSyntax
    var level: QuotaLevel
}

/// A key's settings after inheritance: its own value, else the nearest
/// tier's, else the policy default.
struct EffectiveKey: Sendable {
    var syntax: KeySyntax
    /// The key's tier followed by the tiers it extends, nearest first.
    var tierChain: [Int]
    var team: Int?
    var status: KeyStatus
    var maxAge: Located<PolicyDuration>?
    var scopePatterns: [Located<String>]
    var grantedScopes: BitSet
    var networks: NetworksSyntax?
    /// nil when the key may use every model.
    var allowedModels: BitSet?
    var allowedRoutes: BitSet
    var maxOutputTokens: Located<Int64>?
    var access: [AccessWindowSyntax]?
    var labels: [String: String]
    /// Whether a model or route name in the key's allowlist failed to resolve.
    var hasUnresolvedModelNames: Bool
    /// Identifies the inherited settings, so keys that share a tier share one compiled profile.
    var profileSignature: [Int]
}

/// A route with its candidates resolved to model ids and its constraints applied.
struct ResolvedRoute: Sendable {
    var syntax: RouteSyntax
    var strategy: RouteStrategy
    /// Candidates that satisfy the route's constraints, in listed order.
    var candidates: [Int]
    var weights: [Int64]
    var fallbackRoute: Int?
}

/// A rule with its targets resolved and its condition compiled.
struct ResolvedRule: Sendable {
    var syntax: RuleSyntax
    var effect: RuleEffect
    var scopes: BitSet?
    var models: BitSet?
    var routes: BitSet?
    var keys: BitSet?
    var tiers: BitSet?
    var teams: BitSet?
    var condition: Condition?
    /// True when a part of the rule failed to resolve; such a rule is not compiled.
    var isBroken: Bool
    var forcedRoute: Int?
}

extension ResolvedPolicy {
    /// Returns every quota that applies to a key: its own, then its tiers',
    /// nearest first, then its team's. Computed on demand, because a key
    /// shares most of them with its tier and storing a copy per key is costly.
    func quotas(of key: EffectiveKey) -> [ResolvedQuota] {
        var quotas = key.syntax.settings.quotas.map { ResolvedQuota(syntax: $0, level: .key) }
        for tier in key.tierChain {
            quotas += syntax.tiers[tier].settings.quotas.map { ResolvedQuota(syntax: $0, level: .tier(tier)) }
        }
        if let team = key.team {
            quotas += syntax.teams[team].quotas.map { ResolvedQuota(syntax: $0, level: .team(team)) }
        }
        return quotas
    }
}

struct ResolvedPolicy: Sendable {
    var syntax: PolicySyntax
    var scopes = SymbolTable()
    var models = SymbolTable()
    var routes = SymbolTable()
    var tiers = SymbolTable()
    var teams = SymbolTable()
    var keys = SymbolTable()
    var defaultZone: ZoneRules
    var resolvedRoutes: [ResolvedRoute] = []
    var effectiveKeys: [EffectiveKey] = []
    var rules: [ResolvedRule] = []
    /// For each tier, itself followed by its ancestors; empty when the chain has a cycle.
    var tierChains: [[Int]] = []
}
