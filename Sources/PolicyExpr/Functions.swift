// The built-in functions of the condition language. Constructors (`ip`,
// `cidr`, `timestamp`, `time`, `duration`) take a string literal that is
// parsed at compile time, so they always become constants. The zone
// argument of the local-time functions is likewise a string literal,
// resolved once with ZoneRules.named.

/// A built-in function and its signature.
enum Builtin: String, Sendable, CaseIterable {
    case localHour = "local_hour"
    case localTime = "local_time"
    case weekday
    case startsWith = "starts_with"
    case endsWith = "ends_with"
    case contains
    case size
    case lower
    case ip
    case cidr
    case timestamp
    case time
    case duration

    /// How the checker treats each parameter.
    enum Parameter: Sendable, Equatable {
        /// Any expression of this type.
        case value(ValueType)
        /// A string literal naming an IANA time zone.
        case zone
        /// A string literal parsed as the constructor's type.
        case literal
        /// A set<string>, list<cidr>, labels map or empty list.
        case collection
    }

    /// The parameters in order.
    var parameters: [Parameter] {
        switch self {
        case .localHour, .localTime, .weekday: [.value(.timestamp), .zone]
        case .startsWith, .endsWith, .contains: [.value(.string), .value(.string)]
        case .size: [.collection]
        case .lower: [.value(.string)]
        case .ip, .cidr, .timestamp, .time, .duration: [.literal]
        }
    }

    /// The result type.
    var resultType: ValueType {
        switch self {
        case .localHour, .size: .int
        case .localTime: .timeOfDay
        case .weekday, .lower: .string
        case .startsWith, .endsWith, .contains: .bool
        case .ip: .ip
        case .cidr: .cidr
        case .timestamp: .timestamp
        case .time: .timeOfDay
        case .duration: .duration
        }
    }

    /// The signature shown in a wrong-arity hint.
    var signature: String {
        switch self {
        case .localHour: "local_hour(timestamp, \"Europe/Berlin\")"
        case .localTime: "local_time(timestamp, \"Europe/Berlin\")"
        case .weekday: "weekday(timestamp, \"Europe/Berlin\")"
        case .startsWith: "starts_with(string, prefix)"
        case .endsWith: "ends_with(string, suffix)"
        case .contains: "contains(string, substring)"
        case .size: "size(set)"
        case .lower: "lower(string)"
        case .ip: "ip(\"10.0.0.1\")"
        case .cidr: "cidr(\"10.0.0.0/8\")"
        case .timestamp: "timestamp(\"2025-01-01T00:00:00Z\")"
        case .time: "time(\"22:30\")"
        case .duration: "duration(\"90d\")"
        }
    }

    /// An example string literal for a literal-only parameter.
    var literalExample: String {
        switch self {
        case .localHour, .localTime, .weekday: "\"Europe/Berlin\""
        default: String(signature.drop { $0 != "(" }.dropFirst().dropLast())
        }
    }
}

/// Weekday names in the order of PolicyValues.Weekday, Monday first.
let weekdayNames: [String] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

/// `lower(s)`: returns `text` itself when it is ASCII without uppercase
/// letters, so the common case (ids, e-mail addresses) allocates nothing;
/// `String.lowercased()` allocates a new string for any text longer than 15
/// bytes even when nothing changes.
func lowercasedWithoutCopy(_ text: String) -> String {
    let unchanged = text.utf8.withContiguousStorageIfAvailable { bytes in
        for byte in bytes where byte >= 0x80 || byte &- UInt8(ascii: "A") < 26 { return false }
        return true
    }
    return unchanged == true ? text : text.lowercased()
}
