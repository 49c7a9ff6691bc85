// Wall-clock times of day, `HH:MM` or `HH:MM:SS`, read as a count of seconds
// since local midnight. `22:30` is 81000 seconds, never the base-60 integer
// 1350 that YAML 1.1 would make of it.

import PolicySource

/// A time of day as seconds since midnight, 0...86400 (86400 is 24:00, the end of the day).
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since local midnight.
    public let secondOfDay: Int32

    /// Creates a time from seconds since midnight, or nil outside 0...86400.
    public init?(secondOfDay: Int32) {
        guard (0...86_400).contains(secondOfDay) else { return nil }
        self.secondOfDay = secondOfDay
    }

    /// Midnight at the start of the day.
    public static let startOfDay = TimeOfDay(uncheckedSecondOfDay: 0)
    /// 24:00, the end of the day.
    public static let endOfDay = TimeOfDay(uncheckedSecondOfDay: 86_400)

    /// The hour, 0...24.
    public var hour: Int { Int(secondOfDay) / 3600 }
    /// The minute, 0...59.
    public var minute: Int { Int(secondOfDay) / 60 % 60 }
    /// The second, 0...59.
    public var second: Int { Int(secondOfDay) % 60 }

    /// Parses `HH:MM` or `HH:MM:SS` with two digits each; `24:00` and
    /// `24:00:00` are accepted only when `allowEndOfDay` is true (for the end of a range).
    public static func parse(_ text: Substring, allowEndOfDay: Bool = false) -> Result<TimeOfDay, ValueError> {
        text.withUTF8Bytes { bytes in
            scan(bytes, allowEndOfDay: allowEndOfDay).mapError { $0.valueError(in: bytes, allowEndOfDay: allowEndOfDay) }
        }
    }

    /// Parses a time given as a String.
    public static func parse(_ text: String, allowEndOfDay: Bool = false) -> Result<TimeOfDay, ValueError> {
        parse(text[...], allowEndOfDay: allowEndOfDay)
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.secondOfDay < rhs.secondOfDay }

    /// `HH:MM`, or `HH:MM:SS` when the seconds are not zero.
    public var description: String {
        let base = "\(pad(hour, 2)):\(pad(minute, 2))"
        return second == 0 ? base : base + ":\(pad(second, 2))"
    }

    init(uncheckedSecondOfDay value: Int32) { secondOfDay = value }
}

// MARK: - Scanning

/// The kind of fault a time-of-day scanner found.
enum TimeOfDayFault: Sendable {
    case syntax
    case outOfRange(TimestampPart)
    case endOfDayNotAllowed
}

extension ByteFault where Kind == TimeOfDayFault {
    func valueError(in bytes: UnsafeBufferPointer<UInt8>, allowEndOfDay: Bool) -> ValueError {
        let whole = text(bytes, 0, bytes.count)
        let wording: ValueMessage
        switch kind {
        case .syntax: wording = ValueMessages.timeOfDaySyntax(whole)
        case .outOfRange(let part):
            wording = ValueMessages.timeOfDayFieldOutOfRange(part, text(bytes, start, end), in: whole, endOfDayAllowed: allowEndOfDay)
        case .endOfDayNotAllowed: wording = ValueMessages.timeOfDayEndOfDayNotAllowed(whole)
        }
        return ValueError(.invalidTimeOfDay, wording, in: bytes, start: start, end: end)
    }
}

extension TimeOfDay {
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, allowEndOfDay: Bool) -> Result<TimeOfDay, ByteFault<TimeOfDayFault>> {
        let end = bytes.count
        guard end == 5 || end == 8 else { return .failure(ByteFault(.syntax, 0, end)) }
        guard let hour = fixedDigits(bytes, at: 0, count: 2) else { return .failure(ByteFault(.syntax, 0, 2)) }
        guard bytes[2] == UInt8(ascii: ":") else { return .failure(ByteFault(.syntax, 2, 3)) }
        guard let minute = fixedDigits(bytes, at: 3, count: 2) else { return .failure(ByteFault(.syntax, 3, 5)) }
        var second = 0
        if end == 8 {
            guard bytes[5] == UInt8(ascii: ":") else { return .failure(ByteFault(.syntax, 5, 6)) }
            guard let value = fixedDigits(bytes, at: 6, count: 2) else { return .failure(ByteFault(.syntax, 6, 8)) }
            second = value
        }

        if hour == 24, minute == 0, second == 0 {
            guard allowEndOfDay else { return .failure(ByteFault(.endOfDayNotAllowed, 0, end)) }
            return .success(.endOfDay)
        }
        guard hour <= 23 else { return .failure(ByteFault(.outOfRange(.hour), 0, 2)) }
        guard minute <= 59 else { return .failure(ByteFault(.outOfRange(.minute), 3, 5)) }
        guard second <= 59 else { return .failure(ByteFault(.outOfRange(.second), 6, 8)) }
        return .success(TimeOfDay(uncheckedSecondOfDay: Int32(hour * 3600 + minute * 60 + second)))
    }
}
