// The wording of every value diagnostic (codes V001 to V017): addresses,
// timestamps, durations, money, times of day, weekdays, time zones, secret
// hashes and scope names. The PolicyValues parsers choose the code and the
// position; the sentences live here so the voice stays the same everywhere.
// Each factory quotes the user's value and tells what to write instead.

/// A message and an optional hint, ready to attach to a diagnostic.
public struct ValueMessage: Sendable, Hashable {
    /// The problem, naming the user's value in quotes.
    public var message: String
    /// The suggested fix: a short imperative sentence or "did you mean".
    public var hint: String?

    /// Creates a message with an optional hint.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

/// The parts of an RFC 3339 timestamp, named as the messages print them.
public enum TimestampPart: String, Sendable, Hashable {
    case year = "a four-digit year"
    case month = "a two-digit month"
    case day = "a two-digit day"
    case hour = "a two-digit hour"
    case minute = "two-digit minutes"
    case second = "two-digit seconds"
    case fraction = "fractional digits"
    case offset = "'Z' or an offset such as +02:00"
    case dateSeparator = "'-' between the date parts"
    case timeSeparator = "':' between the time parts"
    case dateTimeSeparator = "'T' between the date and the time"
}

/// Message factories for the V codes.
public enum ValueMessages {
    /// Quotes a user value, shortening very long ones so a message stays on one line.
    public static func quoted(_ value: String) -> String {
        let limit = 80
        guard value.unicodeScalars.count > limit else { return "'\(value)'" }
        let kept = String(String.UnicodeScalarView(value.unicodeScalars.prefix(limit)))
        return "'\(kept)…'"
    }

    // MARK: - Addresses (V001 to V004)

    /// Words V001 for an empty address.
    public static func emptyAddress() -> ValueMessage {
        ValueMessage("the address is empty", hint: "write an address such as 10.0.0.1 or 2001:db8::1")
    }

    /// Words V001 for a character that cannot appear in an address.
    public static func addressCharacter(_ character: String, in text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is not a valid IP address: unexpected character \(quoted(character))",
            hint: "write an IPv4 address such as 10.0.0.1 or an IPv6 address such as 2001:db8::1")
    }

    /// Words V001 for an IPv4 address with other than four octets.
    public static func ipv4OctetCount(_ text: String, found: Int) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is not a valid IPv4 address: it has \(found) octet\(found == 1 ? "" : "s") instead of 4",
            hint: "write all four decimal octets, such as 10.0.0.1")
    }

    /// Words V001 for an empty octet between dots.
    public static func ipv4EmptyOctet(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is not a valid IPv4 address: an octet is empty",
            hint: "write a number from 0 to 255 between the dots")
    }

    /// Words V001 for an octet above 255.
    public static func ipv4OctetOutOfRange(_ octet: String, in text: String) -> ValueMessage {
        ValueMessage(
            "octet \(octet) in \(quoted(text)) is out of range",
            hint: "use octets from 0 to 255")
    }

    /// Words V003 for an octet with a leading zero.
    public static func ipv4OctetLeadingZero(_ octet: String, in text: String) -> ValueMessage {
        let trimmed = octet.drop { $0 == "0" }
        let plain = trimmed.isEmpty ? "0" : String(trimmed)
        return ValueMessage(
            "octet \(quoted(octet)) in \(quoted(text)) has a leading zero, which some software reads as octal",
            hint: "write \(quoted(plain)) without the leading zero")
    }

    /// Words V001 for an IPv6 group of more than four hex digits.
    public static func ipv6GroupTooLong(_ group: String, in text: String) -> ValueMessage {
        ValueMessage(
            "group \(quoted(group)) in \(quoted(text)) has more than four hex digits",
            hint: "write each group with at most four hex digits")
    }

    /// Words V001 for an empty IPv6 group, such as `:::` or a stray colon.
    public static func ipv6EmptyGroup(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is not a valid IPv6 address: a group between colons is empty",
            hint: "write a hex group between single colons, or '::' once for a run of zero groups")
    }

    /// Words V001 for an IPv6 address with more than 128 bits of groups.
    public static func ipv6TooManyGroups(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is not a valid IPv6 address: it has more than 128 bits of groups",
            hint: "write 8 groups, or fewer with '::' standing for at least one zero group")
    }

    /// Words V001 for an IPv6 address with fewer than eight groups and no `::`.
    public static func ipv6TooFewGroups(_ text: String, found: Int) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is not a valid IPv6 address: it has \(found) groups instead of 8",
            hint: "write 8 groups, or use '::' for a run of zero groups")
    }

    /// Words V001 for an IPv6 address that uses `::` twice.
    public static func ipv6DoubleCompression(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) uses '::' more than once",
            hint: "use '::' at most once in an address")
    }

    /// Words V001 for an embedded IPv4 address that is not at the end.
    public static func ipv6MisplacedIPv4(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is not a valid IPv6 address: an embedded IPv4 address must be the last part",
            hint: "write the dotted IPv4 part at the end, such as ::ffff:10.0.0.1")
    }

    /// Words V001 for an address with a zone id such as `%eth0`.
    public static func zoneIdentifier(_ zone: String, in text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) has a zone id \(quoted(zone)), which policies do not accept",
            hint: "remove the zone id: an address in a policy is not tied to a network interface")
    }

    /// Words V001 for a CIDR block with nothing after the slash.
    public static func prefixMissing(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) has no prefix length after '/'",
            hint: "write a prefix length after '/', such as 10.0.0.0/8, or drop the '/' for a single address")
    }

    /// Words V001 for a prefix length that is not a decimal number.
    public static func prefixNotNumber(_ prefix: String, in text: String) -> ValueMessage {
        ValueMessage(
            "prefix length \(quoted(prefix)) in \(quoted(text)) is not a decimal number",
            hint: "write the prefix length in decimal digits, such as /24")
    }

    /// Words V003 for a prefix length with a leading zero.
    public static func prefixLeadingZero(_ prefix: String, in text: String) -> ValueMessage {
        let trimmed = prefix.drop { $0 == "0" }
        let plain = trimmed.isEmpty ? "0" : String(trimmed)
        return ValueMessage(
            "prefix length \(quoted(prefix)) in \(quoted(text)) has a leading zero",
            hint: "write /\(plain) without the leading zero")
    }

    /// Words V002 for a prefix length beyond 32 (IPv4) or 128 (IPv6).
    public static func prefixOutOfRange(_ prefix: String, isIPv4: Bool) -> ValueMessage {
        let family = isIPv4 ? "IPv4" : "IPv6"
        let maximum = isIPv4 ? 32 : 128
        return ValueMessage(
            "prefix length \(prefix) is out of range for \(family)",
            hint: "use a prefix length from 0 to \(maximum)")
    }

    /// Words V004 for a CIDR block with bits set after its prefix.
    public static func hostBitsSet(_ text: String, network: String, host: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) has bits set after its prefix",
            hint: "write the network as \(quoted(network)), or \(quoted(host)) for the single address")
    }

    // MARK: - Timestamps (V005, V006, V015)

    /// Words V005 for an empty timestamp.
    public static func timestampEmpty() -> ValueMessage {
        ValueMessage("the timestamp is empty", hint: "write an RFC 3339 timestamp such as 2025-03-01T12:00:00Z")
    }

    /// Words V005 for a missing or malformed part of a timestamp.
    public static func timestampExpected(_ part: TimestampPart, in text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is not an RFC 3339 timestamp: expected \(part.rawValue)",
            hint: "write a timestamp such as 2025-03-01T12:00:00Z or 2025-03-01T12:00:00+08:00")
    }

    /// Words V005 for a space where RFC 3339 requires `T`.
    public static func timestampSpaceSeparator(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) separates the date and the time with a space",
            hint: "use 'T' between the date and the time, such as 2025-03-01T12:00:00Z")
    }

    /// Words V005 for a time without seconds.
    public static func timestampMissingSeconds(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) has no seconds",
            hint: "write the time as HH:MM:SS, such as 12:00:00")
    }

    /// Words V005 for a month, day, hour, minute, second or offset out of range.
    public static func timestampFieldOutOfRange(_ part: TimestampPart, _ value: String, in text: String) -> ValueMessage {
        ValueMessage("\(fieldName(part)) \(value) in \(quoted(text)) is out of range", hint: "use \(allowedRange(part, endOfDay: false))")
    }

    /// Words V005 for a day after the last day of its month.
    public static func timestampDayPastMonthEnd(_ day: Int, month: Int, year: Int, days: Int, in text: String) -> ValueMessage {
        ValueMessage(
            "day \(day) in \(quoted(text)) is past the end of the month: \(monthName(month)) \(year) has \(days) days",
            hint: "use a day from 01 to \(days)")
    }

    /// Words V005 for a leap second (:60).
    public static func timestampLeapSecond(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) has a leap second (:60), which policies do not represent",
            hint: "use :59 instead")
    }

    /// Words V005 for more than nine fractional digits.
    public static func timestampFractionTooLong(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) has more than 9 fractional digits",
            hint: "write at most 9 digits after the decimal point (nanoseconds)")
    }

    /// Words V005 for text after the UTC offset.
    public static func timestampTrailingText(_ extra: String, in text: String) -> ValueMessage {
        ValueMessage(
            "unexpected text \(quoted(extra)) after the timestamp in \(quoted(text))",
            hint: "remove the text after the UTC offset")
    }

    /// Words V005 for an instant outside 64-bit nanoseconds since 1970.
    public static func timestampOutOfRange(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is outside the supported range from 1677-09-21T00:12:44Z to 2262-04-11T23:47:16Z",
            hint: "use a time between the years 1678 and 2261")
    }

    /// Words V006 for a timestamp without a UTC offset.
    public static func timestampWithoutOffset(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) has no UTC offset",
            hint: "add Z for UTC or an offset such as +02:00")
    }

    /// Words V015 for a date where a full timestamp is required.
    public static func dateWithoutTime(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is a date without a time",
            hint: "write a full timestamp such as '\(text)T00:00:00Z'")
    }

    // MARK: - Durations (V007)

    /// Words V007 for an empty duration.
    public static func durationEmpty() -> ValueMessage {
        ValueMessage("the duration is empty", hint: "write a duration such as 30s, 15m, 1h30m or 90d")
    }

    /// Words V007 for a character that cannot appear in a duration.
    public static func durationCharacter(_ character: String, in text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is not a valid duration: unexpected character \(quoted(character))",
            hint: "write whole numbers with units ms, s, m, h, d or w, such as 1h30m")
    }

    /// Words V007 for a duration with a sign.
    public static func durationSign(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) has a sign, but durations are never negative",
            hint: "remove the sign")
    }

    /// Words V007 for a duration with a decimal point.
    public static func durationDecimal(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) has a decimal point",
            hint: "combine whole units instead, such as 1h30m for an hour and a half")
    }

    /// Words V007 for a number without a unit.
    public static func durationMissingUnit(_ number: String, in text: String) -> ValueMessage {
        ValueMessage(
            "number \(number) in \(quoted(text)) has no unit",
            hint: "add a unit: ms, s, m, h, d or w, such as \(number)s")
    }

    /// Words V007 for a unit without a number.
    public static func durationMissingNumber(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) has a unit without a number",
            hint: "write a number before each unit, such as 1h")
    }

    /// Words V007 for a unit other than ms, s, m, h, d or w.
    public static func durationUnknownUnit(_ unit: String, in text: String) -> ValueMessage {
        let hint: String
        switch unit {
        case "y", "yr", "year", "years": hint = "write years in days, such as 365d"
        case "mo", "month", "months", "M": hint = "write months in days, such as 30d"
        case "us", "µs", "ns": hint = "use milliseconds (ms) or larger units"
        default: hint = "use ms, s, m, h, d or w"
        }
        return ValueMessage("unit \(quoted(unit)) in \(quoted(text)) is not a duration unit", hint: hint)
    }

    /// Words V007 for units out of order or repeated.
    public static func durationUnitOrder(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) lists its units out of order or more than once",
            hint: "write each unit once, from largest to smallest, such as 1h30m")
    }

    /// Words V007 for a number with a leading zero.
    public static func durationLeadingZero(_ number: String, in text: String) -> ValueMessage {
        let trimmed = number.drop { $0 == "0" }
        return ValueMessage(
            "number \(quoted(number)) in \(quoted(text)) has a leading zero",
            hint: "write \(trimmed.isEmpty ? "0" : String(trimmed)) without the leading zero")
    }

    /// Words V007 for a duration beyond 64-bit nanoseconds.
    public static func durationOverflow(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is too long to represent",
            hint: "use a duration below 106751d (about 292 years)")
    }

    // MARK: - Money (V008)

    /// Words V008 for an empty amount.
    public static func moneyEmpty() -> ValueMessage {
        ValueMessage("the amount is empty", hint: "write an amount in US dollars such as 5 or 0.15")
    }

    /// Words V008 for a negative amount.
    public static func moneyNegative(_ text: String) -> ValueMessage {
        ValueMessage("amount \(quoted(text)) must not be negative", hint: "write the amount without a sign")
    }

    /// Words V008 for an amount with a plus sign.
    public static func moneySign(_ text: String) -> ValueMessage {
        ValueMessage("amount \(quoted(text)) has a sign", hint: "write the amount without a sign")
    }

    /// Words V008 for more than six decimals.
    public static func moneyTooManyDecimals(_ text: String) -> ValueMessage {
        ValueMessage(
            "amount \(quoted(text)) has more than six decimal places",
            hint: "round to at most six decimals (millionths of a dollar)")
    }

    /// Words V008 for an amount in exponent notation.
    public static func moneyExponent(_ text: String) -> ValueMessage {
        ValueMessage(
            "amount \(quoted(text)) uses an exponent",
            hint: "write the amount in plain digits, such as 1000 or 0.000015")
    }

    /// Words V008 for an amount that starts with a decimal point.
    public static func moneyLeadingPoint(_ text: String) -> ValueMessage {
        ValueMessage("amount \(quoted(text)) starts with a decimal point", hint: "write a 0 before it, such as 0\(text)")
    }

    /// Words V008 for an amount that ends with a decimal point.
    public static func moneyTrailingPoint(_ text: String) -> ValueMessage {
        ValueMessage(
            "amount \(quoted(text)) ends with a decimal point",
            hint: "write digits after the point, or drop the point")
    }

    /// Words V008 for leading zeros in the whole-dollar part.
    public static func moneyLeadingZero(_ text: String) -> ValueMessage {
        ValueMessage(
            "amount \(quoted(text)) has a leading zero",
            hint: "remove the leading zeros from the whole-dollar part")
    }

    /// Words V008 for a thousands separator.
    public static func moneySeparator(_ text: String) -> ValueMessage {
        ValueMessage(
            "amount \(quoted(text)) contains a thousands separator",
            hint: "write the digits without separators, such as 1000.50")
    }

    /// Words V008 for a currency symbol.
    public static func moneyCurrencySymbol(_ text: String) -> ValueMessage {
        ValueMessage(
            "amount \(quoted(text)) contains a currency symbol",
            hint: "write the number only: amounts are in US dollars")
    }

    /// Words V008 for any other character that cannot appear in an amount.
    public static func moneyCharacter(_ character: String, in text: String) -> ValueMessage {
        ValueMessage(
            "amount \(quoted(text)) is not a decimal number: unexpected character \(quoted(character))",
            hint: "write an amount in US dollars such as 5, 5.00 or 0.15")
    }

    /// Words V008 for an amount beyond 64-bit micro-dollars.
    public static func moneyOverflow(_ text: String) -> ValueMessage {
        ValueMessage(
            "amount \(quoted(text)) is too large",
            hint: "use an amount below 9223372036854 dollars")
    }

    // MARK: - Times of day and weekdays (V009, V016)

    /// Words V009 for text that is not HH:MM or HH:MM:SS.
    public static func timeOfDaySyntax(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is not a time of day",
            hint: "write HH:MM or HH:MM:SS with two digits each, such as 09:30 or 22:30:00")
    }

    /// Words V009 for an hour, minute or second out of range.
    public static func timeOfDayFieldOutOfRange(
        _ part: TimestampPart, _ value: String, in text: String, endOfDayAllowed: Bool
    ) -> ValueMessage {
        ValueMessage(
            "\(fieldName(part)) \(value) in \(quoted(text)) is out of range",
            hint: "use \(allowedRange(part, endOfDay: endOfDayAllowed))")
    }

    /// Words V009 for 24:00 where only a start time is allowed.
    public static func timeOfDayEndOfDayNotAllowed(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is allowed only as the end of a time range",
            hint: "use 00:00 for the start of a day")
    }

    /// Words V016 for an unknown weekday, with an optional "did you mean" hint.
    public static func invalidWeekday(_ text: String, suggestion: String?) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is not a weekday",
            hint: suggestion ?? "use mon, tue, wed, thu, fri, sat or sun, or the full lowercase name")
    }

    // MARK: - Time zones (V010) and window units (V017)

    /// Words V010 for an unknown time zone, with an optional "did you mean" hint.
    public static func unknownTimeZone(_ text: String, suggestion: String?) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is not an IANA time zone name",
            hint: suggestion ?? "use a name such as 'UTC', 'Europe/Berlin' or 'America/New_York'")
    }

    /// Words V010 for a time zone abbreviation such as EST.
    public static func timeZoneAbbreviation(_ text: String) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is a time zone abbreviation, which is ambiguous and ignores daylight saving time",
            hint: "use an IANA name for the place, such as 'America/New_York' or 'Europe/Berlin'")
    }

    /// Words V017 for an unknown window unit, with an optional "did you mean" hint.
    public static func invalidWindowUnit(_ text: String, suggestion: String?) -> ValueMessage {
        ValueMessage(
            "\(quoted(text)) is not a calendar window unit",
            hint: suggestion ?? "use second, minute, hour, day, week or month")
    }

    // MARK: - Secrets (V011, V012)

    /// Words V011 for a hash with other than 64 hex digits.
    public static func secretHashLength(found: Int) -> ValueMessage {
        ValueMessage(
            "the secret hash has \(found) hex digit\(found == 1 ? "" : "s"), but a SHA-256 hash has 64",
            hint: "write the full SHA-256 digest as 64 hex digits, optionally after 'sha256:'")
    }

    /// Words V011 for a character in a hash that is not a hex digit.
    public static func secretHashCharacter(_ character: String) -> ValueMessage {
        ValueMessage(
            "the secret hash contains \(quoted(character)), which is not a hex digit",
            hint: "write the SHA-256 digest in hex digits 0-9 and a-f")
    }

    /// Words V012 for a value that looks like a plaintext secret. The secret itself is never
    /// quoted, so it does not end up in logs or CI output.
    public static func plaintextSecret() -> ValueMessage {
        ValueMessage(
            "the value looks like a plaintext API secret",
            hint: "store only its SHA-256 hash, written as sha256: followed by 64 hex digits, and rotate the secret")
    }

    // MARK: - Scopes (V013)

    /// Words V013 for an empty scope.
    public static func scopeEmpty() -> ValueMessage {
        ValueMessage("the scope is empty", hint: "write a scope such as chat:completions")
    }

    /// Words V013 for an empty segment between colons.
    public static func scopeEmptySegment(_ text: String) -> ValueMessage {
        ValueMessage(
            "scope \(quoted(text)) has an empty segment",
            hint: "write a name between every pair of colons")
    }

    /// Words V013 for a scope with too many segments.
    public static func scopeTooManySegments(_ text: String, found: Int, maximum: Int) -> ValueMessage {
        ValueMessage(
            "scope \(quoted(text)) has \(found) segments, more than the \(maximum) allowed",
            hint: "use at most \(maximum) segments")
    }

    /// Words V013 for a segment that is too long.
    public static func scopeSegmentTooLong(_ segment: String, maximum: Int) -> ValueMessage {
        ValueMessage(
            "scope segment \(quoted(segment)) is longer than \(maximum) characters",
            hint: "shorten the segment")
    }

    /// Words V013 for a segment that is not `[a-z][a-z0-9_-]*`.
    public static func scopeSegmentInvalid(_ segment: String, in text: String) -> ValueMessage {
        ValueMessage(
            "segment \(quoted(segment)) in scope \(quoted(text)) is not a valid name",
            hint: "start each segment with a lowercase letter, then use lowercase letters, digits, '_' or '-'")
    }

    /// Words V013 for a wildcard mixed with other characters in one segment.
    public static func scopePartialWildcard(_ segment: String, in text: String) -> ValueMessage {
        ValueMessage(
            "segment \(quoted(segment)) in \(quoted(text)) mixes a wildcard with other characters",
            hint: "a wildcard must be a whole segment: write '*' for one segment or '**' at the end for the rest")
    }

    /// Words V013 for `**` before the last segment.
    public static func scopeDoubleWildcardNotLast(_ text: String) -> ValueMessage {
        ValueMessage(
            "'**' in \(quoted(text)) is not the last segment",
            hint: "use '**' only as the last segment, or '*' for exactly one segment")
    }

    /// Words V013 for a wildcard in a scope name, where only patterns allow one.
    public static func scopeWildcardInName(_ text: String) -> ValueMessage {
        ValueMessage(
            "scope \(quoted(text)) contains a wildcard",
            hint: "wildcards are allowed only in scope patterns; name one scope here")
    }

    // MARK: - Shared words

    private static func fieldName(_ part: TimestampPart) -> String {
        switch part {
        case .year: "year"
        case .month: "month"
        case .day: "day"
        case .hour: "hour"
        case .minute: "minute"
        case .second: "second"
        case .offset: "offset"
        case .fraction, .dateSeparator, .timeSeparator, .dateTimeSeparator: "value"
        }
    }

    private static func allowedRange(_ part: TimestampPart, endOfDay: Bool) -> String {
        switch part {
        case .month: "a month from 01 to 12"
        case .day: "a day from 01 to 31"
        case .hour: endOfDay ? "an hour from 00 to 23, or 24:00 for the end of the day" : "an hour from 00 to 23"
        case .minute: "minutes from 00 to 59"
        case .second: "seconds from 00 to 59"
        case .offset: "an offset from -23:59 to +23:59"
        case .year, .fraction, .dateSeparator, .timeSeparator, .dateTimeSeparator: "the form 2025-03-01T12:00:00Z"
        }
    }

    /// Returns the English name of a month, 1 = January.
    public static func monthName(_ month: Int) -> String {
        let names = [
            "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December",
        ]
        return (1...12).contains(month) ? names[month - 1] : "month \(month)"
    }
}
