// Wording for the X codes: policy test files (`*.test.yaml`) read by
// `policyc test`, the references they make into the policy, and failed tests.

extension Diagnostic {
    // MARK: - Structure

    public static func testFileRoot(found: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.testFileStructure, "a policy test file must be a mapping with a 'tests' list, found \(found)", at: range,
                   hint: "start the file with 'tests:' followed by a list of tests")
    }

    public static func emptyTestFile(at range: SourceRange) -> Diagnostic {
        Diagnostic(.testFileStructure, "the test file contains no tests", at: range,
                   hint: "add a 'tests:' list with at least one test, or delete the file")
    }

    public static func testWithoutKey(test: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.testFileStructure, "the request of test '\(test)' names no key", at: range,
                   hint: "add 'key:' with a key id, or 'secret:' with the secret the client presents")
    }

    public static func reasonContradictsDecision(_ reason: String, decision: String, at range: SourceRange) -> Diagnostic {
        let kind = decision == "allow" ? "a deny reason" : "an allow reason"
        return Diagnostic(.testFileStructure, "reason '\(reason)' is \(kind), but the test expects decision '\(decision)'", at: range,
                          hint: "expect a reason that matches the decision, or change the decision")
    }

    public static func usageWithoutKey(test: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.testFileStructure, "test '\(test)' sets quota usage, but its request names no key of the policy", at: range,
                   hint: "remove 'usage' or name a key that the quotas apply to")
    }

    public static func duplicateTestName(_ name: String, at range: SourceRange, first: SourceRange) -> Diagnostic {
        Diagnostic(.duplicateTestName, "test '\(name)' is defined more than once in this file", at: range,
                   notes: [DiagnosticNote("'\(name)' is first defined here", at: first)],
                   hint: "give every test in a file its own name")
    }

    public static func noTestFiles(_ paths: [String]) -> Diagnostic {
        let list = paths.map { "'\($0)'" }.joined(separator: ", ")
        return Diagnostic(.noTestFiles, "no policy test files (*.test.yaml, *.test.yml) found in \(list)", at: nil,
                          hint: "write tests in a file named like 'keys.test.yaml' next to the policy files")
    }

    // MARK: - References

    /// Reports a name the policy does not define. `expectedReason` is the reason code
    /// that lets a test use an undefined name on purpose, when there is one.
    public static func unknownTestReference(
        kind: String, name: String, known: [String], expectedReason: String? = nil, at range: SourceRange
    ) -> Diagnostic {
        let hint = Suggestions.didYouMean(name, in: known)
            ?? expectedReason.map { "fix the name, or expect 'reasons: [\($0)]' to test a \(kind) the policy does not define" }
            ?? "use one of: \(known.sorted().prefix(12).joined(separator: ", "))\(known.count > 12 ? ", ..." : "")"
        return Diagnostic(.unknownTestReference, "\(kind) '\(name)' is not defined in the policy", at: range, hint: hint)
    }

    public static func unknownReasonCode(_ code: String, known: [String], at range: SourceRange) -> Diagnostic {
        let hint = Suggestions.didYouMean(code, in: known) ?? "use a reason code listed in docs/testing.md, such as 'key.expired'"
        return Diagnostic(.unknownTestReference, "'\(code)' is not a reason code", at: range, hint: hint)
    }

    public static func unknownSecret(at range: SourceRange) -> Diagnostic {
        Diagnostic(.unknownTestReference, "no key of the policy has this secret", at: range,
                   hint: "check the secret against the key's 'secret_sha256', or expect 'reasons: [key.unknown]'")
    }

    public static func routeWhereModelExpected(_ name: String, field: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.unknownTestReference, "'\(name)' in \(field) is a route alias, but \(field) names models", at: range,
                   hint: "name a model id; use 'route:' to check the route")
    }

    public static func quotaNotApplicable(_ quota: String, key: String, known: [String], at range: SourceRange) -> Diagnostic {
        let hint = Suggestions.didYouMean(quota, in: known)
            ?? (known.isEmpty ? "key '\(key)' has no quotas; remove this entry"
                : "the quotas of key '\(key)' are: \(known.joined(separator: ", "))")
        return Diagnostic(.unknownTestReference, "quota '\(quota)' does not apply to key '\(key)'", at: range, hint: hint)
    }

    // MARK: - Results

    public static func testFailed(_ name: String, problem: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.testFailed, "test '\(name)' failed: \(problem)", at: range,
                   hint: "fix the policy, or update the test if the new decision is intended")
    }
}
