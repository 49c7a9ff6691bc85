// IP addresses in one 128-bit space. IPv4 addresses are stored IPv4-mapped
// (::ffff:a.b.c.d), so `10.0.1.5`, `::ffff:10.0.1.5` and `::ffff:a00:105`
// are the same value and every comparison, range and set works on one kind
// of number. The parser is written by hand so that each error points at the
// exact octet or group, and so that parsing allocates nothing on success.

import PolicySource

/// An IPv4 or IPv6 address, stored as a 128-bit number.
public struct IPAddress: Sendable, Hashable, Comparable, CustomStringConvertible, LosslessStringConvertible {
    /// The address as a 128-bit number; IPv4 addresses are IPv4-mapped.
    public let value: UInt128

    /// Creates an address from its 128-bit value.
    @inlinable
    public init(value: UInt128) { self.value = value }

    /// Creates the IPv4-mapped address of an IPv4 address given as a 32-bit number.
    @inlinable
    public init(ipv4: UInt32) { self.value = IPAddress.ipv4MappedBase | UInt128(ipv4) }

    /// Parses an address and returns nil on any error, without allocating.
    public init?(_ description: String) {
        guard let address = description.withUTF8Bytes({ try? IPAddress.scan($0).get() }) else { return nil }
        self = address
    }

    /// The start of ::ffff:0:0/96, where IPv4-mapped addresses live.
    public static let ipv4MappedBase: UInt128 = 0xffff << 32

    /// Whether the address is in ::ffff:0:0/96, that is an IPv4 address.
    @inlinable
    public var isIPv4: Bool { value >> 32 == 0xffff }

    /// The IPv4 address as a 32-bit number, or nil for an IPv6 address.
    @inlinable
    public var ipv4: UInt32? { isIPv4 ? UInt32(truncatingIfNeeded: value) : nil }

    /// Parses an IPv4 address (four decimal octets) or an IPv6 address in an RFC 4291 text form.
    public static func parse(_ text: Substring) -> Result<IPAddress, ValueError> {
        text.withUTF8Bytes { bytes in
            scan(bytes).mapError { $0.valueError(in: bytes) }
        }
    }

    /// Parses an address given as a String.
    public static func parse(_ text: String) -> Result<IPAddress, ValueError> {
        parse(text[...])
    }

    /// Parses an address from UTF-8 bytes for the request path: no allocation, nil on any error.
    public static func parse(utf8 bytes: UnsafeRawBufferPointer) -> IPAddress? {
        try? scan(bytes.bindMemory(to: UInt8.self)).get()
    }

    @inlinable
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool { lhs.value < rhs.value }

    /// The canonical text: dotted decimal for IPv4, RFC 5952 for IPv6.
    public var description: String {
        if let ipv4 { return IPAddress.dotted(ipv4) }
        return IPAddress.ipv6Text(value)
    }
}

// MARK: - Faults

/// The kind of fault an address scanner found.
@usableFromInline
enum AddressFault: Sendable {
    case empty
    case character
    case octetCount(Int)
    case emptyOctet
    case octetOutOfRange
    case octetLeadingZero
    case groupTooLong
    case emptyGroup
    case tooManyGroups
    case tooFewGroups(Int)
    case doubleCompression
    case misplacedIPv4
    case zone
}

extension ByteFault where Kind == AddressFault {
    func valueError(in bytes: UnsafeBufferPointer<UInt8>) -> ValueError {
        let whole = text(bytes, 0, bytes.count)
        let part = text(bytes, start, end)
        let wording: ValueMessage
        var code = DiagnosticCode.invalidAddress
        switch kind {
        case .empty: wording = ValueMessages.emptyAddress()
        case .character: wording = ValueMessages.addressCharacter(character(bytes, at: start), in: whole)
        case .octetCount(let found): wording = ValueMessages.ipv4OctetCount(whole, found: found)
        case .emptyOctet: wording = ValueMessages.ipv4EmptyOctet(whole)
        case .octetOutOfRange: wording = ValueMessages.ipv4OctetOutOfRange(part, in: whole)
        case .octetLeadingZero:
            code = .leadingZero
            wording = ValueMessages.ipv4OctetLeadingZero(part, in: whole)
        case .groupTooLong: wording = ValueMessages.ipv6GroupTooLong(part, in: whole)
        case .emptyGroup: wording = ValueMessages.ipv6EmptyGroup(whole)
        case .tooManyGroups: wording = ValueMessages.ipv6TooManyGroups(whole)
        case .tooFewGroups(let found): wording = ValueMessages.ipv6TooFewGroups(whole, found: found)
        case .doubleCompression: wording = ValueMessages.ipv6DoubleCompression(whole)
        case .misplacedIPv4: wording = ValueMessages.ipv6MisplacedIPv4(whole)
        case .zone: wording = ValueMessages.zoneIdentifier(part, in: whole)
        }
        return ValueError(code, wording, in: bytes, start: start, end: end)
    }
}

// MARK: - Scanning

extension IPAddress {
    typealias Scan = Result<IPAddress, ByteFault<AddressFault>>

    /// Scans a whole buffer as one address.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Scan {
        scan(bytes, from: 0, to: bytes.count)
    }

    /// Scans `bytes[start..<end]` as one address; fault positions are relative to the buffer.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Scan {
        guard start < end else { return .failure(ByteFault(.empty, start, end)) }
        var index = start
        while index < end {
            if bytes[index] == UInt8(ascii: ":") {
                return scanIPv6(bytes, from: start, to: end).map(IPAddress.init(value:))
            }
            index += 1
        }
        return scanIPv4(bytes, from: start, to: end).map(IPAddress.init(ipv4:))
    }

    /// Scans exactly four decimal octets without leading zeros.
    static func scanIPv4(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Result<UInt32, ByteFault<AddressFault>> {
        var value: UInt32 = 0
        var octets = 0
        var index = start
        while true {
            let octetStart = index
            var octet = 0
            while index < end, let digit = decimalValue(bytes[index]) {
                // Saturate so that a long run of digits reports "out of range", not an overflow.
                octet = min(octet * 10 + Int(digit), 1000)
                index += 1
            }
            if index == octetStart {
                if index == end || bytes[index] == UInt8(ascii: ".") {
                    return .failure(ByteFault(.emptyOctet, octetStart, min(index + 1, end)))
                }
                return .failure(unexpected(bytes, at: index, end: end))
            }
            if index - octetStart > 1, bytes[octetStart] == asciiZero {
                return .failure(ByteFault(.octetLeadingZero, octetStart, index))
            }
            if octet > 255 { return .failure(ByteFault(.octetOutOfRange, octetStart, index)) }
            value = value << 8 | UInt32(octet)
            octets += 1
            if index == end { break }
            guard bytes[index] == UInt8(ascii: ".") else { return .failure(unexpected(bytes, at: index, end: end)) }
            if octets == 4 { return .failure(ByteFault(.octetCount(octets + countDots(bytes, index, end)), start, end)) }
            index += 1
        }
        guard octets == 4 else { return .failure(ByteFault(.octetCount(octets), start, end)) }
        return .success(value)
    }

    private static func countDots(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var count = 0
        for index in start..<end where bytes[index] == UInt8(ascii: ".") { count += 1 }
        return count
    }

    /// Classifies a byte that cannot continue an address: a zone id or a stray character.
    static func unexpected(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> ByteFault<AddressFault> {
        if bytes[index] == UInt8(ascii: "%") { return ByteFault(.zone, index, end) }
        return ByteFault(.character, index, scalarEnd(bytes, at: index))
    }

    /// Scans an IPv6 address: hex groups, at most one `::`, and an optional dotted IPv4 tail.
    static func scanIPv6(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Result<UInt128, ByteFault<AddressFault>> {
        var head: UInt128 = 0
        var tail: UInt128 = 0
        var groups = 0
        var headGroups = 0
        var compressed = false
        var index = start

        if bytes[index] == UInt8(ascii: ":") {
            guard index + 1 < end, bytes[index + 1] == UInt8(ascii: ":") else {
                return .failure(ByteFault(.emptyGroup, index, index + 1))
            }
            compressed = true
            index += 2
        }

        while index < end {
            let groupStart = index
            var group: UInt128 = 0
            while index < end, let digit = hexValue(bytes[index]) {
                group = (group << 4 | UInt128(digit)) & 0xfffff
                index += 1
            }

            if index < end, bytes[index] == UInt8(ascii: ".") {
                // A dotted IPv4 tail supplies the last 32 bits and must end the address.
                let ipv4End = ipv4TailEnd(bytes, from: groupStart, to: end)
                if ipv4End < end {
                    if bytes[ipv4End] == UInt8(ascii: ":") { return .failure(ByteFault(.misplacedIPv4, groupStart, ipv4End)) }
                    return .failure(unexpected(bytes, at: ipv4End, end: end))
                }
                switch scanIPv4(bytes, from: groupStart, to: end) {
                case .failure(let fault): return .failure(fault)
                case .success(let ipv4):
                    groups += 2
                    guard groups <= (compressed ? 7 : 8) else { return .failure(ByteFault(.tooManyGroups, groupStart, end)) }
                    if compressed { tail = tail << 32 | UInt128(ipv4) } else { head = head << 32 | UInt128(ipv4) }
                    index = end
                }
                break
            }

            if index == groupStart {
                if index < end, bytes[index] == UInt8(ascii: ":") { return .failure(ByteFault(.emptyGroup, index, index + 1)) }
                return .failure(unexpected(bytes, at: index, end: end))
            }
            if index - groupStart > 4 { return .failure(ByteFault(.groupTooLong, groupStart, index)) }
            groups += 1
            guard groups <= (compressed ? 7 : 8) else { return .failure(ByteFault(.tooManyGroups, groupStart, end)) }
            if compressed { tail = tail << 16 | group } else { head = head << 16 | group }

            if index == end { break }
            guard bytes[index] == UInt8(ascii: ":") else { return .failure(unexpected(bytes, at: index, end: end)) }
            if index + 1 < end, bytes[index + 1] == UInt8(ascii: ":") {
                if compressed { return .failure(ByteFault(.doubleCompression, index, index + 2)) }
                // Eight groups leave no room for the zero group that `::` stands for.
                if groups >= 8 { return .failure(ByteFault(.tooManyGroups, index, index + 2)) }
                compressed = true
                headGroups = groups
                index += 2
            } else {
                index += 1
                if index == end { return .failure(ByteFault(.emptyGroup, index - 1, index)) }
            }
        }

        if compressed {
            // `::` stands for at least one zero group; the groups before it are the high bits.
            return .success(head << (16 * UInt128(8 - headGroups)) | tail)
        }
        guard groups == 8 else { return .failure(ByteFault(.tooFewGroups(groups), start, end)) }
        return .success(head)
    }

    /// Returns the end of a run of digits and dots starting at `start`.
    private static func ipv4TailEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index < end, decimalValue(bytes[index]) != nil || bytes[index] == UInt8(ascii: ".") { index += 1 }
        return index
    }
}

// MARK: - Printing

extension IPAddress {
    static func dotted(_ ipv4: UInt32) -> String {
        "\(ipv4 >> 24).\(ipv4 >> 16 & 0xff).\(ipv4 >> 8 & 0xff).\(ipv4 & 0xff)"
    }

    /// RFC 5952 text: lowercase hex without leading zeros, the longest run of two
    /// or more zero groups (the first one on a tie) written as `::`.
    static func ipv6Text(_ value: UInt128) -> String {
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> (16 * UInt128(7 - $0))) }
        var bestStart = -1
        var bestLength = 1
        var runStart = -1
        for index in 0...8 {
            if index < 8, groups[index] == 0 {
                if runStart < 0 { runStart = index }
                continue
            }
            if runStart >= 0, index - runStart > bestLength {
                bestStart = runStart
                bestLength = index - runStart
            }
            runStart = -1
        }
        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard bestStart >= 0 else { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }
}
