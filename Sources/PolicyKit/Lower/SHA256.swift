// SHA-256 through OpenSSL's libcrypto, for presented secrets and policy revisions.

internal import CCrypto

enum SHA256 {
    /// Hashes `bytes` into a digest without allocating.
    static func digest(_ bytes: UnsafeRawBufferPointer) -> SecretDigest {
        var output: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &output) { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: 32) { pointer in
                ccrypto_sha256(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, pointer)
            }
        }
        // Read the digest as big-endian words, most significant first, as SecretHash stores a parsed hash.
        return SecretDigest(words: (UInt64(bigEndian: output.0), UInt64(bigEndian: output.1),
                                    UInt64(bigEndian: output.2), UInt64(bigEndian: output.3)))
    }

    static func digest(_ text: String) -> SecretDigest {
        var text = text
        return text.withUTF8 { digest(UnsafeRawBufferPointer($0)) }
    }

    /// Returns the lowercase hex form of the SHA-256 of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String {
        let value = bytes.withUnsafeBytes { digest($0) }
        return hex(value)
    }

    static func hex(_ value: SecretDigest) -> String {
        let words = [value.words.0, value.words.1, value.words.2, value.words.3]
        return words.map { word in
            let text = String(word, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }
}
