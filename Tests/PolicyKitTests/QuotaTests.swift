// Quota windows through `authorize` and InMemoryQuotaStore. The tests cover
// every window unit, calendar and rolling, resets at local calendar
// boundaries, the exact limit, requests larger than the whole limit, and
// settle and release.

import PolicyKit
import PolicyValues
import Testing

/// Compiles the base policy with one quota on key `k1`, written as a flow mapping.
func quotaPolicy(_ quota: String, settings: String = "") -> CompiledPolicy? {
    compilePolicy(basePolicy(settings: settings, keyFields: "    models: [small, large]\n    quotas:\n      - \(quota)")
        .replacingOccurrences(of: "    models: [small]\n", with: ""))
}

/// One window: a request at `first` uses the whole limit, a request at
/// `denied` is still in the same window, and one at `admitted` is in the next.
struct WindowCase: Sendable, CustomTestStringConvertible {
    let quota: String
    let first: String
    let denied: String
    let admitted: String

    var testDescription: String { quota }
}

let windowCases: [WindowCase] = [
    // Calendar windows reset at the local boundary of the quota's zone.
    WindowCase(quota: "{requests: 1, per: second, window: calendar}",
               first: "2025-06-02T12:00:00.2Z", denied: "2025-06-02T12:00:00.999999999Z", admitted: "2025-06-02T12:00:01Z"),
    WindowCase(quota: "{requests: 1, per: minute, window: calendar}",
               first: "2025-06-02T12:00:30Z", denied: "2025-06-02T12:00:59.999Z", admitted: "2025-06-02T12:01:00Z"),
    WindowCase(quota: "{requests: 1, per: hour, window: calendar, timezone: Asia/Kolkata}",
               first: "2025-06-02T12:10:00Z", denied: "2025-06-02T12:29:59Z", admitted: "2025-06-02T12:30:00Z"),
    WindowCase(quota: "{requests: 1, per: day, window: calendar, timezone: Europe/Berlin}",
               first: "2025-06-02T12:00:00Z", denied: "2025-06-02T21:59:59.999Z", admitted: "2025-06-02T22:00:00Z"),
    WindowCase(quota: "{requests: 1, per: day, window: calendar, timezone: America/New_York}",
               first: "2025-01-15T12:00:00Z", denied: "2025-01-16T04:59:59Z", admitted: "2025-01-16T05:00:00Z"),
    WindowCase(quota: "{requests: 1, per: day, window: calendar, timezone: Europe/Berlin}",
               first: "2025-03-30T00:30:00Z", denied: "2025-03-30T21:59:59Z", admitted: "2025-03-30T22:00:00Z"),
    WindowCase(quota: "{requests: 1, per: week, window: calendar, timezone: Europe/Berlin}",
               first: "2025-06-04T12:00:00Z", denied: "2025-06-08T21:59:59Z", admitted: "2025-06-08T22:00:00Z"),
    WindowCase(quota: "{requests: 1, per: month, window: calendar, timezone: America/New_York}",
               first: "2025-10-10T12:00:00Z", denied: "2025-11-01T03:59:59Z", admitted: "2025-11-01T04:00:00Z"),
    WindowCase(quota: "{requests: 1, per: month, window: calendar}",
               first: "2025-02-01T00:00:00Z", denied: "2025-02-28T23:59:59Z", admitted: "2025-03-01T00:00:00Z"),
    // Rolling windows count the last N seconds before the request. The store
    // counts in slots of a sixtieth of the window and may keep usage up to one
    // slot longer, so `admitted` is one slot after the window has passed.
    WindowCase(quota: "{requests: 1, per: second, window: rolling}",
               first: "2025-06-02T12:00:00Z", denied: "2025-06-02T12:00:00.5Z", admitted: "2025-06-02T12:00:01.017Z"),
    WindowCase(quota: "{requests: 1, per: minute, window: rolling}",
               first: "2025-06-02T12:00:00Z", denied: "2025-06-02T12:00:59Z", admitted: "2025-06-02T12:01:01Z"),
    WindowCase(quota: "{requests: 1, per: hour, window: rolling}",
               first: "2025-06-02T12:00:00Z", denied: "2025-06-02T12:59:00Z", admitted: "2025-06-02T13:01:00Z"),
    WindowCase(quota: "{requests: 1, per: day, window: rolling}",
               first: "2025-06-02T12:00:00Z", denied: "2025-06-03T11:59:00Z", admitted: "2025-06-03T12:24:00Z"),
    WindowCase(quota: "{requests: 1, per: week, window: rolling}",
               first: "2025-06-02T12:00:00Z", denied: "2025-06-09T11:59:00Z", admitted: "2025-06-09T15:00:00Z"),
    WindowCase(quota: "{requests: 1, per: month, window: rolling}",
               first: "2025-06-02T12:00:00Z", denied: "2025-07-02T11:59:00Z", admitted: "2025-07-03T00:00:00Z"),
]

@Suite("Quotas")
struct QuotaTests {
    @Test(arguments: windowCases)
    func windowResets(_ window: WindowCase) throws {
        let policy = try #require(quotaPolicy(window.quota))
        let store = InMemoryQuotaStore()

        let first = policy.authorize(makeRequest(time: window.first), quotas: store)
        #expect(first.decision.reason == .allowedByKey)
        let denied = policy.authorize(makeRequest(time: window.denied), quotas: store)
        #expect(denied.decision.reason == .quotaExceeded)
        #expect(denied.retryAfter != nil)
        let admitted = policy.authorize(makeRequest(time: window.admitted), quotas: store)
        #expect(admitted.decision.reason == .allowedByKey)
    }

    /// Usage in a rolling window counts for the whole window after it was
    /// taken, wherever inside a counting slot it fell.
    @Test(arguments: [
        ("{requests: 1, per: minute, window: rolling}", "2025-06-02T12:00:00.9Z", "2025-06-02T12:01:00.5Z"),
        ("{requests: 1, per: second, window: rolling}", "2025-06-02T12:00:00.0166Z", "2025-06-02T12:00:01.01Z"),
        ("{requests: 1, per: hour, window: rolling}", "2025-06-02T12:00:59Z", "2025-06-02T13:00:30Z"),
    ])
    func rollingUsageLastsTheWholeWindow(quota: String, first: String, withinWindow: String) throws {
        let policy = try #require(quotaPolicy(quota))
        let store = InMemoryQuotaStore()

        #expect(policy.authorize(makeRequest(time: first), quotas: store).decision.isAllowed)
        let second = policy.authorize(makeRequest(time: withinWindow), quotas: store)
        #expect(second.decision.reason == .quotaExceeded, "a request less than one window after the first was admitted")
    }

    @Test func exactTokenLimit() throws {
        let policy = try #require(quotaPolicy("{total_tokens: 10000, per: minute, window: rolling}"))
        let store = InMemoryQuotaStore()

        let nearly = policy.authorize(makeRequest(model: "large", inputTokens: 9_999), quotas: store)
        #expect(nearly.decision.isAllowed)
        let last = policy.authorize(makeRequest(model: "large", inputTokens: 1), quotas: store)
        #expect(last.decision.isAllowed)
        #expect(last.quotas.first?.remaining == 0)
        let over = policy.authorize(makeRequest(model: "large", inputTokens: 1), quotas: store)
        #expect(over.decision.reason == .quotaExceeded)
        #expect(over.deniedBy == "key:k1/total_tokens-per-minute")
    }

    @Test func requestLargerThanLimit() throws {
        let policy = try #require(quotaPolicy("{output_tokens: 100, per: day, window: calendar}"))
        let store = InMemoryQuotaStore()

        let tooLarge = policy.authorize(makeRequest(model: "large", maxOutputTokens: 101), quotas: store)
        #expect(tooLarge.decision.reason == .requestExceedsQuota)
        #expect(tooLarge.retryAfter == nil)
        #expect(tooLarge.reservation == nil)
        let whole = policy.authorize(makeRequest(model: "large", maxOutputTokens: 100), quotas: store)
        #expect(whole.decision.isAllowed, "the denied request must not have taken anything")
    }

    @Test func deniedRequestTakesNothing() throws {
        let policy = try #require(compilePolicy(basePolicy(keyFields: """
                quotas:
                  - {requests: 2, per: day, window: calendar}
                  - {input_tokens: 100, per: day, window: calendar}
            """)))
        let store = InMemoryQuotaStore()

        #expect(policy.authorize(makeRequest(inputTokens: 90), quotas: store).decision.isAllowed)
        let denied = policy.authorize(makeRequest(inputTokens: 20), quotas: store)
        #expect(denied.decision.reason == .quotaExceeded)
        #expect(denied.deniedBy == "key:k1/input_tokens-per-day")
        let fits = policy.authorize(makeRequest(inputTokens: 10), quotas: store)
        #expect(fits.decision.isAllowed, "the denied request must not have counted against the request quota")
    }

    @Test func settleAndRelease() throws {
        let policy = try #require(quotaPolicy("{input_tokens: 100, per: day, window: calendar}"))
        let store = InMemoryQuotaStore()

        let reserved = policy.authorize(makeRequest(model: "large", inputTokens: 80), quotas: store)
        let reservation = try #require(reserved.reservation)
        try store.settle(reservation, actualAmounts: [30])
        let afterSettle = policy.authorize(makeRequest(model: "large", inputTokens: 70), quotas: store)
        #expect(afterSettle.decision.isAllowed, "settling 80 down to 30 must free 50")

        let failedUpstream = try #require(afterSettle.reservation)
        try store.release(failedUpstream)
        let afterRelease = policy.authorize(makeRequest(model: "large", inputTokens: 70), quotas: store)
        #expect(afterRelease.decision.isAllowed, "releasing must give back the whole reservation")
        let full = policy.authorize(makeRequest(model: "large", inputTokens: 1), quotas: store)
        #expect(full.decision.reason == .quotaExceeded)
    }

    @Test func settleNeedsOneAmountPerCharge() throws {
        let policy = try #require(quotaPolicy("{requests: 5, per: day, window: calendar}"))
        let store = InMemoryQuotaStore()
        let reservation = try #require(policy.authorize(makeRequest(), quotas: store).reservation)

        #expect(throws: QuotaStoreError.self) { try store.settle(reservation, actualAmounts: [1, 2]) }
    }

    @Test func teamQuotaIsShared() throws {
        let policy = try #require(compilePolicy(basePolicy(keyFields: "    team: ops", extra: """
            teams:
              ops:
                quotas:
                  - {requests: 1, per: day, window: calendar}
            """).replacingOccurrences(of: "keys:\n", with: """
            keys:
              k2:
                secret_sha256: \(secondSecretHash)
                created_at: 2025-01-01T00:00:00Z
                team: ops
                scopes: [chat:completions]
                models: [small]

            """)))
        let store = InMemoryQuotaStore()

        #expect(policy.authorize(makeRequest(key: "k1"), quotas: store).decision.isAllowed)
        #expect(policy.authorize(makeRequest(key: "k2"), quotas: store).decision.reason == .quotaExceeded)
    }

    @Test func spendChargesTheMostExpensiveCandidate() throws {
        let policy = try #require(compilePolicy(basePolicy(keyFields: """
                models: [small, large]
                routes: [both]
                quotas:
                  - {spend: 0.01, per: day, window: calendar}
            """, extra: """
            routes:
              both: {strategy: ordered, candidates: [small, large]}
            """).replacingOccurrences(of: "    models: [small]\n", with: "")))
        let store = InMemoryQuotaStore()

        // 500 input tokens cost 0.0005 on small and 0.0015 on large; the fallback may serve it.
        let first = policy.authorize(makeRequest(model: "both", inputTokens: 500), quotas: store)
        #expect(first.decision.planModels == ["small", "large"])
        #expect(first.quotas.first?.used == 1_500)
    }
}
