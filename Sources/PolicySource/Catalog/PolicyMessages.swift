// Wording for name resolution (N codes), cross-checks (T codes) and the
// policy-specific field checks of the syntax stage.

extension Diagnostic {
    // MARK: - Fields

    public static func plaintextSecretInField(_ field: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.plaintextSecret, "\(field) looks like a plaintext API secret", at: range,
                   hint: "store only the SHA-256 hash of the secret (for example: printf '%s' \"$SECRET\" | sha256sum), and rotate this secret because it is now in a file")
    }

    public static func quotaMetricCount(found: [String], at range: SourceRange) -> Diagnostic {
        let message = found.isEmpty
            ? "a quota must set one limit: requests, input_tokens, output_tokens, total_tokens or spend"
            : "a quota must set exactly one limit, found \(found.joined(separator: ", "))"
        return Diagnostic(.missingField, message, at: range, hint: "write one quota entry per limit")
    }

    public static func timezoneOnRollingQuota(at range: SourceRange) -> Diagnostic {
        Diagnostic(.unknownField, "'timezone' applies only to calendar windows", at: range,
                   hint: "remove 'timezone' or use 'window: calendar'")
    }

    public static func revokedReason(missing: Bool, key: String, at range: SourceRange) -> Diagnostic {
        missing
            ? Diagnostic(.missingField, "key '\(key)' is revoked but has no 'revoked_reason'", at: range,
                         hint: "add 'revoked_reason:' saying why the key was revoked")
            : Diagnostic(.unknownField, "key '\(key)' has a 'revoked_reason' but its status is not revoked", at: range,
                         hint: "set 'status: revoked' or remove 'revoked_reason'")
    }

    // MARK: - Names

    public static func unknownName(_ code: DiagnosticCode, kind: String, name: String, known: [String], at range: SourceRange) -> Diagnostic {
        let hint = Suggestions.didYouMean(name, in: known) ?? (known.isEmpty ? "define a \(kind) first" : "define the \(kind) or fix the name")
        return Diagnostic(code, "\(kind) '\(name)' is not defined", at: range, hint: hint)
    }

    public static func undeclaredScope(_ name: String, known: [String], at range: SourceRange) -> Diagnostic {
        let hint = Suggestions.didYouMean(name, in: known) ?? "add '\(name)' to the scopes list"
        return Diagnostic(.undeclaredScope, "scope '\(name)' is not declared", at: range, hint: hint)
    }

    public static func patternMatchesNothing(_ pattern: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.patternMatchesNothing, "scope pattern '\(pattern)' matches no declared scope", at: range,
                   hint: "'*' matches exactly one segment and '**' one or more trailing segments; check the pattern against the scopes list")
    }

    public static func cycle(_ code: DiagnosticCode, kind: String, path: [String], at range: SourceRange, notes: [DiagnosticNote]) -> Diagnostic {
        Diagnostic(code, "\(kind) cycle: \(path.joined(separator: " -> "))", at: range, notes: notes,
                   hint: "remove one link of the cycle")
    }

    public static func ambiguousName(_ name: String, at range: SourceRange, model: SourceRange) -> Diagnostic {
        Diagnostic(.ambiguousName, "route alias '\(name)' is also a model id", at: range,
                   notes: [DiagnosticNote("model '\(name)' is defined here", at: model)],
                   hint: "give the route a different alias so requests are unambiguous")
    }

    // MARK: - Cross-checks

    public static func validityOrder(key: String, at range: SourceRange, notBefore: SourceRange) -> Diagnostic {
        Diagnostic(.validityOrder, "key '\(key)' expires before or when it becomes valid", at: range,
                   notes: [DiagnosticNote("not_before is set here", at: notBefore)],
                   hint: "expires_at must be later than not_before")
    }

    public static func createdAfterExpiry(key: String, at range: SourceRange, created: SourceRange) -> Diagnostic {
        Diagnostic(.validityOrder, "key '\(key)' expires before it was created", at: range,
                   notes: [DiagnosticNote("created_at is set here", at: created)],
                   hint: "expires_at must be later than created_at")
    }

    public static func fallbackOutsideAllowlist(route: String, models: [String], keys: [String], at range: SourceRange) -> Diagnostic {
        let keyList = keys.count > 3 ? keys.prefix(3).joined(separator: ", ") + " and \(keys.count - 3) more" : keys.joined(separator: ", ")
        let modelList = models.map { "'\($0)'" }.joined(separator: ", ")
        return Diagnostic(.fallbackOutsideAllowlist,
                          "route '\(route)' can fall back to \(modelList), which keys \(keyList) may not use, so those fallbacks are unreachable for them",
                          at: range, hint: "fallbacks never widen a key's model allowlist; add the models to the keys or accept that they get no fallback")
    }

    public static func ruleNeverFires(rule: String, why: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.ruleNeverFires, "rule '\(rule)' can never match: \(why)", at: range, hint: "fix or remove the rule")
    }

    public static func ruleShadowed(rule: String, by earlier: String, at range: SourceRange, earlierRange: SourceRange) -> Diagnostic {
        Diagnostic(.ruleShadowed, "rule '\(rule)' never takes effect: deny rule '\(earlier)' matches every request it matches", at: range,
                   notes: [DiagnosticNote("rule '\(earlier)' is here", at: earlierRange)],
                   hint: "narrow the earlier rule or remove this one")
    }

    public static func unsatisfiableAccessWindow(why: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.unsatisfiableAccessWindow, "access window admits no time: \(why)", at: range,
                   hint: "use different 'from' and 'to' times; a window where 'from' is later than 'to' crosses midnight")
    }

    public static func unsatisfiableQuota(why: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.unsatisfiableQuota, "quota can never admit a request: \(why)", at: range)
    }

    public static func routeWithoutCandidates(route: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.routeWithoutCandidates, "route '\(route)' has no candidate left after its constraints", at: range,
                   hint: "relax max_price, capabilities or regions, or add candidates that satisfy them")
    }

    public static func invalidWeights(route: String, problem: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.invalidWeights, "route '\(route)': \(problem)", at: range,
                   hint: "weighted routes list candidates as {model: ID, weight: N} with N > 0; other strategies list plain model ids")
    }

    public static func missingLatency(route: String, model: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.missingField, "route '\(route)' uses strategy fastest, but model '\(model)' has no 'latency'", at: range,
                   hint: "add 'latency:' to the model, for example 'latency: 400ms'")
    }

    public static func duplicateCandidate(_ model: String, route: String, at range: SourceRange, first: SourceRange) -> Diagnostic {
        Diagnostic(.duplicateEntry, "model '\(model)' appears more than once in route '\(route)'", at: range,
                   notes: [DiagnosticNote("first listed here", at: first)], hint: "list each model once")
    }

    public static func noModelAccess(key: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.noModelAccess, "key '\(key)' may use no model or route", at: range,
                   hint: "give the key (or its tier) 'models', 'routes' or 'allow_all_models: true'")
    }

    public static func routeNotAllowed(route: String, key: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.fallbackOutsideAllowlist, "key '\(key)' lists route '\(route)', but none of its candidates is in the key's model allowlist", at: range,
                   hint: "add one of the route's models to the key's 'models' or remove the route")
    }

    public static func obligationReadsModel(rule: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.typeMismatch, "rule '\(rule)' forces a route, so its condition may not read model attributes", at: range,
                   hint: "the route is chosen before a model is known; move the model condition to a separate rule")
    }

    public static func obligationOnDeny(rule: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.unknownField, "rule '\(rule)' is a deny rule, and obligations apply only to allow rules", at: range,
                   hint: "remove 'obligations' or change the effect to allow")
    }
}

extension Diagnostic {
    public static func conditionReadsMissingLatency(rule: String, model: String, at range: SourceRange, modelRange: SourceRange) -> Diagnostic {
        Diagnostic(.missingField, "rule '\(rule)' reads model.latency, but model '\(model)' has no 'latency'", at: range,
                   notes: [DiagnosticNote("model '\(model)' is defined here", at: modelRange)],
                   hint: "add 'latency:' to every model, or do not read model.latency")
    }

    public static func obligationWithModelTarget(rule: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.typeMismatch, "rule '\(rule)' forces a route, so it may not match on models", at: range,
                   hint: "the route is chosen before a model is known; move the model match to a separate rule")
    }

    public static func obligationOutsideAllowlist(rule: String, route: String, keys: [String], at range: SourceRange) -> Diagnostic {
        let list = keys.count > 3 ? keys.prefix(3).joined(separator: ", ") + " and \(keys.count - 3) more" : keys.joined(separator: ", ")
        return Diagnostic(.obligationOutsideAllowlist,
                          "rule '\(rule)' forces route '\(route)', but keys \(list) may use none of its models, so their requests are denied when it applies",
                          at: range, hint: "add a model of the route to those keys, or narrow the rule's match")
    }
}
