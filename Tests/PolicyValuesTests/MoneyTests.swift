// Tests for exact money amounts: parsing, printing, arithmetic and token cost.

import Testing

@testable import PolicyValues

@Suite struct MoneyTests {
    static let valid: [(String, Int64, String)] = [
        ("0.15", 150_000, "0.15"),
        ("5", 5_000_000, "5.00"),
        ("5.00", 5_000_000, "5.00"),
        ("5.5", 5_500_000, "5.50"),
        ("0", 0, "0.00"),
        ("0.0", 0, "0.00"),
        ("0.000001", 1, "0.000001"),
        ("0.10", 100_000, "0.10"),
        ("1234.123456", 1_234_123_456, "1234.123456"),
        ("10.5000", 10_500_000, "10.50"),
        ("9223372036854.775807", .max, "9223372036854.775807"),
    ]

    @Test(arguments: valid)
    func parseAndPrint(_ input: String, _ micros: Int64, _ printed: String) {
        let amount = value(Money.parse(input))
        #expect(amount?.micros == micros)
        #expect(amount?.description == printed)
    }

    static let invalid: [ExpectedError] = [
        ExpectedError("", "V008", 0, 0),
        ExpectedError("0.1234567", "V008", 8, 1),
        ExpectedError("-5", "V008", 0, 1),
        ExpectedError("+5", "V008", 0, 1),
        ExpectedError("1e3", "V008", 1, 1),
        ExpectedError("1.5E2", "V008", 3, 1),
        ExpectedError(".5", "V008", 0, 1),
        ExpectedError("5.", "V008", 1, 1),
        ExpectedError("05", "V008", 0, 2),
        ExpectedError("00.5", "V008", 0, 2),
        ExpectedError("1,000", "V008", 1, 1),
        ExpectedError("1_000", "V008", 1, 1),
        ExpectedError("$5", "V008", 0, 1),
        ExpectedError("€5", "V008", 0, 1),
        ExpectedError("5€", "V008", 1, 1),
        ExpectedError("5.5.5", "V008", 3, 1),
        ExpectedError("abc", "V008", 0, 1),
        ExpectedError("5 ", "V008", 1, 1),
        ExpectedError("9223372036854.775808", "V008", 0, 20),
        ExpectedError("99999999999999999999", "V008", 0, 20),
    ]

    @Test(arguments: invalid)
    func parseRejects(_ expected: ExpectedError) {
        expectFailure(Money.parse(expected.text), expected)
    }

    @Test func negativeMessage() throws {
        let error = try #require(Money.parse("-5").failure)
        #expect(error.message.contains("must not be negative"))
    }

    @Test func multiByteOffsetsCountScalars() throws {
        let error = try #require(Money.parse("5€").failure)
        #expect(error.utf8Offset == 1)
        #expect(error.utf8Length == 3)
    }

    static let costs: [(price: Int64, tokens: Int64, micros: Int64?)] = [
        (150_000, 1, 1),
        (150_000, 3, 1),
        (150_000, 7, 2),
        (150_000, 1_000_000, 150_000),
        (2_500_000, 1000, 2500),
        (2_500_000, 1001, 2503),
        (0, 1_000_000, 0),
        (150_000, 0, 0),
        (.max, 1_000_000, .max),
        (.max, 1_000_001, nil),
        (.max, .max, nil),
        (-1, 10, nil),
        (10, -1, nil),
    ]

    @Test(arguments: costs)
    func costRoundsUp(_ row: (price: Int64, tokens: Int64, micros: Int64?)) {
        #expect(Money.cost(pricePerMillion: Money(micros: row.price), tokens: row.tokens)?.micros == row.micros)
    }

    @Test func arithmeticReportsOverflow() {
        let most = Money(micros: .max)
        #expect(most.adding(Money(micros: 1)) == nil)
        #expect(Money(micros: .min).subtracting(Money(micros: 1)) == nil)
        #expect(most.multiplied(by: 2) == nil)
        #expect(Money(micros: 150_000).multiplied(by: 3)?.description == "0.45")
        #expect(Money(micros: 1).subtracting(Money(micros: 2))?.description == "-0.000001")
    }
}
