// Calendar-aligned windows for quotas: the second, minute, hour, day, week
// or month that contains an instant, in a given time zone. A day runs from
// local midnight to the next local midnight, so it lasts 23 or 25 hours on a
// daylight saving change. A week starts on Monday at 00:00 local time, and a
// month is the calendar month.

import PolicySource

/// The unit of a calendar window or of a rolling window's nominal length.
public enum WindowUnit: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case second
    case minute
    case hour
    case day
    case week
    case month

    /// Parses `second`, `minute`, `hour`, `day`, `week` or `month`.
    public static func parse(_ text: Substring) -> Result<WindowUnit, ValueError> {
        if let unit = WindowUnit(rawValue: String(text)) { return .success(unit) }
        let written = String(text)
        let suggestion = Suggestions.didYouMean(written, in: WindowUnit.allCases.map(\.rawValue))
        let wording = ValueMessages.invalidWindowUnit(written, suggestion: suggestion)
        return .failure(written.withUTF8Bytes { ValueError(.invalidWindowUnit, wording, in: $0, start: 0, end: $0.count) })
    }

    /// The length of a rolling window of this unit. A day is 24 hours, a week
    /// 7 days and a month 30 days: rolling windows have a fixed length, unlike
    /// calendar windows, which follow the zone's calendar.
    public var nominalLength: PolicyDuration {
        switch self {
        case .second: PolicyDuration(nanoseconds: PolicyDuration.nanosecondsPerSecond)
        case .minute: PolicyDuration(nanoseconds: PolicyDuration.nanosecondsPerMinute)
        case .hour: PolicyDuration(nanoseconds: PolicyDuration.nanosecondsPerHour)
        case .day: PolicyDuration(nanoseconds: PolicyDuration.nanosecondsPerDay)
        case .week: PolicyDuration(nanoseconds: PolicyDuration.nanosecondsPerWeek)
        case .month: PolicyDuration(nanoseconds: 30 * PolicyDuration.nanosecondsPerDay)
        }
    }

    /// The unit name as written in policies.
    public var description: String { rawValue }
}

/// Computes the calendar window of `unit` that contains `t` in `zone`, as a half-open range [start, end).
///
/// Seconds are UTC-aligned. Minutes and hours follow local minutes and hours,
/// so in Asia/Kolkata (+05:30) an hour starts at :30 UTC. When an offset change
/// falls inside a local hour, the window is cut at the change. Days, weeks and
/// months start at local midnight, mapped to UTC as `ZoneRules.instant(ofLocal:secondOfDay:)`
/// describes. Bounds beyond the range of `Timestamp` are clamped to it.
public func window(containing t: Timestamp, unit: WindowUnit, zone: ZoneRules) -> (start: Timestamp, end: Timestamp) {
    let seconds = t.secondsSinceEpoch
    let bounds: (start: Int64, end: Int64)
    switch unit {
    case .second: bounds = (seconds, seconds + 1)
    case .minute: bounds = clockWindow(seconds, length: 60, zone: zone)
    case .hour: bounds = clockWindow(seconds, length: 3600, zone: zone)
    case .day, .week, .month: bounds = dateWindow(t, unit: unit, zone: zone)
    }
    return (timestamp(bounds.start), timestamp(bounds.end))
}

extension ZoneRules {
    /// Computes the calendar window of `unit` that contains `t` in this zone, as `window(containing:unit:zone:)` does.
    public func window(containing t: Timestamp, unit: WindowUnit) -> (start: Timestamp, end: Timestamp) {
        PolicyValues.window(containing: t, unit: unit, zone: self)
    }
}

// MARK: - Window arithmetic in UTC seconds

/// Computes a local minute or hour, cut at offset changes inside it.
private func clockWindow(_ seconds: Int64, length: Int64, zone: ZoneRules) -> (start: Int64, end: Int64) {
    let index = zone.segment(atUTC: seconds)
    let local = seconds + Int64(zone.offsets[index])
    let start = seconds - (local - floorDivide(local, length) * length)
    let segmentStart = zone.transitions[index]
    let segmentEnd = index + 1 < zone.transitions.count ? zone.transitions[index + 1] : Int64.max
    return (max(start, segmentStart), min(start + length, segmentEnd))
}

/// Computes a local day, week or month, from local midnight to local midnight.
private func dateWindow(_ t: Timestamp, unit: WindowUnit, zone: ZoneRules) -> (start: Int64, end: Int64) {
    let seconds = t.secondsSinceEpoch
    let local = zone.local(t)
    let date = local.date
    let first: CivilDate
    let next: CivilDate
    switch unit {
    case .week:
        first = date.adding(days: -local.weekday.rawValue)
        next = first.adding(days: 7)
    case .month:
        first = CivilDate(uncheckedYear: date.year, month: date.month, day: 1)
        next = first.startOfNextMonth
    default:
        first = date
        next = date.adding(days: 1)
    }
    var start = zone.instant(ofLocal: first, secondOfDay: 0)
    var end = zone.instant(ofLocal: next, secondOfDay: 0)
    // Guard against zones where midnight mapping lands past the instant itself.
    if start > seconds { start = seconds }
    if end <= seconds { end = seconds + 1 }
    return (start, end)
}

/// Converts whole seconds since the epoch to a timestamp, clamped to the range of `Timestamp`.
private func timestamp(_ seconds: Int64) -> Timestamp {
    Timestamp(secondsSinceEpoch: seconds) ?? (seconds < 0 ? .min : .max)
}
