// Durations written as whole numbers with units, such as `500ms`, `1h30m`
// or `90d`. A day is always 24 hours and a week 7 days here, because these
// are lengths of time, not calendar steps. They do not stretch across a
// daylight saving change, unlike the calendar windows of WindowUnit.

import PolicySource

/// A length of time in nanoseconds.
///
/// Grammar: one or more `<number><unit>` components with units `w`, `d`, `h`,
/// `m`, `s`, `ms`, each at most once and from largest to smallest. Numbers are
/// decimal with no sign, no decimal point and no leading zeros (a lone `0` is
/// allowed). Zero parses; the caller decides whether it must be positive.
public struct PolicyDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in nanoseconds; negative only for the difference of two timestamps.
    public let nanoseconds: Int64

    /// Creates a duration from nanoseconds.
    @inlinable
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Creates a duration of whole seconds, or nil on overflow.
    public init?(seconds: Int64) {
        let (value, overflow) = seconds.multipliedReportingOverflow(by: PolicyDuration.nanosecondsPerSecond)
        guard !overflow else { return nil }
        self.nanoseconds = value
    }

    /// The zero duration.
    public static let zero = PolicyDuration(nanoseconds: 0)

    /// Nanoseconds in one millisecond.
    public static let nanosecondsPerMillisecond: Int64 = 1_000_000
    /// Nanoseconds in one second.
    public static let nanosecondsPerSecond: Int64 = 1_000_000_000
    /// Nanoseconds in one minute.
    public static let nanosecondsPerMinute: Int64 = 60 * nanosecondsPerSecond
    /// Nanoseconds in one hour.
    public static let nanosecondsPerHour: Int64 = 60 * nanosecondsPerMinute
    /// Nanoseconds in one day of exactly 24 hours.
    public static let nanosecondsPerDay: Int64 = 24 * nanosecondsPerHour
    /// Nanoseconds in one week of exactly 7 days.
    public static let nanosecondsPerWeek: Int64 = 7 * nanosecondsPerDay

    /// The whole seconds, rounded toward negative infinity.
    public var seconds: Int64 {
        let (quotient, remainder) = nanoseconds.quotientAndRemainder(dividingBy: PolicyDuration.nanosecondsPerSecond)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// Parses a duration such as `30s`, `1h30m` or `90d`.
    public static func parse(_ text: Substring) -> Result<PolicyDuration, ValueError> {
        text.withUTF8Bytes { bytes in
            scan(bytes).mapError { $0.valueError(in: bytes) }
        }
    }

    /// Parses a duration given as a String.
    public static func parse(_ text: String) -> Result<PolicyDuration, ValueError> { parse(text[...]) }

    /// Returns the sum, or nil on overflow.
    public func adding(_ other: PolicyDuration) -> PolicyDuration? {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(other.nanoseconds)
        return overflow ? nil : PolicyDuration(nanoseconds: sum)
    }

    /// Returns the duration times `factor`, or nil on overflow.
    public func multiplied(by factor: Int64) -> PolicyDuration? {
        let (product, overflow) = nanoseconds.multipliedReportingOverflow(by: factor)
        return overflow ? nil : PolicyDuration(nanoseconds: product)
    }

    @inlinable
    public static func < (lhs: PolicyDuration, rhs: PolicyDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The canonical form: `2w` for whole weeks, otherwise days, hours,
    /// minutes, seconds and milliseconds from largest to smallest (`90d`,
    /// `1h30m`, `0s` for zero). A part below a millisecond, which only arises
    /// from arithmetic, prints as `ns`; the parser does not accept that unit.
    public var description: String {
        if nanoseconds == 0 { return "0s" }
        let sign = nanoseconds < 0 ? "-" : ""
        var rest = nanoseconds.magnitude
        let week = UInt64(PolicyDuration.nanosecondsPerWeek)
        if rest % week == 0 { return "\(sign)\(rest / week)w" }
        var text = sign
        for unit in PolicyDuration.units.dropFirst() where rest >= UInt64(unit.nanoseconds) {
            text += "\(rest / UInt64(unit.nanoseconds))\(unit.name)"
            rest %= UInt64(unit.nanoseconds)
        }
        if rest > 0 { text += "\(rest)ns" }
        return text
    }
}

// MARK: - Scanning

/// The kind of fault a duration scanner found.
enum DurationFault: Sendable {
    case empty, character, sign, decimal, missingUnit, missingNumber, unknownUnit, order, leadingZero, overflow
}

extension ByteFault where Kind == DurationFault {
    func valueError(in bytes: UnsafeBufferPointer<UInt8>) -> ValueError {
        let whole = text(bytes, 0, bytes.count)
        let part = text(bytes, start, end)
        let wording: ValueMessage
        switch kind {
        case .empty: wording = ValueMessages.durationEmpty()
        case .character: wording = ValueMessages.durationCharacter(character(bytes, at: start), in: whole)
        case .sign: wording = ValueMessages.durationSign(whole)
        case .decimal: wording = ValueMessages.durationDecimal(whole)
        case .missingUnit: wording = ValueMessages.durationMissingUnit(part, in: whole)
        case .missingNumber: wording = ValueMessages.durationMissingNumber(whole)
        case .unknownUnit: wording = ValueMessages.durationUnknownUnit(part, in: whole)
        case .order: wording = ValueMessages.durationUnitOrder(whole)
        case .leadingZero: wording = ValueMessages.durationLeadingZero(part, in: whole)
        case .overflow: wording = ValueMessages.durationOverflow(whole)
        }
        return ValueError(.invalidDuration, wording, in: bytes, start: start, end: end)
    }
}

extension PolicyDuration {
    /// The units from largest to smallest, which is also the order components must follow.
    static let units: [(name: String, nanoseconds: Int64)] = [
        ("w", nanosecondsPerWeek), ("d", nanosecondsPerDay), ("h", nanosecondsPerHour),
        ("m", nanosecondsPerMinute), ("s", nanosecondsPerSecond), ("ms", nanosecondsPerMillisecond),
    ]

    /// Returns the index in `units` of the unit spelled by `bytes[start..<end]`.
    private static func unitIndex(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        switch end - start {
        case 1:
            switch bytes[start] {
            case UInt8(ascii: "w"): 0
            case UInt8(ascii: "d"): 1
            case UInt8(ascii: "h"): 2
            case UInt8(ascii: "m"): 3
            case UInt8(ascii: "s"): 4
            default: nil
            }
        case 2: bytes[start] == UInt8(ascii: "m") && bytes[start + 1] == UInt8(ascii: "s") ? 5 : nil
        default: nil
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x61...0x7a).contains(byte) || (0x41...0x5a).contains(byte)
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<PolicyDuration, ByteFault<DurationFault>> {
        let end = bytes.count
        guard end > 0 else { return .failure(ByteFault(.empty, 0, 0)) }
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { return .failure(ByteFault(.sign, 0, 1)) }
        var total: Int64 = 0
        var nextAllowedUnit = 0
        var index = 0
        while index < end {
            let numberStart = index
            var number: Int64 = 0
            var numberOverflow = false
            while index < end, let digit = decimalValue(bytes[index]) {
                let (times10, o1) = number.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int64(digit))
                numberOverflow = numberOverflow || o1 || o2
                number = sum
                index += 1
            }
            if index == numberStart {
                if isLetter(bytes[index]) { return .failure(ByteFault(.missingNumber, index, index + 1)) }
                return .failure(ByteFault(.character, index, scalarEnd(bytes, at: index)))
            }
            if index - numberStart > 1, bytes[numberStart] == asciiZero {
                return .failure(ByteFault(.leadingZero, numberStart, index))
            }
            if index < end, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                return .failure(ByteFault(.decimal, index, index + 1))
            }

            let unitStart = index
            while index < end, isLetter(bytes[index]) { index += 1 }
            if unitStart == index {
                if index == end { return .failure(ByteFault(.missingUnit, numberStart, index)) }
                return .failure(ByteFault(.character, index, scalarEnd(bytes, at: index)))
            }
            guard let unit = unitIndex(bytes, unitStart, index) else {
                return .failure(ByteFault(.unknownUnit, unitStart, index))
            }
            guard unit >= nextAllowedUnit else { return .failure(ByteFault(.order, unitStart, index)) }
            nextAllowedUnit = unit + 1

            let (part, o3) = number.multipliedReportingOverflow(by: units[unit].nanoseconds)
            let (sum, o4) = total.addingReportingOverflow(part)
            if numberOverflow || o3 || o4 { return .failure(ByteFault(.overflow, 0, end)) }
            total = sum
        }
        return .success(PolicyDuration(nanoseconds: total))
    }
}
