// Tests of reading policy test files: structure and typing errors with
// their exact positions and hints, references checked against the policy,
// defaults, and the requests and expectations that a clean file yields.

import Foundation
import PolicySource
import PolicyValues
import Testing
@testable import PolicyKit

/// Builds a test file with one test whose request is on line 3, for position checks.
private func oneTest(request: String = "key: alpha, peer: 10.1.2.3, time: 2026-03-02T12:00:00Z, scope: chat:completions, model: chat",
                     extra: String = "", expect: String = "decision: allow") -> String {
    "tests:\n  - name: t\n    request: {\(request)}\n    expect: {\(expect)}\n\(extra)"
}

struct LoaderErrorCase: CustomTestStringConvertible, Sendable {
    let note: String
    let text: String
    let code: String
    /// `line:column` of the diagnostic's start.
    let position: String
    let hint: String?

    var testDescription: String { note }
}

private let errorCases: [LoaderErrorCase] = [
    LoaderErrorCase(note: "unknown key", text: oneTest(request: "key: alpah, peer: 10.1.2.3, time: 2026-03-02T12:00:00Z, scope: chat:completions, model: chat"),
                    code: "X002", position: "3:20", hint: "did you mean 'alpha'?"),
    LoaderErrorCase(note: "unknown scope", text: oneTest(request: "key: alpha, peer: 10.1.2.3, time: 2026-03-02T12:00:00Z, scope: chat:completion, model: chat"),
                    code: "X002", position: "3:78", hint: "did you mean 'chat:completions'?"),
    LoaderErrorCase(note: "unknown model", text: oneTest(request: "key: alpha, peer: 10.1.2.3, time: 2026-03-02T12:00:00Z, scope: chat:completions, model: chats"),
                    code: "X002", position: "3:103", hint: "did you mean 'chat'?"),
    LoaderErrorCase(note: "unknown request field", text: oneTest(request: "key: alpha, peer: 10.1.2.3, time: 2026-03-02T12:00:00Z, scope: chat:completions, model: chat, lables: {}"),
                    code: "S001", position: "3:109", hint: "did you mean 'labels'?"),
    LoaderErrorCase(note: "timestamp without offset", text: oneTest(request: "key: alpha, peer: 10.1.2.3, time: 2026-03-02T12:00:00, scope: chat:completions, model: chat"),
                    code: "V006", position: "3:68", hint: "add Z for UTC or an offset such as +02:00"),
    LoaderErrorCase(note: "leading zero", text: oneTest(request: "key: alpha, peer: 10.1.2.3, time: 2026-03-02T12:00:00Z, scope: chat:completions, model: chat, input_tokens: 012"),
                    code: "S005", position: "3:123", hint: "YAML 1.1 tools read a leading zero as octal; write 12"),
    LoaderErrorCase(note: "bool written yes", text: oneTest(extra: "    skip: yes\n"),
                    code: "S004", position: "5:11", hint: "write true; policy files follow YAML 1.2, where 'yes' is a string, not a boolean"),
    LoaderErrorCase(note: "unknown test field", text: oneTest(extra: "    usgae: {}\n"),
                    code: "S001", position: "5:5", hint: "did you mean 'usage'?"),
    LoaderErrorCase(note: "missing expect", text: oneTest().replacingOccurrences(of: "    expect: {decision: allow}\n", with: ""),
                    code: "S002", position: "2:5", hint: "add 'expect:' to test 't'"),
    LoaderErrorCase(note: "invalid decision", text: oneTest(expect: "decision: denny"),
                    code: "S006", position: "4:24", hint: "did you mean 'deny'?"),
    LoaderErrorCase(note: "unknown reason code", text: oneTest(expect: "decision: deny, reasons: [key.expird]"),
                    code: "X002", position: "4:40", hint: "did you mean 'key.expired'?"),
    LoaderErrorCase(note: "reason contradicts decision", text: oneTest(expect: "decision: deny, reasons: [allow.rule]"),
                    code: "X001", position: "4:40", hint: "expect a reason that matches the decision, or change the decision"),
    LoaderErrorCase(note: "route as first model", text: oneTest(expect: "decision: allow, first_model: chat"),
                    code: "X002", position: "4:44", hint: "name a model id; use 'route:' to check the route"),
    LoaderErrorCase(note: "unknown rule", text: oneTest(expect: "decision: deny, rule: no-large-prompt"),
                    code: "X002", position: "4:36", hint: "did you mean 'no-large-prompts'?"),
    LoaderErrorCase(note: "quota of another level", text: oneTest(extra: "    usage: {tier:dev/spend-per-days: 1.00}\n"),
                    code: "X002", position: "5:13", hint: "did you mean 'tier:dev/spend-per-day'?"),
    LoaderErrorCase(note: "quota of no level", text: oneTest(extra: "    usage: {key:alpha/requests-per-day: 1}\n"),
                    code: "X002", position: "5:13",
                    hint: "the quotas of key 'alpha' are: tier:dev/spend-per-day, tier:dev/requests-per-minute, team:core/requests-per-day"),
    LoaderErrorCase(note: "quoted spend", text: oneTest(extra: "    usage: {tier:dev/spend-per-day: \"0.50\"}\n"),
                    code: "S003", position: "5:37", hint: "remove the quotes"),
    LoaderErrorCase(note: "request without key", text: oneTest(request: "peer: 10.1.2.3, time: 2026-03-02T12:00:00Z, scope: chat:completions, model: chat"),
                    code: "X001", position: "3:14", hint: "add 'key:' with a key id, or 'secret:' with the secret the client presents"),
    LoaderErrorCase(note: "root is a list", text: "- name: t\n",
                    code: "X001", position: "1:1", hint: "start the file with 'tests:' followed by a list of tests"),
    LoaderErrorCase(note: "empty tests list", text: "tests: []\n",
                    code: "X001", position: "1:8", hint: "add a 'tests:' list with at least one test, or delete the file"),
    LoaderErrorCase(note: "empty file", text: "# no tests yet\n",
                    code: "X001", position: "1:1", hint: "add a 'tests:' list with at least one test, or delete the file"),
]

@Test(arguments: errorCases)
func loaderError(_ testCase: LoaderErrorCase) throws {
    let result = try loadTests(testCase.text)
    #expect(result.errorCount == 1, "\(result.diagnostics.map(\.description))")
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.code.id == testCase.code)
    #expect(diagnostic.range?.file.path == "mini.test.yaml")
    #expect(diagnostic.range.map { $0.location.description } == testCase.position)
    #expect(diagnostic.hint == testCase.hint)
    #expect(result.suites.isEmpty || result.suites[0].tests.isEmpty)
}

@Test func loaderDuplicateName() throws {
    let test = "  - name: same\n    request: {key: alpha}\n    expect: {decision: allow}\n"
    let result = try loadTests(miniDefaults + "tests:\n" + test + test)
    let diagnostic = try #require(result.diagnostics.first)
    #expect(result.errorCount == 1)
    #expect(diagnostic.code == .duplicateTestName)
    #expect(diagnostic.description == "mini.test.yaml:7:11: error[X003]: test 'same' is defined more than once in this file")
    #expect(diagnostic.notes.first?.range?.location.description == "4:11")
}

@Test func loaderUndefinedNamesWhenExpected() throws {
    let result = try loadTests(miniDefaults + """
        tests:
          - name: unknown key
            request: {key: gamma}
            expect: {decision: deny, reasons: [key.unknown]}
          - name: unknown scope
            request: {scope: chat:edits}
            expect: {decision: deny, reasons: [scope.unknown]}
          - name: unknown model
            request: {model: huge}
            expect: {decision: deny, reasons: [model.unknown]}
          - name: malformed peer
            request: {peer: 10.1.2}
            expect: {decision: deny, reasons: [network.malformed_address]}
        """)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
    #expect(result.suites.first?.tests.count == 4)
}

@Test func loaderUsageWithoutKnownKey() throws {
    let result = try loadTests(miniDefaults + """
        tests:
          - name: unknown key with usage
            request: {key: gamma}
            usage: {tier:dev/spend-per-day: 0.50}
            expect: {decision: deny, reasons: [key.unknown]}
        """)
    #expect(result.diagnostics.map(\.description) == [
        "mini.test.yaml:6:12: error[X001]: test 'unknown key with usage' sets quota usage, but its request names no key of the policy",
    ])
}

@Test func loaderReadsCleanFile() throws {
    let result = try loadTests(miniDefaults + """
        tests:
          - name: everything set
            description: every request and expect field
            request:
              secret: nw-demo-billing-invoice-prod
              peer: 10.9.9.9
              forwarded_for: [10.1.1.1, "10.2.2.2"]
              time: 2026-03-02T13:00:00+01:00
              max_output_tokens: 70
              labels: {team: core}
              request_id: r-1
            usage: {tier:dev/spend-per-day: 0.25, team:core/requests-per-day: 7}
            expect:
              decision: deny
              reasons: [quota.exceeded]
              first_model: small
              plan: [small, large]
              route: chat
              rule: no-large-prompts
              quota: tier:dev/requests-per-minute
              output_token_cap: 100
          - name: skipped
            skip: true
            expect: {decision: allow}
        """)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
    let tests = try #require(result.suites.first?.tests)
    #expect(tests.count == 2)

    let request = tests[0].request
    #expect(request.keyID == "alpha")
    #expect(request.presentedSecret == "nw-demo-billing-invoice-prod")
    #expect(request.peerAddress == "10.9.9.9")
    #expect(request.forwardedFor == ["10.1.1.1", "10.2.2.2"])
    #expect(request.time == (try Timestamp.parse("2026-03-02T12:00:00Z").get()))
    #expect(request.scope == "chat:completions")
    #expect(request.model == "chat")
    #expect(request.inputTokens == 1000)
    #expect(request.maxOutputTokens == 70)
    #expect(request.labels == ["team": "core"])
    #expect(request.requestID == "r-1")
    #expect(tests[0].usage.map(\.quota) == ["tier:dev/spend-per-day", "team:core/requests-per-day"])
    #expect(tests[0].usage.map(\.amount) == [250_000, 7])

    var expected = TestExpectation(effect: .deny)
    expected.reasons = [.quotaExceeded]
    expected.firstModel = "small"
    expected.plan = ["small", "large"]
    expected.route = "chat"
    expected.rule = "no-large-prompts"
    expected.quota = "tier:dev/requests-per-minute"
    expected.outputTokenCap = 100
    #expect(tests[0].expectation == expected)
    #expect(tests[0].location.location.description == "4:11")
    #expect(tests[1].isSkipped)
    #expect(tests[1].request.keyID == "alpha")
}

@Test func loaderMissingPath() throws {
    let result = PolicyTestLoader(policy: try miniPolicy()).load(paths: ["/nonexistent-policyc-test-directory"])
    #expect(result.diagnostics.map(\.code.id) == ["Y012"])
}

@Test func loaderDirectoryWithoutTests() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policyc-no-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "tests: []\n".write(toFile: directory + "/policy.yaml", atomically: true, encoding: .utf8)

    let result = PolicyTestLoader(policy: try miniPolicy()).load(paths: [directory])
    #expect(result.diagnostics.map(\.code.id) == ["X004"])
}
