// API key secrets: the SHA-256 hashes that policies store in place of keys,
// and a heuristic that spots a plaintext secret pasted where a hash or a
// name belongs, so the compiler can refuse it before it reaches a repository.

import Foundation
import PolicySource

/// The SHA-256 digest of an API key secret, written as 64 hex digits.
public struct SecretHash: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The digest as four big-endian 64-bit words, most significant first.
    public let words: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a hash from a 32-byte digest, or nil for another length.
    public init?<Bytes: Collection>(digest: Bytes) where Bytes.Element == UInt8 {
        guard digest.count == 32 else { return nil }
        var words: [UInt64] = [0, 0, 0, 0]
        for (index, byte) in digest.enumerated() { words[index / 8] = words[index / 8] << 8 | UInt64(byte) }
        self.words = (words[0], words[1], words[2], words[3])
    }

    init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// Parses 64 hex digits in either case, optionally after `sha256:`.
    public static func parse(_ text: Substring) -> Result<SecretHash, ValueError> {
        text.withUTF8Bytes { bytes in
            scan(bytes)
        }
    }

    /// Parses a hash given as a String.
    public static func parse(_ text: String) -> Result<SecretHash, ValueError> { parse(text[...]) }

    /// Returns whether `digest` (32 bytes) equals this hash. Every byte is compared, so the
    /// time taken does not depend on where the bytes differ.
    public func matches(digest: UnsafeRawBufferPointer) -> Bool {
        guard digest.count == 32 else { return false }
        var difference: UInt64 = 0
        var index = 0
        for word in [words.0, words.1, words.2, words.3] {
            var value: UInt64 = 0
            for _ in 0..<8 {
                value = value << 8 | UInt64(digest[index])
                index += 1
            }
            difference |= value ^ word
        }
        return difference == 0
    }

    /// Returns whether `text` looks like a plaintext API secret, as `PlaintextSecretDetector` decides.
    public static func looksLikePlaintextSecret(_ text: Substring) -> Bool {
        PlaintextSecretDetector.looksLikeSecret(text)
    }

    public static func == (lhs: SecretHash, rhs: SecretHash) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    public static func < (lhs: SecretHash, rhs: SecretHash) -> Bool {
        (lhs.words.0, lhs.words.1, lhs.words.2, lhs.words.3) < (rhs.words.0, rhs.words.1, rhs.words.2, rhs.words.3)
    }

    /// The 64 lowercase hex digits.
    public var hex: String {
        [words.0, words.1, words.2, words.3].map { pad16(String($0, radix: 16)) }.joined()
    }

    /// The canonical form, `sha256:` followed by 64 lowercase hex digits.
    public var description: String { "sha256:" + hex }

    private func pad16(_ digits: String) -> String {
        String(repeating: "0", count: 16 - digits.count) + digits
    }
}

// MARK: - Parsing

extension SecretHash {
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<SecretHash, ValueError> {
        let prefix: StaticString = "sha256:"
        var start = 0
        if bytes.count >= prefix.utf8CodeUnitCount,
           (0..<prefix.utf8CodeUnitCount).allSatisfy({ bytes[$0] == prefix.utf8Start[$0] }) {
            start = prefix.utf8CodeUnitCount
        }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var digits = 0
        var index = start
        while index < bytes.count {
            guard let value = hexValue(bytes[index]) else {
                let wording = ValueMessages.secretHashCharacter(character(bytes, at: index))
                return .failure(ValueError(.invalidSecretHash, wording, in: bytes, start: index, end: scalarEnd(bytes, at: index)))
            }
            switch digits / 16 {
            case 0: words.0 = words.0 << 4 | UInt64(value)
            case 1: words.1 = words.1 << 4 | UInt64(value)
            case 2: words.2 = words.2 << 4 | UInt64(value)
            case 3: words.3 = words.3 << 4 | UInt64(value)
            default: break
            }
            digits += 1
            index += 1
        }
        guard digits == 64 else {
            let wording = ValueMessages.secretHashLength(found: digits)
            return .failure(ValueError(.invalidSecretHash, wording, in: bytes, start: start, end: bytes.count))
        }
        return .success(SecretHash(words: words))
    }
}

// MARK: - Plaintext secret detection

/// Spots values that look like API secrets: well-known key prefixes, and
/// long random-looking tokens. A 64-digit hex hash, scope names, CIDR blocks,
/// model ids, UUIDs, paths and sentences do not count.
public enum PlaintextSecretDetector {
    /// Returns whether `text` looks like a plaintext secret.
    public static func looksLikeSecret(_ text: Substring) -> Bool {
        let length = text.utf8.count
        guard length >= 16, length <= 4096, text.utf8.allSatisfy(isTokenByte) else { return false }
        return hasKnownPrefix(text) || looksRandom(Array(text.utf8))
    }

    /// Prefixes that providers put on secrets, with the shortest body that counts.
    static let knownPrefixes: [(prefix: String, minimumBody: Int)] = [
        ("sk-ant-", 20), ("sk-proj-", 20), ("sk-svcacct-", 20), ("sk-", 20),
        ("sk_live_", 16), ("sk_test_", 16), ("rk_live_", 16), ("AKIA", 16), ("ASIA", 16),
        ("ghp_", 30), ("gho_", 30), ("ghs_", 30), ("ghu_", 30), ("ghr_", 30), ("github_pat_", 40),
        ("xoxb-", 20), ("xoxp-", 20), ("xoxa-", 20), ("xapp-", 20), ("AIza", 30), ("glpat-", 20), ("hf_", 30),
    ]

    /// Returns whether the text starts with a known prefix and a body that mixes character
    /// classes. So `sk-this-is-my-service-name` does not count, but `sk-proj-Ab3…` does.
    static func hasKnownPrefix(_ text: Substring) -> Bool {
        for (prefix, minimumBody) in knownPrefixes where text.hasPrefix(prefix) {
            let body = Array(text.utf8.dropFirst(prefix.utf8.count))
            if body.count >= minimumBody, CharacterClasses(body).count >= 2 { return true }
        }
        return false
    }

    /// Returns whether the bytes look like a random token. A token has at least 24 bytes and a
    /// run of 16 or more letters and digits. It is then either base62 or base64 text (both
    /// letter cases, digits, frequent changes of class and high Shannon entropy), or hex of 32
    /// digits or more that is not a 64-digit hash.
    static func looksRandom(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 24, longestAlphanumericRun(bytes) >= 16 else { return false }
        let classes = CharacterClasses(bytes)
        if bytes.allSatisfy({ hexValue($0) != nil }) {
            return bytes.count >= 32 && bytes.count != 64 && classes.digits > 0 && classes.letters > 0
        }
        guard classes.lower > 0, classes.upper > 0, classes.digits >= 2 else { return false }
        return classSwitchRatio(bytes) >= 0.45 && entropyPerByte(bytes) >= 3.5
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5a, 0x61...0x7a: true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "."): true
        default: false
        }
    }

    private static func longestAlphanumericRun(_ bytes: [UInt8]) -> Int {
        var longest = 0
        var run = 0
        for byte in bytes {
            run = CharacterClasses.kind(byte) == nil ? 0 : run + 1
            longest = max(longest, run)
        }
        return longest
    }

    /// Computes the share of neighbouring letters and digits whose classes (lower, upper,
    /// digit) differ. Random base62 text changes class about 60% of the time, camelCase far less.
    private static func classSwitchRatio(_ bytes: [UInt8]) -> Double {
        var pairs = 0
        var switches = 0
        for index in bytes.indices.dropFirst() {
            guard let previous = CharacterClasses.kind(bytes[index - 1]), let current = CharacterClasses.kind(bytes[index]) else {
                continue
            }
            pairs += 1
            if previous != current { switches += 1 }
        }
        return pairs == 0 ? 0 : Double(switches) / Double(pairs)
    }

    /// Computes the Shannon entropy, in bits per byte, of the byte distribution.
    static func entropyPerByte(_ bytes: [UInt8]) -> Double {
        var counts = [Int](repeating: 0, count: 256)
        for byte in bytes { counts[Int(byte)] += 1 }
        let total = Double(bytes.count)
        var entropy = 0.0
        for count in counts where count > 0 {
            let share = Double(count) / total
            entropy -= share * log2(share)
        }
        return entropy
    }
}

/// Counts of lowercase letters, uppercase letters and digits in some bytes.
struct CharacterClasses {
    var lower = 0
    var upper = 0
    var digits = 0

    init(_ bytes: [UInt8]) {
        for byte in bytes {
            switch CharacterClasses.kind(byte) {
            case 0: lower += 1
            case 1: upper += 1
            case 2: digits += 1
            default: break
            }
        }
    }

    var letters: Int { lower + upper }

    /// How many of the three classes occur.
    var count: Int { (lower > 0 ? 1 : 0) + (upper > 0 ? 1 : 0) + (digits > 0 ? 1 : 0) }

    /// 0 for a lowercase letter, 1 for uppercase, 2 for a digit, nil for anything else.
    static func kind(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x61...0x7a: 0
        case 0x41...0x5a: 1
        case 0x30...0x39: 2
        default: nil
        }
    }
}
