// Keeps docs/embedding.md and the example program in step: the Swift block
// under the example marker in the doc must equal
// Sources/EmbeddingExample/main.swift byte for byte, and the request the
// example makes must be allowed by the Northwind policy.

import Foundation
import PolicyKit
import PolicyValues
import Testing

// MARK: - Helpers

/// The repository root, found from this file's path.
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func repositoryText(_ path: String) throws -> String {
    try String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
}

/// Returns the body of the first ```swift block after `marker`, or nil when there is none.
private func swiftBlock(in document: String, after marker: String) -> String? {
    guard let markerRange = document.range(of: marker),
          let open = document.range(of: "```swift\n", range: markerRange.upperBound..<document.endIndex),
          let close = document.range(of: "\n```\n", range: open.upperBound..<document.endIndex)
    else { return nil }
    return String(document[open.upperBound..<close.lowerBound]) + "\n"
}

// MARK: - Tests

@Test func embeddingDocMatchesExample() throws {
    let document = try repositoryText("docs/embedding.md")
    let example = try repositoryText("Sources/EmbeddingExample/main.swift")
    let block = try #require(swiftBlock(in: document, after: "<!-- example: Sources/EmbeddingExample/main.swift -->"))
    #expect(block == example)
}

@Test func embeddingExampleRequestAllowed() throws {
    let compilation = PolicyCompiler().compile(directory: repositoryRoot.appendingPathComponent("policies").path)
    let policy = try #require(compilation.policy)
    guard case .success(let arrival) = Timestamp.parse("2026-12-07T15:00:00Z") else {
        Issue.record("the example's timestamp does not parse")
        return
    }
    let request = Request(
        keyID: "billing-invoice-prod", presentedSecret: "nw-demo-billing-invoice-prod",
        peerAddress: "10.20.0.5", forwardedFor: ["10.1.4.20"], time: arrival,
        scope: "chat:completions", model: "chat-default",
        inputTokens: 5000, maxOutputTokens: 1000, requestID: "req-0001")
    let store = InMemoryQuotaStore()

    let authorization = policy.authorize(request, quotas: store)

    #expect(authorization.decision.isAllowed)
    #expect(authorization.decision.planModels == ["mistral-small", "gpt-4o-mini", "gemini-2.5-flash"])
    #expect(authorization.reservation?.charges.count == authorization.quotas.count)
}
