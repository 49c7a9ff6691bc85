// Policy test results as JUnit XML, the report format that Jenkins, GitLab
// and the GitHub test-report actions read. A suite usually holds the cases
// of one policy test file.
//
//   <?xml version="1.0" encoding="UTF-8"?>
//   <testsuites name="policyc" tests="2" failures="1" errors="0" skipped="0" time="0.004">
//     <testsuite name="tests/keys.yaml" tests="2" failures="1" errors="0" skipped="0" time="0.004">
//       <testcase classname="keys" name="expired key is denied" time="0.001"/>
//       <testcase classname="keys" name="admin may use gpt-4o" time="0.003">
//         <failure message="expected allow, got deny" type="failure">details</failure>
//       </testcase>
//     </testsuite>
//   </testsuites>
//
// Times are seconds with three decimals. Text is escaped for XML 1.0, and
// characters that XML 1.0 cannot contain at all (most C0 controls, U+FFFE,
// U+FFFF) are replaced with U+FFFD.

import Foundation

/// The outcome of one test case.
public enum TestOutcome: Sendable, Hashable {
    /// The case met every expectation.
    case passed
    /// An expectation did not hold; `details` is the longer explanation.
    case failed(message: String, details: String)
    /// The case could not run to completion, for example an unreadable request.
    case error(message: String, details: String)
    /// The case was not run, with the reason.
    case skipped(message: String)
}

/// The result of one test case.
public struct TestCaseResult: Sendable, Hashable {
    /// The case name shown by the CI system.
    public var name: String
    /// The group the case belongs to, written as JUnit's `classname`.
    public var className: String
    /// Wall-clock time the case took, in seconds.
    public var durationSeconds: Double
    /// The case's outcome.
    public var outcome: TestOutcome

    /// Creates a result.
    public init(name: String, className: String, durationSeconds: Double, outcome: TestOutcome) {
        self.name = name
        self.className = className
        self.durationSeconds = durationSeconds
        self.outcome = outcome
    }
}

/// The results of one test suite, usually one test file.
public struct TestSuiteResult: Sendable, Hashable {
    /// The suite name, usually the test file's path.
    public var name: String
    /// The cases in the order they ran.
    public var cases: [TestCaseResult]
    /// When the suite started; omitted from the XML when nil.
    public var timestamp: Date?

    /// Creates a suite result.
    public init(name: String, cases: [TestCaseResult], timestamp: Date? = nil) {
        self.name = name
        self.cases = cases
        self.timestamp = timestamp
    }

    /// The number of cases.
    public var tests: Int { cases.count }
    /// The number of failed cases.
    public var failures: Int { cases.count { if case .failed = $0.outcome { true } else { false } } }
    /// The number of cases that ended in an error.
    public var errors: Int { cases.count { if case .error = $0.outcome { true } else { false } } }
    /// The number of skipped cases.
    public var skipped: Int { cases.count { if case .skipped = $0.outcome { true } else { false } } }
    /// The sum of the case durations, in seconds.
    public var durationSeconds: Double { cases.reduce(0) { $0 + $1.durationSeconds } }
}

/// Renders test suite results as a JUnit XML document.
public enum JUnitWriter {
    /// Renders the suites inside one `<testsuites>` element called `name`,
    /// ending with a newline.
    public static func render(name: String, suites: [TestSuiteResult]) -> String {
        let totals: [(String, String)] = [
            ("name", name),
            ("tests", String(suites.reduce(0) { $0 + $1.tests })),
            ("failures", String(suites.reduce(0) { $0 + $1.failures })),
            ("errors", String(suites.reduce(0) { $0 + $1.errors })),
            ("skipped", String(suites.reduce(0) { $0 + $1.skipped })),
            ("time", seconds(suites.reduce(0) { $0 + $1.durationSeconds })),
        ]
        var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        output += "<testsuites\(attributes(totals))>\n"
        for suite in suites {
            output += suiteElement(suite)
        }
        output += "</testsuites>\n"
        return output
    }

    // MARK: - Elements

    private static func suiteElement(_ suite: TestSuiteResult) -> String {
        var list: [(String, String)] = [
            ("name", suite.name),
            ("tests", String(suite.tests)),
            ("failures", String(suite.failures)),
            ("errors", String(suite.errors)),
            ("skipped", String(suite.skipped)),
            ("time", seconds(suite.durationSeconds)),
        ]
        if let timestamp = suite.timestamp {
            list.append(("timestamp", Self.timestamp(timestamp)))
        }
        var output = "  <testsuite\(attributes(list))>\n"
        for testCase in suite.cases {
            output += caseElement(testCase)
        }
        output += "  </testsuite>\n"
        return output
    }

    private static func caseElement(_ testCase: TestCaseResult) -> String {
        let opening = "    <testcase\(attributes([("classname", testCase.className), ("name", testCase.name), ("time", seconds(testCase.durationSeconds))]))"
        let child: String
        switch testCase.outcome {
        case .passed:
            return opening + "/>\n"
        case .failed(let message, let details):
            child = resultElement("failure", message: message, details: details)
        case .error(let message, let details):
            child = resultElement("error", message: message, details: details)
        case .skipped(let message):
            child = "<skipped\(attributes([("message", message)]))/>"
        }
        return opening + ">\n      \(child)\n    </testcase>\n"
    }

    /// Returns a `<failure>` or `<error>` element. Its `type` repeats the
    /// element name because policy tests have no exception classes to name.
    private static func resultElement(_ element: String, message: String, details: String) -> String {
        let opening = "<\(element)\(attributes([("message", message), ("type", element)]))"
        if details.isEmpty {
            return opening + "/>"
        }
        return opening + ">\(escapeText(details))</\(element)>"
    }

    // MARK: - Values

    private static func attributes(_ list: [(String, String)]) -> String {
        list.map { " \($0.0)=\"\(escapeAttribute($0.1))\"" }.joined()
    }

    /// Formats seconds with three decimals. A negative or non-finite duration is
    /// written as 0, and durations are capped at 10^12 seconds so the
    /// conversion to an integer count of milliseconds cannot overflow.
    static func seconds(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0.000" }
        let milliseconds = Int((min(value, 1e12) * 1000).rounded())
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// Formats a UTC date and time without a zone suffix, for example
    /// `2025-03-01T09:30:00`, the pattern that the Ant JUnit XML schema
    /// (windyroad/JUnit-Schema, JUnit.xsd) gives for `timestamp`.
    static func timestamp(_ date: Date) -> String {
        let style = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .current)
            .year().month().day().dateTimeSeparator(.standard).time(includingFractionalSeconds: false)
        return date.formatted(style)
    }
}

// MARK: - XML escaping

/// Escapes text content: `&`, `<` and `>`, and CR as a character reference
/// so parsers do not fold it into a line feed.
func escapeText(_ text: String) -> String {
    escapeXML(text, inAttribute: false)
}

/// Escapes an attribute value: the text escapes plus both quotes, and tab and
/// line feed as references, since parsers turn literal ones into spaces.
func escapeAttribute(_ text: String) -> String {
    escapeXML(text, inAttribute: true)
}

private func escapeXML(_ text: String, inAttribute: Bool) -> String {
    replacingScalars(in: text) { scalar in
        switch scalar {
        case "&": "&amp;"
        case "<": "&lt;"
        case ">": "&gt;"
        case "\r": "&#13;"
        case "\"" where inAttribute: "&quot;"
        case "'" where inAttribute: "&apos;"
        case "\n" where inAttribute: "&#10;"
        case "\t" where inAttribute: "&#9;"
        default: isXMLCharacter(scalar) ? nil : "\u{FFFD}"
        }
    }
}

/// Returns whether XML 1.0 allows the scalar in a document (its `Char` production).
/// Swift scalars are never surrogates, so only the gaps below U+0020 and
/// the two noncharacters U+FFFE and U+FFFF need excluding.
private func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x9, 0xA, 0xD: true
    case 0x20...0xFFFD: true
    case 0x10000...0x10FFFF: true
    default: false
    }
}
