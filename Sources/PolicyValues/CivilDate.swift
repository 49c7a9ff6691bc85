// Calendar arithmetic on the proleptic Gregorian calendar: converting a
// year-month-day to a count of days since 1970-01-01 and back, and the
// weekday of a day. The conversions shift the year to start in March, so the
// leap day is the last day of a shifted year, and count in 400-year eras of
// 146,097 days each.

/// A date on the proleptic Gregorian calendar, without a time or zone.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year; year 0 is 1 BC.
    public let year: Int
    /// The month, 1 = January.
    public let month: Int
    /// The day of the month, from 1.
    public let day: Int

    /// Creates a date, or nil when the month or day does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Creates the date `days` days after 1970-01-01 (negative for earlier dates).
    public init(daysSinceEpoch days: Int) {
        // Shift the epoch to 0000-03-01, which starts a 400-year era.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        // Years of the era, correcting for the leap days every 4, 100 and 400 years.
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        // Months from March have the repeating lengths 31 30 31 30 31, which 153/5 spreads evenly.
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    /// The number of days from 1970-01-01 to this date.
    public var daysSinceEpoch: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day of the week.
    public var weekday: Weekday { Weekday(daysSinceEpoch: daysSinceEpoch) }

    /// Returns the date `days` days later (or earlier when negative).
    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// The first day of the next month.
    public var startOfNextMonth: CivilDate {
        month == 12 ? CivilDate(uncheckedYear: year + 1, month: 1, day: 1) : CivilDate(uncheckedYear: year, month: month + 1, day: 1)
    }

    /// Returns whether `year` has a February 29.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Returns the number of days in a month, or 0 for a month outside 1...12.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: 31
        case 4, 6, 9, 11: 30
        case 2: isLeapYear(year) ? 29 : 28
        default: 0
        }
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `2025-03-01`.
    public var description: String {
        "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
}

/// Zero-pads a non-negative number to `width` digits; negative numbers keep their sign.
func pad(_ value: some BinaryInteger, _ width: Int) -> String {
    let digits = String(value.magnitude)
    let padded = digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
    return value < 0 ? "-" + padded : padded
}
