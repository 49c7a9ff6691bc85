// Exact amounts of US dollars in millionths (micro-dollars), so prices per
// million tokens, per-request costs and spend quotas add up without the
// rounding drift of binary floating point.

import PolicySource

/// An amount of US dollars as a whole number of micro-dollars (1 = $0.000001).
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The amount in micro-dollars.
    public let micros: Int64

    /// Creates an amount from micro-dollars.
    @inlinable
    public init(micros: Int64) { self.micros = micros }

    /// Zero dollars.
    public static let zero = Money(micros: 0)

    /// Micro-dollars per dollar.
    public static let microsPerDollar: Int64 = 1_000_000

    /// Parses a non-negative decimal such as `5`, `5.00`, `0.15` or `1234.123456`: at most six
    /// decimals, no sign, exponent, separators or currency symbol, and no leading zeros before a
    /// nonzero whole-dollar digit.
    public static func parse(_ text: Substring) -> Result<Money, ValueError> {
        text.withUTF8Bytes { bytes in
            scan(bytes).mapError { $0.valueError(in: bytes) }
        }
    }

    /// Parses an amount given as a String.
    public static func parse(_ text: String) -> Result<Money, ValueError> { parse(text[...]) }

    /// Returns the sum, or nil on overflow.
    @inlinable
    public func adding(_ other: Money) -> Money? {
        let (sum, overflow) = micros.addingReportingOverflow(other.micros)
        return overflow ? nil : Money(micros: sum)
    }

    /// Returns the difference, which may be negative, or nil on overflow.
    @inlinable
    public func subtracting(_ other: Money) -> Money? {
        let (difference, overflow) = micros.subtractingReportingOverflow(other.micros)
        return overflow ? nil : Money(micros: difference)
    }

    /// Returns the amount times `factor`, or nil on overflow.
    @inlinable
    public func multiplied(by factor: Int64) -> Money? {
        let (product, overflow) = micros.multipliedReportingOverflow(by: factor)
        return overflow ? nil : Money(micros: product)
    }

    /// Computes the price of `tokens` tokens at `pricePerMillion` dollars per million tokens,
    /// rounded up to the next micro-dollar. Returns nil when an input is negative or on overflow.
    ///
    /// Rounding up keeps spend quotas conservative: a quota never admits more spend than its
    /// limit because many tiny requests each rounded down to zero. The product is computed in
    /// 128 bits, so only a result beyond `Int64.max` micro-dollars fails. No allocation.
    @inlinable
    public static func cost(pricePerMillion: Money, tokens: Int64) -> Money? {
        guard pricePerMillion.micros >= 0, tokens >= 0 else { return nil }
        let product = UInt64(pricePerMillion.micros).multipliedFullWidth(by: UInt64(tokens))
        let divisor: UInt64 = 1_000_000
        // dividingFullWidth traps when the quotient does not fit, which the high word rules out.
        guard product.high < divisor else { return nil }
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        let rounded = remainder > 0 ? quotient + 1 : quotient
        guard rounded <= UInt64(Int64.max) else { return nil }
        return Money(micros: Int64(rounded))
    }

    @inlinable
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.micros < rhs.micros }

    /// Dollars with as few decimals as exact but at least two: `0.15`, `5.00`, `0.000001`.
    public var description: String {
        let sign = micros < 0 ? "-" : ""
        let magnitude = micros.magnitude
        var fraction = pad(magnitude % 1_000_000, 6)
        while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(magnitude / 1_000_000).\(fraction)"
    }
}

// MARK: - Scanning

/// The kind of fault a money scanner found.
enum MoneyFault: Sendable {
    case empty, negative, sign, tooManyDecimals, exponent, leadingPoint, trailingPoint
    case leadingZero, separator, currency, character, overflow
}

extension ByteFault where Kind == MoneyFault {
    func valueError(in bytes: UnsafeBufferPointer<UInt8>) -> ValueError {
        let whole = text(bytes, 0, bytes.count)
        let wording: ValueMessage
        switch kind {
        case .empty: wording = ValueMessages.moneyEmpty()
        case .negative: wording = ValueMessages.moneyNegative(whole)
        case .sign: wording = ValueMessages.moneySign(whole)
        case .tooManyDecimals: wording = ValueMessages.moneyTooManyDecimals(whole)
        case .exponent: wording = ValueMessages.moneyExponent(whole)
        case .leadingPoint: wording = ValueMessages.moneyLeadingPoint(whole)
        case .trailingPoint: wording = ValueMessages.moneyTrailingPoint(whole)
        case .leadingZero: wording = ValueMessages.moneyLeadingZero(whole)
        case .separator: wording = ValueMessages.moneySeparator(whole)
        case .currency: wording = ValueMessages.moneyCurrencySymbol(whole)
        case .character: wording = ValueMessages.moneyCharacter(character(bytes, at: start), in: whole)
        case .overflow: wording = ValueMessages.moneyOverflow(whole)
        }
        return ValueError(.invalidMoney, wording, in: bytes, start: start, end: end)
    }
}

extension Money {
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Money, ByteFault<MoneyFault>> {
        let end = bytes.count
        guard end > 0 else { return .failure(ByteFault(.empty, 0, 0)) }
        switch bytes[0] {
        case UInt8(ascii: "-"): return .failure(ByteFault(.negative, 0, 1))
        case UInt8(ascii: "+"): return .failure(ByteFault(.sign, 0, 1))
        case UInt8(ascii: "."): return .failure(ByteFault(.leadingPoint, 0, 1))
        default: break
        }

        var dollars: Int64 = 0
        var overflow = false
        var index = 0
        while index < end, let digit = decimalValue(bytes[index]) {
            let (times10, o1) = dollars.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(digit))
            overflow = overflow || o1 || o2
            dollars = sum
            index += 1
        }
        if index == 0 { return .failure(unexpected(bytes, at: 0)) }
        if index > 1, bytes[0] == asciiZero { return .failure(ByteFault(.leadingZero, 0, index)) }

        var fraction: Int64 = 0
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < end, let digit = decimalValue(bytes[index]) {
                if index - fractionStart == 6 { return .failure(ByteFault(.tooManyDecimals, index, index + 1)) }
                fraction = fraction * 10 + Int64(digit)
                index += 1
            }
            if index == fractionStart {
                if index == end { return .failure(ByteFault(.trailingPoint, index - 1, index)) }
                return .failure(unexpected(bytes, at: index))
            }
            for _ in (index - fractionStart)..<6 { fraction *= 10 }
        }
        if index < end { return .failure(unexpected(bytes, at: index)) }

        let (scaled, o3) = dollars.multipliedReportingOverflow(by: microsPerDollar)
        let (total, o4) = scaled.addingReportingOverflow(fraction)
        if overflow || o3 || o4 { return .failure(ByteFault(.overflow, 0, end)) }
        return .success(Money(micros: total))
    }

    /// Classifies a byte that cannot continue an amount.
    private static func unexpected(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> ByteFault<MoneyFault> {
        let end = scalarEnd(bytes, at: index)
        switch bytes[index] {
        case UInt8(ascii: "e"), UInt8(ascii: "E"): return ByteFault(.exponent, index, end)
        case UInt8(ascii: ","), UInt8(ascii: "_"), UInt8(ascii: "'"), UInt8(ascii: " "): return ByteFault(.separator, index, end)
        case UInt8(ascii: "$"): return ByteFault(.currency, index, end)
        case UInt8(ascii: "."): return ByteFault(.character, index, end)
        default:
            // "€" and "£" are multi-byte; anything else stays a plain unexpected character.
            let scalar = text(bytes, index, end)
            return ByteFault(scalar == "€" || scalar == "£" ? .currency : .character, index, end)
        }
    }
}
