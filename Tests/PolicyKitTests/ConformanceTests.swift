// Runs every case of the conformance corpus through the library. Each case
// folder is compiled with PolicyCompiler and the codes and positions of its
// diagnostics and their notes are compared. Then the case's requests are
// decided in order with `authorize` against one quota store.

import ConformanceSupport
import Foundation
import PolicyKit
import PolicySource
import Testing

/// The corpus folder inside the test bundle's resources.
let conformanceRoot: URL? = Bundle.module.url(forResource: "Conformance", withExtension: nil)

/// Every case of the corpus; a format mistake in a case is reported by `corpusLoads`.
let conformanceCases: [ConformanceCase] = conformanceRoot.flatMap { try? ConformanceCase.loadAll(from: $0) } ?? []

@Suite("Conformance corpus")
struct ConformanceTests {
    @Test func corpusLoads() throws {
        let root = try #require(conformanceRoot, "the Conformance resource is missing from the test bundle")
        let cases = try ConformanceCase.loadAll(from: root)
        #expect(cases.count == conformanceCases.count)
        #expect(cases.count >= 60)
    }

    @Test(arguments: conformanceCases)
    func libraryConforms(_ testCase: ConformanceCase) throws {
        guard let knownIssue = testCase.knownIssue else { return try runThroughLibrary(testCase) }
        withKnownIssue(Comment(rawValue: knownIssue)) { try runThroughLibrary(testCase) }
    }

    private func runThroughLibrary(_ testCase: ConformanceCase) throws {
        let compiler = PolicyCompiler(limits: testCase.limits ?? ReadLimits())
        let result = compiler.compile(directory: testCase.policyPath)
        let observed = result.diagnostics.map { observedDiagnostic($0, folder: testCase.folder.path) }
        for problem in mismatches(expected: testCase.diagnostics, observed: observed, compareNotes: true) {
            Issue.record("\(testCase.name): \(problem)")
        }
        let hasErrors = testCase.diagnostics.contains { !isWarningCode($0.code) }
        #expect((result.policy == nil) == hasErrors, "\(testCase.name): a policy is compiled exactly when it has no errors")

        guard !testCase.requests.isEmpty else { return }
        let policy = try #require(result.policy, "\(testCase.name) has requests but does not compile")
        let store = InMemoryQuotaStore()
        for expected in testCase.requests {
            let request = try Request(json: expected.json)
            try applyPriorUsage(expected.priorUsage, request: request, policy: policy, store: store)
            let decision = policy.authorize(request, quotas: store).decision
            let observedDecision = ObservedDecision(
                effect: decision.effect.rawValue, reason: decision.reason.rawValue, plan: decision.planModels,
                outputCap: decision.outputTokenCap)
            for problem in mismatches(expected: expected.decision, observed: observedDecision) {
                Issue.record("\(testCase.name) / \(expected.name): \(problem)")
            }
        }
    }

    /// Every code of the catalog has a case; the list here is the catalog's Y, S, V, N, T and E codes.
    @Test func corpusCoversEveryCode() {
        let covered = Set(conformanceCases.flatMap { $0.diagnostics.map(\.code) })
        let missing = catalogCodes.filter { !covered.contains($0.id) }.map(\.id)
        #expect(missing.isEmpty, "codes without a conformance case: \(missing)")
    }
}

/// Every diagnostic code a policy can produce.
let catalogCodes: [DiagnosticCode] = [
    .yamlSyntax, .invalidUTF8, .tabIndentation, .duplicateKey, .aliasLimit, .multipleDocuments, .depthLimit, .fileTooLarge,
    .nodeLimit, .unsupportedTag, .complexKey, .unreadableFile,
    .unknownField, .missingField, .wrongKind, .invalidBool, .invalidInteger, .invalidChoice, .invalidIdentifier,
    .duplicateDefinition, .duplicateEntry, .unsupportedVersion, .emptyPolicy, .nullValue,
    .invalidAddress, .prefixOutOfRange, .leadingZero, .hostBitsSet, .invalidTimestamp, .timestampWithoutOffset,
    .invalidDuration, .invalidMoney, .invalidTimeOfDay, .unknownTimeZone, .invalidSecretHash, .plaintextSecret,
    .invalidScopeName, .valueOutOfRange, .dateWithoutTime, .invalidWeekday, .invalidWindowUnit,
    .undeclaredScope, .unknownModel, .unknownRoute, .unknownTier, .unknownTeam, .unknownKey, .patternMatchesNothing,
    .tierCycle, .routeCycle, .ambiguousName,
    .validityOrder, .fallbackOutsideAllowlist, .ruleNeverFires, .ruleShadowed, .unsatisfiableAccessWindow,
    .unsatisfiableQuota, .routeWithoutCandidates, .invalidWeights, .noModelAccess, .obligationOutsideAllowlist,
    .expressionSyntax, .unknownAttribute, .typeMismatch, .conditionNotBool, .unknownFunction, .invalidLiteral,
    .expressionTooComplex, .constantOverflow,
]

/// Returns whether a code is a warning by default, so it does not stop compilation.
func isWarningCode(_ id: String) -> Bool {
    catalogCodes.first { $0.id == id }?.defaultSeverity == .warning
}

/// Converts a library diagnostic to the corpus's terms, with positions relative to the case folder.
func observedDiagnostic(_ diagnostic: Diagnostic, folder: String) -> ExpectedDiagnostic {
    let notes = diagnostic.notes.map { note in
        NotePosition(file: note.range.map { relativePath($0.file.path, in: folder) }, line: note.range?.location.line,
                     column: note.range?.location.column)
    }
    return ExpectedDiagnostic(
        code: diagnostic.code.id, file: diagnostic.range.map { relativePath($0.file.path, in: folder) },
        line: diagnostic.range?.location.line, column: diagnostic.range?.location.column, notes: notes)
}

/// Sets quota usage before a request. The counters and windows come from a
/// probe: the same request with no tokens, authorized against a scratch store.
func applyPriorUsage(_ usage: [String: Int64], request: Request, policy: CompiledPolicy, store: InMemoryQuotaStore) throws {
    guard !usage.isEmpty else { return }
    var probe = request
    probe.inputTokens = 0
    probe.maxOutputTokens = 0
    let charges = try #require(policy.authorize(probe, quotas: InMemoryQuotaStore()).reservation?.charges,
                               "prior usage needs a request that passes every check but its quotas")
    for (quota, amount) in usage {
        let charge = try #require(charges.first { $0.counter.hasSuffix("|" + quota) }, "no quota named '\(quota)' applies")
        store.setUsage(amount, of: charge.counter, window: charge.window, at: request.time)
    }
}
