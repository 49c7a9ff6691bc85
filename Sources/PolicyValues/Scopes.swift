// Scope names such as `chat:completions` and the patterns that grant them,
// such as `chat:*` (one whole segment) or `admin:**` (one or more trailing
// segments). Matching walks the UTF-8 bytes of both sides and allocates
// nothing.

import PolicySource

/// A scope name: 1 to 8 segments separated by `:`, each `[a-z][a-z0-9_-]*`.
public struct ScopeName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The name as written, which is also its canonical form.
    public let text: String

    /// Most segments a scope name or pattern may have.
    public static let maxSegments = 8
    /// Most characters one segment may have.
    public static let maxSegmentLength = 64

    /// Parses a scope name; wildcards are rejected here (see `ScopePattern`).
    public static func parse(_ text: Substring) -> Result<ScopeName, ValueError> {
        text.withUTF8Bytes { bytes in
            ScopeSyntax.validate(bytes, allowWildcards: false).map { _ in ScopeName(text: String(text)) }
        }
    }

    /// Parses a scope name given as a String.
    public static func parse(_ text: String) -> Result<ScopeName, ValueError> { parse(text[...]) }

    /// The segments between the colons.
    public var segments: [Substring] { text.split(separator: ":", omittingEmptySubsequences: false) }

    public static func < (lhs: ScopeName, rhs: ScopeName) -> Bool { lhs.text < rhs.text }

    public var description: String { text }
}

/// A scope pattern: a scope name in which `*` stands for exactly one whole
/// segment and a final `**` for one or more trailing segments.
public struct ScopePattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let text: String

    /// Parses a pattern such as `chat:*`, `admin:**` or a plain scope name.
    public static func parse(_ text: Substring) -> Result<ScopePattern, ValueError> {
        text.withUTF8Bytes { bytes in
            ScopeSyntax.validate(bytes, allowWildcards: true).map { _ in ScopePattern(text: String(text)) }
        }
    }

    /// Parses a pattern given as a String.
    public static func parse(_ text: String) -> Result<ScopePattern, ValueError> { parse(text[...]) }

    /// Whether the pattern has no wildcard and so names exactly one scope.
    public var isLiteral: Bool { !text.contains("*") }

    /// Returns whether `scope` matches the pattern.
    public func matches(_ scope: ScopeName) -> Bool {
        var pattern = text
        var name = scope.text
        return pattern.withUTF8 { patternBytes in
            name.withUTF8 { ScopeSyntax.matches(pattern: patternBytes, name: $0) }
        }
    }

    public var description: String { text }
}

// MARK: - Syntax and matching

enum ScopeSyntax {
    /// Checks the segments of a name or pattern and returns the segment count.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, allowWildcards: Bool) -> Result<Int, ValueError> {
        guard !bytes.isEmpty else {
            return .failure(ValueError(.invalidScopeName, ValueMessages.scopeEmpty(), in: bytes, start: 0, end: 0))
        }
        var segments = 0
        var start = 0
        while start <= bytes.count {
            let end = segmentEnd(bytes, from: start)
            segments += 1
            if segments > ScopeName.maxSegments {
                let found = bytes.reduce(1) { $0 + ($1 == UInt8(ascii: ":") ? 1 : 0) }
                let wording = ValueMessages.scopeTooManySegments(text(bytes, 0, bytes.count), found: found, maximum: ScopeName.maxSegments)
                return .failure(ValueError(.invalidScopeName, wording, in: bytes, start: start, end: bytes.count))
            }
            if let fault = checkSegment(bytes, start, end, isLast: end == bytes.count, allowWildcards: allowWildcards) {
                return .failure(error(fault, bytes, start, end))
            }
            start = end + 1
        }
        return .success(segments)
    }

    /// A problem with one segment.
    enum SegmentFault {
        case empty, wildcardInName, doubleWildcardNotLast, partialWildcard, tooLong, invalid
    }

    /// Checks one segment and returns its fault, or nil when it is valid.
    private static func checkSegment(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, isLast: Bool, allowWildcards: Bool
    ) -> SegmentFault? {
        if start == end { return .empty }
        let star = UInt8(ascii: "*")
        if bytes[start..<end].contains(star) {
            if !allowWildcards { return .wildcardInName }
            if end - start == 1 { return nil }
            if end - start == 2, bytes[start + 1] == star { return isLast ? nil : .doubleWildcardNotLast }
            return .partialWildcard
        }
        if end - start > ScopeName.maxSegmentLength { return .tooLong }
        guard (0x61...0x7a).contains(bytes[start]) else { return .invalid }
        for index in start..<end {
            switch bytes[index] {
            case 0x61...0x7a, 0x30...0x39, UInt8(ascii: "_"), UInt8(ascii: "-"): continue
            default: return .invalid
            }
        }
        return nil
    }

    /// Builds the error for a segment fault; an empty segment points at the colon after it, if any.
    private static func error(_ fault: SegmentFault, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> ValueError {
        let whole = text(bytes, 0, bytes.count)
        let segment = text(bytes, start, end)
        let wording: ValueMessage
        switch fault {
        case .empty: wording = ValueMessages.scopeEmptySegment(whole)
        case .wildcardInName: wording = ValueMessages.scopeWildcardInName(whole)
        case .doubleWildcardNotLast: wording = ValueMessages.scopeDoubleWildcardNotLast(whole)
        case .partialWildcard: wording = ValueMessages.scopePartialWildcard(segment, in: whole)
        case .tooLong: wording = ValueMessages.scopeSegmentTooLong(segment, maximum: ScopeName.maxSegmentLength)
        case .invalid: wording = ValueMessages.scopeSegmentInvalid(segment, in: whole)
        }
        let upper = start == end && start < bytes.count ? start + 1 : end
        return ValueError(.invalidScopeName, wording, in: bytes, start: start, end: upper)
    }

    /// Matches a validated pattern against a validated name, segment by segment.
    static func matches(pattern: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>) -> Bool {
        var patternStart = 0
        var nameStart = 0
        while true {
            let patternEnd = segmentEnd(pattern, from: patternStart)
            let patternLength = patternEnd - patternStart
            if patternLength == 2, pattern[patternStart] == UInt8(ascii: "*") {
                // `**` is always the last segment and needs at least one name segment left.
                return nameStart < name.count
            }
            let nameEnd = segmentEnd(name, from: nameStart)
            let isStar = patternLength == 1 && pattern[patternStart] == UInt8(ascii: "*")
            if !isStar {
                guard patternLength == nameEnd - nameStart else { return false }
                for offset in 0..<patternLength where pattern[patternStart + offset] != name[nameStart + offset] {
                    return false
                }
            }
            let patternDone = patternEnd == pattern.count
            let nameDone = nameEnd == name.count
            if patternDone || nameDone { return patternDone && nameDone }
            patternStart = patternEnd + 1
            nameStart = nameEnd + 1
        }
    }

    private static func segmentEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: ":") { end += 1 }
        return end
    }
}
