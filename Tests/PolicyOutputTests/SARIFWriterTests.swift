// The SARIF writer: required properties, rules, levels, regions in UTF-16
// columns, related locations, artifact URIs, and the committed sample log
// that validate_sarif.py checks against the SARIF 2.1.0 schema.

import Foundation
import PolicyOutput
import PolicySource
import Testing

/// The writer configuration used for the committed sample log.
let sampleWriter = SARIFWriter(
    toolVersion: "0.1.0", informationURI: "https://policyc.example/",
    documentationURI: "https://policyc.example/docs/diagnostics.md", sourceRoot: "/work/repo")

@Suite struct SARIFWriterTests {
    private func render(_ diagnostics: [Diagnostic], writer: SARIFWriter = sampleWriter) throws -> [String: Any] {
        try #require(parseObject(try writer.render(diagnostics)))
    }

    @Test func requiredProperties() throws {
        let log = try render(sampleDiagnostics())
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["runs"] as? [Any])?.count == 1)

        let run = value(log, "runs", 0)
        #expect(value(run, "tool", "driver", "name") as? String == "policyc")
        #expect(value(run, "tool", "driver", "semanticVersion") as? String == "0.1.0")
        #expect(value(run, "tool", "driver", "informationUri") as? String == "https://policyc.example/")
        #expect(value(run, "columnKind") as? String == "utf16CodeUnits")

        let results = try #require(value(run, "results") as? [[String: Any]])
        #expect(results.count == 4)
        for result in results {
            #expect(value(result, "message", "text") is String)
            #expect(value(result, "ruleId") is String)
        }
    }

    @Test func rulesDeduplicated() throws {
        let run = value(try render(sampleDiagnostics()), "runs", 0)
        let rules = try #require(value(run, "tool", "driver", "rules") as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == ["S009", "S011", "V002"])

        let first = rules[2]
        #expect(first["name"] as? String == "prefix-out-of-range")
        #expect(value(first, "shortDescription", "text") as? String == DiagnosticCode.prefixOutOfRange.summary)
        #expect(value(first, "defaultConfiguration", "level") as? String == "error")
        #expect(first["helpUri"] as? String == "https://policyc.example/docs/diagnostics.md#v002")
        #expect(value(rules[0], "defaultConfiguration", "level") as? String == "warning")
    }

    @Test func ruleIndexMatchesRule() throws {
        let run = value(try render(sampleDiagnostics()), "runs", 0)
        let rules = try #require(value(run, "tool", "driver", "rules") as? [[String: Any]])
        let results = try #require(value(run, "results") as? [[String: Any]])
        #expect(results.compactMap { $0["ruleIndex"] as? Int } == [2, 0, 2, 1])
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
        }
    }

    @Test func levelsFollowSeverity() throws {
        let results = value(try render(sampleDiagnostics()), "runs", 0, "results") as? [[String: Any]]
        #expect(results?.compactMap { $0["level"] as? String } == ["error", "warning", "error", "note"])
    }

    @Test func messageCarriesHint() throws {
        let log = try render(sampleDiagnostics())
        let text = value(log, "runs", 0, "results", 0, "message", "text") as? String
        #expect(text == "prefix length '33' is outside 0..32 for IPv4\nhint: use a prefix length from 0 to 32")
    }

    /// `10.0.0.0/33` follows `café 😀`: 24 scalars but 25 UTF-16 code units.
    @Test func regionColumnsAreUTF16() throws {
        let location = value(try render(sampleDiagnostics()), "runs", 0, "results", 0, "locations", 0, "physicalLocation")
        #expect(value(location, "artifactLocation", "uri") as? String == "policies/keys.yaml")
        #expect(value(location, "artifactLocation", "uriBaseId") as? String == "%SRCROOT%")
        #expect(value(location, "region", "startLine") as? Int == 3)
        #expect(value(location, "region", "startColumn") as? Int == 26)
        #expect(value(location, "region", "endLine") as? Int == 3)
        #expect(value(location, "region", "endColumn") as? Int == 37)
    }

    @Test func notesBecomeRelatedLocations() throws {
        let result = value(try render(sampleDiagnostics()), "runs", 0, "results", 1)
        let related = try #require(value(result, "relatedLocations") as? [[String: Any]])
        #expect(related.count == 2)
        #expect(related[0]["id"] as? Int == 1)
        #expect(value(related[0], "message", "text") as? String == "first listed here")
        #expect(value(related[0], "physicalLocation", "region", "startLine") as? Int == 4)
        #expect(value(related[0], "physicalLocation", "region", "startColumn") as? Int == 14)
        #expect(related[1]["id"] as? Int == 2)
        #expect(related[1]["physicalLocation"] == nil)
    }

    @Test func rangelessResult() throws {
        let log = try render(sampleDiagnostics())
        #expect(value(log, "runs", 0, "results", 3, "locations") == nil)

        let withFallback = SARIFWriter(toolVersion: "0.1.0", fallbackPath: "policies/main.yaml")
        let uri = value(try render(sampleDiagnostics(), writer: withFallback), "runs", 0, "results", 3, "locations", 0, "physicalLocation", "artifactLocation", "uri")
        #expect(uri as? String == "policies/main.yaml")
    }

    @Test func artifactURIsAreEncoded() throws {
        let log = try render(sampleDiagnostics())
        let uri = value(log, "runs", 0, "results", 2, "locations", 0, "physicalLocation", "artifactLocation", "uri")
        #expect(uri as? String == "policies/a%20b%2Cc%3Ad%25.yaml")
    }

    @Test func pathsUnderSourceRoot() throws {
        let inside = SourceFile(path: "/work/repo/policies/x.yaml", text: "a: 1\n")
        let outside = SourceFile(path: "/etc/policyc/y.yaml", text: "a: 1\n")
        let diagnostics = [
            Diagnostic(.yamlSyntax, "bad", at: SourceRange(file: inside, start: 0, end: 1)),
            Diagnostic(.yamlSyntax, "bad", at: SourceRange(file: outside, start: 0, end: 1)),
        ]
        let run = value(try render(diagnostics, writer: SARIFWriter(toolVersion: "1.0.0", sourceRoot: "/work/repo")), "runs", 0)

        #expect(value(run, "originalUriBaseIds", "%SRCROOT%", "uri") as? String == "file:///work/repo/")
        let insideLocation = value(run, "results", 0, "locations", 0, "physicalLocation", "artifactLocation")
        #expect(value(insideLocation, "uri") as? String == "policies/x.yaml")
        #expect(value(insideLocation, "uriBaseId") as? String == "%SRCROOT%")
        let outsideLocation = value(run, "results", 1, "locations", 0, "physicalLocation", "artifactLocation")
        #expect(value(outsideLocation, "uri") as? String == "file:///etc/policyc/y.yaml")
        #expect(value(outsideLocation, "uriBaseId") == nil)
    }

    @Test func optionalDriverFieldsOmitted() throws {
        let log = try render(sampleDiagnostics(), writer: SARIFWriter(toolVersion: "0.1.0"))
        let driver = value(log, "runs", 0, "tool", "driver")
        #expect(value(driver, "informationUri") == nil)
        #expect(value(driver, "rules", 0, "helpUri") == nil)
        #expect(value(log, "runs", 0, "originalUriBaseIds") == nil)
    }

    @Test func emptyLogHasEmptyResults() throws {
        let run = value(try render([]), "runs", 0)
        #expect((value(run, "results") as? [Any])?.isEmpty == true)
        #expect((value(run, "tool", "driver", "rules") as? [Any])?.isEmpty == true)
    }

    /// The committed sample.sarif must be what the writer produces today, so
    /// the schema check in validate_sarif.py checks current output. Set
    /// POLICYC_UPDATE_SAMPLE=1 to rewrite it after a deliberate change.
    @Test func sampleLogIsCurrent() throws {
        let sampleURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("sample.sarif")
        let current = try sampleWriter.render(sampleDiagnostics())
        if ProcessInfo.processInfo.environment["POLICYC_UPDATE_SAMPLE"] == "1" {
            try current.write(to: sampleURL, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOf: sampleURL, encoding: .utf8)
        #expect(committed == current)
    }
}
