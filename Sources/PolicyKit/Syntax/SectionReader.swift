// Reads the sections of a policy file into a PolicySyntax. Each file gets
// its own reader, which reports an id defined twice in that file;
// SyntaxMerger then merges the files and reports ids defined in two files.

import PolicySource
import PolicyValues
import PolicyYAML

/// Builds the PolicySyntax of one policy file.
struct SectionReader {
    var syntax = PolicySyntax()
    let reporter: SyntaxReporter
    private var read: ScalarReader { ScalarReader(reporter: reporter) }
    private var firstDefinitions: [String: [String: SourceRange]] = [:]

    static let sections = ["version", "settings", "scopes", "models", "routes", "tiers", "teams", "keys", "rules"]

    /// Whether to look for plaintext secrets in every value, which only the lints need.
    let scansForPlaintextSecrets: Bool

    init(reporter: SyntaxReporter, scansForPlaintextSecrets: Bool = false) {
        self.reporter = reporter
        self.scansForPlaintextSecrets = scansForPlaintextSecrets
    }

    /// Adds one file's document to the policy.
    mutating func add(_ document: YAMLDocument) {
        syntax.files.append(document.file)
        guard let root = document.root else {
            if document.diagnostics.contains(where: \.isError) { syntax.hasUnreadableFile = true }
            return
        }
        syntax.documentCount += 1
        if scansForPlaintextSecrets { collectPlaintextSecrets(in: root) }
        guard let fields = MappingFields(root, context: "a policy file", allowed: Self.sections, reporter: reporter) else {
            return
        }
        if let version = fields.value("version") { readVersion(version) }
        if let settings = fields.value("settings") { readSettings(settings, key: fields.keyRange("settings")) }
        if let scopes = fields.value("scopes") { readScopes(scopes) }
        if let models = fields.value("models") {
            syntax.models += definitions(models, kind: "model", allowModelCharacters: true).map(readModel)
        }
        if let routes = fields.value("routes") { syntax.routes += definitions(routes, kind: "route").map(readRoute) }
        if let tiers = fields.value("tiers") { syntax.tiers += definitions(tiers, kind: "tier").map(readTier) }
        if let teams = fields.value("teams") { syntax.teams += definitions(teams, kind: "team").map(readTeam) }
        if let keys = fields.value("keys") { syntax.keys += definitions(keys, kind: "key").map(readKey) }
        if let rules = fields.value("rules") { readRules(rules) }
    }

    // MARK: - Definitions

    /// Returns each id and definition of a section mapping whose id is valid
    /// and was not defined before in any file.
    private mutating func definitions(
        _ node: Node, kind: String, allowModelCharacters: Bool = false
    ) -> [(Located<String>, Node)] {
        guard case .mapping(let entries, _, _) = node else {
            reporter.report(.wrongKind(expected: "a mapping of \(kind) ids to \(kind)s", found: node.kindDescription,
                                       for: "the \(kind)s section", at: node.range))
            return []
        }
        var accepted: [(Located<String>, Node)] = []
        for entry in entries {
            guard let id = read.identifier(.scalar(entry.key), field: "\(kind) id", allowModelCharacters: allowModelCharacters) else {
                continue
            }
            if let first = firstDefinitions[kind]?[id.value] {
                reporter.report(.duplicateDefinition(kind: kind, id: id.value, at: id.range, first: first))
                continue
            }
            firstDefinitions[kind, default: [:]][id.value] = id.range
            accepted.append((id, entry.value))
        }
        return accepted
    }

    private func readVersion(_ node: Node) {
        guard let scalar = read.scalar(node, field: "'version'") else { return }
        if !(scalar.style == .plain && scalar.value == "1") {
            reporter.report(.unsupportedVersion(scalar.value, at: scalar.range))
        }
    }

    // MARK: - Settings

    private static let settingsFields = [
        "name", "timezone", "trusted_proxies", "max_key_age", "networks", "lints", "lint_options",
    ]

    private mutating func readSettings(_ node: Node, key: SourceRange?) {
        if let first = syntax.settingsRange {
            reporter.report(.duplicateSection("settings", at: key ?? node.range, first: first))
            return
        }
        syntax.settingsRange = key ?? node.range
        guard let fields = MappingFields(node, context: "settings", allowed: Self.settingsFields, reporter: reporter) else {
            return
        }
        var settings = SettingsSyntax()
        if let name = fields.required("name", reporter: reporter) {
            settings.name = read.identifier(name, field: "policy name")
        }
        if let zone = fields.value("timezone") { settings.timezone = read.zone(zone, field: fields.describe("timezone")) }
        if let proxies = fields.value("trusted_proxies") {
            settings.trustedProxies = read.list(proxies, field: fields.describe("trusted_proxies")) {
                read.cidr($0, field: "a trusted proxy")
            } ?? []
        }
        if let age = fields.value("max_key_age") { settings.maxKeyAge = read.duration(age, field: fields.describe("max_key_age")) }
        if let networks = fields.value("networks") { settings.networks = readNetworks(networks, context: "settings") }
        if let lints = fields.value("lints") { settings.lintLevels = readLintLevels(lints) }
        if let options = fields.value("lint_options") { settings.lintOptions = readLintOptions(options) }
        syntax.settings = settings
    }

    private func readLintLevels(_ node: Node) -> [(lint: Located<String>, level: Located<LintLevel>)] {
        guard case .mapping(let entries, _, _) = node else {
            reporter.report(.wrongKind(expected: "a mapping of lint names to levels", found: node.kindDescription,
                                       for: "'lints' of settings", at: node.range))
            return []
        }
        return entries.compactMap { entry in
            guard let level = read.choice(entry.value, field: "the level of lint '\(entry.key.value)'", as: LintLevel.self) else {
                return nil
            }
            return (Located(value: entry.key.value, range: entry.key.range), level)
        }
    }

    private func readLintOptions(_ node: Node) -> LintOptionsSyntax {
        let allowed = ["expiry_warning_days", "max_wildcard_scopes", "production_labels"]
        guard let fields = MappingFields(node, context: "lint_options", allowed: allowed, reporter: reporter) else {
            return LintOptionsSyntax()
        }
        var options = LintOptionsSyntax()
        if let days = fields.value("expiry_warning_days") {
            options.expiryWarningDays = read.integer(days, field: fields.describe("expiry_warning_days"), in: 0...3650)
        }
        if let count = fields.value("max_wildcard_scopes") {
            options.maxWildcardScopes = read.integer(count, field: fields.describe("max_wildcard_scopes"), in: 0...10_000)
        }
        if let labels = fields.value("production_labels") {
            options.productionLabels = read.labels(labels, field: fields.describe("production_labels")).mapValues(\.value)
        }
        return options
    }

    func readNetworks(_ node: Node, context: String) -> NetworksSyntax {
        guard let fields = MappingFields(node, context: "'networks' of \(context)", allowed: ["allow", "deny"], reporter: reporter) else {
            return NetworksSyntax()
        }
        var networks = NetworksSyntax(range: node.range)
        if let allow = fields.value("allow") {
            networks.allow = read.list(allow, field: fields.describe("allow")) { read.cidr($0, field: "a network") } ?? []
        }
        if let deny = fields.value("deny") {
            networks.deny = read.list(deny, field: fields.describe("deny")) { read.cidr($0, field: "a network") } ?? []
        }
        return networks
    }

    /// Records every scalar outside `secret_sha256` that looks like a plaintext
    /// secret; `secret_sha256` values are checked where they are read.
    private mutating func collectPlaintextSecrets(in root: Node) {
        var pending = [(node: root, field: "")]
        while let (node, field) = pending.popLast() {
            switch node {
            case .scalar(let scalar):
                if field != "secret_sha256", SecretHash.looksLikePlaintextSecret(Substring(scalar.value)) {
                    syntax.plaintextSecretValues.append(scalar.range)
                }
            case .sequence(let items, _, _):
                pending += items.map { ($0, field) }
            case .mapping(let entries, _, _):
                pending += entries.map { ($0.value, $0.key.value) }
            }
        }
    }

    // MARK: - Scopes

    private mutating func readScopes(_ node: Node) {
        let read = self.read
        let names = read.stringList(node, field: "the scopes list") { entry in
            guard let name = read.string(entry, field: "a scope name") else { return nil }
            guard let scalar = entry.scalar else { return nil }
            return read.parsed(scalar, ScopeName.parse(name.value).map { _ in name.value })
        }
        syntax.scopes.append(contentsOf: names ?? [])
    }
}
