// Builds the node tree from libyaml's events and enforces the reading rules:
// one document, scalar keys without duplicates, accepted tags only, aliases
// expanded into copies within the caps, and the depth and node limits.
//
// Aliases are cheap to copy because `Node` is a value whose children are
// shared, but each copy still counts as the number of nodes it stands for.
// Each anchor remembers that size, so a "billion laughs" file hits the
// expansion cap after a few aliases instead of building the copies.

internal import PolicySource

/// The result of running the builder over one file.
struct BuiltTree {
    var root: Node?
    var diagnostics: [Diagnostic]
    /// Byte ranges of quoted and block scalars, in file order, where a tab at
    /// the start of a line is content and not indentation.
    var tabExemptRanges: [Range<Int>]
    /// How far the events reached, as a byte offset.
    var endOffset: Int
}

/// Consumes the events of one file and builds its tree.
final class TreeBuilder {
    private let file: SourceFile
    private let limits: ReadLimits
    private var offsets: CharacterOffsets
    private let parser: EventParser

    private var stack: [Frame] = []
    private var anchors: [String: AnchoredNode] = [:]
    private var root: Node?
    private var diagnostics: [Diagnostic] = []
    private var tabExemptRanges: [Range<Int>] = []
    private var documentCount = 0
    private var nodeCount = 0
    private var aliasCount = 0
    private var expandedNodeCount = 0
    private var endOffset = 0

    init(file: SourceFile, limits: ReadLimits) {
        self.file = file
        self.limits = limits
        offsets = CharacterOffsets(bytes: file.bytes)
        parser = EventParser(bytes: file.bytes)
    }

    /// Reads events until the stream ends or reading has to stop.
    func build() -> BuiltTree {
        var stoppedEarly = false
        loop: while true {
            switch parser.next() {
            case .failure(let error):
                diagnostics.append(syntaxDiagnostic(error))
                stoppedEarly = true
                break loop
            case .success(let event):
                // Converting the start mark before the end mark keeps the
                // character offset conversion stepping forward.
                let eventRange = EventRange(start: byteOffset(event.start), end: byteOffset(event.end))
                endOffset = eventRange.end
                switch handle(event.kind, at: eventRange) {
                case .proceed: continue
                case .finished: break loop
                case .stopped:
                    stoppedEarly = true
                    break loop
                }
            }
        }
        return BuiltTree(
            root: stoppedEarly ? nil : root, diagnostics: diagnostics,
            tabExemptRanges: tabExemptRanges, endOffset: endOffset)
    }

    // MARK: - Events

    private enum Outcome {
        case proceed
        /// The stream ended, or a second document began; the first one is kept.
        case finished
        /// A fatal problem: the tree is incomplete.
        case stopped
    }

    private func handle(_ kind: EventKind, at eventRange: EventRange) -> Outcome {
        switch kind {
        case .streamStart, .documentEnd:
            return .proceed
        case .streamEnd:
            return .finished
        case .documentStart:
            documentCount += 1
            guard documentCount > 1 else { return .proceed }
            diagnostics.append(.multipleDocuments(at: pointRange(eventRange.start)))
            return .finished
        case .alias(let anchor):
            return handleAlias(anchor, at: eventRange)
        case .scalar(let value, let anchor, let tag, let style):
            return handleScalar(value: value, anchor: anchor, tag: tag, style: style, at: eventRange)
        case .sequenceStart(let anchor, let tag):
            return openCollection(.sequence, anchor: anchor, tag: tag, at: eventRange)
        case .mappingStart(let anchor, let tag):
            return openCollection(.mapping, anchor: anchor, tag: tag, at: eventRange)
        case .sequenceEnd, .mappingEnd:
            return closeCollection(at: eventRange)
        }
    }

    private func handleScalar(
        value: String, anchor: String?, tag: String?, style: ScalarStyle, at eventRange: EventRange
    ) -> Outcome {
        guard countNodes(1, at: pointRange(eventRange.start)) else { return .stopped }

        let eventStart = eventRange.start
        let span = scalarSpan(
            in: file.bytes, eventStart: eventStart, eventEnd: eventRange.end,
            hasProperties: anchor != nil || tag != nil)
        let range = SourceRange(file: file, start: span.start, end: span.end)
        if style != .plain {
            tabExemptRanges.append(span.start..<span.end)
        }
        if let tag, tag != Self.stringTag {
            // The range starts at the tag, which the scalar's own range leaves out.
            let taggedRange = SourceRange(file: file, start: eventStart, end: span.end)
            diagnostics.append(.unsupportedTag(tag, on: "a scalar", at: taggedRange))
        }

        let scalar = Scalar(value: value, style: style, tag: tag, range: range)
        let node = Node.scalar(scalar)
        if let anchor {
            anchors[anchor] = AnchoredNode(node: node, size: 1, height: 0)
        }
        deliver(node, size: 1, height: 0)
        return .proceed
    }

    private func handleAlias(_ anchor: String, at eventRange: EventRange) -> Outcome {
        let range = SourceRange(file: file, start: eventRange.start, end: eventRange.end)
        if let top = stack.last, top.isExpectingKey {
            diagnostics.append(.aliasKey(alias: anchor, at: range))
            stack[stack.count - 1].skipValue()
            return .proceed
        }

        guard let target = anchors[anchor] else {
            if let open = stack.last(where: { $0.anchor == anchor }) {
                let anchorRange = pointRange(open.start)
                diagnostics.append(.recursiveAlias(alias: anchor, at: range, anchorAt: anchorRange))
            } else {
                diagnostics.append(.undefinedAlias(alias: anchor, at: range))
            }
            return .stopped
        }

        aliasCount += 1
        guard aliasCount <= limits.maxAliases else {
            diagnostics.append(.aliasCountLimit(alias: anchor, limit: limits.maxAliases, at: range))
            return .stopped
        }
        expandedNodeCount = saturatingAdd(expandedNodeCount, target.size)
        guard expandedNodeCount <= limits.maxAliasExpansion else {
            diagnostics.append(.aliasExpansionLimit(alias: anchor, limit: limits.maxAliasExpansion, at: range))
            return .stopped
        }
        guard saturatingAdd(stack.count, target.height) <= limits.maxDepth else {
            diagnostics.append(.depthLimit(limit: limits.maxDepth, at: range))
            return .stopped
        }
        guard countNodes(target.size, at: range) else { return .stopped }

        deliver(target.node, size: target.size, height: target.height)
        return .proceed
    }

    private func openCollection(
        _ kind: Frame.Kind, anchor: String?, tag: String?, at eventRange: EventRange
    ) -> Outcome {
        let start = eventRange.start
        guard countNodes(1, at: pointRange(start)) else { return .stopped }
        guard stack.count < limits.maxDepth else {
            diagnostics.append(.depthLimit(limit: limits.maxDepth, at: pointRange(start)))
            return .stopped
        }

        // An anchor names the most recent node that carries it, so an alias
        // inside this collection must not reach an older node of the same name.
        if let anchor {
            anchors.removeValue(forKey: anchor)
        }
        stack.append(Frame(kind: kind, anchor: anchor, tag: tag, start: start))
        return .proceed
    }

    private func closeCollection(at eventRange: EventRange) -> Outcome {
        guard let frame = stack.popLast() else { return .proceed }
        let range = SourceRange(file: file, start: frame.start, end: eventRange.end)
        let node: Node
        switch frame.kind {
        case .sequence:
            node = .sequence(frame.items, tag: frame.tag, range: range)
            if let tag = frame.tag, tag != Self.sequenceTag {
                diagnostics.append(.unsupportedTag(tag, on: "a list", at: range))
            }
        case .mapping:
            node = .mapping(frame.entries, tag: frame.tag, range: range)
            if let tag = frame.tag, tag != Self.mappingTag {
                diagnostics.append(.unsupportedTag(tag, on: "a mapping", at: range))
            }
        }

        let height = frame.childHeight + 1
        if let anchor = frame.anchor {
            anchors[anchor] = AnchoredNode(node: node, size: frame.size, height: height)
        }
        deliver(node, size: frame.size, height: height)
        return .proceed
    }

    // MARK: - Tree

    /// Adds a finished node to the open collection, or makes it the root.
    private func deliver(_ node: Node, size: Int, height: Int) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        let index = stack.count - 1
        stack[index].size = saturatingAdd(stack[index].size, size)
        stack[index].childHeight = max(stack[index].childHeight, height)

        switch stack[index].kind {
        case .sequence:
            stack[index].items.append(node)
        case .mapping where stack[index].isExpectingKey:
            acceptKey(node, frameIndex: index)
        case .mapping:
            stack[index].addValue(node)
        }
    }

    /// Makes `node` the pending key of a mapping, or reports why it cannot be one.
    private func acceptKey(_ node: Node, frameIndex index: Int) {
        guard let key = node.scalar else {
            diagnostics.append(.complexKey(kind: node.kindDescription, at: node.range))
            stack[index].skipValue()
            return
        }
        // NOTE: keys compare as Swift strings, so canonically equivalent
        // spellings (a precomposed "é" and "e" with a combining accent) are the
        // same key, as they are in every dictionary built from this tree later.
        if let first = stack[index].firstRange(ofKey: key.value) {
            diagnostics.append(.duplicateKey(key.value, at: key.range, firstDefinedAt: first))
            stack[index].skipValue()
            return
        }
        stack[index].setPendingKey(key)
    }

    // MARK: - Counting

    /// Counts `count` more nodes; reports Y009 and returns false past the limit.
    private func countNodes(_ count: Int, at range: SourceRange) -> Bool {
        nodeCount = saturatingAdd(nodeCount, count)
        guard nodeCount <= limits.maxNodes else {
            diagnostics.append(.nodeLimit(limit: limits.maxNodes, at: range))
            return false
        }
        return true
    }

    private func saturatingAdd(_ lhs: Int, _ rhs: Int) -> Int {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        return overflow ? Int.max : sum
    }

    // MARK: - Positions

    private func byteOffset(_ mark: EventMark) -> Int {
        offsets.byteOffset(ofCharacter: mark.index)
    }

    /// Returns the range of the one character at `offset`, or an empty range at the end of the file.
    private func pointRange(_ offset: Int) -> SourceRange {
        let length = decodeUTF8(file.bytes, at: offset)?.length ?? 0
        return SourceRange(file: file, start: offset, end: offset + length)
    }

    // MARK: - libyaml errors

    private func syntaxDiagnostic(_ error: EventParserError) -> Diagnostic {
        let problemOffset = error.problemMark.map(byteOffset) ?? min(error.problemByteOffset ?? 0, file.bytes.count)
        if error.isMemoryError {
            return .parserOutOfMemory(at: pointRange(problemOffset))
        }
        // libyaml rejects some tabs in indentation itself; its message then
        // speaks of tokens, so the tab gets our own diagnostic.
        if let tab = indentationTab(nearProblemAt: problemOffset) {
            return .tabIndentation(at: pointRange(tab))
        }
        let contextRange = error.contextMark.map { pointRange(byteOffset($0)) }
        return .yamlSyntax(
            problem: error.problem, found: describeCharacter(at: problemOffset), at: pointRange(problemOffset),
            context: error.context, contextRange: contextRange)
    }

    /// Returns the tab that most likely caused a libyaml error at `offset`:
    /// a tab at that offset, or a tab in the leading blanks of its line.
    private func indentationTab(nearProblemAt offset: Int) -> Int? {
        let bytes = file.bytes
        let tab = UInt8(ascii: "\t")
        if offset < bytes.count, bytes[offset] == tab { return offset }
        var lineStart = min(offset, bytes.count)
        while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        return firstIndentationTab(in: bytes, lineStart: lineStart)
    }

    /// Describes the character at `offset` for a message: `'@'`, `a tab`,
    /// `the end of the file`, or an escape sequence such as `'\q'`.
    private func describeCharacter(at offset: Int) -> String {
        guard let (value, length) = decodeUTF8(file.bytes, at: offset), let scalar = Unicode.Scalar(value) else {
            return "the end of the file"
        }
        switch scalar {
        case "\n", "\r": return "the end of the line"
        case "\t": return "a tab"
        case " ": return "a space"
        case "\\":
            guard let (next, _) = decodeUTF8(file.bytes, at: offset + length), let letter = Unicode.Scalar(next),
                  letter.properties.isAlphabetic || letter.properties.numericType != nil
            else { return "'\\'" }
            return "'\\\(letter)'"
        default: return "'\(scalar)'"
        }
    }

    // MARK: - Constants

    static let stringTag = "tag:yaml.org,2002:str"
    static let sequenceTag = "tag:yaml.org,2002:seq"
    static let mappingTag = "tag:yaml.org,2002:map"
}

// MARK: - Builder state

/// The byte offsets of an event's start and end marks.
private struct EventRange {
    var start: Int
    var end: Int
}

/// A node that an anchor names, with the number of nodes a copy counts as
/// and its nesting height (0 for a scalar).
private struct AnchoredNode {
    var node: Node
    var size: Int
    var height: Int
}

/// A mapping or list whose end event has not arrived yet.
private struct Frame {
    enum Kind { case sequence, mapping }

    let kind: Kind
    let anchor: String?
    let tag: String?
    /// Byte offset of the start event, including any anchor or tag.
    let start: Int

    var items: [Node] = []
    var entries: [MappingEntry] = []
    /// The range of each key, built only once a mapping has more than
    /// `linearKeySearchLimit` entries.
    var keyRanges: [String: SourceRange]?
    var pendingKey: Scalar?
    var isExpectingKey: Bool
    /// Nodes in this subtree so far, counting alias copies at their full size.
    var size = 1
    var childHeight = 0

    init(kind: Kind, anchor: String?, tag: String?, start: Int) {
        self.kind = kind
        self.anchor = anchor
        self.tag = tag
        self.start = start
        isExpectingKey = kind == .mapping
    }

    /// Finds duplicate keys in mappings up to this size by comparing the
    /// entries in order, which costs less than hashing for short mappings.
    static let linearKeySearchLimit = 16

    /// Returns the range of the key equal to `value` that this mapping already has, if any.
    func firstRange(ofKey value: String) -> SourceRange? {
        if let keyRanges {
            return keyRanges[value]
        }
        return entries.first { $0.key.value == value }?.key.range
    }

    /// Makes `key` the key of the next value.
    mutating func setPendingKey(_ key: Scalar) {
        pendingKey = key
        isExpectingKey = false
        if keyRanges != nil {
            keyRanges?[key.value] = key.range
        } else if entries.count >= Self.linearKeySearchLimit {
            // Duplicate keys were rejected, so keeping the first range changes nothing.
            let pairs = entries.map { ($0.key.value, $0.key.range) }
            var ranges = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
            ranges[key.value] = key.range
            keyRanges = ranges
        }
    }

    /// Drops the value that follows a rejected key.
    mutating func skipValue() {
        pendingKey = nil
        isExpectingKey = false
    }

    /// Adds the value for the pending key, or drops it after a rejected key.
    mutating func addValue(_ value: Node) {
        if let pendingKey {
            entries.append(MappingEntry(key: pendingKey, value: value))
        }
        pendingKey = nil
        isExpectingKey = true
    }
}
