// Sets of addresses as sorted, disjoint, merged closed ranges of the 128-bit
// space. Membership is a binary search that allocates nothing. Union,
// intersection and difference are linear merges used at compile time, and
// `cidrs()` turns ranges back into the fewest CIDR blocks for diffs.

/// A set of IPv4 and IPv6 addresses.
public struct AddressSet: Sendable, Hashable, CustomStringConvertible {
    /// Sorted, disjoint ranges; adjacent ranges are always merged.
    public private(set) var ranges: ContiguousArray<ClosedRange<UInt128>>

    /// The empty set.
    public init() { ranges = [] }

    /// Creates the set of addresses covered by any of the blocks.
    public init(_ cidrs: [CIDR]) {
        self.init(ranges: cidrs.map { $0.lowerBound...$0.upperBound })
    }

    /// Creates the set of addresses in any of the ranges, which may overlap and come in any order.
    public init<S: Sequence>(ranges input: S) where S.Element == ClosedRange<UInt128> {
        ranges = AddressSet.normalized(input.sorted { $0.lowerBound < $1.lowerBound })
    }

    /// Every IPv4 address (::ffff:0:0/96).
    public static let allIPv4 = AddressSet(ranges: [IPAddress.ipv4MappedBase...(IPAddress.ipv4MappedBase | 0xffff_ffff)])

    /// Every address in the 128-bit space.
    public static let all = AddressSet(ranges: [0...UInt128.max])

    /// Every address that is not IPv4-mapped.
    public static let allIPv6 = all.subtracting(allIPv4)

    /// Whether the set contains no address.
    @inlinable
    public var isEmpty: Bool { ranges.isEmpty }

    /// Returns whether `address` is in the set, by binary search over the ranges.
    @inlinable
    public func contains(_ address: IPAddress) -> Bool {
        let value = address.value
        var low = 0
        var high = ranges.count
        // Find the first range whose upper bound is not below the address.
        while low < high {
            let middle = (low + high) >> 1
            if ranges[middle].upperBound < value { low = middle + 1 } else { high = middle }
        }
        return low < ranges.count && ranges[low].lowerBound <= value
    }

    /// Returns the addresses in either set.
    public func union(_ other: AddressSet) -> AddressSet {
        var merged = ContiguousArray<ClosedRange<UInt128>>()
        merged.reserveCapacity(ranges.count + other.ranges.count)
        var left = 0
        var right = 0
        while left < ranges.count || right < other.ranges.count {
            let takeLeft = right == other.ranges.count
                || (left < ranges.count && ranges[left].lowerBound <= other.ranges[right].lowerBound)
            if takeLeft {
                merged.append(ranges[left])
                left += 1
            } else {
                merged.append(other.ranges[right])
                right += 1
            }
        }
        return AddressSet(normalizedRanges: AddressSet.normalized(merged))
    }

    /// Returns the addresses in both sets.
    public func intersection(_ other: AddressSet) -> AddressSet {
        var result = ContiguousArray<ClosedRange<UInt128>>()
        var left = 0
        var right = 0
        while left < ranges.count, right < other.ranges.count {
            let a = ranges[left]
            let b = other.ranges[right]
            let lower = max(a.lowerBound, b.lowerBound)
            let upper = min(a.upperBound, b.upperBound)
            if lower <= upper { result.append(lower...upper) }
            if a.upperBound < b.upperBound { left += 1 } else { right += 1 }
        }
        return AddressSet(normalizedRanges: result)
    }

    /// Returns the addresses in this set and not in `other`.
    public func subtracting(_ other: AddressSet) -> AddressSet {
        var result = ContiguousArray<ClosedRange<UInt128>>()
        var right = 0
        for range in ranges {
            var lower = range.lowerBound
            var exhausted = false
            while right < other.ranges.count, other.ranges[right].upperBound < lower { right += 1 }
            var cursor = right
            while cursor < other.ranges.count, other.ranges[cursor].lowerBound <= range.upperBound {
                let cut = other.ranges[cursor]
                if cut.lowerBound > lower { result.append(lower...(cut.lowerBound - 1)) }
                if cut.upperBound >= range.upperBound {
                    exhausted = true
                    break
                }
                lower = cut.upperBound + 1
                cursor += 1
            }
            if !exhausted { result.append(lower...range.upperBound) }
        }
        return AddressSet(normalizedRanges: result)
    }

    /// Returns whether every address of `other` is in this set.
    public func isSuperset(of other: AddressSet) -> Bool {
        other.subtracting(self).isEmpty
    }

    /// Returns whether every address of this set is in `other`.
    public func isSubset(of other: AddressSet) -> Bool {
        other.isSuperset(of: self)
    }

    /// Whether the set contains every IPv4 address.
    public var coversAllIPv4: Bool { isSuperset(of: .allIPv4) }

    /// Whether the set contains every address outside ::ffff:0:0/96.
    public var coversAllIPv6: Bool { isSuperset(of: .allIPv6) }

    /// The number of addresses, saturating at UInt128.max (only the whole space reaches it).
    public var count: UInt128 {
        var total: UInt128 = 0
        for range in ranges {
            let (size, overflow) = (range.upperBound - range.lowerBound).addingReportingOverflow(1)
            if overflow { return .max }
            let (sum, sumOverflow) = total.addingReportingOverflow(size)
            if sumOverflow { return .max }
            total = sum
        }
        return total
    }

    /// Returns the fewest CIDR blocks whose union is exactly this set, in address order.
    public func cidrs() -> [CIDR] {
        var blocks: [CIDR] = []
        for range in ranges { AddressSet.appendCover(of: range, to: &blocks) }
        return blocks
    }

    /// The blocks of `cidrs()` separated by ", ", or "none" for the empty set.
    public var description: String {
        isEmpty ? "none" : cidrs().map(\.description).joined(separator: ", ")
    }
}

// MARK: - Range helpers

extension AddressSet {
    private init(normalizedRanges: ContiguousArray<ClosedRange<UInt128>>) {
        ranges = normalizedRanges
    }

    /// Merges overlapping and adjacent ranges of input sorted by lower bound.
    private static func normalized<C: Collection>(_ sorted: C) -> ContiguousArray<ClosedRange<UInt128>>
    where C.Element == ClosedRange<UInt128> {
        var result = ContiguousArray<ClosedRange<UInt128>>()
        result.reserveCapacity(sorted.count)
        for range in sorted {
            if let last = result.last, last.upperBound == .max || range.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// Appends the largest aligned blocks that exactly cover `range`, left to right.
    private static func appendCover(of range: ClosedRange<UInt128>, to blocks: inout [CIDR]) {
        var lower = range.lowerBound
        while true {
            // The block may be no larger than the alignment of `lower` allows...
            var size = lower == 0 ? 128 : lower.trailingZeroBitCount
            // ...and must not reach past the upper bound.
            while size > 0, blockEnd(lower, size) > range.upperBound { size -= 1 }
            let length = 128 - size
            blocks.append(CIDR(containing: IPAddress(value: lower), prefixLength: length))
            let end = blockEnd(lower, size)
            if end >= range.upperBound { return }
            lower = end + 1
        }
    }

    /// Returns the last address of the block of 2^size addresses starting at `lower`.
    private static func blockEnd(_ lower: UInt128, _ size: Int) -> UInt128 {
        size >= 128 ? .max : lower | ((1 << UInt128(size)) - 1)
    }
}
