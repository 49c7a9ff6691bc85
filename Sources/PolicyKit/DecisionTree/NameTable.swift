// A read-only name-to-index table for the evaluation path. Names are known
// at compile time, so the table is built once with open addressing over a
// fast byte hash, and the longest probe sequence any name needs is recorded.
// A lookup never probes further than that, so a request cannot make one
// slower by choosing colliding names: it can only miss after that bound.

/// Returns the 64-bit FNV-1a hash of a string's UTF-8 bytes: stable across
/// processes, unlike Hasher, and read in place for native strings.
func fnv1a(_ text: String) -> UInt64 {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    let hashedInPlace: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
        for byte in bytes {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
    }
    if hashedInPlace == nil {
        for byte in text.utf8 {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
    }
    return value
}

/// Maps names (key ids, scopes, models, routes) to their indexes. It is a
/// class so that reading it from the policy retains one object, not four arrays.
final class NameTable: Sendable {
    private let names: [String]
    /// Slot contents: an index into `names`, or -1 for an empty slot.
    private let slots: [Int32]
    /// The full hash of each slot's name, compared before the name itself.
    private let hashes: [UInt64]
    private let mask: Int
    /// The maximum distance, in slots, of any stored name from its home slot.
    private let maxProbe: Int

    init(_ names: [String]) {
        self.names = names
        var capacity = 8
        while capacity < names.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        var hashes = [UInt64](repeating: 0, count: capacity)
        var maxProbe = 0
        for (index, name) in names.enumerated() {
            let hash = Self.hash(name)
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            var distance = 0
            while slots[slot] >= 0 {
                // A name listed twice keeps its first index, as a dictionary built in order would.
                if hashes[slot] == hash, names[Int(slots[slot])] == name { break }
                slot = (slot + 1) & (capacity - 1)
                distance += 1
            }
            if slots[slot] < 0 {
                slots[slot] = Int32(index)
                hashes[slot] = hash
            }
            maxProbe = max(maxProbe, distance)
        }
        self.slots = slots
        self.hashes = hashes
        self.mask = capacity - 1
        self.maxProbe = maxProbe
    }

    /// The index of `name`, or nil.
    subscript(name: String) -> Int32? {
        let hash = Self.hash(name)
        var slot = Int(truncatingIfNeeded: hash) & mask
        for _ in 0...maxProbe {
            let index = slots[slot]
            if index < 0 { return nil }
            if hashes[slot] == hash, names[Int(index)] == name { return index }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// FNV-1a over the UTF-8 bytes, then a 64-bit finalizer so that names
    /// differing only in their last bytes (key-0001, key-0002) spread over the table.
    static func hash(_ name: String) -> UInt64 {
        var value = fnv1a(name)
        value ^= value >> 33
        value = value &* 0xff51_afd7_ed55_8ccd
        value ^= value >> 33
        value = value &* 0xc4ce_b9fe_1a85_ec53
        value ^= value >> 33
        return value
    }
}
