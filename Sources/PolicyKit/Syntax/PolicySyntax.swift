// The syntax tree of a policy: what the files say, merged across files, with
// the source range of every value. Values are already parsed into their
// types (addresses, timestamps, money); names are not yet resolved. A field
// whose value failed to parse is nil here, and the stages after this one
// skip checks that depend on it, so one mistake gives one diagnostic.

import PolicySource
import PolicyValues
import PolicyYAML

/// A value with the source range it was read from.
struct Located<Value: Sendable>: Sendable {
    var value: Value
    var range: SourceRange
}

extension Located: Equatable where Value: Equatable {}

/// The whole policy after reading every file.
struct PolicySyntax: Sendable {
    var files: [SourceFile] = []
    /// How many files had a document to read.
    var documentCount = 0
    /// Values outside `secret_sha256` that look like plaintext secrets, for the lint
    /// that reports them. They are found while each file is read, so no node
    /// tree has to be kept until the lints run.
    var plaintextSecretValues: [SourceRange] = []
    var settings = SettingsSyntax()
    var settingsRange: SourceRange?
    /// Whether a policy file could not be read or parsed, so sections may be missing
    /// only because of that error.
    var hasUnreadableFile = false
    var scopes: [Located<String>] = []
    var models: [ModelSyntax] = []
    var routes: [RouteSyntax] = []
    var tiers: [TierSyntax] = []
    var teams: [TeamSyntax] = []
    var keys: [KeySyntax] = []
    var rules: [RuleSyntax] = []
}

struct SettingsSyntax: Sendable {
    var name: Located<String>?
    var timezone: Located<ZoneRules>?
    var trustedProxies: [Located<CIDR>] = []
    var maxKeyAge: Located<PolicyDuration>?
    var networks = NetworksSyntax()
    /// Lint levels as configured, by lint code or name as written.
    var lintLevels: [(lint: Located<String>, level: Located<LintLevel>)] = []
    var lintOptions = LintOptionsSyntax()
}

/// How a lint is reported, as configured in `settings.lints`.
enum LintLevel: String, Sendable, CaseIterable {
    case off
    case warning
    case error
}

struct LintOptionsSyntax: Sendable {
    var expiryWarningDays: Located<Int64>?
    var maxWildcardScopes: Located<Int64>?
    /// nil when not set, which means `env: prod`.
    var productionLabels: [String: String]?
}

struct NetworksSyntax: Sendable {
    var allow: [Located<CIDR>]?
    var deny: [Located<CIDR>] = []
    var range: SourceRange?
}

struct PriceSyntax: Sendable {
    var input: Located<Money>?
    var output: Located<Money>?
}

struct ModelSyntax: Sendable {
    var id: Located<String>
    var provider: Located<String>?
    var price = PriceSyntax()
    var contextWindow: Located<Int64>?
    var maxOutputTokens: Located<Int64>?
    var latency: Located<PolicyDuration>?
    var capabilities: [Located<String>] = []
    var region: Located<String>?
}

enum RouteStrategy: String, Sendable, CaseIterable {
    case ordered
    case cheapest
    case fastest
    case weighted
}

/// A condition under which a gateway moves on to the next candidate.
enum FallbackTrigger: String, Sendable, CaseIterable {
    case error
    case timeout
    case rateLimited = "rate_limited"
    case contextExceeded = "context_exceeded"
}

struct CandidateSyntax: Sendable {
    var model: Located<String>
    var weight: Located<Int64>?
    /// Whether a `weight` field is present, even one that failed to read.
    var hasWeightField = false
}

struct RouteSyntax: Sendable {
    var id: Located<String>
    var strategy: Located<RouteStrategy>?
    var candidates: [CandidateSyntax] = []
    var candidatesRange: SourceRange?
    var fallbackOn: [Located<FallbackTrigger>] = []
    var maxAttempts: Located<Int64>?
    var fallbackRoute: Located<String>?
    var maxPrice = PriceSyntax()
    var requiredCapabilities: [Located<String>] = []
    var regions: [Located<String>]?
}

struct AccessWindowSyntax: Sendable {
    var days: [Located<Weekday>]?
    var from: Located<TimeOfDay>?
    var to: Located<TimeOfDay>?
    var timezone: Located<ZoneRules>?
    var range: SourceRange
}

enum QuotaMetric: String, Sendable, CaseIterable {
    case requests
    case inputTokens = "input_tokens"
    case outputTokens = "output_tokens"
    case totalTokens = "total_tokens"
    case spend
}

enum QuotaAlignment: String, Sendable, CaseIterable {
    case calendar
    case rolling
}

struct QuotaSyntax: Sendable {
    var id: Located<String>?
    var metric: Located<QuotaMetric>
    /// The limit: a count of requests or tokens, or micro-dollars for spend.
    var limit: Located<Int64>
    var per: Located<WindowUnit>
    var alignment: Located<QuotaAlignment>
    var timezone: Located<ZoneRules>?
    var range: SourceRange
}

/// Key settings that a tier may also set; a key inherits each one it leaves out.
struct InheritableSettings: Sendable {
    var maxAge: Located<PolicyDuration>?
    var scopes: [Located<String>]?
    var scopesRange: SourceRange?
    var networks: NetworksSyntax?
    var models: [Located<String>]?
    var routes: [Located<String>]?
    var allowAllModels: Located<Bool>?
    var maxOutputTokens: Located<Int64>?
    var access: [AccessWindowSyntax]?
    var quotas: [QuotaSyntax] = []
    var labels: [String: Located<String>] = [:]
}

struct TierSyntax: Sendable {
    var id: Located<String>
    var extends: Located<String>?
    var settings = InheritableSettings()
}

struct TeamSyntax: Sendable {
    var id: Located<String>
    var description: Located<String>?
    var quotas: [QuotaSyntax] = []
    var labels: [String: Located<String>] = [:]
}

enum KeyStatus: String, Sendable, CaseIterable {
    case active
    case disabled
    case revoked
}

struct KeySyntax: Sendable {
    var id: Located<String>
    var secretHash: Located<SecretHash>?
    var owner: Located<String>?
    var team: Located<String>?
    var extends: Located<String>?
    var status: Located<KeyStatus>?
    var revokedReason: Located<String>?
    var createdAt: Located<Timestamp>?
    var notBefore: Located<Timestamp>?
    var expiresAt: Located<Timestamp>?
    var settings = InheritableSettings()
}

enum RuleEffect: String, Sendable, CaseIterable {
    case allow
    case deny
}

struct RuleMatchSyntax: Sendable {
    var scopes: [Located<String>]?
    var models: [Located<String>]?
    var routes: [Located<String>]?
    var keys: [Located<String>]?
    var tiers: [Located<String>]?
    var teams: [Located<String>]?
}

struct RuleSyntax: Sendable {
    var id: Located<String>
    var description: Located<String>?
    var effect: Located<RuleEffect>?
    var match = RuleMatchSyntax()
    /// The condition text and the scalar it came from, for exact error columns.
    var when: Located<String>?
    var whenScalar: Scalar?
    var reason: Located<String>?
    var maxOutputTokens: Located<Int64>?
    var forcedRoute: Located<String>?
    var obligationsRange: SourceRange?
    var range: SourceRange
}
