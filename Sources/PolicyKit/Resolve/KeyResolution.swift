// Flattening of tier inheritance into each key's effective settings, and
// resolution of rule targets and conditions.

import PolicySource
import PolicyValues
import PolicyExpr
import PolicyYAML

/// Inherited settings with, for each field, the tier that supplied it (nil: none).
private struct TierSettings {
    var settings = InheritableSettings()
    var owners: [Int?] = Array(repeating: nil, count: 8)
    var grantedScopes: BitSet?
}

extension Resolver {
    // MARK: - Keys

    mutating func resolveKeys() {
        var tierCache: [Int: TierSettings] = [:]
        let syntax = policy.syntax
        for (keyIndex, key) in syntax.keys.enumerated() {
            var chain: [Int] = []
            if let extends = key.extends, let tier = lookup(extends, in: policy.tiers, kind: "tier", code: .unknownTier) {
                chain = policy.tierChains[tier]
            }
            let team = key.team.flatMap { lookup($0, in: policy.teams, kind: "team", code: .unknownTeam) }
            let inherited = chain.first.map { tierSettings($0, cache: &tierCache) } ?? TierSettings()
            policy.effectiveKeys.append(effectiveKey(key, index: keyIndex, chain: chain, team: team, inherited: inherited))
        }
    }

    private mutating func tierSettings(_ tier: Int, cache: inout [Int: TierSettings]) -> TierSettings {
        if let cached = cache[tier] { return cached }
        let chain = policy.tierChains[tier]
        var result = TierSettings()
        // Walk from the most distant ancestor to the tier itself so nearer tiers override.
        for ancestor in chain.reversed() {
            let own = policy.syntax.tiers[ancestor].settings
            overlay(own, owner: ancestor, onto: &result.settings, owners: &result.owners)
            result.settings.quotas = [] // quotas are collected per level below
            if let scopes = own.scopes { result.grantedScopes = expandAll(scopes) }
        }
        cache[tier] = result
        return result
    }

    /// Copies every field `own` sets onto `target`, recording who set it.
    private func overlay(_ own: InheritableSettings, owner: Int, onto target: inout InheritableSettings, owners: inout [Int?]) {
        func take<T>(_ value: T?, _ slot: Int, _ path: WritableKeyPath<InheritableSettings, T?>) {
            if let value { target[keyPath: path] = value; owners[slot] = owner }
        }
        take(own.maxAge, 0, \.maxAge)
        if let scopes = own.scopes { target.scopes = scopes; target.scopesRange = own.scopesRange; owners[1] = owner }
        take(own.networks, 2, \.networks)
        take(own.models, 3, \.models)
        take(own.routes, 4, \.routes)
        take(own.allowAllModels, 5, \.allowAllModels)
        take(own.maxOutputTokens, 6, \.maxOutputTokens)
        take(own.access, 7, \.access)
        target.labels.merge(own.labels) { _, nearer in nearer }
    }

    private mutating func expandAll(_ patterns: [Located<String>]) -> BitSet {
        var bits = BitSet(capacity: policy.scopes.count)
        for pattern in patterns {
            if let expanded = expandScope(pattern) { bits.formUnion(expanded) }
        }
        return bits
    }

    private mutating func effectiveKey(
        _ key: KeySyntax, index: Int, chain: [Int], team: Int?, inherited: TierSettings
    ) -> EffectiveKey {
        var settings = inherited.settings
        var owners = inherited.owners
        let keyOwner = -(index + 2)
        overlay(key.settings, owner: keyOwner, onto: &settings, owners: &owners)
        let granted = key.settings.scopes.map { expandAll($0) }
            ?? inherited.grantedScopes ?? BitSet(capacity: policy.scopes.count)


        let (allowedModels, allowedRoutes) = resolveModelAccess(settings)
        let unresolved = (settings.models ?? []).contains { policy.models[$0.value] == nil }
            || (settings.routes ?? []).contains { policy.routes[$0.value] == nil }
        var labels = settings.labels.mapValues(\.value)
        if let team { labels.merge(policy.syntax.teams[team].labels.mapValues(\.value)) { own, _ in own } }

        let ownQuotaSignature = key.settings.quotas.isEmpty ? 0 : keyOwner
        return EffectiveKey(
            syntax: key, tierChain: chain, team: team, status: key.status?.value ?? .active,
            maxAge: settings.maxAge ?? policy.syntax.settings.maxKeyAge, scopePatterns: settings.scopes ?? [],
            grantedScopes: granted, networks: settings.networks, allowedModels: allowedModels, allowedRoutes: allowedRoutes,
            maxOutputTokens: settings.maxOutputTokens, access: settings.access, labels: labels,
            hasUnresolvedModelNames: unresolved,
            // Networks live on each key, not in the shared profile, so they do not split profiles.
            profileSignature: owners.enumerated().map { $0.offset == 2 ? 0 : $0.element ?? Int.min }
                + [chain.first ?? -1, team ?? -1, ownQuotaSignature])
    }

    /// Resolves the models and routes a key may use. Routes grant their own
    /// candidates only when `models` is not set; fallback routes grant nothing.
    private mutating func resolveModelAccess(_ settings: InheritableSettings) -> (BitSet?, BitSet) {
        var routes = BitSet(capacity: policy.routes.count)
        for name in settings.routes ?? [] {
            if let route = lookupOnce(name, in: policy.routes, kind: "route", code: .unknownRoute) { routes.insert(route) }
        }
        if settings.allowAllModels?.value == true {
            return (nil, BitSet(capacity: policy.routes.count, 0..<policy.routes.count))
        }
        var models = BitSet(capacity: policy.models.count)
        if let names = settings.models {
            for name in names {
                if let model = lookupOnce(name, in: policy.models, kind: "model", code: .unknownModel) { models.insert(model) }
            }
        } else {
            for route in routes.members { for model in policy.resolvedRoutes[route].candidates { models.insert(model) } }
        }
        return (models, routes)
    }

    /// Looks up a name inherited by many keys, reporting a miss once per source location.
    private mutating func lookupOnce(_ name: Located<String>, in table: SymbolTable, kind: String, code: DiagnosticCode) -> Int? {
        if let id = table[name.value] { return id }
        if reportedMisses.insert(name.range).inserted {
            bag.add(.unknownName(code, kind: kind, name: name.value, known: table.names, at: name.range))
        }
        return nil
    }

    // MARK: - Rules

    mutating func resolveRules() {
        for rule in policy.syntax.rules {
            policy.rules.append(resolveRule(rule))
        }
    }

    private mutating func resolveRule(_ rule: RuleSyntax) -> ResolvedRule {
        var broken = rule.effect == nil || rule.reason == nil
        func names(_ list: [Located<String>]?, _ table: SymbolTable, _ kind: String, _ code: DiagnosticCode) -> BitSet? {
            guard let list else { return nil }
            var bits = BitSet(capacity: table.count)
            for name in list {
                if let id = lookup(name, in: table, kind: kind, code: code) { bits.insert(id) } else { broken = true }
            }
            return bits
        }
        var scopes: BitSet?
        if let patterns = rule.match.scopes {
            var bits = BitSet(capacity: policy.scopes.count)
            for pattern in patterns {
                if let expanded = expandScope(pattern) { bits.formUnion(expanded) } else { broken = true }
            }
            scopes = bits
        }
        let models = names(rule.match.models, policy.models, "model", .unknownModel)
        let routes = names(rule.match.routes, policy.routes, "route", .unknownRoute)
        let keys = names(rule.match.keys, policy.keys, "key", .unknownKey)
        let tiers = names(rule.match.tiers, policy.tiers, "tier", .unknownTier)
        let teams = names(rule.match.teams, policy.teams, "team", .unknownTeam)
        let forced = rule.forcedRoute.flatMap { name -> Int? in
            let id = lookup(name, in: policy.routes, kind: "route", code: .unknownRoute)
            if id == nil { broken = true }
            return id
        }

        var condition: Condition?
        if let text = rule.when, let scalar = rule.whenScalar {
            let compiled = ConditionCompiler.compile(text.value) { offset, length in
                scalar.sourceRange(valueOffset: offset, length: length)
            }
            bag.add(contentsOf: compiled.diagnostics)
            condition = compiled.condition
            if condition == nil { broken = true }
        }
        if rule.effect?.value == .deny, let range = rule.obligationsRange {
            bag.add(.obligationOnDeny(rule: rule.id.value, at: range))
        }
        if forced != nil, condition?.readsModel == true, let when = rule.when {
            bag.add(.obligationReadsModel(rule: rule.id.value, at: when.range))
            broken = true
        }
        if forced != nil, let models = rule.match.models, let first = models.first {
            bag.add(.obligationWithModelTarget(rule: rule.id.value, at: first.range))
            broken = true
        }
        if let condition, condition.attributes.contains("model.latency"), let when = rule.when {
            // A missing latency would read as zero and make "model.latency < X" silently true.
            for model in policy.syntax.models where model.latency == nil {
                bag.add(.conditionReadsMissingLatency(rule: rule.id.value, model: model.id.value, at: when.range,
                                                      modelRange: model.id.range))
            }
        }
        return ResolvedRule(syntax: rule, effect: rule.effect?.value ?? .deny, scopes: scopes, models: models, routes: routes,
                            keys: keys, tiers: tiers, teams: teams, condition: condition, isBroken: broken, forcedRoute: forced)
    }
}
