// The evaluator: decides one request against a compiled policy. Checks run
// in a fixed order, and the first failing one decides a deny. Rules are
// visited through the scope's group: model-independent rules once, and
// model-dependent rules once per candidate. Without a tracer, the path
// allocates nothing of its own.

import PolicySource
import PolicyValues
import PolicyExpr

extension CompiledPolicy {
    /// Decides a request. A malformed request, an unknown name or an
    /// evaluation error is a deny, never a thrown error or a trap.
    public func decide(_ request: borrowing Request, tracer: (any DecisionTracer)? = nil) -> Decision {
        withUnsafePointer(to: request) { pointer in
            var state = Evaluation(policy: self, request: pointer, tracer: tracer)
            state.run()
            return state.decision
        }
    }
}

/// The working state of one decision.
struct Evaluation {
    /// The subject of a network reason when the policy-wide lists decided, not the key's.
    static let globalNetworkSubject: Int32 = 1
    /// The subject of a malformed-address reason when an X-Forwarded-For entry, not the peer, was malformed.
    static let forwardedForSubject: Int32 = 1

    let policy: CompiledPolicy
    /// The request, read in place for the length of one decision rather than copied.
    private let requestPointer: UnsafePointer<Request>
    let tracer: (any DecisionTracer)?
    var decision: Decision

    var request: Request {
        unsafeAddress { requestPointer }
    }

    init(policy: CompiledPolicy, request: UnsafePointer<Request>, tracer: (any DecisionTracer)?) {
        self.policy = policy
        self.requestPointer = request
        self.tracer = tracer
        self.decision = Decision(policy: policy)
    }

    @inline(__always)
    func trace(_ check: String, _ outcome: TraceEvent.Outcome, _ detail: @autoclosure () -> String, _ location: FileLocation? = nil) {
        guard let tracer else { return }
        tracer.record(TraceEvent(check: check, outcome: outcome, detail: detail(), location: location))
    }

    mutating func deny(_ reason: ReasonCode, subject: Int32 = -1) {
        decision.effect = .deny
        decision.reason = reason
        decision.subject = subject
        decision.plan = RoutePlan()
        decision.outputTokenCap = nil
    }

    // MARK: - Steps

    mutating func run() {
        guard request.inputTokens >= 0, request.maxOutputTokens >= 0 else {
            trace("request", .failed, "token counts must not be negative")
            return deny(.malformedRequest)
        }
        guard let keyIndex = findKey() else { return }
        decision.keyIndex = keyIndex
        let key = policy.keys[Int(keyIndex)]
        let profile = policy.profiles[Int(key.profile)]
        guard checkStatus(key), checkValidity(key, profile: profile) else { return }
        guard let scope = policy.scopeIndex[request.scope] else {
            trace("scope", .failed, "scope '\(request.scope)' is not declared")
            return deny(.unknownScope)
        }
        guard let client = clientAddress(), checkNetworks(client, key: key),
              checkAccess(profile) else { return }
        decideTarget(key: key, profile: profile, scope: scope, client: client)
    }

    private mutating func findKey() -> Int32? {
        if let id = request.keyID {
            guard let index = policy.keyIndex[id] else {
                trace("key", .failed, "no key has id '\(id)'")
                deny(.unknownKey)
                return nil
            }
            if let secret = request.presentedSecret, SHA256.digest(secret) != policy.keys[Int(index)].digest {
                trace("key", .failed, "the presented secret does not match key '\(id)'")
                deny(.unknownKey)
                return nil
            }
            trace("key", .passed, "key '\(id)' found by id", policy.keys[Int(index)].location)
            return index
        }
        guard let secret = request.presentedSecret, let index = policy.secretIndex[SHA256.digest(secret)] else {
            trace("key", .failed, "no key matches the presented secret")
            deny(.unknownKey)
            return nil
        }
        trace("key", .passed, "key '\(policy.keys[Int(index)].id)' found by secret hash", policy.keys[Int(index)].location)
        return index
    }

    private mutating func checkStatus(_ key: RuntimeKey) -> Bool {
        switch key.status {
        case .active:
            trace("key.status", .passed, "key is active", key.location)
            return true
        case .disabled:
            trace("key.status", .failed, "key is disabled", key.location)
            deny(.keyDisabled)
        case .revoked:
            trace("key.status", .failed, "key is revoked: \(key.revokedReason ?? "")", key.location)
            deny(.keyRevoked)
        }
        return false
    }

    private mutating func checkValidity(_ key: RuntimeKey, profile: KeyProfile) -> Bool {
        let now = request.time.nanoseconds
        if let start = key.notBefore, now < start {
            trace("key.not_before", .failed, "key is valid from \(Timestamp(nanoseconds: start))", key.notBeforeLocation)
            deny(.keyNotYetValid)
            return false
        }
        if let end = key.expiresAt {
            guard now < end else {
                trace("key.expires_at", .failed, "key expired at \(Timestamp(nanoseconds: end))", key.expiresLocation)
                deny(.keyExpired)
                return false
            }
            trace("key.expires_at", .passed, "key is valid until \(Timestamp(nanoseconds: end))", key.expiresLocation)
        }
        if let deadline = key.rotationDeadline, now >= deadline {
            trace("key.max_age", .failed, "key had to be rotated by \(Timestamp(nanoseconds: deadline))", profile.locations.maxAge)
            deny(.rotationOverdue)
            return false
        }
        return true
    }

    /// The client address: the peer, or, when the peer is a trusted proxy,
    /// the rightmost X-Forwarded-For entry that is not a trusted proxy.
    private mutating func clientAddress() -> IPAddress? {
        guard case .success(let peer) = IPAddress.parse(Substring(request.peerAddress)) else {
            trace("network.client", .failed, "peer address '\(request.peerAddress)' is not an IP address")
            deny(.malformedAddress)
            return nil
        }
        var client = peer
        guard policy.trustedProxies.contains(peer) else {
            trace("network.client", .info, "client address \(client) (peer is not a trusted proxy)")
            return client
        }
        for header in request.forwardedFor.reversed() {
            var remaining = Substring(header)
            while !remaining.isEmpty {
                let part: Substring
                if let comma = remaining.lastIndex(of: ",") {
                    part = remaining[remaining.index(after: comma)...]
                    remaining = remaining[..<comma]
                } else {
                    part = remaining
                    remaining = remaining[remaining.endIndex...]
                }
                guard case .success(let address) = IPAddress.parse(Self.trimmed(part)) else {
                    trace("network.client", .failed, "X-Forwarded-For entry '\(part)' is not an IP address")
                    deny(.malformedAddress, subject: Evaluation.forwardedForSubject)
                    return nil
                }
                client = address
                if !policy.trustedProxies.contains(address) {
                    trace("network.client", .info, "client address \(client) from X-Forwarded-For")
                    return client
                }
            }
        }
        let origin = request.forwardedFor.isEmpty ? "no X-Forwarded-For header, so the peer is the client"
            : "every forwarded address is a trusted proxy, so the leftmost one is the client"
        trace("network.client", .info, "client address \(client): \(origin)")
        return client
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var result = text
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }

    private mutating func checkNetworks(_ client: IPAddress, key: RuntimeKey) -> Bool {
        if policy.globalDeny.contains(client) {
            trace("network.deny", .failed, "\(client) is in the policy's deny list", policy.globalNetworksLocation)
            deny(.addressDenied, subject: Evaluation.globalNetworkSubject)
            return false
        }
        if let networks = key.networks, networks.deny.contains(client) {
            trace("network.deny", .failed, "\(client) is in the key's deny list", networks.location)
            deny(.addressDenied)
            return false
        }
        if let allow = policy.globalAllow, !allow.contains(client) {
            trace("network.allow", .failed, "\(client) is outside the policy's allowed networks", policy.globalNetworksLocation)
            deny(.addressNotAllowed, subject: Evaluation.globalNetworkSubject)
            return false
        }
        if let allow = key.networks?.allow, !allow.contains(client) {
            trace("network.allow", .failed, "\(client) is outside the key's allowed networks", key.networks?.location)
            deny(.addressNotAllowed)
            return false
        }
        trace("network", .passed, "\(client) is allowed", key.networks?.location)
        return true
    }

    private mutating func checkAccess(_ profile: KeyProfile) -> Bool {
        guard let windows = profile.access else { return true }
        for window in windows {
            let local = window.zone.local(request.time)
            if window.admits(weekday: local.weekday.rawValue, secondOfDay: local.secondOfDay) {
                trace("access", .passed, "request time is inside an access window", window.location)
                return true
            }
        }
        trace("access", .failed, "request time is outside every access window", windows.first?.location)
        deny(.outsideAccessWindow)
        return false
    }
}
