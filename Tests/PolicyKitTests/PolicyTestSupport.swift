// A small policy for the policy-test loader and runner tests: two keys of
// one tier and team, two routes, two rules, and quotas at tier and team level.
// The keys reuse the demo secret hashes of the Northwind example: alpha's
// secret is `nw-demo-billing-invoice-prod`, beta's `nw-demo-billing-invoice-staging`.

import PolicySource
@testable import PolicyKit

let miniPolicySource = """
    version: 1
    settings:
      name: mini
      timezone: UTC
    scopes: [chat:completions, files:read]
    models:
      small:
        provider: acme
        price: {input: 1.00, output: 2.00}
        context_window: 10000
      large:
        provider: acme
        price: {input: 5.00, output: 10.00}
        context_window: 100000
    routes:
      chat:
        strategy: ordered
        candidates: [small, large]
      bulk:
        strategy: ordered
        candidates: [large]
    tiers:
      dev:
        scopes: [chat:completions]
        routes: [chat]
        max_output_tokens: 100
        networks: {allow: [10.0.0.0/8]}
        quotas:
          - {spend: 1.00, per: day, window: calendar}
          - {requests: 5, per: minute, window: rolling}
    teams:
      core:
        quotas:
          - {requests: 100, per: day, window: calendar}
    keys:
      alpha:
        secret_sha256: 6dde0900b4fd474c8132615e6bab9cf70ec8dfef04d3a013c2c9fda1ab24aba1
        owner: alpha@example.com
        team: core
        extends: dev
        created_at: 2026-01-01T00:00:00Z
        expires_at: 2027-01-01T00:00:00Z
      beta:
        secret_sha256: a1b51b67fffa6169466a39b65aef8a464dacc60e730ddc08cb7aa0d08296f5f2
        owner: beta@example.com
        team: core
        extends: dev
        created_at: 2026-01-01T00:00:00Z
        expires_at: 2026-06-01T00:00:00Z
    rules:
      - id: no-large-prompts
        effect: deny
        when: request.input_tokens > 5000
        reason: prompts over 5000 tokens are not allowed
      - id: beta-labels
        effect: deny
        match: {keys: [beta]}
        when: request.labels["x"] == "y"
        reason: beta may not send x=y
    """

/// Request defaults that the tests below start from: alpha chatting at noon on a Monday.
let miniDefaults = """
    defaults:
      request: {key: alpha, peer: 10.1.2.3, time: 2026-03-02T12:00:00Z, scope: chat:completions, model: chat, input_tokens: 1000, max_output_tokens: 50}

    """

enum MiniPolicyError: Error {
    case notCompiled([Diagnostic])
}

/// Compiles the mini policy without lints.
func miniPolicy() throws -> CompiledPolicy {
    let result = PolicyCompiler(lints: nil).compile(sources: [(path: "mini.yaml", text: miniPolicySource)])
    guard let policy = result.policy else { throw MiniPolicyError.notCompiled(result.diagnostics) }
    return policy
}

/// Loads one test file, named `mini.test.yaml`, against the mini policy.
func loadTests(_ text: String) throws -> PolicyTestLoadResult {
    PolicyTestLoader(policy: try miniPolicy()).load(sources: [(path: "mini.test.yaml", text: text)])
}
