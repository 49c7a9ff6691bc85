// Security lints from API-key practice. They run after the cross-checks on
// the resolved policy; `settings.lints` turns each one off or changes its
// severity, and `settings.lint_options` sets their thresholds. Lints about
// expiry and rotation compare against a given "now", so their results,
// unlike decisions, depend on when they run.

import PolicySource
import PolicyValues
import PolicyYAML

/// What the lints compare against and how strict they are.
public struct LintConfiguration: Sendable {
    /// The time that expiry and rotation lints compare against.
    public var now: Timestamp
    /// Whether lints run at all.
    public var enabled: Bool

    public init(now: Timestamp, enabled: Bool = true) {
        self.now = now
        self.enabled = enabled
    }
}

struct Linter {
    let policy: ResolvedPolicy
    let now: Timestamp
    private(set) var bag = DiagnosticBag()
    private var reportedRanges = Set<SourceRange>()

    static let ninetyDays: Int64 = 90 * 86_400 * 1_000_000_000

    /// Runs every lint and applies the configured levels.
    static func lint(_ policy: ResolvedPolicy, now: Timestamp) -> [Diagnostic] {
        var linter = Linter(policy: policy, now: now)
        linter.run()
        return linter.applyLevels(linter.bag.diagnostics)
    }

    private var options: LintOptionsSyntax { policy.syntax.settings.lintOptions }

    private mutating func run() {
        var secrets: [SecretHash: KeySyntax] = [:]
        for key in policy.effectiveKeys {
            lintLifetime(key)
            lintNetworks(key)
            lintProduction(key)
            if let hash = key.syntax.secretHash {
                if let other = secrets[hash.value] {
                    bag.add(.sharedSecret(key: key.syntax.id.value, other: other.id.value, at: hash.range,
                                          first: other.secretHash?.range ?? other.id.range))
                } else {
                    secrets[hash.value] = key.syntax
                }
            }
        }
        lintWildcards()
        lintAllowEverything()
        lintPlaintextValues()
        lintUnused()
        lintFallbackPrices()
    }

    // MARK: - Keys

    private mutating func lintLifetime(_ key: EffectiveKey) {
        let syntax = key.syntax
        guard key.status == .active else { return }
        if let expiry = syntax.expiresAt {
            let remaining = expiry.value.nanoseconds - now.nanoseconds
            let days = options.expiryWarningDays?.value ?? 14
            if remaining <= 0 {
                bag.add(.expired(key: syntax.id.value, expiry: expiry.value.description, at: expiry.range))
            } else if remaining <= days * 86_400 * 1_000_000_000 {
                bag.add(.expiringSoon(key: syntax.id.value, expiry: expiry.value.description, days: days, at: expiry.range))
            }
        } else {
            bag.add(.keyWithoutExpiry(key: syntax.id.value, at: syntax.id.range))
        }
        guard let age = key.maxAge else {
            bag.add(.keyWithoutMaxAge(key: syntax.id.value, at: syntax.id.range))
            return
        }
        if age.value.nanoseconds > Self.ninetyDays, reportedRanges.insert(age.range).inserted {
            bag.add(.maxAgeTooLong(age.value.description, at: age.range))
        }
        if let created = syntax.createdAt, let deadline = created.value.adding(age.value), deadline <= now {
            bag.add(.rotationOverdue(key: syntax.id.value, deadline: deadline.description, at: created.range))
        }
    }

    private mutating func lintNetworks(_ key: EffectiveKey) {
        guard key.status == .active, key.networks?.allow == nil, policy.syntax.settings.networks.allow == nil else { return }
        bag.add(.keyWithoutNetworkAllowlist(key: key.syntax.id.value, at: key.syntax.id.range))
    }

    private mutating func lintProduction(_ key: EffectiveKey) {
        // Unset means env: prod; an empty mapping means no key counts as production.
        let production = options.productionLabels ?? ["env": "prod"]
        guard !production.isEmpty, production.allSatisfy({ key.labels[$0.key] == $0.value }) else { return }
        for scope in key.grantedScopes.members where policy.scopes.names[scope].hasPrefix("admin:") {
            let range = key.syntax.settings.scopesRange ?? key.scopePatterns.first?.range ?? key.syntax.id.range
            bag.add(.adminScopeInProduction(key: key.syntax.id.value, scope: policy.scopes.names[scope], at: range))
            return
        }
    }

    // MARK: - Patterns and networks

    /// Every place scope patterns are written: tiers and keys, each once.
    private var writtenScopePatterns: [Located<String>] {
        policy.syntax.tiers.flatMap { $0.settings.scopes ?? [] } + policy.syntax.keys.flatMap { $0.settings.scopes ?? [] }
    }

    private mutating func lintWildcards() {
        let limit = options.maxWildcardScopes?.value ?? 10
        for pattern in writtenScopePatterns where pattern.value.contains("*") {
            guard case .success(let parsed) = ScopePattern.parse(pattern.value) else { continue }
            let count = policy.scopes.names.count { name in
                if case .success(let scope) = ScopeName.parse(name) { return parsed.matches(scope) }
                return false
            }
            if count > limit { bag.add(.wideWildcard(pattern.value, count: count, limit: limit, at: pattern.range)) }
        }
    }

    private mutating func lintAllowEverything() {
        let lists = [policy.syntax.settings.networks.allow]
            + policy.syntax.tiers.map { $0.settings.networks?.allow } + policy.syntax.keys.map { $0.settings.networks?.allow }
        for cidr in lists.compactMap({ $0 }).joined() where cidr.value.prefixLength <= 96 && Self.coversAllIPv4(cidr.value) {
            bag.add(.networkAllowsEverything(cidr.value.description, at: cidr.range))
        }
    }

    private static func coversAllIPv4(_ cidr: CIDR) -> Bool {
        cidr.isIPv4 ? cidr.displayPrefix == 0 : cidr.prefixLength == 0
    }

    /// Reports the plaintext-looking values the syntax stage found in every file.
    private mutating func lintPlaintextValues() {
        for range in policy.syntax.plaintextSecretValues {
            bag.add(.plaintextSecretValue(at: range))
        }
    }

    // MARK: - Unused definitions and prices

    private mutating func lintUnused() {
        var scopes = BitSet(capacity: policy.scopes.count)
        var models = BitSet(capacity: policy.models.count)
        var routes = BitSet(capacity: policy.routes.count)
        var tiers = BitSet(capacity: policy.tiers.count)
        for key in policy.effectiveKeys {
            scopes.formUnion(key.grantedScopes)
            routes.formUnion(key.allowedRoutes)
            // A key with allow_all_models may use every model, so none is unused.
            models.formUnion(key.allowedModels ?? BitSet(capacity: policy.models.count, 0..<policy.models.count))
            for tier in key.tierChain { tiers.insert(tier) }
        }
        for route in policy.resolvedRoutes {
            route.candidates.forEach { models.insert($0) }
            route.fallbackRoute.map { routes.insert($0) }
        }
        for rule in policy.rules {
            rule.scopes.map { scopes.formUnion($0) }
            rule.models.map { models.formUnion($0) }
            rule.routes.map { routes.formUnion($0) }
            rule.tiers.map { tiers.formUnion($0) }
            rule.forcedRoute.map { routes.insert($0) }
        }
        for chain in policy.tierChains { chain.dropFirst().forEach { tiers.insert($0) } }
        report(unused: scopes, in: policy.scopes, kind: "scope")
        report(unused: models, in: policy.models, kind: "model")
        report(unused: routes, in: policy.routes, kind: "route")
        report(unused: tiers, in: policy.tiers, kind: "tier")
    }

    private mutating func report(unused used: BitSet, in table: SymbolTable, kind: String) {
        for index in 0..<table.count where !used.contains(index) {
            bag.add(.unusedDefinition(kind: kind, name: table.names[index], at: table.ranges[index]))
        }
    }

    private mutating func lintFallbackPrices() {
        for (index, route) in policy.resolvedRoutes.enumerated() {
            let cap = route.syntax.maxPrice
            guard cap.input != nil || cap.output != nil, let fallback = route.syntax.fallbackRoute else { continue }
            let own = Set(route.candidates)
            for model in RoutePlanner.chain(of: index, in: policy.resolvedRoutes) where !own.contains(model) {
                let price = policy.syntax.models[model].price
                let overInput = cap.input.map { limit in price.input.map { $0.value > limit.value } ?? false } ?? false
                let overOutput = cap.output.map { limit in price.output.map { $0.value > limit.value } ?? false } ?? false
                if overInput || overOutput {
                    bag.add(.fallbackOverPriceCap(route: route.syntax.id.value, model: policy.models.names[model], at: fallback.range))
                }
            }
        }
    }

    // MARK: - Levels

    /// Applies `settings.lints`: drops lints set to off and changes severities.
    private func applyLevels(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var levels: [String: LintLevel] = [:]
        var result: [Diagnostic] = []
        let known = DiagnosticCode.lints.flatMap { [$0.id, $0.name] }
        for (lint, level) in policy.syntax.settings.lintLevels {
            guard let code = DiagnosticCode.lints.first(where: { $0.id == lint.value || $0.name == lint.value }) else {
                result.append(.unknownLint(lint.value, known: known, at: lint.range))
                continue
            }
            levels[code.id] = level.value
        }
        for var diagnostic in diagnostics {
            switch levels[diagnostic.code.id] {
            case .off?: continue
            case .warning?: diagnostic.severity = .warning
            case .error?: diagnostic.severity = .error
            case nil: break
            }
            result.append(diagnostic)
        }
        return result
    }
}
