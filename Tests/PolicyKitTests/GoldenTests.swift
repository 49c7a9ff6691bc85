// Golden tests: the full text rendering of the diagnostics of a few broken
// policies, compared with files in Golden/. Set POLICYC_UPDATE_GOLDEN=1 to
// write the current rendering into those files instead of comparing; then
// review the diff before committing it.

import Foundation
import PolicyKit
import PolicySource
import Testing

/// One broken policy and the golden file that holds its rendered diagnostics.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    let name: String
    let files: [(path: String, text: String)]

    var testDescription: String { name }
}

let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

let goldenCases: [GoldenCase] = [
    GoldenCase(name: "duplicate-field", files: [("policy/keys.yaml", """
        keys:
          k1:
            secret_sha256: \(firstSecretHash)
            scopes: [read]
            created_at: 2025-01-01T00:00:00Z
            scopes: [read, admin]
        """)]),
    GoldenCase(name: "address-mistakes", files: [("policy/settings.yaml", """
        settings:
          name: golden
          trusted_proxies: [010.20.0.0/16]
          networks:
            allow: [10.0.0.0/33, 10.0.0.0/08, 10.1.2.3/8, '::/129']
        """)]),
    GoldenCase(name: "yaml11-typing", files: [("policy/models.yaml", """
        models:
          small:
            provider: openai
            price: {input: 1.00, output: 2.0000001}
            context_window: 010000
            max_output_tokens: "4096"
        tiers:
          t1:
            allow_all_models: no
            access:
              - {from: 22:30, to: 6:00}
        """)]),
    GoldenCase(name: "timestamps", files: [("policy/keys.yaml", """
        keys:
          k1:
            secret_sha256: \(firstSecretHash)
            created_at: 2025-01-01T00:00:00
            expires_at: 2025-06-01
            not_before: 2025-02-30T00:00:00Z
        """)]),
    GoldenCase(name: "names-and-cycles", files: [
        ("policy/a.yaml", """
            settings: {name: golden}
            scopes: [chat:completions]
            models:
              small: {provider: x, price: {input: 1, output: 1}, context_window: 10}
            routes:
              a: {strategy: ordered, candidates: [smal], fallback: {route: b}}
              b: {strategy: ordered, candidates: [small], fallback: {route: a}}
            keys:
              k1:
                secret_sha256: \(firstSecretHash)
                created_at: 2025-01-01T00:00:00Z
                scope: [chat:completions]
                routes: [a]
            """),
        ("policy/b.yaml", """
            keys:
              k1:
                secret_sha256: \(secondSecretHash)
                created_at: 2025-01-01T00:00:00Z
            """),
    ]),
    GoldenCase(name: "conditions", files: [("policy/rules.yaml", """
        settings: {name: golden}
        scopes: [chat:completions]
        rules:
          - id: mixed-types
            effect: deny
            when: request.scope > 5 || request.input_tokens > 9223372036854775807 + 1
            reason: type mismatch and overflow
          - id: typo
            effect: deny
            when: local_hour(request.tim, "Europe/Berlin") < 6 && weekday(request.time, "Mars/Base") == "sat"
            reason: an unknown attribute and an unknown zone
        """)]),
]

@Suite("Golden diagnostics")
struct GoldenTests {
    @Test(arguments: goldenCases)
    func renderedDiagnosticsMatch(_ golden: GoldenCase) throws {
        let result = PolicyCompiler().compile(sources: golden.files)
        #expect(result.policy == nil, "a golden case must be a broken policy")
        let rendered = TextRenderer(useColor: false).render(result.diagnostics)
            + TextRenderer.summary(errors: result.errorCount, warnings: result.warningCount) + "\n"
        let file = goldenFolder.appendingPathComponent("\(golden.name).txt")

        if ProcessInfo.processInfo.environment["POLICYC_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let stored = try #require(try? String(contentsOf: file, encoding: .utf8),
                                  "missing \(file.path); run the tests once with POLICYC_UPDATE_GOLDEN=1")
        #expect(rendered == stored, "the rendering differs from \(golden.name).txt; rerun with POLICYC_UPDATE_GOLDEN=1 to accept it")
    }
}
