// The catalog of diagnostic codes. Every code the tools can emit is declared
// here, grouped by the stage that emits it, so the list in
// docs/diagnostics.md can be checked against this file. Codes are never
// renumbered or reused.
//
//   Y  reading YAML            S  policy structure (fields and kinds)
//   V  values (addresses, times, money, hashes)
//   N  names and references    T  cross-checks between definitions
//   E  condition expressions   L  security lints
//   X  policy test files       R  requests given to `policyc eval`

extension DiagnosticCode {
    private static func code(_ id: String, _ name: String, _ severity: Severity, _ summary: String) -> DiagnosticCode {
        DiagnosticCode(id: id, name: name, severity: severity, summary: summary)
    }

    // MARK: - Y: reading YAML

    public static let yamlSyntax = code("Y001", "yaml-syntax", .error, "The file is not well-formed YAML.")
    public static let invalidUTF8 = code("Y002", "invalid-utf8", .error, "The file is not valid UTF-8.")
    public static let tabIndentation = code("Y003", "tab-indentation", .error, "A tab character is used for indentation.")
    public static let duplicateKey = code("Y004", "duplicate-key", .error, "A mapping has the same key twice.")
    public static let aliasLimit = code("Y005", "alias-limit", .error, "Aliases exceed the allowed count or expanded size.")
    public static let multipleDocuments = code("Y006", "multiple-documents", .error, "A file contains more than one YAML document.")
    public static let depthLimit = code("Y007", "depth-limit", .error, "Nesting is deeper than allowed.")
    public static let fileTooLarge = code("Y008", "file-too-large", .error, "A file is larger than allowed.")
    public static let nodeLimit = code("Y009", "node-limit", .error, "A file has more nodes than allowed.")
    public static let unsupportedTag = code("Y010", "unsupported-tag", .error, "A node carries a YAML tag the policy language does not accept.")
    public static let complexKey = code("Y011", "complex-key", .error, "A mapping key is not a plain scalar.")
    public static let unreadableFile = code("Y012", "unreadable-file", .error, "A file or directory could not be read.")

    // MARK: - S: policy structure

    public static let unknownField = code("S001", "unknown-field", .error, "A mapping has a field the language does not define.")
    public static let missingField = code("S002", "missing-field", .error, "A required field is missing.")
    public static let wrongKind = code("S003", "wrong-kind", .error, "A value is a mapping, list or scalar where another kind is expected.")
    public static let invalidBool = code("S004", "invalid-bool", .error, "A boolean field holds something other than true or false.")
    public static let invalidInteger = code("S005", "invalid-integer", .error, "An integer is malformed, out of range or written with a leading zero.")
    public static let invalidChoice = code("S006", "invalid-choice", .error, "A value is not one of the words the field accepts.")
    public static let invalidIdentifier = code("S007", "invalid-identifier", .error, "A name uses characters that identifiers may not contain.")
    public static let duplicateDefinition = code("S008", "duplicate-definition", .error, "The same id is defined twice, in one file or across files.")
    public static let duplicateEntry = code("S009", "duplicate-entry", .warning, "A list names the same entry twice.")
    public static let unsupportedVersion = code("S010", "unsupported-version", .error, "The policy declares a language version this compiler does not support.")
    public static let emptyPolicy = code("S011", "empty-policy", .error, "The policy directory contains no policy files.")
    public static let nullValue = code("S012", "null-value", .error, "A field is empty where a value is required.")

    // MARK: - V: values

    public static let invalidAddress = code("V001", "invalid-address", .error, "An IP address or CIDR block is malformed.")
    public static let prefixOutOfRange = code("V002", "prefix-out-of-range", .error, "A CIDR prefix length is outside 0..32 (IPv4) or 0..128 (IPv6).")
    public static let leadingZero = code("V003", "leading-zero", .error, "An address octet or prefix length has a leading zero.")
    public static let hostBitsSet = code("V004", "host-bits-set", .error, "A CIDR block has bits set after its prefix.")
    public static let invalidTimestamp = code("V005", "invalid-timestamp", .error, "A timestamp is not RFC 3339.")
    public static let timestampWithoutOffset = code("V006", "timestamp-without-offset", .error, "A timestamp has no UTC offset.")
    public static let invalidDuration = code("V007", "invalid-duration", .error, "A duration is malformed or not positive.")
    public static let invalidMoney = code("V008", "invalid-money", .error, "A money amount is malformed, negative or has more than six decimals.")
    public static let invalidTimeOfDay = code("V009", "invalid-time-of-day", .error, "A time of day is not HH:MM or HH:MM:SS.")
    public static let unknownTimeZone = code("V010", "unknown-time-zone", .error, "A time zone is not an IANA time zone name.")
    public static let invalidSecretHash = code("V011", "invalid-secret-hash", .error, "A secret hash is not 64 hexadecimal digits.")
    public static let plaintextSecret = code("V012", "plaintext-secret", .error, "A value looks like a plaintext API secret.")
    public static let invalidScopeName = code("V013", "invalid-scope-name", .error, "A scope name or pattern is malformed.")
    public static let valueOutOfRange = code("V014", "value-out-of-range", .error, "A number is outside the range the field accepts.")
    public static let dateWithoutTime = code("V015", "date-without-time", .error, "A timestamp field holds a date without a time.")
    public static let invalidWeekday = code("V016", "invalid-weekday", .error, "A weekday is not one of mon..sun or monday..sunday.")
    public static let invalidWindowUnit = code("V017", "invalid-window-unit", .error, "A calendar window unit is not second, minute, hour, day, week or month.")

    // MARK: - N: names and references

    public static let undeclaredScope = code("N001", "undeclared-scope", .error, "A scope is used but not declared in the catalog.")
    public static let unknownModel = code("N002", "unknown-model", .error, "A model id is not defined.")
    public static let unknownRoute = code("N003", "unknown-route", .error, "A route alias is not defined.")
    public static let unknownTier = code("N004", "unknown-tier", .error, "A tier is not defined.")
    public static let unknownTeam = code("N005", "unknown-team", .error, "A team is not defined.")
    public static let unknownKey = code("N006", "unknown-key", .error, "A key id is not defined.")
    public static let patternMatchesNothing = code("N007", "pattern-matches-nothing", .error, "A scope pattern matches no declared scope.")
    public static let tierCycle = code("N008", "tier-cycle", .error, "Tiers extend each other in a cycle.")
    public static let routeCycle = code("N009", "route-cycle", .error, "Route fallbacks form a cycle.")
    public static let ambiguousName = code("N010", "ambiguous-name", .error, "A name is both a model id and a route alias.")

    // MARK: - T: cross-checks

    public static let validityOrder = code("T001", "validity-order", .error, "not_before is not earlier than expires_at.")
    public static let fallbackOutsideAllowlist = code("T002", "fallback-outside-allowlist", .warning, "A route candidate or fallback is outside a key's model allowlist, so that key can never use it.")
    public static let ruleNeverFires = code("T003", "rule-never-fires", .warning, "A rule's target or condition can never match.")
    public static let ruleShadowed = code("T004", "rule-shadowed", .warning, "A rule can never take effect because an earlier rule covers it.")
    public static let unsatisfiableAccessWindow = code("T005", "unsatisfiable-access-window", .error, "An access window admits no time at all.")
    public static let unsatisfiableQuota = code("T006", "unsatisfiable-quota", .warning, "A quota can never admit a request.")
    public static let routeWithoutCandidates = code("T007", "route-without-candidates", .error, "A route's constraints exclude every candidate model.")
    public static let invalidWeights = code("T008", "invalid-weights", .error, "Weights are missing, zero, or given to a strategy that does not use them.")
    public static let noModelAccess = code("T009", "no-model-access", .warning, "A key may use no model or route at all.")
    public static let obligationOutsideAllowlist = code("T010", "obligation-outside-allowlist", .warning, "A rule forces a route that some keys it targets may not use.")

    // MARK: - E: condition expressions

    public static let expressionSyntax = code("E001", "expression-syntax", .error, "A condition is not a well-formed expression.")
    public static let unknownAttribute = code("E002", "unknown-attribute", .error, "A condition names an attribute that does not exist.")
    public static let typeMismatch = code("E003", "type-mismatch", .error, "An operator or function is applied to values of the wrong type.")
    public static let conditionNotBool = code("E004", "condition-not-bool", .error, "A condition does not have type bool.")
    public static let unknownFunction = code("E005", "unknown-function", .error, "A condition calls a function that does not exist, or with the wrong number of arguments.")
    public static let invalidLiteral = code("E006", "invalid-literal", .error, "A literal in a condition is malformed.")
    public static let expressionTooComplex = code("E007", "expression-too-complex", .error, "A condition is longer or deeper than allowed.")
    public static let constantOverflow = code("E008", "constant-overflow", .error, "Arithmetic on constants in a condition overflows its type.")
}

// MARK: - L: security lints

extension DiagnosticCode {
    private static func lint(_ id: String, _ name: String, _ severity: Severity, _ summary: String) -> DiagnosticCode {
        DiagnosticCode(id: id, name: name, severity: severity, summary: summary)
    }

    public static let keyWithoutExpiry = lint("L001", "key-without-expiry", .warning, "A key has no expires_at.")
    public static let maxAgeTooLong = lint("L002", "max-age-too-long", .warning, "A key's maximum age is above 90 days, or it has none.")
    public static let rotationOverdue = lint("L003", "rotation-overdue", .warning, "A key was created longer ago than its maximum age.")
    public static let expiringSoon = lint("L004", "expiring-soon", .warning, "A key expires within the configured number of days.")
    public static let wideWildcard = lint("L005", "wide-wildcard", .warning, "A scope pattern grants more scopes than the configured limit.")
    public static let adminScopeInProduction = lint("L006", "admin-scope-in-production", .warning, "A production key is granted an admin scope.")
    public static let keyWithoutNetworkAllowlist = lint("L007", "key-without-network-allowlist", .warning, "A key may connect from any address.")
    public static let networkAllowsEverything = lint("L008", "network-allows-everything", .warning, "An allowlist admits every IPv4 or IPv6 address.")
    public static let sharedSecret = lint("L009", "shared-secret", .error, "Two keys have the same secret hash.")
    public static let plaintextSecretValue = lint("L010", "plaintext-secret-value", .error, "A value in a policy file looks like a plaintext secret.")
    public static let unusedDefinition = lint("L011", "unused-definition", .warning, "A scope, model, route or tier is declared but never used.")
    public static let fallbackOverPriceCap = lint("L012", "fallback-over-price-cap", .warning, "A route can fall back to a model priced above the route's price cap.")
    public static let unknownLint = lint("L000", "unknown-lint", .error, "The lint settings name a lint that does not exist.")

    /// Every lint, in code order.
    public static let lints: [DiagnosticCode] = [
        keyWithoutExpiry, maxAgeTooLong, rotationOverdue, expiringSoon, wideWildcard, adminScopeInProduction,
        keyWithoutNetworkAllowlist, networkAllowsEverything, sharedSecret, plaintextSecretValue, unusedDefinition,
        fallbackOverPriceCap,
    ]
}

// MARK: - X: policy test files

extension DiagnosticCode {
    public static let testFileStructure = code(
        "X001", "test-file-structure", .error, "A policy test file or one of its tests does not have the shape `policyc test` reads.")
    public static let unknownTestReference = code(
        "X002", "unknown-test-reference", .error,
        "A test names a key, scope, model, route, rule, quota or reason code that the policy does not define.")
    public static let duplicateTestName = code("X003", "duplicate-test-name", .error, "Two tests in one file have the same name.")
    public static let noTestFiles = code("X004", "no-test-files", .error, "No policy test files (*.test.yaml) were found.")
    public static let testFailed = code("X005", "test-failed", .error, "A test's decision differs from what the test expects.")
}
