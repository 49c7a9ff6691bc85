// The decision for one request. It is a plain value that points into the
// compiled policy, so making one allocates nothing; `report` renders the
// full, readable form with messages, locations and the priced route plan.

import PolicySource
import PolicyValues

/// The models a request may go to, in the order the gateway should try them.
public struct RoutePlan: Sendable {
    /// The maximum number of candidates in a plan; longer chains are cut to this many.
    public static let capacity = 16
    var storage: InlineArray<16, Int32> = InlineArray(repeating: -1)
    public internal(set) var count: Int = 0

    mutating func append(_ model: Int32) {
        guard count < Self.capacity else { return }
        storage[count] = model
        count += 1
    }

    subscript(index: Int) -> Int32 { storage[index] }

    mutating func remove(at index: Int) {
        var position = index
        while position + 1 < count {
            storage[position] = storage[position + 1]
            position += 1
        }
        count -= 1
    }

    mutating func swapAt(_ first: Int, _ second: Int) {
        let value = storage[first]
        storage[first] = storage[second]
        storage[second] = value
    }
}

/// The decision for one request.
public struct Decision: Sendable {
    public internal(set) var effect: Effect = .deny
    /// The reason that decided: for a deny, the first check that failed.
    public internal(set) var reason: ReasonCode = .internalError
    /// The rule, quota or model that the reason refers to, as an index; -1 for none.
    var subject: Int32 = -1
    var keyIndex: Int32 = -1
    var routeIndex: Int32 = -1
    /// The output-token cap the gateway must enforce; nil for no cap.
    public internal(set) var outputTokenCap: Int64?
    public internal(set) var plan = RoutePlan()
    let policy: CompiledPolicy

    init(policy: CompiledPolicy) {
        self.policy = policy
    }

    public var isAllowed: Bool { effect == .allow }

    /// The id of the key that made the request; never the secret.
    public var keyID: String? { keyIndex >= 0 ? policy.keys[Int(keyIndex)].id : nil }

    /// The model ids of the plan, in order.
    public var planModels: [String] { (0..<plan.count).map { policy.models[Int(plan[$0])].id } }

    /// The revision of the policy that decided.
    public var revision: String { policy.revision }
}
