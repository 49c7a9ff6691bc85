// The error every value parser returns, and the byte-level helpers the
// parsers share. Parsers work on the UTF-8 bytes of their input so that a
// successful parse of a native string allocates nothing. Only a failure
// builds message strings.

public import PolicySource

/// A value that failed to parse: its code, wording, and where in the parsed
/// text the fault is.
public struct ValueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The diagnostic code, one of the V group.
    public var code: DiagnosticCode
    /// The problem, quoting the value.
    public var message: String
    /// The suggested fix, if there is one.
    public var hint: String?
    /// Start of the fault in Unicode scalars from the start of the parsed text.
    public var offset: Int
    /// Length of the fault in Unicode scalars; 0 marks a position such as the end of the text.
    public var length: Int
    /// Start of the fault in UTF-8 bytes, for callers that map into a source file.
    public var utf8Offset: Int
    /// Length of the fault in UTF-8 bytes.
    public var utf8Length: Int

    /// Creates an error whose scalar and byte positions are the same (ASCII text).
    public init(code: DiagnosticCode, message: String, hint: String?, offset: Int, length: Int) {
        self.code = code
        self.message = message
        self.hint = hint
        self.offset = offset
        self.length = length
        self.utf8Offset = offset
        self.utf8Length = length
    }

    /// `V001 at 3+2: message`, for logs and test failures.
    public var description: String { "\(code.id) at \(offset)+\(length): \(message)" }
}

// MARK: - Faults found while scanning bytes

/// A fault found by a byte scanner: what kind, and its half-open byte range.
/// It carries no strings, so scanners can run on the request path.
@usableFromInline
struct ByteFault<Kind: Sendable>: Error {
    @usableFromInline var kind: Kind
    @usableFromInline var start: Int
    @usableFromInline var end: Int

    @usableFromInline
    init(_ kind: Kind, _ start: Int, _ end: Int) {
        self.kind = kind
        self.start = start
        self.end = max(start, end)
    }
}

extension ValueError {
    /// Builds an error from a byte range of `bytes`, counting scalars for `offset` and `length`.
    init(_ code: DiagnosticCode, _ wording: ValueMessage, in bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) {
        let lower = max(0, min(start, bytes.count))
        let upper = max(lower, min(end, bytes.count))
        self.code = code
        self.message = wording.message
        self.hint = wording.hint
        self.offset = scalarCount(bytes, lower: 0, upper: lower)
        self.length = scalarCount(bytes, lower: lower, upper: upper)
        self.utf8Offset = lower
        self.utf8Length = upper - lower
    }
}

/// Counts Unicode scalars in a byte range: every byte that is not a UTF-8 continuation byte.
func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>, lower: Int, upper: Int) -> Int {
    var count = 0
    var index = lower
    while index < upper {
        if bytes[index] & 0xC0 != 0x80 { count += 1 }
        index += 1
    }
    return count
}

/// Decodes a byte range for a message.
func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
    let lower = max(0, min(start, bytes.count))
    let upper = max(lower, min(end, bytes.count))
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
}

/// Decodes the whole scalar that starts at `index`, for "unexpected character" messages.
func character(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> String {
    var end = index + 1
    while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
    return text(bytes, index, end)
}

/// Returns the end of the scalar that starts at `index`.
func scalarEnd(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
    var end = index + 1
    while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
    return min(end, bytes.count)
}

extension StringProtocol {
    /// Runs `body` on the UTF-8 bytes of the text, without copying native strings.
    @inlinable
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        // Bridged or foreign strings have no contiguous UTF-8; copying is the rare slow path.
        var copy = String(self)
        return try copy.withUTF8(body)
    }
}

// MARK: - Byte classes

@usableFromInline let asciiZero: UInt8 = 0x30
@usableFromInline let asciiNine: UInt8 = 0x39

/// Returns the value of a decimal digit byte, or nil.
@inlinable
func decimalValue(_ byte: UInt8) -> UInt8? {
    byte >= asciiZero && byte <= asciiNine ? byte &- asciiZero : nil
}

/// Returns the value of a hex digit byte in either case, or nil.
@inlinable
func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: byte &- 0x30
    case 0x41...0x46: byte &- 0x41 &+ 10
    case 0x61...0x66: byte &- 0x61 &+ 10
    default: nil
    }
}

/// Reads a run of exactly `count` decimal digits at `index`, or nil.
@inlinable
func fixedDigits(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, count: Int) -> Int? {
    guard index >= 0, index + count <= bytes.count else { return nil }
    var value = 0
    for offset in 0..<count {
        guard let digit = decimalValue(bytes[index + offset]) else { return nil }
        value = value * 10 + Int(digit)
    }
    return value
}
