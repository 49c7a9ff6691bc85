// CIDR blocks in the 128-bit address space. An IPv4 block such as
// 10.0.0.0/8 is stored as the IPv4-mapped block ::ffff:10.0.0.0/104, so an
// IPv4 prefix never covers an IPv6 address: 0.0.0.0/0 is exactly
// ::ffff:0:0/96. IPv4-mapped IPv6 blocks are the same values and print in
// IPv4 form.

import PolicySource

/// A network address and a prefix length, with no host bits set.
///
/// A bare address without `/n` parses as a host route: /32 for IPv4 and
/// /128 for IPv6.
public struct CIDR: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The first address of the block.
    public let network: IPAddress
    /// The prefix length in the 128-bit space (96 + n for an IPv4 /n).
    public let prefixLength: Int

    /// Creates a block, or nil when the prefix is outside 0...128 or host bits are set.
    public init?(network: IPAddress, prefixLength: Int) {
        guard (0...128).contains(prefixLength), network.value & ~CIDR.mask(prefixLength) == 0 else { return nil }
        self.network = network
        self.prefixLength = prefixLength
    }

    /// Creates the block of the given prefix length that contains `address`, clearing host bits.
    public init(containing address: IPAddress, prefixLength: Int) {
        let length = max(0, min(128, prefixLength))
        self.network = IPAddress(value: address.value & CIDR.mask(length))
        self.prefixLength = length
    }

    /// Whether the block lies inside ::ffff:0:0/96 and so prints as an IPv4 block.
    @inlinable
    public var isIPv4: Bool { prefixLength >= 96 && network.isIPv4 }

    /// The prefix length as written: 0...32 for IPv4 blocks, 0...128 otherwise.
    @inlinable
    public var displayPrefix: Int { isIPv4 ? prefixLength - 96 : prefixLength }

    /// The first address of the block as a number.
    @inlinable
    public var lowerBound: UInt128 { network.value }

    /// The last address of the block as a number.
    @inlinable
    public var upperBound: UInt128 { network.value | ~CIDR.mask(prefixLength) }

    /// Returns whether `address` lies in the block.
    @inlinable
    public func contains(_ address: IPAddress) -> Bool {
        address.value & CIDR.mask(prefixLength) == network.value
    }

    /// Parses `a.b.c.d/n`, an IPv6 block `x::/n`, or a bare address as a host route.
    public static func parse(_ text: Substring) -> Result<CIDR, ValueError> {
        text.withUTF8Bytes { parse(bytes: $0) }
    }

    /// Parses a block given as a String.
    public static func parse(_ text: String) -> Result<CIDR, ValueError> {
        parse(text[...])
    }

    /// Orders by network address, then by prefix length (wider blocks first).
    public static func < (lhs: CIDR, rhs: CIDR) -> Bool {
        (lhs.network.value, lhs.prefixLength) < (rhs.network.value, rhs.prefixLength)
    }

    /// `10.0.0.0/8` or `2001:db8::/32`.
    public var description: String { "\(network)/\(displayPrefix)" }

    /// Returns the mask with the top `length` bits set.
    @inlinable
    public static func mask(_ length: Int) -> UInt128 {
        length <= 0 ? 0 : ~UInt128(0) << UInt128(128 - min(length, 128))
    }
}

// MARK: - Parsing

extension CIDR {
    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Result<CIDR, ValueError> {
        var slash = 0
        while slash < bytes.count, bytes[slash] != UInt8(ascii: "/") { slash += 1 }

        let address: IPAddress
        switch IPAddress.scan(bytes, from: 0, to: slash) {
        case .success(let value): address = value
        case .failure(let fault): return .failure(fault.valueError(in: bytes))
        }
        // A mapped address written in IPv6 form counts its prefix in 128 bits.
        let writtenAsIPv4 = address.isIPv4 && !contains(bytes, UInt8(ascii: ":"), before: slash)
        guard slash < bytes.count else {
            return .success(CIDR(containing: address, prefixLength: 128))
        }

        let written: Int
        switch scanPrefix(bytes, from: slash + 1, isIPv4: writtenAsIPv4) {
        case .success(let value): written = value
        case .failure(let error): return .failure(error)
        }
        let length = writtenAsIPv4 ? written + 96 : written
        guard let block = CIDR(network: address, prefixLength: length) else {
            let network = CIDR(containing: address, prefixLength: length)
            let host = CIDR(containing: address, prefixLength: 128)
            let wording = ValueMessages.hostBitsSet(text(bytes, 0, bytes.count), network: network.description, host: host.description)
            return .failure(ValueError(.hostBitsSet, wording, in: bytes, start: 0, end: slash))
        }
        return .success(block)
    }

    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ byte: UInt8, before end: Int) -> Bool {
        var index = 0
        while index < end {
            if bytes[index] == byte { return true }
            index += 1
        }
        return false
    }

    /// Scans the decimal prefix length after the slash.
    private static func scanPrefix(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, isIPv4: Bool) -> Result<Int, ValueError> {
        let end = bytes.count
        guard start < end else {
            let wording = ValueMessages.prefixMissing(text(bytes, 0, end))
            return .failure(ValueError(.invalidAddress, wording, in: bytes, start: start - 1, end: end))
        }
        var value = 0
        for index in start..<end {
            guard let digit = decimalValue(bytes[index]) else {
                let wording = ValueMessages.prefixNotNumber(text(bytes, start, end), in: text(bytes, 0, end))
                return .failure(ValueError(.invalidAddress, wording, in: bytes, start: start, end: end))
            }
            value = min(value * 10 + Int(digit), 1000)
        }
        if end - start > 1, bytes[start] == asciiZero {
            let wording = ValueMessages.prefixLeadingZero(text(bytes, start, end), in: text(bytes, 0, end))
            return .failure(ValueError(.leadingZero, wording, in: bytes, start: start, end: end))
        }
        guard value <= (isIPv4 ? 32 : 128) else {
            let wording = ValueMessages.prefixOutOfRange(text(bytes, start, end), isIPv4: isIPv4)
            return .failure(ValueError(.prefixOutOfRange, wording, in: bytes, start: start, end: end))
        }
        return .success(value)
    }
}
