// Readers for the definitions inside sections: models, routes, tiers, teams,
// keys, quotas, access windows and rules.

import PolicySource
import PolicyValues
import PolicyYAML

/// The capability words a model may declare.
let knownCapabilities = [
    "chat", "completions", "tools", "vision", "embeddings", "json_mode", "audio", "reasoning", "image_generation",
]

extension SectionReader {
    private var read: ScalarReader { ScalarReader(reporter: reporter) }

    // MARK: - Models and routes

    func readModel(_ id: Located<String>, _ node: Node) -> ModelSyntax {
        var model = ModelSyntax(id: id)
        let allowed = ["provider", "price", "context_window", "max_output_tokens", "latency", "capabilities", "region", "description"]
        guard let fields = MappingFields(node, context: "model '\(id.value)'", allowed: allowed, reporter: reporter) else {
            return model
        }
        if let provider = fields.required("provider", reporter: reporter) {
            model.provider = read.string(provider, field: fields.describe("provider"))
        }
        if let price = fields.required("price", reporter: reporter) {
            model.price = readPrice(price, context: "'price' of model '\(id.value)'", required: true)
        }
        if let window = fields.required("context_window", reporter: reporter) {
            model.contextWindow = read.integer(window, field: fields.describe("context_window"), in: 1...100_000_000)
        }
        if let cap = fields.value("max_output_tokens") {
            model.maxOutputTokens = read.integer(cap, field: fields.describe("max_output_tokens"), in: 1...100_000_000)
        }
        if let latency = fields.value("latency") { model.latency = read.duration(latency, field: fields.describe("latency")) }
        if let capabilities = fields.value("capabilities") {
            model.capabilities = read.stringList(capabilities, field: fields.describe("capabilities")) { capabilityWord($0) } ?? []
        }
        if let region = fields.value("region") { model.region = read.string(region, field: fields.describe("region")) }
        return model
    }

    private func capabilityWord(_ node: Node) -> Located<String>? {
        guard let word = read.string(node, field: "a capability") else { return nil }
        guard knownCapabilities.contains(word.value) else {
            reporter.report(.invalidChoice(word.value, for: "a capability", allowed: knownCapabilities, at: word.range))
            return nil
        }
        return word
    }

    func readPrice(_ node: Node, context: String, required: Bool) -> PriceSyntax {
        guard let fields = MappingFields(node, context: context, allowed: ["input", "output"], reporter: reporter) else {
            return PriceSyntax()
        }
        var price = PriceSyntax()
        let input = required ? fields.required("input", reporter: reporter) : fields.value("input")
        let output = required ? fields.required("output", reporter: reporter) : fields.value("output")
        price.input = input.flatMap { read.money($0, field: fields.describe("input")) }
        price.output = output.flatMap { read.money($0, field: fields.describe("output")) }
        return price
    }

    func readRoute(_ id: Located<String>, _ node: Node) -> RouteSyntax {
        var route = RouteSyntax(id: id)
        let allowed = ["strategy", "candidates", "fallback", "constraints", "description"]
        guard let fields = MappingFields(node, context: "route '\(id.value)'", allowed: allowed, reporter: reporter) else {
            return route
        }
        if let strategy = fields.required("strategy", reporter: reporter) {
            route.strategy = read.choice(strategy, field: fields.describe("strategy"), as: RouteStrategy.self)
        }
        if let candidates = fields.required("candidates", reporter: reporter) {
            route.candidatesRange = candidates.range
            route.candidates = read.list(candidates, field: fields.describe("candidates")) { readCandidate($0) } ?? []
        }
        if let fallback = fields.value("fallback") { readFallback(fallback, into: &route) }
        if let constraints = fields.value("constraints") { readConstraints(constraints, into: &route) }
        return route
    }

    private func readCandidate(_ node: Node) -> CandidateSyntax? {
        if node.scalar != nil {
            return read.identifier(node, field: "a candidate model", allowModelCharacters: true).map { CandidateSyntax(model: $0) }
        }
        guard let fields = MappingFields(node, context: "a weighted candidate", allowed: ["model", "weight"], reporter: reporter),
              let modelNode = fields.required("model", reporter: reporter),
              let model = read.identifier(modelNode, field: "a candidate model", allowModelCharacters: true)
        else { return nil }
        let weight = fields.value("weight").flatMap { read.integer($0, field: fields.describe("weight"), in: 0...1_000_000) }
        return CandidateSyntax(model: model, weight: weight, hasWeightField: fields.has("weight"))
    }

    private func readFallback(_ node: Node, into route: inout RouteSyntax) {
        let context = "'fallback' of route '\(route.id.value)'"
        guard let fields = MappingFields(node, context: context, allowed: ["on", "max_attempts", "route"], reporter: reporter) else {
            return
        }
        if let triggers = fields.value("on") {
            route.fallbackOn = read.list(triggers, field: fields.describe("on")) {
                read.choice($0, field: "a fallback condition", as: FallbackTrigger.self)
            } ?? []
        }
        if let attempts = fields.value("max_attempts") {
            route.maxAttempts = read.integer(attempts, field: fields.describe("max_attempts"), in: 1...10)
        }
        if let next = fields.value("route") { route.fallbackRoute = read.identifier(next, field: "fallback route") }
    }

    private func readConstraints(_ node: Node, into route: inout RouteSyntax) {
        let context = "'constraints' of route '\(route.id.value)'"
        let allowed = ["max_price", "capabilities", "regions"]
        guard let fields = MappingFields(node, context: context, allowed: allowed, reporter: reporter) else { return }
        if let price = fields.value("max_price") {
            route.maxPrice = readPrice(price, context: "'max_price' of route '\(route.id.value)'", required: false)
        }
        if let capabilities = fields.value("capabilities") {
            route.requiredCapabilities = read.stringList(capabilities, field: fields.describe("capabilities")) { capabilityWord($0) } ?? []
        }
        if let regions = fields.value("regions") { route.regions = read.stringList(regions, field: fields.describe("regions")) }
    }

    // MARK: - Tiers, teams and keys

    static let inheritableFields = [
        "max_age", "scopes", "networks", "models", "routes", "allow_all_models", "max_output_tokens", "access", "quotas", "labels",
    ]

    func readTier(_ id: Located<String>, _ node: Node) -> TierSyntax {
        var tier = TierSyntax(id: id)
        let allowed = Self.inheritableFields + ["extends", "description"]
        guard let fields = MappingFields(node, context: "tier '\(id.value)'", allowed: allowed, reporter: reporter) else {
            return tier
        }
        if let extends = fields.value("extends") { tier.extends = read.identifier(extends, field: "tier name") }
        tier.settings = readInheritable(fields)
        return tier
    }

    func readTeam(_ id: Located<String>, _ node: Node) -> TeamSyntax {
        var team = TeamSyntax(id: id)
        guard let fields = MappingFields(node, context: "team '\(id.value)'", allowed: ["description", "quotas", "labels"],
                                         reporter: reporter) else { return team }
        if let text = fields.value("description") { team.description = read.string(text, field: fields.describe("description")) }
        if let quotas = fields.value("quotas") { team.quotas = readQuotas(quotas, field: fields.describe("quotas")) }
        if let labels = fields.value("labels") { team.labels = read.labels(labels, field: fields.describe("labels")) }
        return team
    }

    /// The fields of a key: its identity and validity, then what tiers may also set.
    static let keyFields = [
        "secret_sha256", "owner", "team", "extends", "status", "revoked_reason", "created_at", "not_before", "expires_at",
        "description",
    ] + inheritableFields

    func readKey(_ id: Located<String>, _ node: Node) -> KeySyntax {
        var key = KeySyntax(id: id)
        guard let fields = MappingFields(node, context: "key '\(id.value)'", allowed: Self.keyFields,
                                         reporter: reporter) else { return key }
        if let secret = fields.required("secret_sha256", reporter: reporter) {
            key.secretHash = read.secretHash(secret, field: fields.describe("secret_sha256"))
        }
        if let owner = fields.value("owner") { key.owner = read.string(owner, field: fields.describe("owner")) }
        if let team = fields.value("team") { key.team = read.identifier(team, field: "team name") }
        if let extends = fields.value("extends") { key.extends = read.identifier(extends, field: "tier name") }
        if let status = fields.value("status") { key.status = read.choice(status, field: fields.describe("status"), as: KeyStatus.self) }
        if let reason = fields.value("revoked_reason") { key.revokedReason = read.string(reason, field: fields.describe("revoked_reason")) }
        if let created = fields.required("created_at", reporter: reporter) {
            key.createdAt = read.timestamp(created, field: fields.describe("created_at"))
        }
        if let start = fields.value("not_before") { key.notBefore = read.timestamp(start, field: fields.describe("not_before")) }
        if let end = fields.value("expires_at") { key.expiresAt = read.timestamp(end, field: fields.describe("expires_at")) }
        key.settings = readInheritable(fields)
        return key
    }

    private func readInheritable(_ fields: MappingFields) -> InheritableSettings {
        var settings = InheritableSettings()
        if let age = fields.value("max_age") { settings.maxAge = read.duration(age, field: fields.describe("max_age")) }
        if let scopes = fields.value("scopes") {
            settings.scopes = read.stringList(scopes, field: fields.describe("scopes"))
            settings.scopesRange = scopes.range
        }
        if let networks = fields.value("networks") { settings.networks = readNetworks(networks, context: fields.context) }
        if let models = fields.value("models") {
            settings.models = read.stringList(models, field: fields.describe("models")) {
                read.identifier($0, field: "model id", allowModelCharacters: true)
            }
        }
        if let routes = fields.value("routes") {
            settings.routes = read.stringList(routes, field: fields.describe("routes")) { read.identifier($0, field: "route alias") }
        }
        if let all = fields.value("allow_all_models") { settings.allowAllModels = read.bool(all, field: fields.describe("allow_all_models")) }
        if let cap = fields.value("max_output_tokens") {
            settings.maxOutputTokens = read.integer(cap, field: fields.describe("max_output_tokens"), in: 1...100_000_000)
        }
        if let access = fields.value("access") {
            settings.access = read.list(access, field: fields.describe("access")) { readAccessWindow($0, owner: fields.context) }
        }
        if let quotas = fields.value("quotas") { settings.quotas = readQuotas(quotas, field: fields.describe("quotas")) }
        if let labels = fields.value("labels") { settings.labels = read.labels(labels, field: fields.describe("labels")) }
        return settings
    }

    private func readAccessWindow(_ node: Node, owner: String) -> AccessWindowSyntax? {
        let context = "an access window of \(owner)"
        guard let fields = MappingFields(node, context: context, allowed: ["days", "from", "to", "timezone"], reporter: reporter) else {
            return nil
        }
        var window = AccessWindowSyntax(range: node.range)
        if let days = fields.value("days") {
            window.days = read.list(days, field: fields.describe("days")) { read.weekday($0, field: "a day of the week") }
        }
        if let from = fields.required("from", reporter: reporter) {
            window.from = read.timeOfDay(from, field: fields.describe("from"), allowEndOfDay: false)
        }
        if let to = fields.required("to", reporter: reporter) {
            window.to = read.timeOfDay(to, field: fields.describe("to"), allowEndOfDay: true)
        }
        if let zone = fields.value("timezone") { window.timezone = read.zone(zone, field: fields.describe("timezone")) }
        return window
    }

    // MARK: - Quotas

    func readQuotas(_ node: Node, field: String) -> [QuotaSyntax] {
        read.list(node, field: field) { readQuota($0) } ?? []
    }

    private func readQuota(_ node: Node) -> QuotaSyntax? {
        let metrics = QuotaMetric.allCases.map(\.rawValue)
        let allowed = metrics + ["per", "window", "timezone", "id"]
        guard let fields = MappingFields(node, context: "a quota", allowed: allowed, reporter: reporter) else { return nil }
        let present = metrics.filter { fields.has($0) }
        guard present.count == 1, let metricName = present.first, let metric = QuotaMetric(rawValue: metricName),
              let limitNode = fields.value(metricName)
        else {
            reporter.report(.quotaMetricCount(found: present, at: fields.range))
            return nil
        }
        let limitField = fields.describe(metricName)
        var limit: Located<Int64>? = metric == .spend
            ? read.money(limitNode, field: limitField).map { Located(value: $0.value.micros, range: $0.range) }
            : read.integer(limitNode, field: limitField, in: 1...Int64.max)
        if let spend = limit, metric == .spend, spend.value == 0 {
            reporter.report(.valueOutOfRange("0", for: limitField, expected: "a positive amount", at: spend.range))
            limit = nil
        }
        let per = fields.required("per", reporter: reporter).flatMap { node in
            read.scalar(node, field: fields.describe("per")).flatMap { read.parsed($0, WindowUnit.parse(Substring($0.value))) }
        }
        let alignment = fields.required("window", reporter: reporter).flatMap {
            read.choice($0, field: fields.describe("window"), as: QuotaAlignment.self)
        }
        let zone = fields.value("timezone").flatMap { read.zone($0, field: fields.describe("timezone")) }
        let id = fields.value("id").flatMap { read.identifier($0, field: "quota id") }
        guard let limit, let per, let alignment else { return nil }
        if zone != nil, alignment.value == .rolling {
            reporter.report(.timezoneOnRollingQuota(at: zone!.range))
        }
        return QuotaSyntax(id: id, metric: Located(value: metric, range: limitNode.range), limit: limit, per: per,
                           alignment: alignment, timezone: zone, range: node.range)
    }

    // MARK: - Rules

    mutating func readRules(_ node: Node) {
        guard case .sequence(let items, _, _) = node else {
            reporter.report(.wrongKind(expected: "a list of rules", found: node.kindDescription, for: "the rules section", at: node.range))
            return
        }
        for item in items {
            guard let rule = readRule(item) else { continue }
            if let first = syntax.rules.first(where: { $0.id.value == rule.id.value })?.id.range {
                reporter.report(.duplicateDefinition(kind: "rule", id: rule.id.value, at: rule.id.range, first: first))
                continue
            }
            syntax.rules.append(rule)
        }
    }

    private func readRule(_ node: Node) -> RuleSyntax? {
        let allowed = ["id", "description", "effect", "match", "when", "reason", "obligations"]
        guard let fields = MappingFields(node, context: "a rule", allowed: allowed, reporter: reporter),
              let idNode = fields.required("id", reporter: reporter),
              let id = read.identifier(idNode, field: "rule id")
        else { return nil }
        var rule = RuleSyntax(id: id, range: node.range)
        let context = "rule '\(id.value)'"
        if let text = fields.value("description") { rule.description = read.string(text, field: "'description' of \(context)") }
        if let effect = fields.required("effect", reporter: reporter) {
            rule.effect = read.choice(effect, field: "'effect' of \(context)", as: RuleEffect.self)
        }
        if let match = fields.value("match") { rule.match = readRuleMatch(match, context: context) }
        if let when = fields.value("when"), let scalar = read.scalar(when, field: "'when' of \(context)") {
            rule.when = Located(value: scalar.value, range: scalar.range)
            rule.whenScalar = scalar
        }
        if let reason = fields.required("reason", reporter: reporter) { rule.reason = read.string(reason, field: "'reason' of \(context)") }
        if let obligations = fields.value("obligations") { readObligations(obligations, context: context, into: &rule) }
        return rule
    }

    private func readRuleMatch(_ node: Node, context: String) -> RuleMatchSyntax {
        let allowed = ["scopes", "models", "routes", "keys", "tiers", "teams"]
        guard let fields = MappingFields(node, context: "'match' of \(context)", allowed: allowed, reporter: reporter) else {
            return RuleMatchSyntax()
        }
        func names(_ name: String, modelCharacters: Bool = false) -> [Located<String>]? {
            fields.value(name).flatMap { node in
                read.stringList(node, field: fields.describe(name)) {
                    name == "scopes" ? read.string($0, field: "a scope pattern")
                        : read.identifier($0, field: "name", allowModelCharacters: modelCharacters)
                }
            }
        }
        return RuleMatchSyntax(scopes: names("scopes"), models: names("models", modelCharacters: true), routes: names("routes"),
                               keys: names("keys"), tiers: names("tiers"), teams: names("teams"))
    }

    private func readObligations(_ node: Node, context: String, into rule: inout RuleSyntax) {
        let allowed = ["max_output_tokens", "route"]
        guard let fields = MappingFields(node, context: "'obligations' of \(context)", allowed: allowed, reporter: reporter) else {
            return
        }
        rule.obligationsRange = node.range
        if let cap = fields.value("max_output_tokens") {
            rule.maxOutputTokens = read.integer(cap, field: fields.describe("max_output_tokens"), in: 1...100_000_000)
        }
        if let route = fields.value("route") { rule.forcedRoute = read.identifier(route, field: "route alias") }
    }
}
