// Tests for CIDR parsing, normalization of IPv4-mapped blocks and containment.

import PolicySource
import Testing

@testable import PolicyValues

@Suite struct CIDRTests {
    static let canonical: [(input: String, printed: String, prefixLength: Int, isIPv4: Bool)] = [
        ("10.0.0.0/8", "10.0.0.0/8", 104, true),
        ("0.0.0.0/0", "0.0.0.0/0", 96, true),
        ("10.0.0.1", "10.0.0.1/32", 128, true),
        ("10.0.0.1/32", "10.0.0.1/32", 128, true),
        ("::/0", "::/0", 0, false),
        ("2001:db8::/32", "2001:db8::/32", 32, false),
        ("2001:db8::1", "2001:db8::1/128", 128, false),
        ("::ffff:10.0.0.0/104", "10.0.0.0/8", 104, true),
        ("::ffff:a00:0/104", "10.0.0.0/8", 104, true),
        ("::ffff:0:0/96", "0.0.0.0/0", 96, true),
        ("::fffe:0:0/95", "::fffe:0:0/95", 95, false),
    ]

    @Test(arguments: canonical)
    func parseNormalizes(_ row: (input: String, printed: String, prefixLength: Int, isIPv4: Bool)) {
        let block = value(CIDR.parse(row.input))
        #expect(block?.description == row.printed)
        #expect(block?.prefixLength == row.prefixLength)
        #expect(block?.isIPv4 == row.isIPv4)
    }

    @Test func mappedBlockEqualsIPv4Block() {
        #expect(value(CIDR.parse("::ffff:10.0.0.0/104")) == value(CIDR.parse("10.0.0.0/8")))
        #expect(value(CIDR.parse("10.0.0.0/8"))?.displayPrefix == 8)
    }

    static let invalid: [ExpectedError] = [
        ExpectedError("10.0.0.0/33", "V002", 9, 2),
        ExpectedError("::/129", "V002", 3, 3),
        ExpectedError("10.0.0.0/99999999999999999999", "V002", 9, 20),
        ExpectedError("010.0.0.1/32", "V003", 0, 3),
        ExpectedError("10.0.0.0/08", "V003", 9, 2),
        ExpectedError("10.0.0.0/00", "V003", 9, 2),
        ExpectedError("10.0.0.0/", "V001", 8, 1),
        ExpectedError("10.0.0.0/x", "V001", 9, 1),
        ExpectedError("10.0.0.0/-1", "V001", 9, 2),
        ExpectedError("10.0.0.0/8/9", "V001", 9, 3),
        ExpectedError("/8", "V001", 0, 0),
        ExpectedError("10.0.0.1/8", "V004", 0, 8),
        ExpectedError("2001:db8::1/32", "V004", 0, 11),
        ExpectedError("::ffff:10.0.0.0/8", "V004", 0, 15),
        ExpectedError("fe80::%eth0/64", "V001", 6, 5),
    ]

    @Test(arguments: invalid)
    func parseRejects(_ expected: ExpectedError) {
        expectFailure(CIDR.parse(expected.text), expected)
    }

    @Test func hostBitsHintNamesNetwork() throws {
        let error = try #require(CIDR.parse("10.0.0.1/8").failure)
        #expect(error.hint?.contains("'10.0.0.0/8'") == true)
        #expect(error.hint?.contains("'10.0.0.1/32'") == true)
    }

    @Test func prefixOutOfRangeWording() throws {
        let error = try #require(CIDR.parse("10.0.0.0/33").failure)
        #expect(error.message == "prefix length 33 is out of range for IPv4")
        #expect(error.hint == "use a prefix length from 0 to 32")
    }

    @Test func ipv4AllDoesNotContainIPv6() throws {
        let all = try #require(value(CIDR.parse("0.0.0.0/0")))
        #expect(!all.contains(try #require(IPAddress("2001:db8::1"))))
        #expect(!all.contains(try #require(IPAddress("::1"))))
        #expect(all.contains(try #require(IPAddress("255.255.255.255"))))
        #expect(all.contains(try #require(IPAddress("::ffff:1.2.3.4"))))
    }

    @Test func containsChecksPrefix() throws {
        let block = try #require(value(CIDR.parse("10.0.0.0/8")))
        #expect(block.contains(try #require(IPAddress("10.255.0.1"))))
        #expect(block.contains(try #require(IPAddress("::ffff:10.1.2.3"))))
        #expect(!block.contains(try #require(IPAddress("11.0.0.0"))))
        let host = try #require(value(CIDR.parse("2001:db8::1")))
        #expect(host.contains(try #require(IPAddress("2001:db8::1"))))
        #expect(!host.contains(try #require(IPAddress("2001:db8::2"))))
    }

    @Test func ipv6AllContainsMappedAddresses() throws {
        // One 128-bit space: ::/0 covers the IPv4-mapped range too.
        let all = try #require(value(CIDR.parse("::/0")))
        #expect(all.contains(try #require(IPAddress("10.0.0.1"))))
    }

    @Test func initRejectsHostBits() throws {
        let address = try #require(IPAddress("10.0.0.1"))
        #expect(CIDR(network: address, prefixLength: 104) == nil)
        #expect(CIDR(network: address, prefixLength: 129) == nil)
        #expect(CIDR(containing: address, prefixLength: 104).description == "10.0.0.0/8")
    }
}
