// Tests for compiled time zones and calendar windows: offsets, local times,
// daylight saving gaps and overlaps, and independence from the process TZ.

import Foundation
import Testing

@testable import PolicyValues

/// Parses a timestamp the test expects to be valid, returning the epoch otherwise so checks fail.
func instant(_ text: String) -> Timestamp {
    (try? Timestamp.parse(text).get()) ?? Timestamp(nanoseconds: 0)
}

/// Prints the window of `unit` around `text` in `zone` as "start/end".
func printedWindow(_ text: String, _ unit: WindowUnit, _ zone: ZoneRules) -> String {
    let bounds = window(containing: instant(text), unit: unit, zone: zone)
    return "\(bounds.start)/\(bounds.end)"
}

/// Compiles a zone the test expects to exist, recording an issue and returning UTC otherwise.
func zone(_ identifier: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ZoneRules {
    value(ZoneRules.named(identifier), sourceLocation: sourceLocation) ?? .utc
}

@Suite struct ZoneRulesTests {
    @Test func berlinOffsets() {
        let berlin = zone("Europe/Berlin")
        #expect(berlin.offset(atUTC: instant("2025-01-15T12:00:00Z").secondsSinceEpoch) == 3600)
        #expect(berlin.offset(atUTC: instant("2025-07-15T12:00:00Z").secondsSinceEpoch) == 7200)
        #expect(berlin.offset(atUTC: instant("2025-03-30T00:59:59Z").secondsSinceEpoch) == 3600)
        #expect(berlin.offset(atUTC: instant("2025-03-30T01:00:00Z").secondsSinceEpoch) == 7200)
        #expect(berlin.offset(atUTC: instant("2025-10-26T00:59:59Z").secondsSinceEpoch) == 7200)
        #expect(berlin.offset(atUTC: instant("2025-10-26T01:00:00Z").secondsSinceEpoch) == 3600)
    }

    @Test func localTimeAfterSpringForward() {
        let local = zone("Europe/Berlin").local(instant("2025-03-30T01:30:00Z"))
        #expect(local.description == "2025-03-30 03:30:00 sun")
        #expect(local.weekday == .sunday)
        #expect(local.secondOfDay == 12_600)
    }

    @Test func skippedLocalTimeMapsForward() throws {
        let berlin = zone("Europe/Berlin")
        let date = try #require(CivilDate(year: 2025, month: 3, day: 30))
        // 02:30 does not exist on that day; read with +01:00 it is 01:30Z, which is 03:30 local.
        let seconds = berlin.instant(ofLocal: date, secondOfDay: 9000)
        #expect(seconds == instant("2025-03-30T01:30:00Z").secondsSinceEpoch)
        #expect(berlin.instant(ofLocal: date, secondOfDay: 3600) == instant("2025-03-30T00:00:00Z").secondsSinceEpoch)
        #expect(berlin.instant(ofLocal: date, secondOfDay: 10_800) == instant("2025-03-30T01:00:00Z").secondsSinceEpoch)
    }

    @Test func repeatedLocalTimeMapsToEarliest() throws {
        let berlin = zone("Europe/Berlin")
        let date = try #require(CivilDate(year: 2025, month: 10, day: 26))
        // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
        #expect(berlin.instant(ofLocal: date, secondOfDay: 9000) == instant("2025-10-26T00:30:00Z").secondsSinceEpoch)
        #expect(berlin.instant(ofLocal: date, secondOfDay: 10_800) == instant("2025-10-26T02:00:00Z").secondsSinceEpoch)
    }

    @Test func newYorkOffsets() {
        let newYork = zone("America/New_York")
        #expect(newYork.offset(atUTC: instant("2025-03-09T06:59:59Z").secondsSinceEpoch) == -18_000)
        #expect(newYork.offset(atUTC: instant("2025-03-09T07:00:00Z").secondsSinceEpoch) == -14_400)
        #expect(newYork.offset(atUTC: instant("2025-11-02T06:00:00Z").secondsSinceEpoch) == -18_000)
    }

    @Test func standardOffsetChangeIsFound() {
        // Moscow moved from +04:00 to +03:00 on 2014-10-26 without daylight saving time.
        let moscow = zone("Europe/Moscow")
        #expect(moscow.offset(atUTC: instant("2014-06-01T00:00:00Z").secondsSinceEpoch) == 14_400)
        #expect(moscow.offset(atUTC: instant("2014-10-25T21:59:59Z").secondsSinceEpoch) == 14_400)
        #expect(moscow.offset(atUTC: instant("2014-10-25T22:00:00Z").secondsSinceEpoch) == 10_800)
    }

    @Test func farFutureKeepsRules() {
        let berlin = zone("Europe/Berlin")
        #expect(berlin.offset(atUTC: instant("2199-07-01T12:00:00Z").secondsSinceEpoch) == 7200)
        #expect(berlin.offset(atUTC: instant("2199-12-01T12:00:00Z").secondsSinceEpoch) == 3600)
    }

    @Test func utcHasOneOffset() {
        #expect(value(ZoneRules.named("UTC")) === ZoneRules.utc)
        #expect(ZoneRules.utc.offset(atUTC: 0) == 0)
        #expect(ZoneRules.utc.local(instant("2024-02-29T23:59:59Z")).description == "2024-02-29 23:59:59 thu")
    }

    @Test func namedZonesAreCached() {
        #expect(zone("Asia/Tokyo") === zone("Asia/Tokyo"))
    }

    @Test(arguments: ["Europe/Berln", "EST", "CET", "GMT", "Japan", "", "europe/berlin", "Mars/Olympus_Mons"])
    func unknownZonesRejected(_ identifier: String) {
        expectFailure(ZoneRules.named(identifier), ExpectedError(identifier, "V010", 0, identifier.count))
    }

    @Test func typoGetsSuggestion() throws {
        let error = try #require(ZoneRules.named("Europe/Berln").failure)
        #expect(error.hint == "did you mean 'Europe/Berlin'?")
    }

    @Test func abbreviationGetsHint() throws {
        let error = try #require(ZoneRules.named("EST").failure)
        #expect(error.message.contains("abbreviation"))
    }

    @Test func processTimeZoneIsIgnored() {
        let before = printedWindow("2025-03-30T12:00:00Z", .day, zone("Europe/Berlin"))
        let saved = ProcessInfo.processInfo.environment["TZ"]
        setenv("TZ", "Pacific/Kiritimati", 1)
        tzset()
        defer {
            if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
            tzset()
        }
        let recompiled = ZoneRules.compile(identifier: "Europe/Berlin", zone: TimeZone(identifier: "Europe/Berlin") ?? .gmt)
        #expect(printedWindow("2025-03-30T12:00:00Z", .day, recompiled) == before)
        #expect(before == "2025-03-29T23:00:00Z/2025-03-30T22:00:00Z")
        #expect(value(Timestamp.parse("2025-03-01T12:00:00"[...].appending("Z")[...]))?.description == "2025-03-01T12:00:00Z")
    }
}

@Suite struct WindowTests {
    @Test func berlinSpringDayIs23Hours() {
        let bounds = window(containing: instant("2025-03-30T12:00:00Z"), unit: .day, zone: zone("Europe/Berlin"))
        #expect(bounds.start.description == "2025-03-29T23:00:00Z")
        #expect((bounds.end - bounds.start)?.description == "23h")
    }

    @Test func berlinAutumnDayIs25Hours() {
        let bounds = window(containing: instant("2025-10-26T12:00:00Z"), unit: .day, zone: zone("Europe/Berlin"))
        #expect(bounds.start.description == "2025-10-25T22:00:00Z")
        #expect((bounds.end - bounds.start)?.description == "1d1h")
    }

    @Test func newYorkDaysAcrossChanges() {
        let newYork = zone("America/New_York")
        #expect(printedWindow("2025-03-09T12:00:00Z", .day, newYork) == "2025-03-09T05:00:00Z/2025-03-10T04:00:00Z")
        #expect(printedWindow("2025-11-02T12:00:00Z", .day, newYork) == "2025-11-02T04:00:00Z/2025-11-03T05:00:00Z")
        // 03:30Z on 2025-03-10 is still 2025-03-09 in New York.
        #expect(printedWindow("2025-03-10T03:30:00Z", .day, newYork) == "2025-03-09T05:00:00Z/2025-03-10T04:00:00Z")
    }

    @Test func repeatedHourHasTwoWindows() {
        let berlin = zone("Europe/Berlin")
        #expect(printedWindow("2025-10-26T00:30:00Z", .hour, berlin) == "2025-10-26T00:00:00Z/2025-10-26T01:00:00Z")
        #expect(printedWindow("2025-10-26T01:30:00Z", .hour, berlin) == "2025-10-26T01:00:00Z/2025-10-26T02:00:00Z")
    }

    @Test func kolkataHoursStartAtHalfPast() {
        let kolkata = zone("Asia/Kolkata")
        #expect(printedWindow("2025-06-01T10:45:00Z", .hour, kolkata) == "2025-06-01T10:30:00Z/2025-06-01T11:30:00Z")
        #expect(printedWindow("2025-06-01T10:15:00Z", .hour, kolkata) == "2025-06-01T09:30:00Z/2025-06-01T10:30:00Z")
        #expect(printedWindow("2025-06-01T10:15:00Z", .day, kolkata) == "2025-05-31T18:30:00Z/2025-06-01T18:30:00Z")
    }

    @Test func kathmanduHoursStartAtQuarterPast() {
        let kathmandu = zone("Asia/Kathmandu")
        #expect(printedWindow("2025-06-01T10:00:00Z", .hour, kathmandu) == "2025-06-01T09:15:00Z/2025-06-01T10:15:00Z")
    }

    @Test func secondsAndMinutes() {
        let kolkata = zone("Asia/Kolkata")
        #expect(printedWindow("2025-06-01T10:45:30.250Z", .second, kolkata) == "2025-06-01T10:45:30Z/2025-06-01T10:45:31Z")
        #expect(printedWindow("2025-06-01T10:45:30.250Z", .minute, kolkata) == "2025-06-01T10:45:00Z/2025-06-01T10:46:00Z")
        #expect(printedWindow("1969-12-31T23:59:59.500Z", .second, .utc) == "1969-12-31T23:59:59Z/1970-01-01T00:00:00Z")
    }

    @Test func weekStartsMondayLocal() {
        let berlin = zone("Europe/Berlin")
        // Sunday 2025-03-30: the week began Monday 2025-03-24 at 00:00 CET.
        #expect(printedWindow("2025-03-30T12:00:00Z", .week, berlin) == "2025-03-23T23:00:00Z/2025-03-30T22:00:00Z")
        #expect(printedWindow("2025-03-31T00:00:00Z", .week, .utc) == "2025-03-31T00:00:00Z/2025-04-07T00:00:00Z")
    }

    @Test func februaryLengthFollowsLeapYears() {
        let leap = window(containing: instant("2024-02-10T00:00:00Z"), unit: .month, zone: .utc)
        #expect((leap.end - leap.start)?.description == "29d")
        let common = window(containing: instant("2025-02-10T00:00:00Z"), unit: .month, zone: .utc)
        #expect((common.end - common.start)?.description == "4w")
    }

    @Test func tokyoMonthStartsAtLocalMidnight() {
        let tokyo = zone("Asia/Tokyo")
        // 16:00Z on 31 March is 01:00 on 1 April in Tokyo.
        #expect(printedWindow("2025-03-31T16:00:00Z", .month, tokyo) == "2025-03-31T15:00:00Z/2025-04-30T15:00:00Z")
        #expect(printedWindow("2025-12-31T15:00:00Z", .month, tokyo) == "2025-12-31T15:00:00Z/2026-01-31T15:00:00Z")
    }

    @Test func windowsClampAtRangeEnd() {
        let bounds = window(containing: .max, unit: .month, zone: .utc)
        #expect(bounds.end == .max)
        #expect(bounds.start.description == "2262-04-01T00:00:00Z")
    }

    @Test func unitsParse() {
        #expect(value(WindowUnit.parse("month")) == .month)
        expectFailure(WindowUnit.parse("fortnight"), ExpectedError("fortnight", "V017", 0, 9))
        #expect(WindowUnit.parse("hours").failure?.hint == "did you mean 'hour'?")
        #expect(WindowUnit.month.nominalLength.description == "30d")
        #expect(WindowUnit.week.nominalLength.description == "1w")
    }
}
