// The YAML node tree built from libyaml's events. Every node keeps the byte
// range of its source text. Scalars keep their raw text and style: the
// policy schema, not YAML 1.1's implicit typing, decides what a scalar means,
// so `no` stays the string "no" where a string is expected.

public import PolicySource

/// How a scalar was written in the source.
public enum ScalarStyle: Sendable, Hashable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
    case folded

    /// Whether the scalar was written in quotes or as a block, which always means a string.
    public var isQuotedOrBlock: Bool { self != .plain }
}

/// A scalar node: its value after YAML unescaping and folding, its style and tag.
/// Equality and hashing ignore the source position.
public struct Scalar: Sendable, Hashable {
    public let value: String
    public let style: ScalarStyle
    /// An explicit tag such as `!!str`, expanded to its full form
    /// (`tag:yaml.org,2002:str`), or nil when none was written.
    public let tag: String?
    /// The whole scalar in the source, including quotes or block indicators.
    public let range: SourceRange

    public init(value: String, style: ScalarStyle, tag: String?, range: SourceRange) {
        self.value = value
        self.style = style
        self.tag = tag
        self.range = range
    }

    /// Whether this is a plain scalar that YAML 1.2's core schema reads as null
    /// (empty, `~`, `null`, `Null`, `NULL`).
    public var isNull: Bool {
        style == .plain && tag == nil && ["", "~", "null", "Null", "NULL"].contains(value)
    }

    /// Computes the byte offsets, relative to `range.start`, where each Unicode
    /// scalar of `value` was read in the source, plus one entry for the end.
    ///
    /// A value substring then maps back to an exact source range even through
    /// escapes, quotes and folded lines. The offsets are aligned from the
    /// source bytes on each call, so a tree does not store them for every scalar.
    public func sourceOffsets() -> [Int] {
        scalarSourceOffsets(bytes: range.file.bytes, span: span, style: style, value: value)
    }

    /// The source range of `value`'s Unicode scalars from `offset` for
    /// `length`, counted in Unicode scalars of `value`.
    ///
    /// NOTE: each call aligns the value against the source again, in time
    /// linear in the scalar's length, so a caller that maps many ranges of
    /// one long scalar pays that cost for each of them.
    public func sourceRange(valueOffset offset: Int, length: Int) -> SourceRange {
        let scalarCount = value.unicodeScalars.count
        let lower = max(0, min(offset, scalarCount))
        let (sum, overflow) = lower.addingReportingOverflow(max(0, length))
        let upper = max(lower, min(overflow ? Int.max : sum, scalarCount))

        // Only the entries up to `upper` are needed, so the alignment stops there.
        let offsets = scalarSourceOffsets(
            bytes: range.file.bytes, span: span, style: style, value: value, entryCount: upper + 1)
        let startByte = range.start + offsets[lower]
        var endByte = range.start + offsets[upper]
        if upper > lower, endByte <= startByte { endByte = startByte + 1 }
        return SourceRange(file: range.file, start: startByte, end: max(startByte + (upper > lower ? 1 : 0), endByte))
    }

    /// The scalar's own text, which is exactly `range`.
    private var span: ScalarSpan { ScalarSpan(start: range.start, end: range.end) }

    /// Compares value, style and tag, ignoring the source position.
    public static func == (lhs: Scalar, rhs: Scalar) -> Bool {
        lhs.value == rhs.value && lhs.style == rhs.style && lhs.tag == rhs.tag
    }

    /// Hashes value, style and tag, ignoring the source position.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
        hasher.combine(style)
        hasher.combine(tag)
    }
}

/// One entry of a mapping: the key scalar and its value.
public struct MappingEntry: Sendable, Hashable {
    public let key: Scalar
    public let value: Node

    public init(key: Scalar, value: Node) {
        self.key = key
        self.value = value
    }
}

/// A YAML node with its source range. Aliases are already expanded, within
/// the caps of `ReadLimits`: a copy keeps the source range of the node its
/// anchor names. Equality and hashing ignore source positions.
public enum Node: Sendable, Hashable {
    case scalar(Scalar)
    case sequence([Node], tag: String?, range: SourceRange)
    case mapping([MappingEntry], tag: String?, range: SourceRange)

    /// Compares structure, values and tags, ignoring source ranges.
    public static func == (lhs: Node, rhs: Node) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let left), .scalar(let right)): left == right
        case (.sequence(let left, let leftTag, _), .sequence(let right, let rightTag, _)): left == right && leftTag == rightTag
        case (.mapping(let left, let leftTag, _), .mapping(let right, let rightTag, _)): left == right && leftTag == rightTag
        default: false
        }
    }

    /// Hashes structure, values and tags, ignoring source ranges.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .scalar(let scalar):
            hasher.combine(0)
            hasher.combine(scalar)
        case .sequence(let items, let tag, _):
            hasher.combine(1)
            hasher.combine(items)
            hasher.combine(tag)
        case .mapping(let entries, let tag, _):
            hasher.combine(2)
            hasher.combine(entries)
            hasher.combine(tag)
        }
    }

    public var range: SourceRange {
        switch self {
        case .scalar(let scalar): scalar.range
        case .sequence(_, _, let range): range
        case .mapping(_, _, let range): range
        }
    }

    public var tag: String? {
        switch self {
        case .scalar(let scalar): scalar.tag
        case .sequence(_, let tag, _): tag
        case .mapping(_, let tag, _): tag
        }
    }

    /// A word for the kind of node, used in messages ("expected a list, found a mapping").
    public var kindDescription: String {
        switch self {
        case .scalar(let scalar): scalar.isNull ? "an empty value" : "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    public var scalar: Scalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }
}

/// The result of reading one YAML file: its single document's root node, or
/// nil when the file could not be read into one, plus every diagnostic found.
public struct YAMLDocument: Sendable {
    public let file: SourceFile
    /// The root node; nil for an empty file or when reading failed.
    public let root: Node?
    public let diagnostics: [Diagnostic]

    public init(file: SourceFile, root: Node?, diagnostics: [Diagnostic]) {
        self.file = file
        self.root = root
        self.diagnostics = diagnostics
    }
}
