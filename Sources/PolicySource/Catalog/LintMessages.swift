// Wording for the security lints (L codes).

extension Diagnostic {
    public static func keyWithoutExpiry(key: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.keyWithoutExpiry, "key '\(key)' never expires", at: range,
                   hint: "set 'expires_at' so a forgotten key stops working on its own")
    }

    public static func keyWithoutMaxAge(key: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.maxAgeTooLong, "key '\(key)' has no maximum age, so it is never forced to rotate", at: range,
                   hint: "set 'max_age' on the key or its tier, or 'max_key_age' in settings, to 90d or less")
    }

    public static func maxAgeTooLong(_ age: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.maxAgeTooLong, "maximum key age \(age) is above 90 days", at: range, hint: "rotate keys at least every 90 days")
    }

    public static func rotationOverdue(key: String, deadline: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.rotationOverdue, "key '\(key)' is past its maximum age since \(deadline) and is denied until it is rotated", at: range,
                   hint: "issue a new secret, update 'secret_sha256' and 'created_at'")
    }

    public static func expiringSoon(key: String, expiry: String, days: Int64, at range: SourceRange) -> Diagnostic {
        Diagnostic(.expiringSoon, "key '\(key)' expires at \(expiry), within \(days) days", at: range,
                   hint: "rotate the key or extend 'expires_at' before it stops working")
    }

    public static func expired(key: String, expiry: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.expiringSoon, "key '\(key)' expired at \(expiry)", at: range, hint: "remove the key or mark it disabled")
    }

    public static func wideWildcard(_ pattern: String, count: Int, limit: Int64, at range: SourceRange) -> Diagnostic {
        Diagnostic(.wideWildcard, "scope pattern '\(pattern)' grants \(count) scopes, more than the limit of \(limit)", at: range,
                   hint: "list the scopes the key needs, or raise 'lint_options.max_wildcard_scopes'")
    }

    public static func adminScopeInProduction(key: String, scope: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.adminScopeInProduction, "production key '\(key)' is granted admin scope '\(scope)'", at: range,
                   hint: "give administration its own short-lived key outside production")
    }

    public static func keyWithoutNetworkAllowlist(key: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.keyWithoutNetworkAllowlist, "key '\(key)' may connect from any address", at: range,
                   hint: "add 'networks: {allow: [...]}' to the key or its tier")
    }

    public static func networkAllowsEverything(_ cidr: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.networkAllowsEverything, "allowlist entry '\(cidr)' admits every \(cidr.contains(":") ? "IPv6 and IPv4" : "IPv4") address", at: range,
                   hint: "list the networks the clients really use")
    }

    public static func sharedSecret(key: String, other: String, at range: SourceRange, first: SourceRange) -> Diagnostic {
        Diagnostic(.sharedSecret, "keys '\(other)' and '\(key)' have the same secret hash", at: range,
                   notes: [DiagnosticNote("key '\(other)' uses it here", at: first)],
                   hint: "give every key its own secret, so revoking one does not break or keep the other")
    }

    public static func plaintextSecretValue(at range: SourceRange) -> Diagnostic {
        Diagnostic(.plaintextSecretValue, "this value looks like a plaintext API secret", at: range,
                   hint: "remove it from the policy, rotate the secret, and store only its SHA-256 hash in 'secret_sha256'")
    }

    public static func unusedDefinition(kind: String, name: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.unusedDefinition, "\(kind) '\(name)' is never used", at: range, hint: "remove it or use it")
    }

    public static func fallbackOverPriceCap(route: String, model: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.fallbackOverPriceCap, "route '\(route)' can fall back to '\(model)', which is priced above the route's max_price", at: range,
                   hint: "cap the fallback route too, or accept the higher price")
    }

    public static func unknownLint(_ name: String, known: [String], at range: SourceRange) -> Diagnostic {
        Diagnostic(.unknownLint, "unknown lint '\(name)'", at: range,
                   hint: Suggestions.didYouMean(name, in: known) ?? "see 'policyc lint --list' for the lint codes and names")
    }
}
