// Maps each Unicode scalar of a decoded YAML scalar back to the byte where it
// was read. A caret can then point inside a value, such as at one token of a
// condition expression, even through quotes, escapes, indentation and folded
// lines.
//
// The mapping aligns the decoded value against the source text greedily: a
// value character maps to the next source character equal to it. On the way,
// quote marks, indentation, stripped whitespace, comments in the header of a
// block scalar and escape sequences that decode to something else are
// skipped. An escape sequence maps to the value character it decodes to, and
// a line break maps to the space or newline that folding made of it.

// MARK: - Source span of a scalar

/// The bytes of a scalar's text, without the node properties before it.
struct ScalarSpan {
    /// The first byte of the scalar text, after any anchor or tag.
    var start: Int
    /// One past the last byte, including a closing quote.
    var end: Int
}

/// Returns the span of a scalar's own text inside an event's range, skipping
/// the anchor and tag that libyaml includes in the event's start mark.
func scalarSpan(in bytes: [UInt8], eventStart: Int, eventEnd: Int, hasProperties: Bool) -> ScalarSpan {
    let eventEnd = max(eventStart, eventEnd)
    guard hasProperties else { return ScalarSpan(start: eventStart, end: eventEnd) }
    var offset = eventStart
    while offset < eventEnd {
        let byte = bytes[offset]
        if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "!") {
            offset = endOfProperty(in: bytes, from: offset, limit: eventEnd)
        } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || isLineBreakByte(byte) {
            offset += 1
        } else if byte == UInt8(ascii: "#") {
            while offset < eventEnd, !isLineBreakByte(bytes[offset]) { offset += 1 }
        } else {
            break
        }
    }
    return ScalarSpan(start: min(offset, eventEnd), end: eventEnd)
}

private func endOfProperty(in bytes: [UInt8], from start: Int, limit: Int) -> Int {
    var offset = start + 1
    let isVerbatimTag = bytes[start] == UInt8(ascii: "!") && offset < limit && bytes[offset] == UInt8(ascii: "<")
    while offset < limit {
        let byte = bytes[offset]
        if isVerbatimTag, byte == UInt8(ascii: ">") { return offset + 1 }
        if !isVerbatimTag, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || isLineBreakByte(byte) { break }
        if bytes[start] == UInt8(ascii: "&"), [UInt8]("[]{},".utf8).contains(byte) { break }
        offset += 1
    }
    return offset
}

private func isLineBreakByte(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
}

// MARK: - Alignment

/// Returns `Scalar.sourceOffsets()` for a scalar: for each Unicode scalar of
/// `value`, the byte offset relative to `span.start` where it was read, then
/// one entry for the end of the text that was read. With `entryCount` it
/// returns only that many leading entries, which are the same as in the full list.
func scalarSourceOffsets(
    bytes: [UInt8], span: ScalarSpan, style: ScalarStyle, value: String, entryCount: Int = Int.max
) -> [Int] {
    var aligner = ScalarAligner(bytes: bytes, span: span, style: style, value: value)
    return aligner.align(value, entryCount: entryCount)
}

/// The state of one greedy alignment.
private struct ScalarAligner {
    let bytes: [UInt8]
    let style: ScalarStyle
    let base: Int
    let contentEnd: Int
    /// Spaces of indentation removed at the start of each line of a block scalar.
    let blockIndentation: Int

    var position: Int
    var isAtLineStart: Bool

    init(bytes: [UInt8], span: ScalarSpan, style: ScalarStyle, value: String) {
        self.bytes = bytes
        self.style = style
        base = span.start
        let end = min(span.end, bytes.count)
        switch style {
        case .plain:
            position = span.start
            contentEnd = end
        case .singleQuoted, .doubleQuoted:
            // Step inside the quote marks; a truncated scalar has no closing quote.
            position = min(span.start + 1, end)
            let quote = UInt8(ascii: style == .singleQuoted ? "'" : "\"")
            contentEnd = end - 1 >= position && bytes[end - 1] == quote ? end - 1 : end
        case .literal, .folded:
            position = Self.lineEnd(bytes, from: span.start, limit: end)
            contentEnd = end
        }
        isAtLineStart = style == .literal || style == .folded
        blockIndentation = style.isBlock
            ? Self.blockIndentation(bytes, from: position, to: contentEnd, value: value) : 0
    }

    mutating func align(_ value: String, entryCount: Int) -> [Int] {
        var offsets: [Int] = []
        var end = position
        for character in value.unicodeScalars {
            guard offsets.count < entryCount else { return offsets }
            if let found = find(character.value) {
                offsets.append(found - base)
                end = position
            } else {
                offsets.append(contentEnd - base)
                end = contentEnd
            }
        }
        if offsets.count < entryCount {
            offsets.append(end - base)
        }
        return offsets
    }

    /// Advances past the source that produced `character` and returns where it starts.
    private mutating func find(_ character: UInt32) -> Int? {
        while position < contentEnd {
            if isAtLineStart {
                skipIndentation()
                continue
            }
            let start = position
            if let breakLength = lineBreakLength(at: position) {
                position += breakLength
                isAtLineStart = true
                if character == 0x0A || character == 0x20 { return start }
                continue
            }
            let (decoded, length, isEscapedBreak) = sourceCharacter(at: position)
            position += length
            if isEscapedBreak {
                isAtLineStart = true
            } else if decoded == character {
                return start
            }
        }
        return nil
    }

    /// Skips a block scalar's indentation, or all leading blanks of a continuation
    /// line of a flow scalar, where they are never part of the value.
    private mutating func skipIndentation() {
        isAtLineStart = false
        var skipped = 0
        while position < contentEnd {
            let byte = bytes[position]
            if style.isBlock {
                guard byte == UInt8(ascii: " "), skipped < blockIndentation else { return }
            } else {
                guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") else { return }
            }
            position += 1
            skipped += 1
        }
    }

    // MARK: - Source characters

    /// Decodes the source character, escape sequence or doubled quote at
    /// `offset`: its value, its length in bytes, and whether it is an escaped line break.
    private func sourceCharacter(at offset: Int) -> (value: UInt32?, length: Int, isEscapedBreak: Bool) {
        let byte = bytes[offset]
        if style == .doubleQuoted, byte == UInt8(ascii: "\\") {
            return escapeSequence(at: offset)
        }
        if style == .singleQuoted, byte == UInt8(ascii: "'"), offset + 1 < contentEnd, bytes[offset + 1] == byte {
            return (UInt32(byte), 2, false)
        }
        guard let (value, length) = decodeUTF8(bytes, at: offset) else { return (nil, 1, false) }
        return (value, length, false)
    }

    /// Decodes the double-quoted escape sequence whose backslash is at `offset`.
    private func escapeSequence(at offset: Int) -> (value: UInt32?, length: Int, isEscapedBreak: Bool) {
        let next = offset + 1
        guard next < contentEnd else { return (nil, 1, false) }
        if let breakLength = lineBreakLength(at: next) {
            return (nil, 1 + breakLength, true)
        }
        let letter = bytes[next]
        if let simple = Self.simpleEscapes[letter] {
            return (simple, 2, false)
        }
        let digitCount: Int
        switch letter {
        case UInt8(ascii: "x"): digitCount = 2
        case UInt8(ascii: "u"): digitCount = 4
        case UInt8(ascii: "U"): digitCount = 8
        default: return (nil, 2, false)
        }
        var value: UInt32 = 0
        var index = next + 1
        while index < contentEnd, index < next + 1 + digitCount, let digit = Self.hexValue(bytes[index]) {
            value = value &* 16 &+ digit
            index += 1
        }
        return (value, index - offset, false)
    }

    /// The escapes of one letter, as YAML 1.2 and libyaml define them.
    private static let simpleEscapes: [UInt8: UInt32] = [
        UInt8(ascii: "0"): 0x00, UInt8(ascii: "a"): 0x07, UInt8(ascii: "b"): 0x08,
        UInt8(ascii: "t"): 0x09, 0x09: 0x09, UInt8(ascii: "n"): 0x0A,
        UInt8(ascii: "v"): 0x0B, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "r"): 0x0D,
        UInt8(ascii: "e"): 0x1B, UInt8(ascii: " "): 0x20, UInt8(ascii: "\""): 0x22,
        UInt8(ascii: "'"): 0x27, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "\\"): 0x5C,
        UInt8(ascii: "N"): 0x85, UInt8(ascii: "_"): 0xA0, UInt8(ascii: "L"): 0x2028,
        UInt8(ascii: "P"): 0x2029,
    ]

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Returns the length of the line break at `offset` that libyaml folds or
    /// turns into "\n" (LF, CR, CRLF or NEL), or nil.
    private func lineBreakLength(at offset: Int) -> Int? {
        switch bytes[offset] {
        case UInt8(ascii: "\n"): return 1
        case UInt8(ascii: "\r"): return offset + 1 < contentEnd && bytes[offset + 1] == UInt8(ascii: "\n") ? 2 : 1
        case 0xC2: return offset + 1 < contentEnd && bytes[offset + 1] == 0x85 ? 2 : nil
        default: return nil
        }
    }

    // MARK: - Block scalars

    /// Returns the offset just after the header line of a block scalar (`|`, `>-`, `|2 # note`).
    private static func lineEnd(_ bytes: [UInt8], from start: Int, limit: Int) -> Int {
        var offset = start
        while offset < limit, !isLineBreakByte(bytes[offset]) { offset += 1 }
        if offset < limit, bytes[offset] == UInt8(ascii: "\r") { offset += 1 }
        if offset < limit, bytes[offset] == UInt8(ascii: "\n") { offset += 1 }
        return offset
    }

    /// Computes the block's content indentation: the leading spaces of its first
    /// non-empty source line minus the leading spaces that line kept in the value.
    /// This works for detected and explicit indentation alike.
    private static func blockIndentation(_ bytes: [UInt8], from start: Int, to end: Int, value: String) -> Int {
        var offset = start
        var sourceSpaces = 0
        var foundContent = false
        while offset < end {
            let byte = bytes[offset]
            if byte == UInt8(ascii: " ") {
                sourceSpaces += 1
            } else if isLineBreakByte(byte) {
                sourceSpaces = 0
            } else {
                foundContent = true
                break
            }
            offset += 1
        }
        guard foundContent else { return Int.max }

        let valueSpaces = value.unicodeScalars.drop { $0 == "\n" }.prefix { $0 == " " }.count
        return max(0, sourceSpaces - valueSpaces)
    }
}

extension ScalarStyle {
    /// Whether the scalar is a literal (`|`) or folded (`>`) block.
    var isBlock: Bool { self == .literal || self == .folded }
}
