// Cross-checks on the resolved policy: validity periods, access windows and
// quotas that can never be satisfied, model access, fallbacks that a key's
// allowlist makes unreachable, and rules that can never fire or are
// shadowed by an earlier deny rule.

import PolicySource
import PolicyValues
import PolicyExpr

struct Checker {
    let policy: ResolvedPolicy
    private(set) var bag = DiagnosticBag()
    private var reportedQuotas = Set<SourceRange>()
    private var checkedQuotaProfiles = Set<[Int]>()

    static func check(_ policy: ResolvedPolicy) -> [Diagnostic] {
        var checker = Checker(policy: policy)
        checker.checkSettings()
        for index in policy.effectiveKeys.indices { checker.checkKey(policy.effectiveKeys[index]) }
        for tier in policy.syntax.tiers { checker.checkInheritable(tier.settings) }
        checker.checkFallbackReach()
        checker.checkRules()
        return checker.bag.diagnostics
    }

    // MARK: - Settings and keys

    private mutating func checkSettings() {
        // With no file read, or a file that failed to read and may hold the settings,
        // the reading errors already explain why there are no settings.
        if policy.syntax.settings.name == nil, policy.syntax.settingsRange == nil, policy.syntax.documentCount > 0,
           !policy.syntax.hasUnreadableFile {
            bag.add(.missingSettings(at: nil))
        }
    }

    private mutating func checkKey(_ key: EffectiveKey) {
        let syntax = key.syntax
        if key.status == .revoked, syntax.revokedReason == nil {
            bag.add(.revokedReason(missing: true, key: syntax.id.value, at: syntax.status?.range ?? syntax.id.range))
        } else if key.status != .revoked, let reason = syntax.revokedReason {
            bag.add(.revokedReason(missing: false, key: syntax.id.value, at: reason.range))
        }
        if let start = syntax.notBefore, let end = syntax.expiresAt, end.value <= start.value {
            bag.add(.validityOrder(key: syntax.id.value, at: end.range, notBefore: start.range))
        }
        if let created = syntax.createdAt, let end = syntax.expiresAt, end.value <= created.value {
            bag.add(.createdAfterExpiry(key: syntax.id.value, at: end.range, created: created.range))
        }
        if key.allowedModels?.isEmpty == true, !key.hasUnresolvedModelNames {
            bag.add(.noModelAccess(key: syntax.id.value, at: syntax.id.range))
        }
        checkInheritable(syntax.settings)
        checkQuotaFits(key)
    }

    /// Checks the settings a key or tier writes itself; inherited ones are checked where they are written.
    private mutating func checkInheritable(_ settings: InheritableSettings) {
        for window in settings.access ?? [] { checkAccessWindow(window) }
    }

    private mutating func checkAccessWindow(_ window: AccessWindowSyntax) {
        if let days = window.days, days.isEmpty {
            bag.add(.unsatisfiableAccessWindow(why: "the list of days is empty", at: window.range))
        }
        if let from = window.from, let to = window.to, from.value.secondOfDay == to.value.secondOfDay {
            bag.add(.unsatisfiableAccessWindow(why: "'from' and 'to' are both \(from.value)", at: to.range))
        }
    }

    /// Reports token quotas smaller than the key's own output cap: a request
    /// that asks for the whole cap can never fit them.
    private mutating func checkQuotaFits(_ key: EffectiveKey) {
        guard let cap = key.maxOutputTokens?.value else { return }
        // Keys sharing a profile share their inherited quotas, so check each profile once.
        guard checkedQuotaProfiles.insert(key.profileSignature).inserted || !key.syntax.settings.quotas.isEmpty else { return }
        for quota in policy.quotas(of: key) {
            let metric = quota.syntax.metric.value
            guard metric == .outputTokens || metric == .totalTokens, quota.syntax.limit.value < cap,
                  reportedQuotas.insert(quota.syntax.limit.range).inserted else { continue }
            bag.add(.unsatisfiableQuota(
                why: "its limit of \(quota.syntax.limit.value) \(metric.rawValue) is below the output cap of \(cap) tokens of key '\(key.syntax.id.value)', so a request using the whole cap is always denied",
                at: quota.syntax.limit.range))
        }
    }

    // MARK: - Fallbacks

    /// Reports, per route, the models in its plan or fallback chain that keys
    /// allowed to request the route may not use.
    private mutating func checkFallbackReach() {
        for (routeIndex, route) in policy.resolvedRoutes.enumerated() {
            let chain = RoutePlanner.chain(of: routeIndex, in: policy.resolvedRoutes)
            var missingByModel: [Int: [String]] = [:]
            // Keys are read in place: copying each large key value once per route dominated this check.
            for index in policy.effectiveKeys.indices where policy.effectiveKeys[index].allowedRoutes.contains(routeIndex) {
                guard let allowed = policy.effectiveKeys[index].allowedModels else { continue }
                for model in chain where !allowed.contains(model) {
                    missingByModel[model, default: []].append(policy.effectiveKeys[index].syntax.id.value)
                }
            }
            guard !missingByModel.isEmpty else { continue }
            let models = missingByModel.keys.sorted().map { policy.models.names[$0] }
            let keys = Array(Set(missingByModel.values.joined())).sorted()
            let range = route.syntax.fallbackRoute?.range ?? route.syntax.candidatesRange ?? route.syntax.id.range
            bag.add(.fallbackOutsideAllowlist(route: route.syntax.id.value, models: models, keys: keys, at: range))
        }
    }

    // MARK: - Rules

    private mutating func checkRules() {
        let rules = policy.rules
        for rule in rules where !rule.isBroken {
            checkForcedRoute(rule)
        }
        for (index, rule) in rules.enumerated() where !rule.isBroken {
            if let why = neverFires(rule) {
                bag.add(.ruleNeverFires(rule: rule.syntax.id.value, why: why, at: rule.syntax.id.range))
                continue
            }
            if let earlier = rules[..<index].first(where: { !$0.isBroken && shadows($0, rule) }) {
                bag.add(.ruleShadowed(rule: rule.syntax.id.value, by: earlier.syntax.id.value, at: rule.syntax.id.range,
                                      earlierRange: earlier.syntax.id.range))
            }
        }
    }

    /// Reports keys that a route-forcing rule targets but that may use none of the route's models.
    private mutating func checkForcedRoute(_ rule: ResolvedRule) {
        guard let route = rule.forcedRoute, let name = rule.syntax.forcedRoute else { return }
        let chain = RoutePlanner.chain(of: route, in: policy.resolvedRoutes)
        let stranded = policy.effectiveKeys.enumerated().filter { index, key in
            if let keys = rule.keys, !keys.contains(index) { return false }
            if let teams = rule.teams, !(key.team.map { teams.contains($0) } ?? false) { return false }
            if let tiers = rule.tiers, !key.tierChain.contains(where: { tiers.contains($0) }) { return false }
            guard let allowed = key.allowedModels else { return false }
            return !chain.contains { allowed.contains($0) }
        }.map(\.element.syntax.id.value)
        if !stranded.isEmpty {
            bag.add(.obligationOutsideAllowlist(rule: rule.syntax.id.value, route: name.value, keys: stranded, at: name.range))
        }
    }

    private func neverFires(_ rule: ResolvedRule) -> String? {
        if rule.condition?.constantValue == false { return "its condition is always false" }
        let targets: [(BitSet?, String)] = [
            (rule.scopes, "scopes"), (rule.models, "models"), (rule.routes, "routes"), (rule.keys, "keys"), (rule.tiers, "tiers"),
            (rule.teams, "teams"),
        ]
        for (target, name) in targets where target?.isEmpty == true {
            return "its match list of \(name) is empty"
        }
        return nil
    }

    /// Returns whether deny rule `earlier` matches every request that `later` matches.
    private func shadows(_ earlier: ResolvedRule, _ later: ResolvedRule) -> Bool {
        guard earlier.effect == .deny else { return false }
        func covers(_ outer: BitSet?, _ inner: BitSet?) -> Bool {
            guard let outer else { return true }
            guard let inner else { return false }
            return outer.isSuperset(of: inner)
        }
        guard covers(earlier.scopes, later.scopes), covers(earlier.models, later.models), covers(earlier.routes, later.routes),
              covers(earlier.keys, later.keys), covers(earlier.tiers, later.tiers), covers(earlier.teams, later.teams)
        else { return false }
        guard let condition = earlier.condition else { return true }
        if condition.constantValue == true { return true }
        return later.condition?.canonicalText == condition.canonicalText
    }
}
