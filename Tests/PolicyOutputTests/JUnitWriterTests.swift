// The JUnit writer: counts, escaping and well-formedness, checked by parsing
// the output with Foundation's XMLParser.

import Foundation
import PolicyOutput
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// One parsed element: its name, attributes and text content.
struct ParsedElement {
    var name: String
    var attributes: [String: String]
    var text = ""
}

/// Collects every element of a document in document order.
final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [ParsedElement] = []
    private var open: [Int] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        elements.append(ParsedElement(name: elementName, attributes: attributes))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        _ = open.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last {
            elements[index].text += string
        }
    }
}

/// Parses XML text, returning its elements, or nil when it is not well-formed.
func parseXML(_ text: String) -> [ParsedElement]? {
    let parser = XMLParser(data: Data(text.utf8))
    let collector = ElementCollector()
    parser.delegate = collector
    return parser.parse() ? collector.elements : nil
}

let sampleSuites = [
    TestSuiteResult(
        name: "tests/keys.yaml",
        cases: [
            TestCaseResult(name: "expired key is denied", className: "keys", durationSeconds: 0.0012, outcome: .passed),
            TestCaseResult(
                name: "admin may use gpt-4o", className: "keys", durationSeconds: 0.003,
                outcome: .failed(message: "expected allow, got deny", details: "rule 'block-night' matched")),
            TestCaseResult(name: "skipped case", className: "keys", durationSeconds: 0, outcome: .skipped(message: "needs a clock")),
        ],
        timestamp: Date(timeIntervalSince1970: 1_740_821_400)),
    TestSuiteResult(
        name: "tests/routes.yaml",
        cases: [
            TestCaseResult(
                name: "route falls back", className: "routes", durationSeconds: 0.5,
                outcome: .error(message: "request file unreadable", details: "")),
            TestCaseResult(
                name: "second failure", className: "routes", durationSeconds: 0.25,
                outcome: .failed(message: "wrong model", details: "expected a, got b")),
        ]),
]

@Suite struct JUnitWriterTests {
    @Test func totalsOnTestsuites() throws {
        let elements = try #require(parseXML(JUnitWriter.render(name: "policyc", suites: sampleSuites)))
        let root = try #require(elements.first)
        #expect(root.name == "testsuites")
        #expect(root.attributes["name"] == "policyc")
        #expect(root.attributes["tests"] == "5")
        #expect(root.attributes["failures"] == "2")
        #expect(root.attributes["errors"] == "1")
        #expect(root.attributes["skipped"] == "1")
        #expect(root.attributes["time"] == "0.754")
    }

    @Test func countsPerSuite() throws {
        let elements = try #require(parseXML(JUnitWriter.render(name: "policyc", suites: sampleSuites)))
        let suites = elements.filter { $0.name == "testsuite" }
        #expect(suites.map { $0.attributes["tests"] } == ["3", "2"])
        #expect(suites.map { $0.attributes["failures"] } == ["1", "1"])
        #expect(suites.map { $0.attributes["errors"] } == ["0", "1"])
        #expect(suites.map { $0.attributes["skipped"] } == ["1", "0"])
        #expect(suites.map { $0.attributes["time"] } == ["0.004", "0.750"])
        #expect(suites[0].attributes["timestamp"] == "2025-03-01T09:30:00")
        #expect(suites[1].attributes["timestamp"] == nil)
        #expect(elements.filter { $0.name == "testcase" }.count == 5)
    }

    @Test func outcomeElements() throws {
        let elements = try #require(parseXML(JUnitWriter.render(name: "policyc", suites: sampleSuites)))
        let failures = elements.filter { $0.name == "failure" }
        #expect(failures.map { $0.attributes["message"] } == ["expected allow, got deny", "wrong model"])
        #expect(failures.map { $0.attributes["type"] } == ["failure", "failure"])
        #expect(failures.map(\.text) == ["rule 'block-night' matched", "expected a, got b"])

        let errors = elements.filter { $0.name == "error" }
        #expect(errors.map { $0.attributes["message"] } == ["request file unreadable"])
        #expect(errors.map(\.text) == [""])
        #expect(elements.filter { $0.name == "skipped" }.map { $0.attributes["message"] } == ["needs a clock"])

        let firstCase = try #require(elements.first { $0.name == "testcase" })
        #expect(firstCase.attributes["classname"] == "keys")
        #expect(firstCase.attributes["name"] == "expired key is denied")
        #expect(firstCase.attributes["time"] == "0.001")
    }

    @Test func markupCharactersRoundTrip() throws {
        let awkward = "a & b < c > d \"e\" 'f'\tg\nh\r\ni ]]> 😀"
        let suite = TestSuiteResult(
            name: awkward,
            cases: [TestCaseResult(name: awkward, className: awkward, durationSeconds: 1, outcome: .failed(message: awkward, details: awkward))])
        let elements = try #require(parseXML(JUnitWriter.render(name: awkward, suites: [suite])))

        #expect(elements[0].attributes["name"] == awkward)
        #expect(elements[1].attributes["name"] == awkward)
        #expect(elements[2].attributes["classname"] == awkward)
        #expect(elements[3].attributes["message"] == awkward)
        #expect(elements[3].text == awkward)
    }

    @Test func forbiddenCharactersReplaced() throws {
        let text = "nul\u{0} bell\u{7} escape\u{1B}[31m end\u{FFFE}\u{FFFF}"
        let expected = "nul\u{FFFD} bell\u{FFFD} escape\u{FFFD}[31m end\u{FFFD}\u{FFFD}"
        let suite = TestSuiteResult(
            name: "s", cases: [TestCaseResult(name: text, className: "c", durationSeconds: 0, outcome: .error(message: text, details: text))])
        let output = JUnitWriter.render(name: "policyc", suites: [suite])
        let elements = try #require(parseXML(output))

        #expect(!output.unicodeScalars.contains("\u{1B}"))
        #expect(elements[2].attributes["name"] == expected)
        #expect(elements[3].attributes["message"] == expected)
        #expect(elements[3].text == expected)
    }

    @Test(arguments: [
        (0.0, "0.000"), (0.0004, "0.000"), (0.0015, "0.002"), (1.5, "1.500"), (61.25, "61.250"),
        (-3, "0.000"), (Double.nan, "0.000"), (Double.infinity, "0.000"), (1e300, "1000000000000.000"),
    ])
    func durationText(seconds: Double, expected: String) throws {
        let suite = TestSuiteResult(name: "s", cases: [TestCaseResult(name: "c", className: "c", durationSeconds: seconds, outcome: .passed)])
        let elements = try #require(parseXML(JUnitWriter.render(name: "policyc", suites: [suite])))
        #expect(elements[2].attributes["time"] == expected)
    }

    @Test func emptyReport() throws {
        let output = JUnitWriter.render(name: "policyc", suites: [])
        #expect(output == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"policyc\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0.000\">\n</testsuites>\n")
        #expect(parseXML(output)?.count == 1)
    }
}
