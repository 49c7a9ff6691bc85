// Resource limits applied while reading untrusted policy files. They keep a
// hostile or broken file from taking unbounded time or memory.

/// Caps for reading one file. The defaults are generous for hand-written
/// policies: the 1,000-key example is about 0.5 MB and 30,000 nodes.
public struct ReadLimits: Sendable, Hashable {
    /// Largest file accepted, in bytes.
    public var maxFileBytes: Int = 16 * 1024 * 1024
    /// Deepest nesting of mappings and lists.
    public var maxDepth: Int = 64
    /// Most nodes in one file, counting each alias expansion.
    public var maxNodes: Int = 2_000_000
    /// Most alias references in one file.
    public var maxAliases: Int = 100
    /// Most nodes that all alias references together may expand to.
    public var maxAliasExpansion: Int = 10_000

    public init() {}
}
