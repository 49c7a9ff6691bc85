// Tests for durations: unit grammar, canonical printing and overflow.

import Testing

@testable import PolicyValues

@Suite struct DurationTests {
    static let second: Int64 = 1_000_000_000

    static let valid: [(String, Int64, String)] = [
        ("500ms", 500_000_000, "500ms"),
        ("30s", 30 * second, "30s"),
        ("15m", 900 * second, "15m"),
        ("1h", 3600 * second, "1h"),
        ("1h30m", 5400 * second, "1h30m"),
        ("90m", 5400 * second, "1h30m"),
        ("90d", 90 * 86_400 * second, "90d"),
        ("2w", 14 * 86_400 * second, "2w"),
        ("14d", 14 * 86_400 * second, "2w"),
        ("1w2d3h4m5s6ms", (9 * 86_400 + 3 * 3600 + 4 * 60 + 5) * second + 6_000_000, "9d3h4m5s6ms"),
        ("0s", 0, "0s"),
        ("0ms", 0, "0s"),
        ("1h0m", 3600 * second, "1h"),
        ("1000ms", second, "1s"),
        ("15250w", 15250 * 7 * 86_400 * second, "15250w"),
    ]

    @Test(arguments: valid)
    func parseAndPrint(_ input: String, _ nanoseconds: Int64, _ printed: String) {
        let duration = value(PolicyDuration.parse(input))
        #expect(duration?.nanoseconds == nanoseconds)
        #expect(duration?.description == printed)
    }

    static let invalid: [ExpectedError] = [
        ExpectedError("", "V007", 0, 0),
        ExpectedError("-5m", "V007", 0, 1),
        ExpectedError("+5m", "V007", 0, 1),
        ExpectedError("1.5h", "V007", 1, 1),
        ExpectedError("30", "V007", 0, 2),
        ExpectedError("0", "V007", 0, 1),
        ExpectedError("h", "V007", 0, 1),
        ExpectedError("1h30", "V007", 2, 2),
        ExpectedError("1y", "V007", 1, 1),
        ExpectedError("1H", "V007", 1, 1),
        ExpectedError("1us", "V007", 1, 2),
        ExpectedError("30m1h", "V007", 4, 1),
        ExpectedError("1h1h", "V007", 3, 1),
        ExpectedError("1s1ms1s", "V007", 6, 1),
        ExpectedError("05m", "V007", 0, 2),
        ExpectedError("1h05m", "V007", 2, 2),
        ExpectedError("00s", "V007", 0, 2),
        ExpectedError("1h 30m", "V007", 2, 1),
        ExpectedError("15251w", "V007", 0, 6),
        ExpectedError("99999999999999999999s", "V007", 0, 21),
    ]

    @Test(arguments: invalid)
    func parseRejects(_ expected: ExpectedError) {
        expectFailure(PolicyDuration.parse(expected.text), expected)
    }

    @Test func yearsHintSuggestsDays() throws {
        let error = try #require(PolicyDuration.parse("1y").failure)
        #expect(error.hint == "write years in days, such as 365d")
    }

    @Test func subMillisecondPrintsNanoseconds() {
        #expect(PolicyDuration(nanoseconds: 1_500).description == "1500ns")
        #expect(PolicyDuration(nanoseconds: -90 * 60 * 1_000_000_000).description == "-1h30m")
    }

    @Test func arithmeticReportsOverflow() {
        let big = PolicyDuration(nanoseconds: .max)
        #expect(big.adding(PolicyDuration(nanoseconds: 1)) == nil)
        #expect(big.multiplied(by: 2) == nil)
        #expect(PolicyDuration(nanoseconds: 2).multiplied(by: 3)?.nanoseconds == 6)
        #expect(PolicyDuration(seconds: .max) == nil)
        #expect(PolicyDuration(nanoseconds: -1).seconds == -1)
    }
}
