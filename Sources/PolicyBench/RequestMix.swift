// The requests the benchmark decides: one list per kind of outcome (allowed
// by key id or by presented secret, denied by scope, network, expiry or
// rule, unknown key), each spread over many keys of the generated policy,
// and a weighted mix of all kinds. Every request is built before timing
// starts, and `verify` checks each one gets the outcome its kind names.

import PolicyKit
import PolicyValues

/// A kind of request with the outcome the generated policy gives it.
enum RequestKind: String, CaseIterable {
    case allowedModelByID = "allow, key id, model"
    case allowedRouteByID = "allow, key id, route"
    case allowedRouteBySecret = "allow, secret, route"
    case deniedScope = "deny, scope"
    case deniedNetwork = "deny, network"
    case deniedExpired = "deny, expired"
    case deniedRule = "deny, rule"
    case unknownKeyID = "deny, unknown key id"
    case unknownSecret = "deny, unknown secret"

    /// The reason code every request of this kind must get.
    var expectedReason: ReasonCode {
        switch self {
        case .allowedModelByID, .allowedRouteByID, .allowedRouteBySecret: .allowedByKey
        case .deniedScope: .scopeNotGranted
        case .deniedNetwork: .addressNotAllowed
        case .deniedExpired: .keyExpired
        case .deniedRule: .deniedByRule
        case .unknownKeyID, .unknownSecret: .unknownKey
        }
    }

    /// The share of this kind in the mix, in percent: mostly allowed traffic.
    var mixPercent: Int {
        switch self {
        case .allowedModelByID, .allowedRouteByID: 25
        case .allowedRouteBySecret: 20
        default: 5
        }
    }
}

/// Pre-built requests for each kind and for the mix.
struct RequestSet {
    let byKind: [RequestKind: [Request]]
    let mix: [Request]

    /// Builds `count` requests of each kind over keys of a policy with `shape`, and a mix of `count` requests.
    init(shape: PolicyShape, count: Int, seed: UInt64 = 1) {
        var random = SplitMix64(state: seed)
        var byKind: [RequestKind: [Request]] = [:]
        for kind in RequestKind.allCases {
            byKind[kind] = (0..<count).map { _ in Self.request(kind, shape: shape, random: &random) }
        }
        var mix: [Request] = []
        for kind in RequestKind.allCases {
            let share = count * kind.mixPercent / 100
            mix += (byKind[kind] ?? []).prefix(share)
        }
        // A seeded shuffle, so kinds interleave the same way in every run.
        for index in stride(from: mix.count - 1, to: 0, by: -1) {
            mix.swapAt(index, random.next(below: index + 1))
        }
        self.byKind = byKind
        self.mix = mix
    }

    // MARK: - Building

    private static func request(_ kind: RequestKind, shape: PolicyShape, random: inout SplitMix64) -> Request {
        let time = timestamp(kind == .deniedRule ? benchNightTime : benchRequestTime)
        switch kind {
        case .allowedModelByID:
            let key = pick(shape, &random) { $0.isUsable && $0.team != 3 && !$0.isContractor }
            return Request(keyID: key.id, peerAddress: key.peerAddress, time: time, scope: "chat:completions",
                           model: "gpt-4o-mini", inputTokens: 1200, maxOutputTokens: 500)
        case .allowedRouteByID:
            let key = pick(shape, &random) { $0.isUsable }
            return Request(keyID: key.id, peerAddress: key.peerAddress, time: time, scope: "chat:completions",
                           model: "chat-default", inputTokens: 1200, maxOutputTokens: 500)
        case .allowedRouteBySecret:
            let key = pick(shape, &random) { $0.isUsable }
            return Request(presentedSecret: key.secret, peerAddress: key.peerAddress, time: time, scope: "chat:completions",
                           model: "chat-default", inputTokens: 1200, maxOutputTokens: 500)
        case .deniedScope:
            let key = pick(shape, &random) { $0.isUsable && $0.tier != .admin }
            return Request(keyID: key.id, peerAddress: key.peerAddress, time: time, scope: "admin:keys:write",
                           model: "chat-default", inputTokens: 1200, maxOutputTokens: 500)
        case .deniedNetwork:
            let key = pick(shape, &random) { $0.isUsable }
            return Request(keyID: key.id, peerAddress: "203.0.113.50", time: time, scope: "chat:completions",
                           model: "chat-default", inputTokens: 1200, maxOutputTokens: 500)
        case .deniedExpired:
            let key = pick(shape, &random) { $0.status == .active && $0.isExpired }
            return Request(keyID: key.id, peerAddress: key.peerAddress, time: time, scope: "chat:completions",
                           model: "chat-default", inputTokens: 1200, maxOutputTokens: 500)
        case .deniedRule:
            let key = pick(shape, &random) { $0.isUsable && ($0.tier == .developer || $0.tier == .research) }
            return Request(keyID: key.id, peerAddress: key.peerAddress, time: time, scope: "files:write",
                           model: "gpt-4o-mini", inputTokens: 1200, maxOutputTokens: 500)
        case .unknownKeyID:
            return Request(keyID: "key-missing-\(random.next(below: 1_000_000))", peerAddress: "10.1.2.3", time: time,
                           scope: "chat:completions", model: "chat-default", inputTokens: 1200, maxOutputTokens: 500)
        case .unknownSecret:
            return Request(presentedSecret: "wrong-secret-\(random.next(below: 1_000_000))", peerAddress: "10.1.2.3", time: time,
                           scope: "chat:completions", model: "chat-default", inputTokens: 1200, maxOutputTokens: 500)
        }
    }

    /// A random key that satisfies `accept`; the generator makes every kind common enough to find one quickly.
    private static func pick(_ shape: PolicyShape, _ random: inout SplitMix64, _ accept: (KeyPlan) -> Bool) -> KeyPlan {
        while true {
            let key = KeyPlan(index: random.next(below: shape.keyCount), cidrsPerKey: shape.cidrsPerKey)
            if accept(key) { return key }
        }
    }

    private static func timestamp(_ text: String) -> Timestamp {
        guard case .success(let time) = Timestamp.parse(text) else { return Timestamp(nanoseconds: 0) }
        return time
    }

    // MARK: - Checking

    /// Decides every request once and returns a line for each one whose reason differs from its kind's.
    func verify(against policy: CompiledPolicy) -> [String] {
        var problems: [String] = []
        for kind in RequestKind.allCases {
            for request in byKind[kind] ?? [] {
                let decision = policy.decide(request)
                if decision.reason != kind.expectedReason {
                    problems.append("\(kind.rawValue): key \(request.keyID ?? "by secret") got \(decision.reason.rawValue)")
                }
            }
        }
        return problems
    }
}
