// The values a condition reads: the request, the API key that made it, and
// the model under consideration. The evaluator fills one ConditionContext
// per request (and updates `model` per candidate model when a condition
// reads it), then evaluates compiled conditions against it.
//
// Public API: ConditionContext, RequestAttributes, KeyAttributes,
// ModelAttributes. Every initializer parameter has a neutral default.
// RequestAttributes is a struct of public vars, built per request.
// KeyAttributes and ModelAttributes are immutable classes, built once per
// compiled key or model, so storing one in the context copies a single
// reference instead of every string, set and dictionary it holds.

public import PolicyValues

/// Everything a condition can read, filled per request by the evaluator.
public struct ConditionContext: Sendable {
    /// The request being authorized.
    public var request: RequestAttributes
    /// The API key that made the request.
    public var key: KeyAttributes
    /// The model under consideration; set once per candidate when a condition reads it.
    public var model: ModelAttributes

    /// Creates a context; every part defaults to empty values.
    public init(request: RequestAttributes = .init(), key: KeyAttributes = .init(), model: ModelAttributes = .init()) {
        self.request = request
        self.key = key
        self.model = model
    }
}

/// The `request.*` attributes.
public struct RequestAttributes: Sendable {
    /// The scope the request needs, such as `files:write`.
    public var scope: String
    /// The model id or route alias as requested.
    public var model: String
    /// The route alias, or "" when a model was requested directly.
    public var route: String
    /// The client address; IPv4 is held IPv4-mapped.
    public var clientAddress: IPAddress
    /// The time the request arrived.
    public var time: Timestamp
    /// Tokens in the prompt.
    public var inputTokens: Int64
    /// The most output tokens the request allows.
    public var maxOutputTokens: Int64
    /// The estimated cost of the request on the model under consideration.
    public var estimatedCost: Money
    /// Free-form labels sent with the request.
    public var labels: [String: String]

    /// Creates request attributes; every field defaults to an empty or zero value.
    public init(
        scope: String = "", model: String = "", route: String = "", clientAddress: IPAddress = IPAddress(value: 0),
        time: Timestamp = Timestamp(nanoseconds: 0), inputTokens: Int64 = 0, maxOutputTokens: Int64 = 0,
        estimatedCost: Money = Money(micros: 0), labels: [String: String] = [:]
    ) {
        self.scope = scope
        self.model = model
        self.route = route
        self.clientAddress = clientAddress
        self.time = time
        self.inputTokens = inputTokens
        self.maxOutputTokens = maxOutputTokens
        self.estimatedCost = estimatedCost
        self.labels = labels
    }
}

/// The `key.*` attributes, shared by reference and never changed.
public final class KeyAttributes: Sendable {
    /// The key's id.
    public let id: String
    /// The key's team, or "" when it has none.
    public let team: String
    /// The key's tier, or "" when it has none.
    public let tier: String
    /// The key's owner.
    public let owner: String
    /// When the key was created.
    public let createdAt: Timestamp
    /// Labels attached to the key.
    public let labels: [String: String]

    /// Creates key attributes; every field defaults to an empty or zero value.
    public init(
        id: String = "", team: String = "", tier: String = "", owner: String = "",
        createdAt: Timestamp = Timestamp(nanoseconds: 0), labels: [String: String] = [:]
    ) {
        self.id = id
        self.team = team
        self.tier = tier
        self.owner = owner
        self.createdAt = createdAt
        self.labels = labels
    }
}

/// The `model.*` attributes of one model, shared by reference and never changed.
public final class ModelAttributes: Sendable {
    /// The model's id.
    public let id: String
    /// The provider serving the model.
    public let provider: String
    /// The region the model runs in.
    public let region: String
    /// Capabilities such as `vision` or `tools`.
    public let capabilities: Set<String>
    /// The context window in tokens.
    public let contextWindow: Int64
    /// Price per million input tokens.
    public let inputPrice: Money
    /// Price per million output tokens.
    public let outputPrice: Money
    /// Typical latency.
    public let latency: PolicyDuration

    /// Creates model attributes; every field defaults to an empty or zero value.
    public init(
        id: String = "", provider: String = "", region: String = "", capabilities: Set<String> = [],
        contextWindow: Int64 = 0, inputPrice: Money = Money(micros: 0), outputPrice: Money = Money(micros: 0),
        latency: PolicyDuration = PolicyDuration(nanoseconds: 0)
    ) {
        self.id = id
        self.provider = provider
        self.region = region
        self.capabilities = capabilities
        self.contextWindow = contextWindow
        self.inputPrice = inputPrice
        self.outputPrice = outputPrice
        self.latency = latency
    }
}
