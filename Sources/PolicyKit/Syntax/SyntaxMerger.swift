// Merges the syntax of each policy file into one policy. Files are read
// into syntax separately, possibly at the same time, and merged here in
// path order: definitions by id (an id defined in two files is an error
// that points at both), scopes and rules by concatenation.

import PolicySource

/// Combines per-file syntax into the policy's syntax, in the order added.
struct SyntaxMerger {
    private(set) var syntax = PolicySyntax()
    private(set) var diagnostics: [Diagnostic] = []
    private var firstDefinitions: [String: [String: SourceRange]] = [:]

    mutating func add(_ part: PolicySyntax) {
        syntax.files += part.files
        syntax.documentCount += part.documentCount
        syntax.plaintextSecretValues += part.plaintextSecretValues
        syntax.hasUnreadableFile = syntax.hasUnreadableFile || part.hasUnreadableFile
        if let range = part.settingsRange {
            if let first = syntax.settingsRange {
                diagnostics.append(.duplicateSection("settings", at: range, first: first))
            } else {
                syntax.settings = part.settings
                syntax.settingsRange = range
            }
        }
        syntax.scopes += part.scopes
        syntax.models += firstOnly(part.models, kind: "model") { $0.id }
        syntax.routes += firstOnly(part.routes, kind: "route") { $0.id }
        syntax.tiers += firstOnly(part.tiers, kind: "tier") { $0.id }
        syntax.teams += firstOnly(part.teams, kind: "team") { $0.id }
        syntax.keys += firstOnly(part.keys, kind: "key") { $0.id }
        syntax.rules += firstOnly(part.rules, kind: "rule") { $0.id }
    }

    /// Keeps the definitions whose id no earlier file defined, reporting the others.
    private mutating func firstOnly<Definition>(
        _ definitions: [Definition], kind: String, id: (Definition) -> Located<String>
    ) -> [Definition] {
        var firstDefined: [Definition] = []
        firstDefined.reserveCapacity(definitions.count)
        for definition in definitions {
            let name = id(definition)
            if let first = firstDefinitions[kind]?[name.value] {
                diagnostics.append(.duplicateDefinition(kind: kind, id: name.value, at: name.range, first: first))
                continue
            }
            firstDefinitions[kind, default: [:]][name.value] = name.range
            firstDefined.append(definition)
        }
        return firstDefined
    }
}
