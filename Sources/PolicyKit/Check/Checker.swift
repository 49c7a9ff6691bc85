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

    static func check(_ policy: ResolvedPolicy) -> [Diagnostic] {
        var checker = Checker(policy: policy)
        checker.checkSettings()
        for key in policy.effectiveKeys { checker.checkKey(key) }
        for tier in policy.syntax.tiers { checker.checkInheritable(tier.settings) }
        for team in policy.syntax.teams { team.quotas.forEach { checker.checkQuota($0) } }
        checker.checkFallbackReach()
        checker.checkRules()
        return checker.bag.diagnostics
    }

    // MARK: - Settings and keys

    private mutating func checkSettings() {
        // A file that failed to read may hold the settings; its own error already explains their absence.
        if policy.syntax.settings.name == nil, policy.syntax.settingsRange == nil, !policy.syntax.hasUnreadableFile {
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
        if key.allowedModels?.isEmpty == true {
            bag.add(.noModelAccess(key: syntax.id.value, at: syntax.id.range))
        }
        checkInheritable(syntax.settings)
    }

    /// Checks the settings a key or tier writes itself; inherited ones are checked where they are written.
    private mutating func checkInheritable(_ settings: InheritableSettings) {
        for window in settings.access ?? [] { checkAccessWindow(window) }
        settings.quotas.forEach { checkQuota($0) }
    }

    private mutating func checkAccessWindow(_ window: AccessWindowSyntax) {
        if let days = window.days, days.isEmpty {
            bag.add(.unsatisfiableAccessWindow(why: "the list of days is empty", at: window.range))
        }
        if let from = window.from, let to = window.to, from.value.secondOfDay == to.value.secondOfDay {
            bag.add(.unsatisfiableAccessWindow(why: "'from' and 'to' are both \(from.value)", at: to.range))
        }
    }

    private mutating func checkQuota(_ quota: QuotaSyntax) {
        if quota.limit.value == 0 {
            bag.add(.unsatisfiableQuota(why: "its limit is 0", at: quota.limit.range))
        }
    }

    // MARK: - Fallbacks

    /// Reports, per route, the models in its plan or fallback chain that keys
    /// allowed to request the route may not use.
    private mutating func checkFallbackReach() {
        for (routeIndex, route) in policy.resolvedRoutes.enumerated() {
            let chain = RoutePlanner.chain(of: routeIndex, in: policy.resolvedRoutes)
            var missingByModel: [Int: [String]] = [:]
            for key in policy.effectiveKeys where key.allowedRoutes.contains(routeIndex) {
                guard let allowed = key.allowedModels else { continue }
                for model in chain where !allowed.contains(model) {
                    missingByModel[model, default: []].append(key.syntax.id.value)
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

    /// Whether deny rule `earlier` matches every request that `later` matches.
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
