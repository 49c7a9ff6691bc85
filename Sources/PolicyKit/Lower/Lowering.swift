// Lowering: turns the checked, resolved policy into the runtime structures
// of CompiledPolicy. Everything that can be decided at compile time is
// decided here: route chains and their per-key filtering, network sets,
// rotation deadlines, profile sharing, and the grouping of rules by scope.

import PolicySource
import PolicyValues
import PolicyExpr

/// Builds route plans: a route's own candidates followed by its fallback routes' candidates.
enum RoutePlanner {
    /// Returns the models a route may reach, in order, each once.
    static func chain(of route: Int, in routes: [ResolvedRoute]) -> [Int] {
        var seenRoutes = Set<Int>()
        var seenModels = Set<Int>()
        var chain: [Int] = []
        var current: Int? = route
        while let index = current, seenRoutes.insert(index).inserted {
            for model in routes[index].candidates where seenModels.insert(model).inserted {
                chain.append(model)
            }
            current = routes[index].fallbackRoute
        }
        return chain
    }
}

struct Lowering {
    let policy: ResolvedPolicy
    var quotas: [QuotaSpec] = []
    private var quotaIndex: [String: Int32] = [:]

    static func lower(_ policy: ResolvedPolicy, revision: String) -> CompiledPolicy {
        var lowering = Lowering(policy: policy)
        let models = policy.syntax.models.map(lowering.lowerModel)
        let routes = policy.resolvedRoutes.indices.map(lowering.lowerRoute)
        var profiles: [KeyProfile] = []
        var profileBySignature: [[Int]: Int32] = [:]
        var keys: [RuntimeKey] = []
        keys.reserveCapacity(policy.effectiveKeys.count)
        for key in policy.effectiveKeys {
            let profile: Int32
            if let existing = profileBySignature[key.profileSignature] {
                profile = existing
            } else {
                profile = Int32(profiles.count)
                profiles.append(lowering.lowerProfile(key, routes: routes))
                profileBySignature[key.profileSignature] = profile
            }
            keys.append(lowering.lowerKey(key, profile: profile, maxAge: profiles[Int(profile)].maxAgeNanoseconds))
        }
        let teamQuotas = policy.teams.names.indices.map { team in
            policy.syntax.teams[team].quotas.map { lowering.internQuota(ResolvedQuota(syntax: $0, level: .team(team)), owner: nil) }
        }
        let tierAncestry = policy.tierChains.map { BitSet(capacity: policy.tiers.count, $0) }
        let rules = policy.rules.filter { !$0.isBroken }.map(lowering.lowerRule)
        let settings = policy.syntax.settings
        return CompiledPolicy(
            name: settings.name?.value ?? "unnamed", revision: revision, scopeNames: policy.scopes.names,
            models: models, routes: routes, keys: keys, profiles: profiles, rules: rules,
            rulesByScope: groupRulesByScope(policy.rules.filter { !$0.isBroken }, scopeCount: policy.scopes.count),
            trustedProxies: AddressSet(settings.trustedProxies.map(\.value)),
            globalAllow: settings.networks.allow.map { AddressSet($0.map(\.value)) },
            globalDeny: AddressSet(settings.networks.deny.map(\.value)),
            globalNetworksLocation: settings.networks.range.map(FileLocation.init), quotas: lowering.quotas,
            teamQuotas: teamQuotas, tierAncestry: tierAncestry, teamNames: policy.teams.names, tierNames: policy.tiers.names)
    }

    // MARK: - Models and routes

    private func lowerModel(_ model: ModelSyntax) -> RuntimeModel {
        let attributes = ModelAttributes(
            id: model.id.value, provider: model.provider?.value ?? "", region: model.region?.value ?? "",
            capabilities: Set(model.capabilities.map(\.value)), contextWindow: model.contextWindow?.value ?? 0,
            inputPrice: model.price.input?.value ?? Money(micros: 0), outputPrice: model.price.output?.value ?? Money(micros: 0),
            latency: model.latency?.value ?? PolicyDuration(nanoseconds: 0))
        return RuntimeModel(id: model.id.value, attributes: attributes, contextWindow: model.contextWindow?.value ?? 0,
                            maxOutputTokens: model.maxOutputTokens?.value, latencyNanoseconds: model.latency?.value.nanoseconds ?? 0,
                            location: FileLocation(model.id.range))
    }

    private func lowerRoute(_ index: Int) -> RuntimeRoute {
        let route = policy.resolvedRoutes[index]
        var own = route.candidates
        if route.strategy == .fastest {
            // A stable sort keeps the listed order among equally fast models.
            own = own.enumerated().sorted { lhs, rhs in
                let left = policy.syntax.models[lhs.element].latency?.value.nanoseconds ?? .max
                let right = policy.syntax.models[rhs.element].latency?.value.nanoseconds ?? .max
                return (left, lhs.offset) < (right, rhs.offset)
            }.map(\.element)
        }
        var chain = own
        var seen = Set(own)
        for model in RoutePlanner.chain(of: index, in: policy.resolvedRoutes) where seen.insert(model).inserted {
            chain.append(model)
        }
        let attempts = route.syntax.maxAttempts.map { Int($0.value) } ?? chain.count
        return RuntimeRoute(id: route.syntax.id.value, strategy: route.strategy, chain: chain.map { Int32($0) },
                            ownCount: own.count, weights: route.weights, fallbackOn: route.syntax.fallbackOn.map(\.value),
                            maxAttempts: max(1, attempts), location: FileLocation(route.syntax.id.range))
    }

    // MARK: - Keys

    private mutating func lowerProfile(_ key: EffectiveKey, routes: [RuntimeRoute]) -> KeyProfile {
        // Plans exist for every route, not only the key's own, because a rule may force any route.
        let plans: [[Int32]] = routes.indices.map { route in
            guard let allowed = key.allowedModels else { return routes[route].chain }
            return routes[route].chain.filter { allowed.contains(Int($0)) }
        }
        let zone = policy.defaultZone
        let access = key.access.map { windows in
            windows.compactMap { window -> RuntimeAccessWindow? in
                guard let from = window.from?.value, let to = window.to?.value else { return nil }
                let days = window.days.map { $0.reduce(UInt8(0)) { $0 | (1 << UInt8($1.value.rawValue)) } } ?? 0x7F
                return RuntimeAccessWindow(days: days, from: from.secondOfDay, to: to.secondOfDay,
                                           zone: window.timezone?.value ?? zone, location: FileLocation(window.range))
            }
        }
        let quotaIndexes = policy.quotas(of: key).filter { if case .team = $0.level { return false } else { return true } }
            .map { internQuota($0, owner: key) }
        let scopes = key.syntax.settings.scopesRange ?? key.scopePatterns.first?.range
        let locations = ProfileLocations(scopes: scopes.map(FileLocation.init),
                                         models: key.syntax.settings.models?.first.map { FileLocation($0.range) },
                                         maxAge: key.maxAge.map { FileLocation($0.range) },
                                         maxOutputTokens: key.maxOutputTokens.map { FileLocation($0.range) })
        return KeyProfile(
            grantedScopes: key.grantedScopes, allowedModels: key.allowedModels, allowedRoutes: key.allowedRoutes, routePlans: plans,
            maxOutputTokens: key.maxOutputTokens?.value, maxAgeNanoseconds: key.maxAge?.value.nanoseconds, access: access,
            quotas: quotaIndexes, locations: locations)
    }

    private mutating func lowerKey(_ key: EffectiveKey, profile: Int32, maxAge: Int64?) -> RuntimeKey {
        let syntax = key.syntax
        let created = syntax.createdAt?.value.nanoseconds ?? 0
        let deadline = maxAge.flatMap { age -> Int64? in
            let (sum, overflow) = created.addingReportingOverflow(age)
            return overflow ? nil : sum
        }
        let status: RuntimeKeyStatus = switch key.status {
        case .active: .active
        case .disabled: .disabled
        case .revoked: .revoked
        }
        let teamName = key.team.map { policy.teams.names[$0] } ?? ""
        let tierName = key.tierChain.first.map { policy.tiers.names[$0] } ?? ""
        let attributes = KeyAttributes(id: syntax.id.value, team: teamName, tier: tierName, owner: syntax.owner?.value ?? "",
                                       createdAt: Timestamp(nanoseconds: created), labels: key.labels)
        let networks = key.networks.map { networks in
            KeyNetworks(allow: networks.allow.map { AddressSet($0.map(\.value)) }, deny: AddressSet(networks.deny.map(\.value)),
                        location: networks.range.map(FileLocation.init))
        }
        let digest = syntax.secretHash.map { SecretDigest(words: $0.value.words) } ?? SecretDigest(words: (0, 0, 0, 0))
        return RuntimeKey(
            id: syntax.id.value, digest: digest, status: status, revokedReason: syntax.revokedReason?.value, createdAt: created,
            notBefore: syntax.notBefore?.value.nanoseconds, expiresAt: syntax.expiresAt?.value.nanoseconds,
            rotationDeadline: deadline, team: Int32(key.team ?? -1), tier: Int32(key.tierChain.first ?? -1), profile: profile,
            networks: networks, attributes: attributes, location: FileLocation(syntax.id.range),
            expiresLocation: syntax.expiresAt.map { FileLocation($0.range) },
            notBeforeLocation: syntax.notBefore.map { FileLocation($0.range) })
    }

    /// Returns the index of a quota definition, adding it on first use.
    mutating func internQuota(_ quota: ResolvedQuota, owner: EffectiveKey?) -> Int32 {
        let syntax = quota.syntax
        let level: String = switch quota.level {
        case .key: "key:\(owner?.syntax.id.value ?? "")"
        case .tier(let tier): "tier:\(policy.tiers.names[tier])"
        case .team(let team): "team:\(policy.teams.names[team])"
        }
        let id = syntax.id?.value ?? "\(syntax.metric.value.rawValue)-per-\(syntax.per.value.rawValue)"
        let name = "\(level)/\(id)"
        let identity = "\(name)@\(syntax.range.file.path):\(syntax.range.start)"
        if let existing = quotaIndex[identity] { return existing }
        let metric = QuotaSpec.Metric(rawValue: syntax.metric.value.rawValue) ?? .requests
        let isTeam = if case .team = quota.level { true } else { false }
        let spec = QuotaSpec(name: name, metric: metric, limit: syntax.limit.value, unit: syntax.per.value,
                             isCalendar: syntax.alignment.value == .calendar, zone: syntax.timezone?.value ?? policy.defaultZone,
                             isShared: isTeam, location: FileLocation(syntax.range))
        let index = Int32(quotas.count)
        quotas.append(spec)
        quotaIndex[identity] = index
        return index
    }

    // MARK: - Rules

    private func lowerRule(_ rule: ResolvedRule) -> RuntimeRule {
        RuntimeRule(
            id: rule.syntax.id.value, isDeny: rule.effect == .deny, scopes: rule.scopes, models: rule.models, routes: rule.routes, keys: rule.keys,
            tiers: rule.tiers, teams: rule.teams, condition: rule.condition,
            dependsOnModel: rule.models != nil || rule.condition?.readsModel == true, reason: rule.syntax.reason?.value ?? "",
            maxOutputTokens: rule.syntax.maxOutputTokens?.value, forcedRoute: rule.forcedRoute.map { Int32($0) },
            location: FileLocation(rule.syntax.id.range))
    }

    /// Groups rule indexes by the scopes they target, so evaluation dispatches on the scope first.
    private static func groupRulesByScope(_ rules: [ResolvedRule], scopeCount: Int) -> [[Int32]] {
        var groups = [[Int32]](repeating: [], count: scopeCount)
        for (index, rule) in rules.enumerated() {
            for scope in 0..<scopeCount where rule.scopes?.contains(scope) ?? true {
                groups[scope].append(Int32(index))
            }
        }
        return groups
    }
}
