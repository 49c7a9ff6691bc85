// Embedding policyc in a gateway: compile the policy directory once, decide
// a request and reserve its quota, settle the real usage after the upstream
// call, and print the decision. docs/embedding.md shows this file in full,
// and EmbeddingDocTests keeps the two identical.

import Foundation
import PolicyKit
import PolicySource
import PolicyValues

// Compile once at startup. A policy with errors yields no CompiledPolicy.
let directory = CommandLine.arguments.dropFirst().first ?? "policies"
let compilation = PolicyCompiler().compile(directory: directory)
guard let compiled = compilation.policy else {
    FileHandle.standardError.write(Data(TextRenderer().render(compilation.diagnostics).utf8))
    exit(1)
}
let handle = PolicyHandle(compiled)
let store = InMemoryQuotaStore()

// One request as the gateway receives it. A real gateway passes the arrival time.
guard case .success(let arrival) = Timestamp.parse("2026-12-07T15:00:00Z") else { exit(1) }
let request = Request(
    keyID: "billing-invoice-prod", presentedSecret: "nw-demo-billing-invoice-prod",
    peerAddress: "10.20.0.5", forwardedFor: ["10.1.4.20"], time: arrival,
    scope: "chat:completions", model: "chat-default",
    inputTokens: 5000, maxOutputTokens: 1000, requestID: "req-0001")

// Read the policy once per request, so a reload cannot change it halfway.
let policy = handle.policy
let authorization = policy.authorize(request, quotas: store)

if authorization.decision.isAllowed, let reservation = authorization.reservation {
    // Send the request to authorization.decision.planModels in order, with at
    // most outputTokenCap output tokens. Here the first model answers with 420
    // output tokens, and the policy prices that real usage for settling.
    let servedBy = authorization.decision.planModels[0]
    let actualAmounts = policy.settlementAmounts(for: reservation, model: servedBy, inputTokens: request.inputTokens,
                                                 outputTokens: 420)
    do {
        try store.settle(reservation, actualAmounts: actualAmounts)
    } catch {
        // Had the upstream call failed, store.release(reservation) would give it all back.
        FileHandle.standardError.write(Data("settling the quota failed: \(error)\n".utf8))
    }
}

let report = policy.report(authorization.decision, request: request, authorization: authorization)
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
guard let json = try? encoder.encode(report) else { exit(1) }
print(String(decoding: json, as: UTF8.self))
