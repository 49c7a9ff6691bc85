// The immutable runtime form of a policy. Names are interned to indexes,
// scope grants and model allowlists are bit sets, networks are sorted
// address ranges, times are integers, and keys that share a tier share one
// profile. Nothing here changes after compilation, so a CompiledPolicy can
// be read from any number of threads at once.

import PolicySource
import PolicyValues
import PolicyExpr

/// A model in the form the evaluator reads. It is a class, so reading one
/// from the policy's array costs one retain instead of a retain per field.
final class RuntimeModel: Sendable {
    let id: String
    let attributes: ModelAttributes
    let contextWindow: Int64
    let maxOutputTokens: Int64?
    let latencyNanoseconds: Int64
    let location: FileLocation

    init(id: String, attributes: ModelAttributes, contextWindow: Int64, maxOutputTokens: Int64?, latencyNanoseconds: Int64,
         location: FileLocation) {
        self.id = id
        self.attributes = attributes
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.latencyNanoseconds = latencyNanoseconds
        self.location = location
    }
}

/// A route with its full candidate chain: its own candidates followed by
/// those of its fallback routes, each model once.
struct RuntimeRoute: Sendable {
    let id: String
    let strategy: RouteStrategy
    let chain: [Int32]
    /// How many entries at the start of `chain` are the route's own candidates.
    let ownCount: Int
    /// Weights of the own candidates, for the weighted strategy.
    let weights: [Int64]
    let fallbackOn: [FallbackTrigger]
    let maxAttempts: Int
    let location: FileLocation
}

/// An access window with its time zone resolved.
struct RuntimeAccessWindow: Sendable {
    /// Bit n set: the window starts on weekday n (0 = Monday).
    let days: UInt8
    let from: Int32
    let to: Int32
    let zone: ZoneRules
    let location: FileLocation

    /// Whether a local time falls in the window; a window with from > to
    /// starts on a listed day and ends on the next day.
    @inline(__always)
    func admits(weekday: Int, secondOfDay: Int32) -> Bool {
        if from < to {
            return days & (1 << UInt8(weekday)) != 0 && secondOfDay >= from && secondOfDay < to
        }
        if secondOfDay >= from { return days & (1 << UInt8(weekday)) != 0 }
        let previousDay = (weekday + 6) % 7
        return secondOfDay < to && days & (1 << UInt8(previousDay)) != 0
    }
}

/// One quota definition; the store keeps one counter per definition and owner.
public struct QuotaSpec: Sendable, Hashable {
    public enum Metric: String, Sendable, Hashable {
        case requests
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case totalTokens = "total_tokens"
        case spend
    }

    /// A stable name for reports and counter keys, such as `tier:developer/requests-per-minute`.
    public let name: String
    public let metric: Metric
    /// Requests or tokens, or micro-dollars for spend.
    public let limit: Int64
    public let unit: WindowUnit
    public let isCalendar: Bool
    public let zone: ZoneRules
    /// True for team quotas, whose counter all keys of the team share.
    public let isShared: Bool
    let location: FileLocation

    public static func == (lhs: QuotaSpec, rhs: QuotaSpec) -> Bool { lhs.name == rhs.name && lhs.location == rhs.location }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// Settings shared by every key that inherits them unchanged from one tier.
final class KeyProfile: Sendable {
    let grantedScopes: BitSet
    /// nil when every model is allowed.
    let allowedModels: BitSet?
    let allowedRoutes: BitSet
    /// For each route, its chain filtered by the allowlist; fallbacks never widen it.
    let routePlans: [[Int32]]
    let maxOutputTokens: Int64?
    let maxAgeNanoseconds: Int64?
    let access: [RuntimeAccessWindow]?
    /// Indexes into CompiledPolicy.quotas of per-key quotas (key and tier level).
    let quotas: [Int32]
    let locations: ProfileLocations

    init(grantedScopes: BitSet, allowedModels: BitSet?, allowedRoutes: BitSet, routePlans: [[Int32]], maxOutputTokens: Int64?,
         maxAgeNanoseconds: Int64?, access: [RuntimeAccessWindow]?, quotas: [Int32], locations: ProfileLocations) {
        self.grantedScopes = grantedScopes
        self.allowedModels = allowedModels
        self.allowedRoutes = allowedRoutes
        self.routePlans = routePlans
        self.maxOutputTokens = maxOutputTokens
        self.maxAgeNanoseconds = maxAgeNanoseconds
        self.access = access
        self.quotas = quotas
        self.locations = locations
    }
}

/// The locations of a profile's settings, for explanations.
struct ProfileLocations: Sendable {
    var scopes: FileLocation?
    var models: FileLocation?
    var maxAge: FileLocation?
    var maxOutputTokens: FileLocation?
}

enum RuntimeKeyStatus: UInt8, Sendable {
    case active
    case disabled
    case revoked
}

/// A key in the form the evaluator reads. It is a class, so reading one in a
/// decision retains one object instead of copying a dozen fields, and the
/// per-key part stays small: what keys share lives in their KeyProfile.
final class RuntimeKey: Sendable {
    let id: String
    let digest: SecretDigest
    let status: RuntimeKeyStatus
    let revokedReason: String?
    let createdAt: Int64
    let notBefore: Int64?
    let expiresAt: Int64?
    /// createdAt plus the effective max_age, when the key must be rotated.
    let rotationDeadline: Int64?
    /// Index of the key's team, or -1.
    let team: Int32
    /// Index of the key's own tier (the first of its chain), or -1.
    let tier: Int32
    let profile: Int32
    /// The key's own networks; nil when it has none, so most keys pay nothing.
    let networks: KeyNetworks?
    let attributes: KeyAttributes
    let location: FileLocation
    let expiresLocation: FileLocation?
    let notBeforeLocation: FileLocation?

    init(id: String, digest: SecretDigest, status: RuntimeKeyStatus, revokedReason: String?, createdAt: Int64, notBefore: Int64?,
         expiresAt: Int64?, rotationDeadline: Int64?, team: Int32, tier: Int32, profile: Int32, networks: KeyNetworks?,
         attributes: KeyAttributes, location: FileLocation, expiresLocation: FileLocation?, notBeforeLocation: FileLocation?) {
        self.id = id
        self.digest = digest
        self.status = status
        self.revokedReason = revokedReason
        self.createdAt = createdAt
        self.notBefore = notBefore
        self.expiresAt = expiresAt
        self.rotationDeadline = rotationDeadline
        self.team = team
        self.tier = tier
        self.profile = profile
        self.networks = networks
        self.attributes = attributes
        self.location = location
        self.expiresLocation = expiresLocation
        self.notBeforeLocation = notBeforeLocation
    }
}

/// The allow and deny lists in force for a key, with where they are written.
struct KeyNetworks: Sendable {
    /// nil admits every address the policy-wide lists admit.
    let allow: AddressSet?
    let deny: AddressSet
    let location: FileLocation?
}

/// A SHA-256 digest held as four words, so comparing and hashing never allocate.
struct SecretDigest: Sendable, Hashable {
    var words: (UInt64, UInt64, UInt64, UInt64)

    init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    static func == (lhs: SecretDigest, rhs: SecretDigest) -> Bool {
        // Constant time: every word is compared whatever the first difference.
        let difference = (lhs.words.0 ^ rhs.words.0) | (lhs.words.1 ^ rhs.words.1) | (lhs.words.2 ^ rhs.words.2)
            | (lhs.words.3 ^ rhs.words.3)
        return difference == 0
    }

    func hash(into hasher: inout Hasher) { hasher.combine(words.0) }
}

/// A rule lowered for evaluation. It is a class, so the evaluator's
/// per-candidate loop retains one object instead of copying ten reference fields.
final class RuntimeRule: Sendable {
    let id: String
    let isDeny: Bool
    /// The scopes the rule targets; nil for every scope. Evaluation uses rulesByScope instead.
    let scopes: BitSet?
    let models: BitSet?
    let routes: BitSet?
    let keys: BitSet?
    let tiers: BitSet?
    let teams: BitSet?
    let condition: Condition?
    /// Whether the rule's outcome can differ between candidate models.
    let dependsOnModel: Bool
    let reason: String
    let maxOutputTokens: Int64?
    let forcedRoute: Int32?
    let location: FileLocation

    init(id: String, isDeny: Bool, scopes: BitSet?, models: BitSet?, routes: BitSet?, keys: BitSet?, tiers: BitSet?,
         teams: BitSet?, condition: Condition?, dependsOnModel: Bool, reason: String, maxOutputTokens: Int64?,
         forcedRoute: Int32?, location: FileLocation) {
        self.id = id
        self.isDeny = isDeny
        self.scopes = scopes
        self.models = models
        self.routes = routes
        self.keys = keys
        self.tiers = tiers
        self.teams = teams
        self.condition = condition
        self.dependsOnModel = dependsOnModel
        self.reason = reason
        self.maxOutputTokens = maxOutputTokens
        self.forcedRoute = forcedRoute
        self.location = location
    }
}
