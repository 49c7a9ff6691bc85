// Tests for times of day, weekdays and calendar dates.

import Testing

@testable import PolicyValues

@Suite struct TimeOfDayTests {
    static let valid: [(String, Int32, String)] = [
        ("22:30", 81_000, "22:30"),
        ("00:00", 0, "00:00"),
        ("09:05", 32_700, "09:05"),
        ("23:59:59", 86_399, "23:59:59"),
        ("08:00:05", 28_805, "08:00:05"),
        ("12:00:00", 43_200, "12:00"),
    ]

    @Test(arguments: valid)
    func parseAndPrint(_ input: String, _ seconds: Int32, _ printed: String) {
        let time = value(TimeOfDay.parse(input))
        #expect(time?.secondOfDay == seconds)
        #expect(time?.description == printed)
    }

    @Test(arguments: ["24:00", "24:00:00"])
    func endOfDayOnlyWhenAllowed(_ input: String) {
        #expect(value(TimeOfDay.parse(input, allowEndOfDay: true)) == .endOfDay)
        expectFailure(TimeOfDay.parse(input), ExpectedError(input, "V009", 0, input.count))
    }

    static let invalid: [ExpectedError] = [
        ExpectedError("", "V009", 0, 0),
        ExpectedError("9:30", "V009", 0, 4),
        ExpectedError("25:00", "V009", 0, 2),
        ExpectedError("24:01", "V009", 0, 2),
        ExpectedError("12:60", "V009", 3, 2),
        ExpectedError("12:30:60", "V009", 6, 2),
        ExpectedError("12-30", "V009", 2, 1),
        ExpectedError("12:30:", "V009", 0, 6),
        ExpectedError("ab:30", "V009", 0, 2),
        ExpectedError("12:3x", "V009", 3, 2),
        ExpectedError("12:30.00", "V009", 5, 1),
        ExpectedError("1350", "V009", 0, 4),
    ]

    @Test(arguments: invalid)
    func parseRejects(_ expected: ExpectedError) {
        expectFailure(TimeOfDay.parse(expected.text), expected)
    }

    @Test func endOfDayHintWhenAllowed() throws {
        let error = try #require(TimeOfDay.parse("25:00", allowEndOfDay: true).failure)
        #expect(error.hint?.contains("24:00") == true)
    }

    @Test func components() throws {
        let time = try #require(value(TimeOfDay.parse("08:00:05")))
        #expect(time.hour == 8)
        #expect(time.minute == 0)
        #expect(time.second == 5)
        #expect(TimeOfDay(secondOfDay: 86_401) == nil)
    }
}

@Suite struct WeekdayTests {
    @Test(arguments: [("mon", Weekday.monday), ("monday", .monday), ("thu", .thursday), ("sunday", .sunday), ("sat", .saturday)])
    func parseNames(_ input: String, _ expected: Weekday) {
        #expect(value(Weekday.parse(input[...])) == expected)
    }

    @Test(arguments: ["Mon", "thurs", "", "montag", "mon "])
    func parseRejects(_ input: String) {
        expectFailure(Weekday.parse(input[...]), ExpectedError(input, "V016", 0, input.count))
    }

    @Test func suggestionForTypo() throws {
        let error = try #require(Weekday.parse("tuseday"[...]).failure)
        #expect(error.hint == "did you mean 'tuesday'?")
    }

    @Test func weekdayOfDays() {
        #expect(Weekday(daysSinceEpoch: 0) == .thursday)
        #expect(Weekday(daysSinceEpoch: -1) == .wednesday)
        #expect(Weekday(daysSinceEpoch: 4) == .monday)
        #expect(Weekday.monday.rawValue == 0)
        #expect(Weekday.sunday.description == "sun")
    }
}

@Suite struct CivilDateTests {
    static let known: [(Int, Int, Int, Int)] = [
        (1970, 1, 1, 0),
        (1969, 12, 31, -1),
        (2000, 3, 1, 11_017),
        (2000, 2, 29, 11_016),
        (2024, 2, 29, 19_782),
        (2025, 3, 30, 20_177),
        (0, 3, 1, -719_468),
        (1677, 9, 21, -106_752),
        (2262, 4, 11, 106_751),
    ]

    @Test(arguments: known)
    func daysSinceEpoch(_ year: Int, _ month: Int, _ day: Int, _ days: Int) throws {
        let date = try #require(CivilDate(year: year, month: month, day: day))
        #expect(date.daysSinceEpoch == days)
        #expect(CivilDate(daysSinceEpoch: days) == date)
    }

    @Test func roundTripOverCenturies() {
        var previous = CivilDate(daysSinceEpoch: -800_001)
        for days in stride(from: -800_000, through: 800_000, by: 1) {
            let date = CivilDate(daysSinceEpoch: days)
            if date.daysSinceEpoch != days || !(previous < date) {
                Issue.record("day \(days) gave \(date)")
                return
            }
            previous = date
        }
    }

    @Test func leapYears() {
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2025, month: 4, day: 31) == nil)
        #expect(CivilDate(year: 2025, month: 13, day: 1) == nil)
    }

    @Test func weekdayOfDate() {
        #expect(CivilDate(year: 2025, month: 3, day: 30)?.weekday == .sunday)
        #expect(CivilDate(year: 2024, month: 2, day: 29)?.weekday == .thursday)
        #expect(CivilDate(year: 2025, month: 12, day: 31)?.startOfNextMonth.description == "2026-01-01")
    }
}
