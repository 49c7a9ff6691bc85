// Tests for IP address parsing, printing and the IPv4-mapped representation.

import PolicySource
import Testing

@testable import PolicyValues

@Suite struct IPAddressTests {
    static let canonical: [(String, String)] = [
        ("10.0.1.5", "10.0.1.5"),
        ("0.0.0.0", "0.0.0.0"),
        ("255.255.255.255", "255.255.255.255"),
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
        ("1::2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ("fe80::1:2", "fe80::1:2"),
        ("::1.2.3.4", "::102:304"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
        ("::ffff:0:0", "0.0.0.0"),
    ]

    @Test(arguments: canonical)
    func parsePrintsCanonical(_ input: String, _ expected: String) {
        #expect(value(IPAddress.parse(input))?.description == expected)
    }

    @Test(arguments: ["10.0.1.5", "::ffff:10.0.1.5", "::ffff:a00:105", "::FFFF:0A00:0105", "0:0:0:0:0:ffff:10.0.1.5", "0:0:0:0:0:ffff:a00:105"])
    func mappedFormsAreEqual(_ input: String) {
        let address = value(IPAddress.parse(input))
        #expect(address == IPAddress(ipv4: 0x0a00_0105))
        #expect(address?.isIPv4 == true)
        #expect(address?.description == "10.0.1.5")
    }

    @Test func ipv6IsNotIPv4() {
        let address = value(IPAddress.parse("2001:db8::1"))
        #expect(address?.isIPv4 == false)
        #expect(address?.ipv4 == nil)
    }

    static let invalid: [ExpectedError] = [
        ExpectedError("", "V001", 0, 0),
        ExpectedError("010.0.0.1", "V003", 0, 3),
        ExpectedError("10.0.0.010", "V003", 7, 3),
        ExpectedError("00.1.2.3", "V003", 0, 2),
        ExpectedError("10.1", "V001", 0, 4),
        ExpectedError("1.2.3.4.5", "V001", 0, 9),
        ExpectedError("10.0.0.1.", "V001", 0, 9),
        ExpectedError("10.0.0.256", "V001", 7, 3),
        ExpectedError("10.0.0.99999999999", "V001", 7, 11),
        ExpectedError("10..0.1", "V001", 3, 1),
        ExpectedError("0x0a.0.0.1", "V001", 1, 1),
        ExpectedError(" 10.0.0.1", "V001", 0, 1),
        ExpectedError("10.0.0.1 ", "V001", 8, 1),
        ExpectedError("10.0.0.-1", "V001", 7, 1),
        ExpectedError("10.0.0.1/8", "V001", 8, 1),
        ExpectedError("10.0.0.é", "V001", 7, 1),
        ExpectedError("1:2:3:4:5:6:7:8:9", "V001", 16, 1),
        ExpectedError("1:2:3:4:5:6:7:8::", "V001", 15, 2),
        ExpectedError("1:2:3:4:5:6:7::8", "V001", 15, 1),
        ExpectedError("1:2:3:4:5:6:7:1.2.3.4", "V001", 14, 7),
        ExpectedError("1::2::3", "V001", 4, 2),
        ExpectedError("12345::", "V001", 0, 5),
        ExpectedError("1:2:3", "V001", 0, 5),
        ExpectedError(":1::", "V001", 0, 1),
        ExpectedError("1:::2", "V001", 3, 1),
        ExpectedError("1:2:", "V001", 3, 1),
        ExpectedError("fe80::1%eth0", "V001", 7, 5),
        ExpectedError("10.0.0.1%eth0", "V001", 8, 5),
        ExpectedError("::ffff:1.2.3.256", "V001", 13, 3),
        ExpectedError("::ffff:01.2.3.4", "V003", 7, 2),
        ExpectedError("::ffff:1.2.3", "V001", 7, 5),
        ExpectedError("1.2.3.4::", "V001", 0, 7),
        ExpectedError("g::1", "V001", 0, 1),
        ExpectedError("::g", "V001", 2, 1),
    ]

    @Test(arguments: invalid)
    func parseRejects(_ expected: ExpectedError) {
        expectFailure(IPAddress.parse(expected.text), expected)
    }

    @Test func leadingZeroMessageMentionsOctal() throws {
        let error = try #require(IPAddress.parse("010.0.0.1").failure)
        #expect(error.message.contains("'010'"))
        #expect(error.message.contains("octal"))
        #expect(error.hint == "write '10' without the leading zero")
    }

    @Test func zoneMessageNamesZone() throws {
        let error = try #require(IPAddress.parse("fe80::1%eth0").failure)
        #expect(error.message.contains("'%eth0'"))
    }

    @Test func offsetsCountScalars() throws {
        let error = try #require(IPAddress.parse("é.0.0.1").failure)
        #expect(error.offset == 0)
        #expect(error.length == 1)
        #expect(error.utf8Length == 2)
    }

    @Test(arguments: ["10.0.1.5", "::ffff:10.0.1.5", "2001:db8::1", "::"])
    func fastPathMatchesParse(_ input: String) {
        var text = input
        let fast = text.withUTF8 { IPAddress.parse(utf8: UnsafeRawBufferPointer($0)) }
        #expect(fast == value(IPAddress.parse(input)))
        #expect(IPAddress(input) == fast)
    }

    @Test(arguments: ["010.0.0.1", "", "fe80::1%eth0", "1::2::3"])
    func fastPathRejects(_ input: String) {
        var text = input
        #expect(text.withUTF8 { IPAddress.parse(utf8: UnsafeRawBufferPointer($0)) } == nil)
        #expect(IPAddress(input) == nil)
    }

    @Test func substringParses() {
        let line = "ip=10.0.0.7;"
        let slice = line.dropFirst(3).dropLast()
        #expect(value(IPAddress.parse(slice)) == IPAddress(ipv4: 0x0a00_0007))
    }

    @Test func orderFollowsValue() {
        let addresses = ["10.0.0.2", "2001:db8::1", "10.0.0.1", "::1"].compactMap { IPAddress($0) }
        #expect(addresses.sorted().map(\.description) == ["::1", "10.0.0.1", "10.0.0.2", "2001:db8::1"])
    }
}

extension Result {
    /// The error of a failed result, or nil.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
