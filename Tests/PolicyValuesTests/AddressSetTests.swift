// Tests for address set algebra, membership and the minimal CIDR cover.

import Testing

@testable import PolicyValues

@Suite struct AddressSetTests {
    func set(_ blocks: String...) -> AddressSet {
        AddressSet(blocks.compactMap { try? CIDR.parse($0).get() })
    }

    func address(_ text: String) -> IPAddress {
        IPAddress(text) ?? IPAddress(value: 0)
    }

    @Test func adjacentBlocksMerge() {
        let merged = set("10.0.0.0/9", "10.128.0.0/9")
        #expect(merged.ranges.count == 1)
        #expect(merged.cidrs().map(\.description) == ["10.0.0.0/8"])
    }

    @Test func overlappingBlocksMerge() {
        let merged = set("10.0.0.0/8", "10.1.0.0/16", "10.0.0.0/8")
        #expect(merged.description == "10.0.0.0/8")
    }

    @Test func diffNamesAddedBlock() {
        let before = set("10.0.0.0/16")
        let after = set("10.0.0.0/16", "10.20.0.0/15")
        #expect(after.subtracting(before).description == "10.20.0.0/15")
        #expect(before.subtracting(after).isEmpty)
    }

    @Test func subtractingSplitsRange() {
        let rest = set("10.0.0.0/8").subtracting(set("10.0.0.0/24"))
        #expect(!rest.contains(address("10.0.0.7")))
        #expect(rest.contains(address("10.0.1.0")))
        #expect(rest.cidrs().map(\.description) == [
            "10.0.1.0/24", "10.0.2.0/23", "10.0.4.0/22", "10.0.8.0/21", "10.0.16.0/20", "10.0.32.0/19",
            "10.0.64.0/18", "10.0.128.0/17", "10.1.0.0/16", "10.2.0.0/15", "10.4.0.0/14", "10.8.0.0/13",
            "10.16.0.0/12", "10.32.0.0/11", "10.64.0.0/10", "10.128.0.0/9",
        ])
    }

    @Test func subtractingMiddleLeavesTwoRanges() {
        let rest = set("10.0.0.0/30").subtracting(set("10.0.0.1/32", "10.0.0.2/32"))
        #expect(rest.description == "10.0.0.0/32, 10.0.0.3/32")
    }

    @Test func intersectionKeepsOverlap() {
        let both = set("10.0.0.0/8", "192.168.0.0/16").intersection(set("10.20.0.0/16", "172.16.0.0/12", "192.168.1.0/24"))
        #expect(both.description == "10.20.0.0/16, 192.168.1.0/24")
        #expect(set("10.0.0.0/8").intersection(set("11.0.0.0/8")).isEmpty)
    }

    @Test func unionOfDisjointSets() {
        let union = set("192.168.0.0/16").union(set("10.0.0.0/8", "2001:db8::/32"))
        #expect(union.description == "10.0.0.0/8, 192.168.0.0/16, 2001:db8::/32")
        #expect(union.contains(address("2001:db8::5")))
        #expect(!union.contains(address("2001:db9::")))
    }

    @Test func supersetAndSubset() {
        let wide = set("10.0.0.0/8")
        let narrow = set("10.1.0.0/16", "10.200.0.0/16")
        #expect(wide.isSuperset(of: narrow))
        #expect(!narrow.isSuperset(of: wide))
        #expect(narrow.isSubset(of: wide))
        #expect(wide.isSuperset(of: AddressSet()))
    }

    @Test func coverageOfFamilies() {
        #expect(set("0.0.0.0/0").coversAllIPv4)
        #expect(!set("0.0.0.0/0").coversAllIPv6)
        #expect(set("::/0").coversAllIPv6)
        #expect(set("::/0").coversAllIPv4)
        #expect(set("::/1", "8000::/1").coversAllIPv6)
        #expect(!set("2000::/3").coversAllIPv6)
        #expect(!set("0.0.0.0/1").coversAllIPv4)
    }

    @Test func ipv4AllExcludesIPv6() {
        let all = set("0.0.0.0/0")
        #expect(!all.contains(address("2001:db8::1")))
        #expect(all.contains(address("8.8.8.8")))
        #expect(all.description == "0.0.0.0/0")
    }

    @Test func countSaturates() {
        #expect(set("10.0.0.0/8").count == 1 << 24)
        #expect(set("10.0.0.0/8", "11.0.0.1/32").count == (1 << 24) + 1)
        #expect(set("::/0").count == UInt128.max)
        #expect(AddressSet().count == 0)
    }

    @Test func minimalCoverOfUnalignedRange() {
        let range = AddressSet(ranges: [(IPAddress.ipv4MappedBase | 0x0a00_0001)...(IPAddress.ipv4MappedBase | 0x0a00_0006)])
        #expect(range.cidrs().map(\.description) == ["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"])
    }

    @Test func wholeSpaceCover() {
        #expect(AddressSet.all.cidrs().map(\.description) == ["::/0"])
        // Every address but one /96 block needs one block per prefix length above it.
        #expect(AddressSet.allIPv6.cidrs().count == 96)
    }

    @Test func emptySetPrintsNone() {
        #expect(AddressSet().description == "none")
        #expect(!AddressSet().contains(address("10.0.0.1")))
    }

    @Test func containsAgreesWithBlocks() {
        var blocks: [CIDR] = []
        for index in 0..<200 where index % 3 != 0 {
            blocks.append(CIDR(containing: IPAddress(ipv4: UInt32(index) << 20), prefixLength: 108))
        }
        let addresses = AddressSet(blocks)
        for index in 0..<200 {
            let probe = IPAddress(ipv4: UInt32(index) << 20 | 0x123)
            #expect(addresses.contains(probe) == blocks.contains { $0.contains(probe) })
        }
    }

    @Test func coverRoundTrips() {
        let original = set("10.0.0.0/8", "10.20.0.0/15", "192.168.3.0/24", "2001:db8::/48", "::1")
        #expect(AddressSet(original.cidrs()) == original)
    }
}
