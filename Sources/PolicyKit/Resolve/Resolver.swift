// Name resolution: builds symbol tables, resolves every reference, expands
// scope patterns against the declared scopes, detects tier and route cycles,
// and flattens tier inheritance into each key's effective settings.

import PolicySource
import PolicyValues
import PolicyExpr

struct Resolver {
    var policy: ResolvedPolicy
    var bag = DiagnosticBag()
    private var patternCache: [String: BitSet?] = [:]
    /// Source ranges of unknown names already reported, for names that many keys inherit.
    var reportedMisses = Set<SourceRange>()

    init(_ syntax: PolicySyntax) {
        let zone = syntax.settings.timezone?.value ?? ZoneRules.utc
        policy = ResolvedPolicy(syntax: syntax, defaultZone: zone)
    }

    /// Runs resolution and returns the resolved policy with its diagnostics.
    static func resolve(_ syntax: PolicySyntax) -> (ResolvedPolicy, [Diagnostic]) {
        var resolver = Resolver(syntax)
        resolver.buildTables()
        resolver.resolveTierChains()
        resolver.resolveRoutes()
        resolver.resolveKeys()
        resolver.resolveRules()
        return (resolver.policy, resolver.bag.diagnostics)
    }

    // MARK: - Tables

    private mutating func buildTables() {
        let syntax = policy.syntax
        for scope in syntax.scopes where !policy.scopes.add(scope).inserted {
            let first = policy.scopes.ranges[policy.scopes[scope.value] ?? 0]
            bag.add(.duplicateEntry(scope.value, in: "the scopes list", at: scope.range, first: first))
        }
        policy.models = SymbolTable(syntax.models.map(\.id))
        policy.routes = SymbolTable(syntax.routes.map(\.id))
        policy.tiers = SymbolTable(syntax.tiers.map(\.id))
        policy.teams = SymbolTable(syntax.teams.map(\.id))
        policy.keys = SymbolTable(syntax.keys.map(\.id))
        for route in syntax.routes {
            if let model = policy.models[route.id.value] {
                bag.add(.ambiguousName(route.id.value, at: route.id.range, model: policy.models.ranges[model]))
            }
        }
    }

    /// Looks a name up, reporting an unknown one with a did-you-mean hint.
    mutating func lookup(_ name: Located<String>, in table: SymbolTable, kind: String, code: DiagnosticCode) -> Int? {
        if let id = table[name.value] { return id }
        bag.add(.unknownName(code, kind: kind, name: name.value, known: table.names, at: name.range))
        return nil
    }

    // MARK: - Tiers

    private mutating func resolveTierChains() {
        let tiers = policy.syntax.tiers
        var parents = [Int?](repeating: nil, count: tiers.count)
        for (index, tier) in tiers.enumerated() {
            if let extends = tier.extends { parents[index] = lookup(extends, in: policy.tiers, kind: "tier", code: .unknownTier) }
        }
        var reported = Set<Int>()
        policy.tierChains = tiers.indices.map { start in
            var chain = [start]
            var current = parents[start]
            while let next = current {
                if let loopStart = chain.firstIndex(of: next) {
                    let cycle = Array(chain[loopStart...])
                    if reported.isDisjoint(with: cycle) {
                        reported.formUnion(cycle)
                        reportTierCycle(cycle + [next])
                    }
                    return []
                }
                chain.append(next)
                current = parents[next]
            }
            return chain
        }
    }

    private mutating func reportTierCycle(_ cycle: [Int]) {
        let tiers = policy.syntax.tiers
        let names = cycle.map { tiers[$0].id.value }
        let notes = cycle.dropFirst().dropLast().compactMap { index in
            tiers[index].extends.map { DiagnosticNote("tier '\(tiers[index].id.value)' extends '\($0.value)' here", at: $0.range) }
        }
        let first = tiers[cycle[0]]
        bag.add(.cycle(.tierCycle, kind: "tier inheritance", path: names, at: first.extends?.range ?? first.id.range, notes: notes))
    }

    // MARK: - Routes

    private mutating func resolveRoutes() {
        for route in policy.syntax.routes {
            policy.resolvedRoutes.append(resolveRoute(route))
        }
        detectRouteCycles()
    }

    private mutating func resolveRoute(_ route: RouteSyntax) -> ResolvedRoute {
        let strategy = route.strategy?.value ?? .ordered
        var candidates: [Int] = []
        var weights: [Int64] = []
        var firstSeen: [Int: SourceRange] = [:]
        for candidate in route.candidates {
            guard let model = lookup(candidate.model, in: policy.models, kind: "model", code: .unknownModel) else { continue }
            if let first = firstSeen[model] {
                bag.add(.duplicateCandidate(candidate.model.value, route: route.id.value, at: candidate.model.range, first: first))
                continue
            }
            firstSeen[model] = candidate.model.range
            checkWeight(candidate, strategy: strategy, route: route)
            guard satisfiesConstraints(model, route: route) else { continue }
            candidates.append(model)
            weights.append(candidate.weight?.value ?? 0)
            if strategy == .fastest, policy.syntax.models[model].latency == nil {
                bag.add(.missingLatency(route: route.id.value, model: candidate.model.value, at: candidate.model.range))
            }
        }
        if candidates.isEmpty, !route.candidates.isEmpty, firstSeen.count == route.candidates.count {
            bag.add(.routeWithoutCandidates(route: route.id.value, at: route.candidatesRange ?? route.id.range))
        }
        let fallback = route.fallbackRoute.flatMap { lookup($0, in: policy.routes, kind: "route", code: .unknownRoute) }
        return ResolvedRoute(syntax: route, strategy: strategy, candidates: candidates, weights: weights, fallbackRoute: fallback)
    }

    private mutating func checkWeight(_ candidate: CandidateSyntax, strategy: RouteStrategy, route: RouteSyntax) {
        if strategy == .weighted, candidate.weight == nil, !candidate.hasWeightField {
            bag.add(.invalidWeights(route: route.id.value, problem: "candidate '\(candidate.model.value)' has no weight",
                                    at: candidate.model.range))
        } else if strategy == .weighted, let weight = candidate.weight, weight.value == 0 {
            bag.add(.invalidWeights(route: route.id.value, problem: "candidate '\(candidate.model.value)' has weight 0",
                                    at: weight.range))
        } else if strategy != .weighted, let weight = candidate.weight {
            bag.add(.invalidWeights(route: route.id.value, problem: "weights apply only to the weighted strategy", at: weight.range))
        }
    }

    /// Whether a model meets the route's price, capability and region constraints.
    private func satisfiesConstraints(_ modelIndex: Int, route: RouteSyntax) -> Bool {
        let model = policy.syntax.models[modelIndex]
        if let cap = route.maxPrice.input?.value, let price = model.price.input?.value, price > cap { return false }
        if let cap = route.maxPrice.output?.value, let price = model.price.output?.value, price > cap { return false }
        let capabilities = Set(model.capabilities.map(\.value))
        if !route.requiredCapabilities.allSatisfy({ capabilities.contains($0.value) }) { return false }
        if let regions = route.regions {
            guard let region = model.region?.value, regions.contains(where: { $0.value == region }) else { return false }
        }
        return true
    }

    private mutating func detectRouteCycles() {
        let routes = policy.resolvedRoutes
        var reported = Set<Int>()
        for start in routes.indices {
            var path = [start]
            var current = routes[start].fallbackRoute
            while let next = current {
                if let loopStart = path.firstIndex(of: next) {
                    let cycle = Array(path[loopStart...])
                    if reported.isDisjoint(with: cycle) {
                        reported.formUnion(cycle)
                        let names = (cycle + [next]).map { routes[$0].syntax.id.value }
                        let notes = cycle.dropFirst().compactMap { index in
                            routes[index].syntax.fallbackRoute.map {
                                DiagnosticNote("route '\(routes[index].syntax.id.value)' falls back to '\($0.value)' here", at: $0.range)
                            }
                        }
                        let origin = routes[cycle[0]].syntax
                        bag.add(.cycle(.routeCycle, kind: "route fallback", path: names,
                                       at: origin.fallbackRoute?.range ?? origin.id.range, notes: notes))
                    }
                    for index in cycle { policy.resolvedRoutes[index].fallbackRoute = nil }
                    break
                }
                path.append(next)
                current = routes[next].fallbackRoute
            }
        }
    }

    // MARK: - Scopes

    /// Expands a scope name or pattern into the declared scopes it grants.
    mutating func expandScope(_ pattern: Located<String>) -> BitSet? {
        if let cached = patternCache[pattern.value] {
            if cached == nil { reportScope(pattern) }
            return cached
        }
        let expanded = computeExpansion(pattern.value)
        patternCache[pattern.value] = expanded
        if expanded == nil { reportScope(pattern) }
        return expanded
    }

    private func computeExpansion(_ text: String) -> BitSet? {
        guard case .success(let pattern) = ScopePattern.parse(Substring(text)) else { return nil }
        var bits = BitSet(capacity: policy.scopes.count)
        for (index, name) in policy.scopes.names.enumerated() {
            if case .success(let scope) = ScopeName.parse(name), pattern.matches(scope) { bits.insert(index) }
        }
        return bits.isEmpty ? nil : bits
    }

    private mutating func reportScope(_ pattern: Located<String>) {
        switch ScopePattern.parse(Substring(pattern.value)) {
        case .failure(let error):
            bag.add(Diagnostic(error.code, error.message, at: pattern.range, hint: error.hint))
        case .success(let parsed) where parsed.isLiteral:
            bag.add(.undeclaredScope(pattern.value, known: policy.scopes.names, at: pattern.range))
        case .success:
            bag.add(.patternMatchesNothing(pattern.value, at: pattern.range))
        }
    }
}
