// Tests for RFC 3339 timestamps: strict parsing, printing and arithmetic.

import Foundation
import Testing

@testable import PolicyValues

@Suite struct TimestampTests {
    static let noon: Int64 = 1_740_830_400 * 1_000_000_000

    static let valid: [(String, Int64, String)] = [
        ("2025-03-01T12:00:00Z", noon, "2025-03-01T12:00:00Z"),
        ("2025-03-01T20:00:00+08:00", noon, "2025-03-01T12:00:00Z"),
        ("2025-03-01T06:30:00-05:30", noon, "2025-03-01T12:00:00Z"),
        ("2025-03-01t12:00:00z", noon, "2025-03-01T12:00:00Z"),
        ("2025-03-01T12:00:00-00:00", noon, "2025-03-01T12:00:00Z"),
        ("2025-03-01T12:00:00.5Z", noon + 500_000_000, "2025-03-01T12:00:00.500Z"),
        ("2025-03-01T12:00:00.123456789Z", noon + 123_456_789, "2025-03-01T12:00:00.123456789Z"),
        ("2025-03-01T12:00:00.000001Z", noon + 1000, "2025-03-01T12:00:00.000001Z"),
        ("2025-03-01T12:00:00.000000000Z", noon, "2025-03-01T12:00:00Z"),
        ("1970-01-01T00:00:00Z", 0, "1970-01-01T00:00:00Z"),
        ("1969-12-31T23:59:59.5Z", -500_000_000, "1969-12-31T23:59:59.500Z"),
        ("2024-02-29T00:00:00Z", 1_709_164_800 * 1_000_000_000, "2024-02-29T00:00:00Z"),
        ("2000-02-29T23:59:59Z", 951_868_799 * 1_000_000_000, "2000-02-29T23:59:59Z"),
        ("2262-04-11T23:47:16.854775807Z", Int64.max, "2262-04-11T23:47:16.854775807Z"),
        ("1677-09-21T00:12:43.145224192Z", Int64.min, "1677-09-21T00:12:43.145224192Z"),
    ]

    @Test(arguments: valid)
    func parseAndPrint(_ input: String, _ nanoseconds: Int64, _ printed: String) {
        let timestamp = value(Timestamp.parse(input))
        #expect(timestamp?.nanoseconds == nanoseconds)
        #expect(timestamp?.description == printed)
    }

    static let invalid: [ExpectedError] = [
        ExpectedError("", "V005", 0, 0),
        ExpectedError("2025-03-01T12:00:00", "V006", 19, 0),
        ExpectedError("2025-03-01T12:00:00.25", "V006", 22, 0),
        ExpectedError("2025-06-01", "V015", 0, 10),
        ExpectedError("2025-03-01 12:00:00Z", "V005", 10, 1),
        ExpectedError("2025-03-01_12:00:00Z", "V005", 10, 1),
        ExpectedError("2025-03-01T12:00:60Z", "V005", 17, 2),
        ExpectedError("2025-03-01T24:00:00Z", "V005", 11, 2),
        ExpectedError("2025-03-01T12:60:00Z", "V005", 14, 2),
        ExpectedError("2025-03-01T12:00:61Z", "V005", 17, 2),
        ExpectedError("2025-13-01T00:00:00Z", "V005", 5, 2),
        ExpectedError("2025-00-01T00:00:00Z", "V005", 5, 2),
        ExpectedError("2025-01-32T00:00:00Z", "V005", 8, 2),
        ExpectedError("2025-01-00T00:00:00Z", "V005", 8, 2),
        ExpectedError("2023-02-29T00:00:00Z", "V005", 8, 2),
        ExpectedError("1900-02-29T00:00:00Z", "V005", 8, 2),
        ExpectedError("2025-04-31T00:00:00Z", "V005", 8, 2),
        ExpectedError("2025-03-01T12:00Z", "V005", 16, 0),
        ExpectedError("2025-03-01T12:00", "V005", 16, 0),
        ExpectedError("2025-03-01T12:00:00.Z", "V005", 20, 1),
        ExpectedError("2025-03-01T12:00:00.1234567891Z", "V005", 29, 1),
        ExpectedError("2025-03-01T12:00:00+24:00", "V005", 19, 6),
        ExpectedError("2025-03-01T12:00:00+08:60", "V005", 19, 6),
        ExpectedError("2025-03-01T12:00:00+0800", "V005", 19, 5),
        ExpectedError("2025-03-01T12:00:00+8:00", "V005", 19, 5),
        ExpectedError("2025-03-01T12:00:00 Z", "V005", 19, 1),
        ExpectedError("2025-03-01T12:00:00Zjunk", "V005", 20, 4),
        ExpectedError("2025-03-01T12:00:00+08:00Z", "V005", 25, 1),
        ExpectedError("25-03-01T12:00:00Z", "V005", 0, 4),
        ExpectedError("2025-3-01T12:00:00Z", "V005", 5, 2),
        ExpectedError("2025/03/01T12:00:00Z", "V005", 4, 1),
        ExpectedError("2025-03-01T1:00:00Z", "V005", 11, 2),
        ExpectedError("9999-01-01T00:00:00Z", "V005", 0, 20),
        ExpectedError("1600-01-01T00:00:00Z", "V005", 0, 20),
        ExpectedError("2025-03-01T12:00:00.5", "V006", 21, 0),
    ]

    @Test(arguments: invalid)
    func parseRejects(_ expected: ExpectedError) {
        expectFailure(Timestamp.parse(expected.text), expected)
    }

    @Test func missingOffsetHint() throws {
        let error = try #require(Timestamp.parse("2025-03-01T12:00:00").failure)
        #expect(error.hint == "add Z for UTC or an offset such as +02:00")
    }

    @Test func dateOnlyHintShowsFullTimestamp() throws {
        let error = try #require(Timestamp.parse("2025-06-01").failure)
        #expect(error.hint?.contains("2025-06-01T00:00:00Z") == true)
    }

    @Test func leapDayMessageNamesMonthLength() throws {
        let error = try #require(Timestamp.parse("2023-02-29T00:00:00Z").failure)
        #expect(error.message.contains("February 2023 has 28 days"))
    }

    @Test func addingDuration() throws {
        let start = try #require(value(Timestamp.parse("2025-03-01T12:00:00Z")))
        let later = start.adding(PolicyDuration(nanoseconds: PolicyDuration.nanosecondsPerHour))
        #expect(later?.description == "2025-03-01T13:00:00Z")
        #expect(Timestamp.max.adding(PolicyDuration(nanoseconds: 1)) == nil)
        #expect(Timestamp.min.subtracting(PolicyDuration(nanoseconds: 1)) == nil)
    }

    @Test func differenceIsDuration() throws {
        let start = try #require(value(Timestamp.parse("2025-03-01T12:00:00Z")))
        let end = try #require(value(Timestamp.parse("2025-03-02T13:30:00Z")))
        #expect((end - start)?.description == "1d1h30m")
        #expect((start - end)?.nanoseconds == -(end - start)!.nanoseconds)
        #expect((Timestamp.max - Timestamp.min) == nil)
    }

    @Test func secondsFloorBeforeEpoch() {
        #expect(Timestamp(nanoseconds: -1).secondsSinceEpoch == -1)
        #expect(Timestamp(nanoseconds: -1_000_000_000).secondsSinceEpoch == -1)
        #expect(Timestamp(nanoseconds: 1_999_999_999).secondsSinceEpoch == 1)
        #expect(Timestamp(nanoseconds: -1).nanosecondOfSecond == 999_999_999)
    }

    @Test func foundationDateRoundTrip() {
        let date = Date(timeIntervalSince1970: 1_740_830_400.25)
        let timestamp = Timestamp(date: date)
        #expect(timestamp.nanoseconds == 1_740_830_400_250_000_000)
        #expect(timestamp.date == date)
        #expect(Timestamp(date: .distantFuture) == .max)
        #expect(Timestamp(date: .distantPast) == .min)
    }

    @Test func secondsInitRejectsOverflow() {
        #expect(Timestamp(secondsSinceEpoch: 10_000_000_000) == nil)
        #expect(Timestamp(secondsSinceEpoch: 1)?.nanoseconds == 1_000_000_000)
    }
}
