// Checks run on a file's bytes before libyaml parses them, and the table that
// turns libyaml's character indexes into UTF-8 byte offsets.
//
// libyaml counts positions in characters (Unicode scalars), not bytes, and
// starts counting after a leading byte-order mark. A CRLF is two characters,
// like any other two scalars. Policy code works in byte offsets, so every
// mark is converted through `CharacterOffsets`.

// MARK: - UTF-8 decoding

/// The UTF-8 byte-order mark, which libyaml skips without counting it.
let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

/// Decodes the UTF-8 sequence starting at `offset` into its scalar value and
/// length, or returns nil when the bytes there are not valid UTF-8.
func decodeUTF8(_ bytes: [UInt8], at offset: Int) -> (value: UInt32, length: Int)? {
    guard offset >= 0, offset < bytes.count else { return nil }
    let lead = bytes[offset]
    if lead < 0x80 { return (UInt32(lead), 1) }

    // The allowed range of the second byte excludes overlong forms, surrogates
    // and values above U+10FFFF.
    let length: Int
    var secondRange: ClosedRange<UInt8> = 0x80...0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: length = 3; secondRange = 0xA0...0xBF
    case 0xED: length = 3; secondRange = 0x80...0x9F
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xF0: length = 4; secondRange = 0x90...0xBF
    case 0xF1...0xF3: length = 4
    case 0xF4: length = 4; secondRange = 0x80...0x8F
    default: return nil
    }
    guard bytes.count - offset >= length, secondRange.contains(bytes[offset + 1]) else { return nil }

    let leadMask: UInt8
    switch length {
    case 2: leadMask = 0x1F
    case 3: leadMask = 0x0F
    default: leadMask = 0x07
    }
    var value = UInt32(lead & leadMask)
    for index in (offset + 1)..<(offset + length) {
        let byte = bytes[index]
        guard byte & 0xC0 == 0x80 else { return nil }
        value = value << 6 | UInt32(byte & 0x3F)
    }
    return (value, length)
}

/// Returns whether libyaml accepts the scalar value in its input. It rejects
/// control characters other than tab, LF, CR and NEL, and U+FFFE and U+FFFF.
func isAllowedInYAML(_ value: UInt32) -> Bool {
    switch value {
    case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
    default: false
    }
}

// MARK: - Input check

/// The first problem found in a file's bytes before parsing.
enum InputProblem: Equatable {
    case invalidUTF8(offset: Int, byte: UInt8)
    case controlCharacter(offset: Int, length: Int, value: UInt32)
}

/// Returns the first invalid UTF-8 sequence or disallowed character in `bytes`, if any.
func findInputProblem(_ bytes: [UInt8]) -> InputProblem? {
    var offset = 0
    while offset < bytes.count {
        // Most policy text is ASCII, which needs no decoding.
        if bytes[offset] < 0x80, isAllowedInYAML(UInt32(bytes[offset])) {
            offset += 1
            continue
        }
        guard let (value, length) = decodeUTF8(bytes, at: offset) else {
            return .invalidUTF8(offset: offset, byte: bytes[offset])
        }
        if !isAllowedInYAML(value) {
            return .controlCharacter(offset: offset, length: length, value: value)
        }
        offset += length
    }
    return nil
}

// MARK: - Character index to byte offset

/// Converts libyaml's character indexes to UTF-8 byte offsets in one file.
///
/// An all-ASCII file needs no table. Otherwise the byte offset of every 64th
/// character is stored, which keeps the table small for large files, and the
/// last conversion is kept as a cursor. libyaml's marks mostly arrive in
/// increasing order, so most conversions step forward from the cursor over
/// the few scalars since the previous mark. The others step over at most 63
/// scalars from a stored checkpoint.
struct CharacterOffsets {
    private static let stride = 64

    private let bytes: [UInt8]
    private let firstCharacterOffset: Int
    private let checkpoints: [Int]?
    /// The character index and byte offset of the last conversion.
    private var cursor: (index: Int, offset: Int)

    /// Builds the table for `bytes`, which must already be valid UTF-8.
    init(bytes: [UInt8]) {
        self.bytes = bytes
        firstCharacterOffset = bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
        cursor = (0, firstCharacterOffset)
        guard bytes.contains(where: { $0 >= 0x80 }) else {
            checkpoints = nil
            return
        }

        var table: [Int] = []
        table.reserveCapacity(bytes.count / Self.stride + 1)
        var offset = firstCharacterOffset
        var character = 0
        while offset < bytes.count {
            if character % Self.stride == 0 { table.append(offset) }
            offset += Self.scalarLength(bytes[offset])
            character += 1
        }
        if character % Self.stride == 0 { table.append(offset) }
        checkpoints = table
    }

    /// Returns the byte offset of the character at `index`, clamped to the end of the file.
    mutating func byteOffset(ofCharacter index: Int) -> Int {
        let index = max(0, index)
        guard let checkpoints else {
            let (sum, overflow) = firstCharacterOffset.addingReportingOverflow(index)
            return overflow ? bytes.count : min(sum, bytes.count)
        }

        // Start from the cursor or the checkpoint at or before `index`, whichever is closer.
        let slot = min(index / Self.stride, checkpoints.count - 1)
        var start = (index: slot * Self.stride, offset: checkpoints[slot])
        if index >= cursor.index, index - cursor.index < index - start.index {
            start = cursor
        }
        var offset = start.offset
        var remaining = index - start.index
        while remaining > 0, offset < bytes.count {
            offset += Self.scalarLength(bytes[offset])
            remaining -= 1
        }
        cursor = (index, offset)
        return min(offset, bytes.count)
    }

    /// Returns the length of the UTF-8 sequence a lead byte starts, or 1 for a stray byte.
    private static func scalarLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }
}
