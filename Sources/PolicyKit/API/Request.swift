// The request a gateway asks about, and the decision it gets back.

import PolicySource
import PolicyValues

/// One request to decide. Strings are the gateway's own; nothing is copied
/// or kept after the call.
public struct Request: Sendable {
    /// The key id, when the gateway already knows it.
    public var keyID: String?
    /// The secret the client presented. It is hashed with SHA-256 and never stored.
    public var presentedSecret: String?
    /// The address of the TCP peer, IPv4 or IPv6 text.
    public var peerAddress: String
    /// The X-Forwarded-For entries, left to right, as received.
    public var forwardedFor: [String]
    /// When the request arrived.
    public var time: Timestamp
    public var scope: String
    /// A model id or a route alias.
    public var model: String
    public var inputTokens: Int64
    public var maxOutputTokens: Int64
    public var labels: [String: String]
    /// A request id, used by the weighted strategy to pick a candidate deterministically.
    public var requestID: String?

    public init(keyID: String? = nil, presentedSecret: String? = nil, peerAddress: String, forwardedFor: [String] = [],
                time: Timestamp, scope: String, model: String, inputTokens: Int64 = 0, maxOutputTokens: Int64 = 0,
                labels: [String: String] = [:], requestID: String? = nil) {
        self.keyID = keyID
        self.presentedSecret = presentedSecret
        self.peerAddress = peerAddress
        self.forwardedFor = forwardedFor
        self.time = time
        self.scope = scope
        self.model = model
        self.inputTokens = inputTokens
        self.maxOutputTokens = maxOutputTokens
        self.labels = labels
        self.requestID = requestID
    }
}

/// A stable reason code in a decision, such as `key.expired`.
public enum ReasonCode: String, Sendable, CaseIterable, Codable {
    case allowedByKey = "allow.key_grant"
    case allowedByRule = "allow.rule"
    case malformedRequest = "request.malformed"
    case unknownKey = "key.unknown"
    case keyDisabled = "key.disabled"
    case keyRevoked = "key.revoked"
    case keyNotYetValid = "key.not_yet_valid"
    case keyExpired = "key.expired"
    case rotationOverdue = "key.rotation_overdue"
    case malformedAddress = "network.malformed_address"
    case addressDenied = "network.denied"
    case addressNotAllowed = "network.not_allowed"
    case outsideAccessWindow = "time.outside_access_window"
    case unknownScope = "scope.unknown"
    case scopeNotGranted = "scope.not_granted"
    case unknownModel = "model.unknown"
    case modelNotAllowed = "model.not_allowed"
    case routeNotAllowed = "route.not_allowed"
    case contextWindowExceeded = "model.context_window_exceeded"
    case noCandidate = "route.no_candidate"
    case deniedByRule = "rule.denied"
    case quotaExceeded = "quota.exceeded"
    case requestExceedsQuota = "quota.request_too_large"
    case conditionError = "rule.evaluation_error"
    case internalError = "internal.error"

    /// Whether this code means the request was allowed.
    public var isAllow: Bool { self == .allowedByKey || self == .allowedByRule }
}

/// The outcome of a decision.
public enum Effect: String, Sendable, Codable {
    case allow
    case deny
}
