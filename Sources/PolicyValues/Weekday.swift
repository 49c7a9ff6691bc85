// Days of the week, Monday first as in ISO 8601, parsed from the lowercase
// short or full English name.

import PolicySource

/// A day of the week; the raw value counts from Monday = 0.
public enum Weekday: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case monday = 0
    case tuesday
    case wednesday
    case thursday
    case friday
    case saturday
    case sunday

    /// Creates the weekday of the day `days` days after 1970-01-01, which was a Thursday.
    @inlinable
    public init(daysSinceEpoch days: Int) {
        let index = (days + 3) % 7
        self = Weekday(rawValue: index < 0 ? index + 7 : index) ?? .monday
    }

    /// Parses `mon`..`sun` or `monday`..`sunday`, lowercase only.
    public static func parse(_ text: Substring) -> Result<Weekday, ValueError> {
        for day in Weekday.allCases where text == day.shortName || text == day.fullName {
            return .success(day)
        }
        let written = String(text)
        let names = Weekday.allCases.flatMap { [$0.shortName, $0.fullName] }
        let suggestion = Suggestions.didYouMean(written.lowercased(), in: names)
        return .failure(written.withUTF8Bytes { bytes in
            ValueError(.invalidWeekday, ValueMessages.invalidWeekday(written, suggestion: suggestion), in: bytes, start: 0, end: bytes.count)
        })
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The three-letter name, such as `mon`.
    public var shortName: String { String(fullName.prefix(3)) }

    /// The full lowercase name, such as `monday`.
    public var fullName: String {
        switch self {
        case .monday: "monday"
        case .tuesday: "tuesday"
        case .wednesday: "wednesday"
        case .thursday: "thursday"
        case .friday: "friday"
        case .saturday: "saturday"
        case .sunday: "sunday"
        }
    }

    /// The short name, which is also the canonical form.
    public var description: String { shortName }
}
