// The static types of the condition language and the catalog of attributes
// a condition may read. Types are checked once at compile time, so
// evaluation never inspects a type tag.

/// A static type of a condition subexpression.
enum ValueType: Sendable, Equatable {
    case bool, int, money, duration, timestamp, timeOfDay, string, ip, cidr
    case stringSet
    case cidrList
    case labels
    /// The type of `[]`, accepted wherever a set<string> or list<cidr> is.
    case emptyList
    /// The type of a subexpression that already failed to check. Every check
    /// accepts it silently, so one mistake yields one diagnostic.
    case error

    /// The name used in diagnostics and in grammar/conditions.ebnf.
    var name: String {
        switch self {
        case .bool: "bool"
        case .int: "int"
        case .money: "money"
        case .duration: "duration"
        case .timestamp: "timestamp"
        case .timeOfDay: "time_of_day"
        case .string: "string"
        case .ip: "ip"
        case .cidr: "cidr"
        case .stringSet: "set<string>"
        case .cidrList: "list<cidr>"
        case .labels: "map<string,string>"
        case .emptyList: "empty list"
        case .error: "error"
        }
    }

    /// Whether values of this type are held as one Int64 at run time: an int,
    /// money in micros, a duration or timestamp in nanoseconds, or a time of
    /// day in seconds since midnight. Their ordering is the Int64 ordering.
    var isNumeric: Bool {
        switch self {
        case .int, .money, .duration, .timestamp, .timeOfDay: true
        default: false
        }
    }

    /// Whether `<`, `<=`, `>` and `>=` accept two values of this type.
    var isOrdered: Bool { isNumeric || self == .string }
}

/// An attribute of the request, the API key or the model under consideration.
enum Attribute: String, Sendable, CaseIterable {
    case requestScope = "request.scope"
    case requestModel = "request.model"
    case requestRoute = "request.route"
    case requestClientIP = "request.client_ip"
    case requestTime = "request.time"
    case requestInputTokens = "request.input_tokens"
    case requestMaxOutputTokens = "request.max_output_tokens"
    case requestEstimatedCost = "request.estimated_cost"
    case requestLabels = "request.labels"
    case keyID = "key.id"
    case keyTeam = "key.team"
    case keyTier = "key.tier"
    case keyOwner = "key.owner"
    case keyCreatedAt = "key.created_at"
    case keyLabels = "key.labels"
    case modelID = "model.id"
    case modelProvider = "model.provider"
    case modelRegion = "model.region"
    case modelCapabilities = "model.capabilities"
    case modelContextWindow = "model.context_window"
    case modelInputPrice = "model.input_price"
    case modelOutputPrice = "model.output_price"
    case modelLatency = "model.latency"

    /// The attribute's static type.
    var type: ValueType {
        switch self {
        case .requestScope, .requestModel, .requestRoute, .keyID, .keyTeam, .keyTier, .keyOwner,
            .modelID, .modelProvider, .modelRegion:
            .string
        case .requestClientIP: .ip
        case .requestTime, .keyCreatedAt: .timestamp
        case .requestInputTokens, .requestMaxOutputTokens, .modelContextWindow: .int
        case .requestEstimatedCost, .modelInputPrice, .modelOutputPrice: .money
        case .requestLabels, .keyLabels: .labels
        case .modelCapabilities: .stringSet
        case .modelLatency: .duration
        }
    }

    /// Whether the value depends on the model under consideration, so the
    /// condition must be evaluated once per candidate model.
    var dependsOnModel: Bool {
        rawValue.hasPrefix("model.") || self == .requestEstimatedCost
    }

    /// Finds an attribute by its dotted path.
    static func named(_ path: String) -> Attribute? { Attribute(rawValue: path) }
}
