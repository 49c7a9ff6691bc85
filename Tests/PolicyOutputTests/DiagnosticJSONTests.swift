// The JSON diagnostic document: its fixed shape, its positions and its
// byte-for-byte stable output.

import Foundation
import PolicyOutput
import PolicySource
import Testing

@Suite struct DiagnosticJSONTests {
    @Test func entryShape() throws {
        let document = try #require(parseObject(try DiagnosticJSON.render(sampleDiagnostics())))
        let entries = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(entries.count == 4)

        let keys = ["code", "column", "end_column", "end_line", "file", "hint", "line", "message", "name", "notes", "severity"]
        for entry in entries {
            #expect(entry.keys.sorted() == keys)
        }
    }

    @Test func positionsCountScalars() throws {
        let document = try #require(parseObject(try DiagnosticJSON.render(sampleDiagnostics())))
        let first = value(document, "diagnostics", 0)

        #expect(value(first, "code") as? String == "V002")
        #expect(value(first, "name") as? String == "prefix-out-of-range")
        #expect(value(first, "severity") as? String == "error")
        #expect(value(first, "file") as? String == "policies/keys.yaml")
        #expect(value(first, "line") as? Int == 3)
        #expect(value(first, "column") as? Int == 25)
        #expect(value(first, "end_line") as? Int == 3)
        #expect(value(first, "end_column") as? Int == 36)
        #expect(value(first, "hint") as? String == "use a prefix length from 0 to 32")
    }

    @Test func notesAndMissingPositions() throws {
        let document = try #require(parseObject(try DiagnosticJSON.render(sampleDiagnostics())))
        let notes = try #require(value(document, "diagnostics", 1, "notes") as? [[String: Any]])

        #expect(notes.count == 2)
        #expect(notes[0]["message"] as? String == "first listed here")
        #expect(notes[0]["line"] as? Int == 4)
        #expect(notes[0]["column"] as? Int == 14)
        #expect(notes[1]["file"] is NSNull)
        #expect(notes[1]["line"] is NSNull)
        #expect(value(document, "diagnostics", 1, "hint") is NSNull)

        let rangeless = value(document, "diagnostics", 3)
        #expect(value(rangeless, "severity") as? String == "note")
        for key in ["file", "line", "column", "end_line", "end_column"] {
            #expect(value(rangeless, key) is NSNull, "\(key) should be null")
        }
    }

    @Test func summaryCounts() throws {
        let document = try #require(parseObject(try DiagnosticJSON.render(sampleDiagnostics())))
        #expect(value(document, "summary", "errors") as? Int == 2)
        #expect(value(document, "summary", "warnings") as? Int == 1)
    }

    @Test func emptyList() throws {
        let document = try #require(parseObject(try DiagnosticJSON.render([])))
        #expect((document["diagnostics"] as? [Any])?.isEmpty == true)
        #expect(value(document, "summary", "errors") as? Int == 0)
    }

    @Test func stableOutput() throws {
        let first = try DiagnosticJSON.render(sampleDiagnostics())
        let second = try DiagnosticJSON.render(sampleDiagnostics())
        #expect(first == second)
    }

    @Test func exactText() throws {
        let file = SourceFile(path: "p/a.yaml", text: "a: \"x\\\"\"\n")
        let diagnostic = Diagnostic(.duplicateKey, "key 'a' \"quoted\" / slash", at: SourceRange(file: file, start: 0, end: 1))
        let expected = """
            {
              "diagnostics" : [
                {
                  "code" : "Y004",
                  "column" : 1,
                  "end_column" : 2,
                  "end_line" : 1,
                  "file" : "p/a.yaml",
                  "hint" : null,
                  "line" : 1,
                  "message" : "key 'a' \\"quoted\\" / slash",
                  "name" : "duplicate-key",
                  "notes" : [

                  ],
                  "severity" : "error"
                }
              ],
              "summary" : {
                "errors" : 1,
                "warnings" : 0
              }
            }

            """
        #expect(try DiagnosticJSON.render([diagnostic]) == expected)
    }
}
