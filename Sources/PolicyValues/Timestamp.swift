// Instants in UTC with nanosecond precision, parsed from strict RFC 3339
// text. The range is what 64-bit nanoseconds since 1970 can hold, about the
// years 1678 to 2261. Leap seconds are not represented, as in Unix time.

public import Foundation
import PolicySource

/// An instant as nanoseconds since 1970-01-01T00:00:00Z.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds since the Unix epoch; negative before 1970.
    public let nanoseconds: Int64

    /// Creates an instant from nanoseconds since the epoch.
    @inlinable
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Creates an instant from whole seconds since the epoch, or nil outside the range.
    public init?(secondsSinceEpoch seconds: Int64) {
        let (value, overflow) = seconds.multipliedReportingOverflow(by: PolicyDuration.nanosecondsPerSecond)
        guard !overflow else { return nil }
        self.nanoseconds = value
    }

    /// Creates an instant from a Foundation date, rounded down to a nanosecond
    /// and clamped to the range of `Timestamp` (about 1678 to 2261).
    public init(date: Date) {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        guard whole.isFinite, whole > -9.2e9, whole < 9.2e9 else {
            self.nanoseconds = seconds.sign == .minus ? .min : .max
            return
        }
        let fraction = Int64(((seconds - whole) * 1e9).rounded(.down))
        let (scaled, overflow) = Int64(whole).multipliedReportingOverflow(by: PolicyDuration.nanosecondsPerSecond)
        let (sum, sumOverflow) = scaled.addingReportingOverflow(fraction)
        if overflow || sumOverflow {
            self.nanoseconds = whole < 0 ? .min : .max
        } else {
            self.nanoseconds = sum
        }
    }

    /// The earliest representable instant.
    public static let min = Timestamp(nanoseconds: .min)
    /// The latest representable instant.
    public static let max = Timestamp(nanoseconds: .max)

    /// Whole seconds since the epoch, rounded toward negative infinity.
    @inlinable
    public var secondsSinceEpoch: Int64 {
        let quotient = nanoseconds / 1_000_000_000
        return nanoseconds % 1_000_000_000 < 0 ? quotient - 1 : quotient
    }

    /// The nanoseconds past `secondsSinceEpoch`, in 0..<1_000_000_000.
    @inlinable
    public var nanosecondOfSecond: Int64 {
        let remainder = nanoseconds % 1_000_000_000
        return remainder < 0 ? remainder + 1_000_000_000 : remainder
    }

    /// The same instant as a Foundation date (which keeps about microsecond precision).
    public var date: Date {
        Date(timeIntervalSince1970: Double(secondsSinceEpoch) + Double(nanosecondOfSecond) / 1e9)
    }

    /// Parses a strict RFC 3339 timestamp such as `2025-03-01T12:00:00Z` or `2025-03-01T12:00:00.5+08:00`.
    public static func parse(_ text: Substring) -> Result<Timestamp, ValueError> {
        text.withUTF8Bytes { bytes in
            scan(bytes).mapError { $0.valueError(in: bytes) }
        }
    }

    /// Parses a timestamp given as a String.
    public static func parse(_ text: String) -> Result<Timestamp, ValueError> { parse(text[...]) }

    /// Returns the instant `duration` later, or nil outside the range.
    public func adding(_ duration: PolicyDuration) -> Timestamp? {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(duration.nanoseconds)
        return overflow ? nil : Timestamp(nanoseconds: sum)
    }

    /// Returns the instant `duration` earlier, or nil outside the range.
    public func subtracting(_ duration: PolicyDuration) -> Timestamp? {
        let (difference, overflow) = nanoseconds.subtractingReportingOverflow(duration.nanoseconds)
        return overflow ? nil : Timestamp(nanoseconds: difference)
    }

    /// Returns the time from `rhs` to `lhs`, or nil when it does not fit in 64-bit nanoseconds.
    public static func - (lhs: Timestamp, rhs: Timestamp) -> PolicyDuration? {
        let (difference, overflow) = lhs.nanoseconds.subtractingReportingOverflow(rhs.nanoseconds)
        return overflow ? nil : PolicyDuration(nanoseconds: difference)
    }

    @inlinable
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// RFC 3339 in UTC: `2025-03-01T12:00:00Z`, with 3, 6 or 9 fractional
    /// digits only when the instant is not a whole second.
    public var description: String {
        let seconds = secondsSinceEpoch
        let date = CivilDate(daysSinceEpoch: Int(floorDivide(seconds, 86_400)))
        let secondOfDay = Int(seconds - floorDivide(seconds, 86_400) * 86_400)
        var text = "\(date)T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        let fraction = nanosecondOfSecond
        if fraction % 1_000_000 == 0, fraction > 0 {
            text += "." + pad(fraction / 1_000_000, 3)
        } else if fraction % 1000 == 0, fraction > 0 {
            text += "." + pad(fraction / 1000, 6)
        } else if fraction > 0 {
            text += "." + pad(fraction, 9)
        }
        return text + "Z"
    }
}

/// Integer division rounding toward negative infinity.
@inlinable
func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
}

// MARK: - Scanning

/// The kind of fault a timestamp scanner found.
enum TimestampFault: Sendable {
    case empty
    case expected(TimestampPart)
    case spaceSeparator
    case missingSeconds
    case outOfRange(TimestampPart)
    case dayPastMonthEnd(day: Int, month: Int, year: Int)
    case leapSecond
    case fractionTooLong
    case trailingText
    case beyondRange
    case withoutOffset
    case dateOnly
}

extension ByteFault where Kind == TimestampFault {
    func valueError(in bytes: UnsafeBufferPointer<UInt8>) -> ValueError {
        let whole = text(bytes, 0, bytes.count)
        let part = text(bytes, start, end)
        var code = DiagnosticCode.invalidTimestamp
        let wording: ValueMessage
        switch kind {
        case .empty: wording = ValueMessages.timestampEmpty()
        case .expected(let expected): wording = ValueMessages.timestampExpected(expected, in: whole)
        case .spaceSeparator: wording = ValueMessages.timestampSpaceSeparator(whole)
        case .missingSeconds: wording = ValueMessages.timestampMissingSeconds(whole)
        case .outOfRange(let field): wording = ValueMessages.timestampFieldOutOfRange(field, part, in: whole)
        case .dayPastMonthEnd(let day, let month, let year):
            let days = CivilDate.daysInMonth(year: year, month: month)
            wording = ValueMessages.timestampDayPastMonthEnd(day, month: month, year: year, days: days, in: whole)
        case .leapSecond: wording = ValueMessages.timestampLeapSecond(whole)
        case .fractionTooLong: wording = ValueMessages.timestampFractionTooLong(whole)
        case .trailingText: wording = ValueMessages.timestampTrailingText(part, in: whole)
        case .beyondRange: wording = ValueMessages.timestampOutOfRange(whole)
        case .withoutOffset:
            code = .timestampWithoutOffset
            wording = ValueMessages.timestampWithoutOffset(whole)
        case .dateOnly:
            code = .dateWithoutTime
            wording = ValueMessages.dateWithoutTime(whole)
        }
        return ValueError(code, wording, in: bytes, start: start, end: end)
    }
}

extension Timestamp {
    typealias Scan = Result<Timestamp, ByteFault<TimestampFault>>

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Scan {
        guard !bytes.isEmpty else { return .failure(ByteFault(.empty, 0, 0)) }
        let date: CivilDate
        switch scanDate(bytes) {
        case .success(let value): date = value
        case .failure(let fault): return .failure(fault)
        }

        let end = bytes.count
        if end == 10 { return .failure(ByteFault(.dateOnly, 0, end)) }
        switch bytes[10] {
        case UInt8(ascii: "T"), UInt8(ascii: "t"): break
        case UInt8(ascii: " "): return .failure(ByteFault(.spaceSeparator, 10, 11))
        default: return .failure(ByteFault(.expected(.dateTimeSeparator), 10, scalarEnd(bytes, at: 10)))
        }

        let secondOfDay: Int
        switch scanClock(bytes) {
        case .success(let value): secondOfDay = value
        case .failure(let fault): return .failure(fault)
        }
        var index = 19
        let fraction: Int64
        switch scanFraction(bytes, index: &index) {
        case .success(let value): fraction = value
        case .failure(let fault): return .failure(fault)
        }
        let offset: Int
        switch scanOffset(bytes, from: index) {
        case .success(let value): offset = value
        case .failure(let fault): return .failure(fault)
        }

        var seconds = Int64(date.daysSinceEpoch) * 86_400 + Int64(secondOfDay) - Int64(offset)
        var nanoseconds = fraction
        if seconds < 0, nanoseconds > 0 {
            // Borrow a second so the earliest instants, just above Int64.min, do not overflow.
            seconds += 1
            nanoseconds -= PolicyDuration.nanosecondsPerSecond
        }
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: PolicyDuration.nanosecondsPerSecond)
        let (total, sumOverflow) = scaled.addingReportingOverflow(nanoseconds)
        guard !overflow, !sumOverflow else { return .failure(ByteFault(.beyondRange, 0, end)) }
        return .success(Timestamp(nanoseconds: total))
    }

    /// Scans `YYYY-MM-DD` at the start and checks that the day exists.
    static func scanDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<CivilDate, ByteFault<TimestampFault>> {
        guard let year = fixedDigits(bytes, at: 0, count: 4) else { return .failure(expected(.year, bytes, 0, 4)) }
        guard separator(bytes, 4, "-") else { return .failure(expected(.dateSeparator, bytes, 4, 5)) }
        guard let month = fixedDigits(bytes, at: 5, count: 2) else { return .failure(expected(.month, bytes, 5, 7)) }
        guard separator(bytes, 7, "-") else { return .failure(expected(.dateSeparator, bytes, 7, 8)) }
        guard let day = fixedDigits(bytes, at: 8, count: 2) else { return .failure(expected(.day, bytes, 8, 10)) }
        guard (1...12).contains(month) else { return .failure(ByteFault(.outOfRange(.month), 5, 7)) }
        guard let date = CivilDate(year: year, month: month, day: day) else {
            if day == 0 || day > 31 { return .failure(ByteFault(.outOfRange(.day), 8, 10)) }
            return .failure(ByteFault(.dayPastMonthEnd(day: day, month: month, year: year), 8, 10))
        }
        return .success(date)
    }

    /// Scans `HH:MM:SS` at offset 11 and returns the second of the day.
    static func scanClock(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Int, ByteFault<TimestampFault>> {
        guard let hour = fixedDigits(bytes, at: 11, count: 2) else { return .failure(expected(.hour, bytes, 11, 13)) }
        guard separator(bytes, 13, ":") else { return .failure(expected(.timeSeparator, bytes, 13, 14)) }
        guard let minute = fixedDigits(bytes, at: 14, count: 2) else { return .failure(expected(.minute, bytes, 14, 16)) }
        guard separator(bytes, 16, ":") else {
            if bytes.count == 16 || isOffsetStart(bytes[16]) { return .failure(ByteFault(.missingSeconds, 16, 16)) }
            return .failure(expected(.timeSeparator, bytes, 16, 17))
        }
        guard let second = fixedDigits(bytes, at: 17, count: 2) else { return .failure(expected(.second, bytes, 17, 19)) }
        guard hour <= 23 else { return .failure(ByteFault(.outOfRange(.hour), 11, 13)) }
        guard minute <= 59 else { return .failure(ByteFault(.outOfRange(.minute), 14, 16)) }
        guard second != 60 else { return .failure(ByteFault(.leapSecond, 17, 19)) }
        guard second <= 59 else { return .failure(ByteFault(.outOfRange(.second), 17, 19)) }
        return .success(hour * 3600 + minute * 60 + second)
    }

    /// Scans an optional `.digits` fraction at `index` and returns it in nanoseconds.
    static func scanFraction(_ bytes: UnsafeBufferPointer<UInt8>, index: inout Int) -> Result<Int64, ByteFault<TimestampFault>> {
        guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else { return .success(0) }
        index += 1
        let start = index
        var value: Int64 = 0
        while index < bytes.count, let digit = decimalValue(bytes[index]) {
            if index - start == 9 { return .failure(ByteFault(.fractionTooLong, index, index + 1)) }
            value = value * 10 + Int64(digit)
            index += 1
        }
        guard index > start else { return .failure(expected(.fraction, bytes, index, index + 1)) }
        var scale = index - start
        while scale < 9 {
            value *= 10
            scale += 1
        }
        return .success(value)
    }

    /// Scans `Z`, `z` or `±HH:MM` that must end the text, and returns the offset in seconds.
    static func scanOffset(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Result<Int, ByteFault<TimestampFault>> {
        let end = bytes.count
        guard index < end else { return .failure(ByteFault(.withoutOffset, index, index)) }
        let offset: Int
        let offsetEnd: Int
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            offset = 0
            offsetEnd = index + 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let hours = fixedDigits(bytes, at: index + 1, count: 2), separator(bytes, index + 3, ":"),
                let minutes = fixedDigits(bytes, at: index + 4, count: 2)
            else { return .failure(expected(.offset, bytes, index, Swift.min(end, index + 6))) }
            guard hours <= 23 else { return .failure(ByteFault(.outOfRange(.offset), index, index + 6)) }
            guard minutes <= 59 else { return .failure(ByteFault(.outOfRange(.offset), index, index + 6)) }
            // -00:00 means "UTC, local offset unknown" in RFC 3339; the instant is the same.
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
            offsetEnd = index + 6
        default:
            return .failure(expected(.offset, bytes, index, scalarEnd(bytes, at: index)))
        }
        guard offsetEnd == end else { return .failure(ByteFault(.trailingText, offsetEnd, end)) }
        return .success(offset)
    }

    private static func isOffsetStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "Z") || byte == UInt8(ascii: "z") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }

    private static func separator(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ expected: Unicode.Scalar) -> Bool {
        index < bytes.count && bytes[index] == UInt8(ascii: expected)
    }

    /// Makes a fault for a missing part, clamped to the text so the caret lands on what is there.
    private static func expected(_ part: TimestampPart, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> ByteFault<TimestampFault> {
        let lower = Swift.min(start, bytes.count)
        return ByteFault(.expected(part), lower, Swift.min(end, bytes.count))
    }
}
