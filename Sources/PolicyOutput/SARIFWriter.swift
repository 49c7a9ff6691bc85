// Diagnostics as a SARIF 2.1.0 log, the format GitHub code scanning and other
// code-review tools import. The log has one run whose driver lists one rule
// per diagnostic code that occurs, and one result per diagnostic; notes
// become related locations.
//
// Columns count UTF-16 code units, SARIF's default `columnKind`, which the
// run also states. Paths are made relative to the source root and resolved
// against the `%SRCROOT%` base, which code scanning maps to the checkout.

import PolicySource

/// Renders diagnostics as a SARIF 2.1.0 log.
public struct SARIFWriter: Sendable {
    /// The policyc version, written as the driver's `semanticVersion`.
    public var toolVersion: String
    /// The project's home page, written as the driver's `informationUri`; omitted when nil.
    public var informationURI: String?
    /// The absolute URI of the diagnostics reference (docs/diagnostics.md as
    /// published). Each rule's `helpUri` is this plus `#` and the lowercased
    /// code; omitted when nil.
    public var documentationURI: String?
    /// The directory that paths are made relative to, usually the repository
    /// root. Paths outside it are written as absolute `file://` URIs.
    public var sourceRoot: String?
    /// The file that a diagnostic without a range is attached to. GitHub code
    /// scanning rejects a result without a location, so set this (for
    /// example to the policy directory's main file) when uploading there.
    public var fallbackPath: String?

    /// Creates a writer; only the version is required.
    public init(
        toolVersion: String, informationURI: String? = nil, documentationURI: String? = nil,
        sourceRoot: String? = nil, fallbackPath: String? = nil
    ) {
        self.toolVersion = toolVersion
        self.informationURI = informationURI
        self.documentationURI = documentationURI
        self.sourceRoot = sourceRoot
        self.fallbackPath = fallbackPath
    }

    /// The JSON schema URI written as the log's `$schema`.
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    /// Renders the diagnostics, in the order given, as an indented SARIF log
    /// with sorted keys, ending with a newline.
    public func render(_ diagnostics: [Diagnostic]) throws -> String {
        let codes = Set(diagnostics.map(\.code)).sorted { $0.id < $1.id }
        var ruleIndex: [String: Int] = [:]
        for (index, code) in codes.enumerated() {
            ruleIndex[code.id] = index
        }

        var run: [String: JSONValue] = [
            "tool": .object(["driver": driver(rules: codes.map(rule))]),
            "results": .array(diagnostics.map { result($0, ruleIndex: ruleIndex[$0.code.id] ?? -1) }),
            "columnKind": .string("utf16CodeUnits"),
        ]
        if let root = sourceRoot, root.hasPrefix("/") {
            let directory = root.hasSuffix("/") ? root : root + "/"
            run["originalUriBaseIds"] = .object([Self.sourceRootBase: .object(["uri": .string(fileURI(directory))])])
        }

        return try encodeDocument(.object([
            "$schema": .string(Self.schemaURI),
            "version": .string("2.1.0"),
            "runs": .array([.object(run)]),
        ]))
    }

    // MARK: - Driver and rules

    private static let sourceRootBase = "%SRCROOT%"

    private func driver(rules: [JSONValue]) -> JSONValue {
        var members: [String: JSONValue] = [
            "name": .string("policyc"),
            "semanticVersion": .string(toolVersion),
            "rules": .array(rules),
        ]
        if let informationURI {
            members["informationUri"] = .string(informationURI)
        }
        return .object(members)
    }

    private func rule(_ code: DiagnosticCode) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(code.id),
            "name": .string(code.name),
            "shortDescription": .object(["text": .string(code.summary)]),
            "defaultConfiguration": .object(["level": .string(Self.level(code.defaultSeverity))]),
        ]
        if let documentationURI {
            members["helpUri"] = .string("\(documentationURI)#\(code.id.lowercased())")
        }
        return .object(members)
    }

    private static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    // MARK: - Results

    private func result(_ diagnostic: Diagnostic, ruleIndex: Int) -> JSONValue {
        var members: [String: JSONValue] = [
            "ruleId": .string(diagnostic.code.id),
            "ruleIndex": .integer(ruleIndex),
            "level": .string(Self.level(diagnostic.severity)),
            "message": .object(["text": .string(diagnostic.messageWithHint)]),
        ]

        if let range = diagnostic.range {
            members["locations"] = .array([.object(["physicalLocation": physicalLocation(range)])])
        } else if let fallbackPath {
            let artifact = artifactLocation(fallbackPath)
            members["locations"] = .array([.object(["physicalLocation": .object(["artifactLocation": artifact])])])
        }

        if !diagnostic.notes.isEmpty {
            members["relatedLocations"] = .array(diagnostic.notes.enumerated().map { relatedLocation($1, id: $0 + 1) })
        }
        return .object(members)
    }

    private func relatedLocation(_ note: DiagnosticNote, id: Int) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .integer(id),
            "message": .object(["text": .string(note.message)]),
        ]
        if let range = note.range {
            members["physicalLocation"] = physicalLocation(range)
        }
        return .object(members)
    }

    // MARK: - Locations

    private func physicalLocation(_ range: SourceRange) -> JSONValue {
        let span = range.span(in: .utf16CodeUnits)
        return .object([
            "artifactLocation": artifactLocation(range.file.path),
            "region": .object([
                "startLine": .integer(span.startLine),
                "startColumn": .integer(span.startColumn),
                "endLine": .integer(span.endLine),
                "endColumn": .integer(span.endColumn),
            ]),
        ])
    }

    private func artifactLocation(_ path: String) -> JSONValue {
        let relative = relativePath(path, root: sourceRoot)
        if relative.hasPrefix("/") {
            return .object(["uri": .string(fileURI(relative))])
        }
        return .object(["uri": .string(percentEncoded(relative)), "uriBaseId": .string(Self.sourceRootBase)])
    }

    private func fileURI(_ absolutePath: String) -> String {
        "file://" + percentEncoded(absolutePath)
    }
}

// MARK: - URI encoding

/// Percent-encodes every UTF-8 byte of a path except RFC 3986 unreserved
/// characters and `/`, so a path with spaces or `#` stays one URI reference.
func percentEncoded(_ path: String) -> String {
    var result = ""
    for byte in path.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
            result.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            result += "%" + hexDigits(byte)
        }
    }
    return result
}

private func hexDigits(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}
