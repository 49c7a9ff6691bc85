// The full, readable form of a decision: reason messages with the source
// location that decided, the priced route plan and the quota windows. It is
// built on demand, after the allocation-free decision, for logs, the CLI
// and tests. It is Codable with the field names of docs/decisions.md.

import PolicySource
import PolicyValues

/// A reason with its message and the place in the policy that decided it.
public struct ReasonReport: Codable, Sendable, Hashable {
    public let code: String
    public let message: String
    /// `path:line` of the rule or field that decided, when there is one.
    public let location: String?
}

/// One candidate of a route plan.
public struct PlanEntry: Codable, Sendable, Hashable {
    public let model: String
    public let provider: String
    /// The estimated cost in USD of this request on this model, as a decimal string.
    public let estimatedCost: String

    enum CodingKeys: String, CodingKey {
        case model, provider
        case estimatedCost = "estimated_cost"
    }
}

/// A quota window's state after the request.
public struct QuotaReport: Codable, Sendable, Hashable {
    public let quota: String
    public let metric: String
    public let limit: String
    public let used: String
    public let remaining: String
    public let resetAt: String
    public let location: String

    enum CodingKeys: String, CodingKey {
        case quota, metric, limit, used, remaining, location
        case resetAt = "reset_at"
    }
}

/// The fallback settings the gateway follows along the plan when a candidate fails.
public struct FallbackReport: Codable, Sendable, Hashable {
    /// The failures that move on to the next candidate.
    public let on: [String]
    /// The maximum number of candidates to try, the first included.
    public let maxAttempts: Int

    enum CodingKeys: String, CodingKey {
        case on
        case maxAttempts = "max_attempts"
    }
}

/// One explain event.
public struct ExplainStep: Codable, Sendable, Hashable {
    public let check: String
    public let outcome: String
    public let detail: String
    public let location: String?
}

/// A decision in readable form.
public struct DecisionReport: Codable, Sendable {
    public let decision: String
    public let reasons: [ReasonReport]
    public let keyID: String?
    public let outputTokenCap: Int64?
    public let route: String?
    public let plan: [PlanEntry]
    /// For a route request, when to fall back along the plan.
    public let fallback: FallbackReport?
    public let quotas: [QuotaReport]
    public let retryAfterSeconds: Int64?
    public let policyRevision: String
    public var explain: [ExplainStep]?

    enum CodingKeys: String, CodingKey {
        case decision, reasons, route, plan, fallback, quotas, explain
        case keyID = "key_id"
        case outputTokenCap = "output_token_cap"
        case retryAfterSeconds = "retry_after_seconds"
        case policyRevision = "policy_revision"
    }
}

extension CompiledPolicy {
    /// Builds the readable report of a decision for `request`.
    public func report(_ decision: Decision, request: Request, authorization: Authorization? = nil,
                       trace: [TraceEvent]? = nil) -> DecisionReport {
        let plan = (0..<decision.plan.count).map { position -> PlanEntry in
            let model = models[Int(decision.plan[position])]
            let total = estimatedCost(model: decision.plan[position], request: request, decision: decision)
            return PlanEntry(model: model.id, provider: model.attributes.provider, estimatedCost: total?.description ?? "overflow")
        }
        let quotaReports = (authorization?.quotas ?? []).map { window in
            QuotaReport(quota: window.quota, metric: window.metric.rawValue, limit: Self.amount(window.limit, window.metric),
                        used: Self.amount(window.used, window.metric), remaining: Self.amount(window.remaining, window.metric),
                        resetAt: window.resetAt.description, location: window.location)
        }
        let retry = authorization?.retryAfter.map { ($0.nanoseconds + 999_999_999) / 1_000_000_000 }
        let steps = trace?.map { event in
            ExplainStep(check: event.check, outcome: event.outcome.rawValue, detail: event.detail,
                        location: event.location?.lineDescription)
        }
        let route = decision.routeIndex >= 0 ? routes[Int(decision.routeIndex)] : nil
        // A route that names no failures falls back on every kind of failure.
        let fallback = route.map { route in
            FallbackReport(on: (route.fallbackOn.isEmpty ? FallbackTrigger.allCases : route.fallbackOn).map(\.rawValue),
                           maxAttempts: route.maxAttempts)
        }
        return DecisionReport(
            decision: decision.effect.rawValue, reasons: [reason(decision, request: request)], keyID: decision.keyID,
            outputTokenCap: decision.outputTokenCap, route: route?.id,
            plan: plan, fallback: decision.isAllowed ? fallback : nil, quotas: quotaReports, retryAfterSeconds: retry, policyRevision: revision, explain: steps)
    }

    private static func amount(_ value: Int64, _ metric: QuotaSpec.Metric) -> String {
        metric == .spend ? Money(micros: value).description : String(value)
    }

    /// Returns the message and location of the deciding reason.
    func reason(_ decision: Decision, request: Request) -> ReasonReport {
        let key = decision.keyIndex >= 0 ? keys[Int(decision.keyIndex)] : nil
        let profile = key.map { profiles[Int($0.profile)] }
        let subject = Int(decision.subject)
        var location: FileLocation? = key?.location
        let message: String
        switch decision.reason {
        case .allowedByKey:
            message = "key '\(key?.id ?? "")' grants scope '\(request.scope)'"
            location = profile?.locations.scopes ?? location
        case .allowedByRule:
            message = subject >= 0 ? "allow rule '\(rules[subject].id)' grants scope '\(request.scope)'" : "an allow rule grants the request"
            location = subject >= 0 ? rules[subject].location : location
        case .malformedRequest:
            message = "the request is malformed: token counts must not be negative"
            location = nil
        case .unknownKey:
            message = request.keyID.map { "no key has id '\($0)' or the presented secret does not match it" }
                ?? "no key matches the presented secret"
            location = nil
        case .keyDisabled:
            message = "key '\(key?.id ?? "")' is disabled"
        case .keyRevoked:
            message = "key '\(key?.id ?? "")' is revoked: \(key?.revokedReason ?? "no reason given")"
        case .keyNotYetValid:
            message = "key '\(key?.id ?? "")' is not valid before \(Timestamp(nanoseconds: key?.notBefore ?? 0))"
            location = key?.notBeforeLocation ?? location
        case .keyExpired:
            message = "key '\(key?.id ?? "")' expired at \(Timestamp(nanoseconds: key?.expiresAt ?? 0))"
            location = key?.expiresLocation ?? location
        case .rotationOverdue:
            message = "key '\(key?.id ?? "")' is older than its max_age and had to be rotated by \(Timestamp(nanoseconds: key?.rotationDeadline ?? 0))"
            location = profile?.locations.maxAge ?? location
        case .malformedAddress:
            message = decision.subject == Evaluation.forwardedForSubject
                ? "an X-Forwarded-For entry is not a valid IP address (forwarded for '\(request.forwardedFor.joined(separator: ", "))')"
                : "the client address is not a valid IP address (peer '\(request.peerAddress)')"
            location = nil
        case .addressDenied:
            let global = decision.subject == Evaluation.globalNetworkSubject
            message = global ? "the client address is in the policy's denied networks" : "the client address is in the key's denied networks"
            location = global ? globalNetworksLocation : key?.networks?.location
        case .addressNotAllowed:
            let global = decision.subject == Evaluation.globalNetworkSubject
            message = global ? "the client address is outside the policy's allowed networks" : "the client address is outside the key's allowed networks"
            location = global ? globalNetworksLocation : key?.networks?.location
        case .outsideAccessWindow:
            message = "the request time \(request.time) is outside the key's access windows"
            location = profile?.access?.first?.location ?? location
        case .unknownScope:
            message = "scope '\(request.scope)' is not declared in the policy"
            location = nil
        case .scopeNotGranted:
            message = "key '\(key?.id ?? "")' is not granted scope '\(request.scope)' and no rule allows it"
            location = profile?.locations.scopes ?? location
        case .unknownModel:
            message = "'\(request.model)' is neither a model id nor a route alias"
            location = nil
        case .modelNotAllowed:
            message = "model '\(request.model)' is not in the key's model allowlist"
            location = profile?.locations.models ?? location
        case .routeNotAllowed:
            message = "route '\(request.model)' is not allowed for the key"
            location = profile?.locations.models ?? location
        case .contextWindowExceeded:
            let model = subject >= 0 ? models[subject] : nil
            message = "\(request.inputTokens) input and \(request.maxOutputTokens) output tokens do not fit the \(model?.contextWindow ?? 0)-token context window of '\(model?.id ?? request.model)'"
            location = model?.location
        case .noCandidate:
            message = "no candidate model of the route is available to this key"
            location = decision.routeIndex >= 0 ? routes[Int(decision.routeIndex)].location : nil
        case .deniedByRule:
            message = subject >= 0 ? "denied by rule '\(rules[subject].id)': \(rules[subject].reason)" : "denied by a rule"
            location = subject >= 0 ? rules[subject].location : nil
        case .conditionError:
            message = subject >= 0 ? "rule '\(rules[subject].id)' failed to evaluate, so the request is denied" : "a rule failed to evaluate"
            location = subject >= 0 ? rules[subject].location : nil
        case .quotaExceeded:
            message = subject >= 0 ? "quota '\(quotas[subject].name)' is exhausted" : "a quota is exhausted"
            location = subject >= 0 ? quotas[subject].location : nil
        case .requestExceedsQuota:
            message = subject >= 0 ? "the request alone exceeds the whole limit of quota '\(quotas[subject].name)'" : "the request exceeds a quota limit"
            location = subject >= 0 ? quotas[subject].location : nil
        case .internalError:
            message = "an internal error occurred, so the request is denied"
            location = nil
        }
        return ReasonReport(code: decision.reason.rawValue, message: message, location: location?.lineDescription)
    }
}
