// Concurrency: real threads racing for the last of a budget through
// `authorize` and InMemoryQuotaStore, and PolicyHandle swapping policies
// while other threads decide. No test measures time; each checks outcomes
// that must hold under every interleaving.

import Dispatch
import Foundation
import PolicyKit
import Synchronization
import Testing

/// A key with a daily spend budget of 1.00 on a model priced so that N input tokens cost N/1000 USD.
let budgetPolicyText = """
    version: 1
    settings: {name: budget}
    scopes: [chat:completions]
    models:
      pricey: {provider: openai, price: {input: 1000, output: 1000}, context_window: 100000}
    keys:
      k1:
        secret_sha256: \(firstSecretHash)
        created_at: 2025-01-01T00:00:00Z
        scopes: [chat:completions]
        models: [pricey]
        quotas:
          - {spend: 1.00, per: day, window: calendar}
    """

/// Compiles a policy that differs from the others only in the key's output cap, so a decision shows which policy made it.
func cappedPolicy(cap: Int) -> CompiledPolicy? {
    compilePolicy(basePolicy(keyFields: "    max_output_tokens: \(cap)"))
}

/// Nine levels of anchors, each a list of ten aliases of the level below, in a scope list.
let aliasBombText: String = {
    var lines = ["version: 1", "settings: {name: bomb}", "scopes:"]
    for level in 0..<9 {
        let item = level == 0 ? "chat:completions" : "*l\(level - 1)"
        lines.append("  - &l\(level) [" + Array(repeating: item, count: 10).joined(separator: ", ") + "]")
    }
    return lines.joined(separator: "\n") + "\n"
}()

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test func lastOfBudgetGoesToOneRequest() throws {
        let policy = try #require(compilePolicy(budgetPolicyText))
        for round in 0..<200 {
            let store = InMemoryQuotaStore()
            let spent = policy.authorize(makeRequest(model: "pricey", inputTokens: 900), quotas: store)
            try #require(spent.decision.isAllowed, "round \(round): the first 0.90 must fit")

            let reasons = Mutex<[ReasonCode]>([])
            DispatchQueue.concurrentPerform(iterations: 10) { index in
                let request = makeRequest(model: "pricey", inputTokens: 80, requestID: "race-\(round)-\(index)")
                let reason = policy.authorize(request, quotas: store).decision.reason
                reasons.withLock { $0.append(reason) }
            }
            let outcome = reasons.withLock { $0 }
            #expect(outcome.count { $0 == .allowedByKey } == 1, "round \(round): \(outcome)")
            #expect(outcome.count { $0 == .quotaExceeded } == 9, "round \(round): \(outcome)")
        }
    }

    @Test func racingReservationsNeverOverspend() throws {
        let policy = try #require(compilePolicy(budgetPolicyText))
        let store = InMemoryQuotaStore()
        let granted = Mutex<Int>(0)

        // 64 requests of 0.03 race for 1.00: exactly 33 fit (0.99), whatever the order.
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            let request = makeRequest(model: "pricey", inputTokens: 30, requestID: "spend-\(index)")
            if policy.authorize(request, quotas: store).decision.isAllowed {
                granted.withLock { $0 += 1 }
            }
        }
        #expect(granted.withLock { $0 } == 33)
    }

    @Test func releasedReservationsAreReusable() throws {
        let policy = try #require(compilePolicy(budgetPolicyText))
        let store = InMemoryQuotaStore()
        let spent = policy.authorize(makeRequest(model: "pricey", inputTokens: 900), quotas: store)
        try #require(spent.decision.isAllowed)

        // Each winner fails upstream and releases, so every round has exactly one winner again.
        for round in 0..<20 {
            let winners = Mutex<[QuotaReservation]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { index in
                let request = makeRequest(model: "pricey", inputTokens: 80, requestID: "retry-\(round)-\(index)")
                if let reservation = policy.authorize(request, quotas: store).reservation {
                    winners.withLock { $0.append(reservation) }
                }
            }
            let reservations = winners.withLock { $0 }
            #expect(reservations.count == 1, "round \(round)")
            for reservation in reservations { try store.release(reservation) }
        }
    }

    @Test func swappedPoliciesNeverMix() throws {
        let first = try #require(cappedPolicy(cap: 100))
        let second = try #require(cappedPolicy(cap: 200))
        #expect(first.revision != second.revision)
        let capByRevision = [first.revision: Int64(100), second.revision: Int64(200)]
        let handle = PolicyHandle(first)
        let mixed = Mutex<[String]>([])
        let seen = Mutex<Set<String>>([])

        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for step in 0..<500 {
                if worker == 0 {
                    handle.replace(with: step.isMultiple(of: 2) ? second : first)
                    continue
                }
                let decision = handle.decide(makeRequest(maxOutputTokens: 1_000))
                seen.withLock { _ = $0.insert(decision.revision) }
                if !decision.isAllowed || decision.outputTokenCap != capByRevision[decision.revision] {
                    mixed.withLock { $0.append("\(decision.revision.prefix(8)): \(decision.reason) cap \(String(describing: decision.outputTokenCap))") }
                }
            }
        }
        #expect(mixed.withLock { $0 }.isEmpty)
        #expect(seen.withLock { $0 }.isSubset(of: Set(capByRevision.keys)))
    }

    @Test func reloadWithErrorsKeepsPolicy() throws {
        let loaded = try #require(cappedPolicy(cap: 100))
        let handle = PolicyHandle(loaded)

        let failed = handle.reload(sources: [(path: "bomb.yaml", text: aliasBombText)])
        #expect(failed.policy == nil)
        #expect(failed.diagnostics.map(\.code.id) == ["Y005"])
        #expect(handle.policy.revision == loaded.revision)
        #expect(handle.decide(makeRequest(maxOutputTokens: 1_000)).outputTokenCap == 100)
    }

    @Test func reloadFromDirectoryWithErrorsKeepsPolicy() throws {
        let loaded = try #require(cappedPolicy(cap: 100))
        let handle = PolicyHandle(loaded)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policyc-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try basePolicy(keyFields: "    max_output_tokens: 300").write(to: folder.appendingPathComponent("policy.yaml"),
                                                                     atomically: true, encoding: .utf8)
        try aliasBombText.write(to: folder.appendingPathComponent("scopes.yaml"), atomically: true, encoding: .utf8)

        let failed = handle.reload(directory: folder.path)
        #expect(failed.policy == nil)
        #expect(failed.diagnostics.contains { $0.code.id == "Y005" })
        #expect(handle.policy.revision == loaded.revision)

        try FileManager.default.removeItem(at: folder.appendingPathComponent("scopes.yaml"))
        let fixed = handle.reload(directory: folder.path)
        #expect(fixed.policy != nil)
        #expect(handle.decide(makeRequest(maxOutputTokens: 1_000)).outputTokenCap == 300)
    }

    @Test func reloadsRaceWithDecisions() throws {
        let first = try #require(cappedPolicy(cap: 100))
        let handle = PolicyHandle(first)
        let unexpected = Mutex<Int>(0)

        // Reloads alternate between a broken and a good policy; decisions must always see a whole policy.
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for step in 0..<40 {
                if worker == 0 {
                    let text = step.isMultiple(of: 2) ? aliasBombText : basePolicy(keyFields: "    max_output_tokens: 200")
                    handle.reload(sources: [(path: "policy.yaml", text: text)])
                    continue
                }
                let cap = handle.decide(makeRequest(maxOutputTokens: 1_000)).outputTokenCap
                if cap != 100, cap != 200 { unexpected.withLock { $0 += 1 } }
            }
        }
        #expect(unexpected.withLock { $0 } == 0)
    }
}
