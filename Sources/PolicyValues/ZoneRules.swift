// Time zones compiled for the request path. At compile time the UTC offset
// history of an IANA zone is read once from Foundation's TimeZone into two
// sorted arrays of transition instants and offsets. After that, every lookup
// is a binary search that allocates nothing. Nothing here reads the machine's
// own time zone, so a decision never depends on where the gateway runs.

import Foundation
import PolicySource
import Synchronization

/// A local date and time in some zone, with its weekday.
public struct LocalTime: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int
    /// The day of the week of the local date.
    public let weekday: Weekday
    /// Seconds since local midnight, 0..<86400.
    public let secondOfDay: Int32

    /// Creates a local time from its parts; the parts are not checked.
    public init(year: Int, month: Int, day: Int, weekday: Weekday, secondOfDay: Int32) {
        self.year = year
        self.month = month
        self.day = day
        self.weekday = weekday
        self.secondOfDay = secondOfDay
    }

    /// The local calendar date.
    public var date: CivilDate { CivilDate(uncheckedYear: year, month: month, day: day) }

    /// `2025-03-30 03:30:00 sun`.
    public var description: String {
        let time = Int(secondOfDay)
        return "\(date) \(pad(time / 3600, 2)):\(pad(time / 60 % 60, 2)):\(pad(time % 60, 2)) \(weekday)"
    }
}

/// The UTC offsets of one IANA time zone over time, precomputed for allocation-free lookups.
///
/// Offsets are taken from Foundation's TimeZone (the tz database it ships or
/// the system's) for 1900 through 2262, which covers every `Timestamp`.
/// Before the first and after the last transition, the nearest offset applies.
public final class ZoneRules: Sendable, CustomStringConvertible {
    /// The IANA name, such as `Europe/Berlin`, or `UTC`.
    public let identifier: String
    /// Instants in UTC seconds where an offset starts; the first entry is Int64.min.
    public let transitions: ContiguousArray<Int64>
    /// The offset in seconds east of UTC that starts at the matching transition.
    public let offsets: ContiguousArray<Int32>

    init(identifier: String, transitions: ContiguousArray<Int64>, offsets: ContiguousArray<Int32>) {
        self.identifier = identifier
        self.transitions = transitions
        self.offsets = offsets
    }

    /// Coordinated Universal Time.
    public static let utc = ZoneRules(identifier: "UTC", transitions: [Int64.min], offsets: [0])

    /// Compiles the zone with an IANA name such as `Europe/Berlin`, or `UTC`. Abbreviations such
    /// as `EST` and names Foundation accepts but that are not IANA identifiers are rejected.
    public static func named(_ identifier: String) -> Result<ZoneRules, ValueError> {
        if identifier == "UTC" { return .success(.utc) }
        return ZoneCache.shared.rules(for: identifier) {
            // Names without a slash are abbreviations (EST, CET) or legacy links (Japan, GB), and
            // Foundation also accepts forms such as GMT+5: accept only an exact Area/Location name.
            guard identifier.contains("/"), let zone = TimeZone(identifier: identifier), zone.identifier == identifier else {
                return nil
            }
            return compile(identifier: identifier, zone: zone)
        }.map { .success($0) } ?? .failure(unknownZoneError(identifier))
    }

    /// Returns the offset in seconds east of UTC at the instant `seconds` since the epoch.
    @inlinable
    public func offset(atUTC seconds: Int64) -> Int32 {
        offsets[segment(atUTC: seconds)]
    }

    /// Returns the local date, time and weekday of an instant.
    public func local(_ timestamp: Timestamp) -> LocalTime {
        let utcSeconds = timestamp.secondsSinceEpoch
        let localSeconds = utcSeconds + Int64(offset(atUTC: utcSeconds))
        let days = floorDivide(localSeconds, 86_400)
        let date = CivilDate(daysSinceEpoch: Int(days))
        return LocalTime(
            year: date.year, month: date.month, day: date.day,
            weekday: Weekday(daysSinceEpoch: Int(days)),
            secondOfDay: Int32(localSeconds - days * 86_400))
    }

    /// The UTC instant, in seconds since the epoch, of a local date and time.
    ///
    /// A local time skipped by a forward change, such as 02:30 on a spring-forward
    /// day in Europe, is read with the offset in force before the change. So it maps
    /// forward by the length of the gap (02:30 becomes 03:30), as RFC 5545 specifies.
    /// A local time that occurs twice (a backward change) maps to the earlier instant.
    public func instant(ofLocal date: CivilDate, secondOfDay: Int32) -> Int64 {
        let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(secondOfDay)
        // Offsets stay within ±18 hours, so only segments near `local` can match.
        let first = segment(atUTC: local - 64_800)
        let last = segment(atUTC: local + 64_800)
        for index in first...last {
            let candidate = local - Int64(offsets[index])
            let start = transitions[index]
            let end = index + 1 < transitions.count ? transitions[index + 1] : Int64.max
            if candidate >= start, candidate < end { return candidate }
        }
        // No segment contains the local time, so it is in a gap: use the offset before the gap.
        for index in (first + 1)...max(first + 1, last) where index < transitions.count {
            if local < transitions[index] + Int64(offsets[index]) { return local - Int64(offsets[index - 1]) }
        }
        return local - Int64(offsets[last])
    }

    /// Returns the index of the transition in force at `seconds`.
    @inlinable
    func segment(atUTC seconds: Int64) -> Int {
        // Find the last transition at or before `seconds`; transitions[0] is Int64.min.
        var low = 0
        var high = transitions.count - 1
        while low < high {
            let middle = (low + high + 1) >> 1
            if transitions[middle] <= seconds { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The IANA name.
    public var description: String { identifier }
}

// MARK: - Compiling a zone

extension ZoneRules {
    /// The first and last instants compiled: 1900-01-01 and 2263-01-01 in UTC seconds.
    static let compiledRange: ClosedRange<Int64> = -2_208_988_800...9_183_110_400

    /// Reads the offset history of `zone`. Foundation reports daylight saving
    /// transitions directly. A sample every 30 days also catches a change of
    /// standard offset it might not report, and bisection finds its exact second.
    static func compile(identifier: String, zone: TimeZone) -> ZoneRules {
        var transitions: ContiguousArray<Int64> = [Int64.min]
        var offsets: ContiguousArray<Int32> = [offsetOf(zone, compiledRange.lowerBound)]
        var cursor = compiledRange.lowerBound
        let sampleStep: Int64 = 30 * 86_400
        while cursor < compiledRange.upperBound {
            var next = min(cursor + sampleStep, compiledRange.upperBound)
            if let reported = zone.nextDaylightSavingTimeTransition(after: date(cursor)) {
                let instant = Int64(reported.timeIntervalSince1970.rounded(.down))
                if instant > cursor, instant < next { next = instant }
            }
            let offset = offsetOf(zone, next)
            if let current = offsets.last, offset != current {
                let instant = firstInstant(in: zone, after: cursor, upTo: next, differingFrom: current)
                transitions.append(instant)
                offsets.append(offsetOf(zone, instant))
                cursor = instant
            } else {
                cursor = next
            }
        }
        return ZoneRules(identifier: identifier, transitions: transitions, offsets: offsets)
    }

    /// Finds by bisection the first second in (`lower`, `upper`] whose offset differs from `offset`.
    private static func firstInstant(in zone: TimeZone, after lower: Int64, upTo upper: Int64, differingFrom offset: Int32) -> Int64 {
        var low = lower
        var high = upper
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offsetOf(zone, middle) == offset { low = middle } else { high = middle }
        }
        return high
    }

    private static func offsetOf(_ zone: TimeZone, _ seconds: Int64) -> Int32 {
        Int32(clamping: zone.secondsFromGMT(for: date(seconds)))
    }

    private static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    static func unknownZoneError(_ identifier: String) -> ValueError {
        let wording: ValueMessage
        let looksLikeAbbreviation = !identifier.contains("/") && identifier.count <= 7
            && identifier.allSatisfy { ($0.isUppercase && $0.isASCII) || $0.isNumber || $0 == "+" || $0 == "-" }
        if looksLikeAbbreviation, !identifier.isEmpty {
            wording = ValueMessages.timeZoneAbbreviation(identifier)
        } else {
            let suggestion = Suggestions.didYouMean(identifier, in: ZoneCache.shared.knownIdentifiers.sorted())
            wording = ValueMessages.unknownTimeZone(identifier, suggestion: suggestion)
        }
        return identifier.withUTF8Bytes { ValueError(.unknownTimeZone, wording, in: $0, start: 0, end: $0.count) }
    }
}

// MARK: - Cache

/// Compiled zones by name, so a policy naming a zone many times compiles it once.
final class ZoneCache: Sendable {
    static let shared = ZoneCache()

    /// The IANA identifiers of the form Area/Location that Foundation lists, plus `UTC`, for
    /// suggestions. Foundation also accepts some current names it does not list, such as Asia/Kolkata.
    let knownIdentifiers: Set<String> = Set(TimeZone.knownTimeZoneIdentifiers.filter { $0.contains("/") }).union(["UTC"])

    private let compiled = Mutex<[String: ZoneRules]>([:])

    /// Returns the cached zone, or compiles and caches it. Compiling runs under
    /// the lock, so Foundation's time zone code is never entered from two threads
    /// at once; it runs once per zone, never on the evaluation path.
    func rules(for identifier: String, compile: () -> ZoneRules?) -> ZoneRules? {
        compiled.withLock { cache in
            if let cached = cache[identifier] { return cached }
            let rules = compile()
            if let rules { cache[identifier] = rules }
            return rules
        }
    }
}
