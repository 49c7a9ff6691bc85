// Tests for secret hashes and the plaintext secret heuristic, in both directions.

import PolicySource
import Testing

@testable import PolicyValues

@Suite struct SecretHashTests {
    static let digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

    @Test(arguments: [digest, digest.uppercased(), "sha256:" + digest, "sha256:" + digest.uppercased()])
    func parseNormalizes(_ input: String) {
        let hash = value(SecretHash.parse(input))
        #expect(hash?.hex == Self.digest)
        #expect(hash?.description == "sha256:" + Self.digest)
    }

    static let invalid: [ExpectedError] = [
        ExpectedError("", "V011", 0, 0),
        ExpectedError(String(digest.dropLast()), "V011", 0, 63),
        ExpectedError("sha256:" + digest + "0", "V011", 7, 65),
        ExpectedError("g" + digest.dropFirst(), "V011", 0, 1),
        ExpectedError("sha256:" + digest.dropLast() + "z", "V011", 70, 1),
        ExpectedError("sha512:" + digest, "V011", 0, 1),
        ExpectedError(digest.prefix(32) + " " + digest.suffix(31), "V011", 32, 1),
    ]

    @Test(arguments: invalid)
    func parseRejects(_ expected: ExpectedError) {
        expectFailure(SecretHash.parse(expected.text), expected)
    }

    @Test func lengthMessageCountsDigits() throws {
        let error = try #require(SecretHash.parse(String(Self.digest.dropLast())).failure)
        #expect(error.message.contains("63 hex digits"))
    }

    @Test func matchesDigestBytes() throws {
        let hash = try #require(value(SecretHash.parse(Self.digest)))
        var bytes: [UInt8] = []
        var index = Self.digest.startIndex
        while index < Self.digest.endIndex {
            let next = Self.digest.index(index, offsetBy: 2)
            bytes.append(UInt8(Self.digest[index..<next], radix: 16) ?? 0)
            index = next
        }
        #expect(bytes.withUnsafeBytes { hash.matches(digest: $0) })
        #expect(SecretHash(digest: bytes) == hash)
        bytes[31] ^= 1
        #expect(!bytes.withUnsafeBytes { hash.matches(digest: $0) })
        #expect(SecretHash(digest: bytes.dropLast()) == nil)
    }
}

@Suite struct PlaintextSecretTests {
    static let secrets = [
        "sk-" + "4fJq8ZtLmX2vR9kP7wN3bY6cH1dF5sA0eG8uI2oT",
        "sk-proj-" + "Xy9_Qm2LpR7tV4nB8kW1zH6cJ3fD5sA0eG8uI2oTqZx",
        "sk-ant-api03-" + "aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6kM9nP2rS5uV8xA1dG4",
        "AKIAIOSFODNN7EXAMPLE",
        "ASIAY34FZKBOKMUTVV7A",
        "ghp_" + "1A2b3C4d5E6f7G8h9I0jK1lM2nO3pQ4rS5tU",
        "github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN",
        "xoxb-" + "1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        "AIzaSyD-" + "1234567890abcdefghijklmnopqrstu",
        "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
        "q8Zt3LmX9vR2kP7wN4bY6cJ1hF5dS0aE",
        "dGhpcyBpcyBhIHNlY3JldCB0b2tlbiAxMjM0NTY3ODkw",
        "Zm9vYmFyYmF6cXV4/4f7T9k2LmQ8xR3vB+1pW6nH0cJ5=",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b",
        "0123456789abcdef0123456789abcdef",
    ]

    @Test(arguments: secrets)
    func detectsSecret(_ text: String) {
        #expect(SecretHash.looksLikePlaintextSecret(text[...]))
    }

    static let ordinary = [
        SecretHashTests.digest,
        SecretHashTests.digest.uppercased(),
        "sha256:" + SecretHashTests.digest,
        "chat:completions",
        "models:embeddings:write",
        "10.0.0.0/8",
        "2001:db8:1234:5678::/64",
        "gpt-4o-mini-2024-07-18",
        "claude-3-5-sonnet-20241022",
        "claude-3-5-sonnet-latest",
        "text-embedding-3-large",
        "meta-llama/Llama-3.1-70B-Instruct",
        "mistralai/Mixtral-8x22B-Instruct-v0.1",
        "/var/lib/policyc/keys.yaml",
        "policies/teams/billing-team.yaml",
        "This key is for the billing team",
        "my-service-account-name-for-prod",
        "sk-this-is-my-service-key-name",
        "123e4567-e89b-12d3-a456-426614174000",
        "AVeryLongCamelCaseIdentifierName",
        "MyServiceAccountName2024Prod",
        "averyveryverylongidentifiername",
        "2025-03-01T12:00:00Z",
        "team-platform-engineering-2024",
        "sk-short",
        "AKIA",
    ]

    @Test(arguments: ordinary)
    func ignoresOrdinaryValue(_ text: String) {
        #expect(!SecretHash.looksLikePlaintextSecret(text[...]))
    }

    @Test func wordingNeverQuotesSecret() {
        // The factory takes no argument, so the secret cannot reach logs through the message.
        let wording = ValueMessages.plaintextSecret()
        #expect(wording.message == "the value looks like a plaintext API secret")
        #expect(wording.hint?.contains("SHA-256") == true)
    }
}
