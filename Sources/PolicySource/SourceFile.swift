// Source files and positions. Every node and diagnostic carries a UTF-8 byte
// range into one file; line and column are computed only when a position is
// printed, so positions stay cheap to store and compare.

/// One policy or test file as read from disk or given as a string.
public final class SourceFile: Sendable, Hashable, CustomStringConvertible {
    /// The path as given by the user, printed in diagnostics.
    public let path: String
    /// The raw bytes of the file. Invalid UTF-8 is kept so positions stay exact.
    public let bytes: [UInt8]
    /// Byte offsets where each line starts; the first entry is 0.
    public let lineStarts: [Int]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    public var description: String { path }

    public static func == (lhs: SourceFile, rhs: SourceFile) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    /// Returns the 1-based line and column of a byte offset. The column counts
    /// Unicode scalars, so a caret lines up under non-ASCII text.
    public func location(of offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= clamped { low = middle } else { high = middle - 1 }
        }
        let lineStart = lineStarts[low]
        var column = 1
        var index = lineStart
        while index < clamped {
            // Continuation bytes (10xxxxxx) do not start a new scalar.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(line: low + 1, column: column)
    }

    /// Returns the text of a 1-based line without its line break.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Returns the text of a byte range, decoding invalid UTF-8 as U+FFFD.
    public func text(_ range: Range<Int>) -> String {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}

/// A 1-based line and column, as printed.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A half-open UTF-8 byte range in one source file.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public let file: SourceFile
    public let start: Int
    public let end: Int

    public init(file: SourceFile, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// Returns the range from the start of `self` to the end of `other`, in the same file.
    public func through(_ other: SourceRange) -> SourceRange {
        SourceRange(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    /// Returns a range inside this one, given by byte offsets relative to `start`.
    public func subrange(offset: Int, length: Int) -> SourceRange {
        let begin = min(end, start + max(0, offset))
        return SourceRange(file: file, start: begin, end: min(end, begin + max(0, length)))
    }

    public var location: SourceLocation { file.location(of: start) }

    /// `path:line:column`, the form editors and CI systems recognize.
    public var description: String { "\(file.path):\(location)" }
}

/// A place in a file as path, line and column, without the file's text: what
/// a compiled policy keeps for its explanations, so the source files can be
/// freed once compilation is done.
public struct FileLocation: Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// Creates the location where `range` starts.
    public init(_ range: SourceRange) {
        let location = range.location
        self.init(path: range.file.path, line: location.line, column: location.column)
    }

    /// `path:line:column`.
    public var description: String { "\(path):\(line):\(column)" }

    /// `path:line`, the form decisions and reports use.
    public var lineDescription: String { "\(path):\(line)" }
}
