// The conformance corpus: folders that each hold a small policy and an
// `expect.json` with the diagnostics the policy must produce and, when it
// compiles, requests with their expected decisions. Both the library tests
// and the command-line tests load cases through this module and compare
// what they observed with `mismatches`, so the two front ends are held to
// one expectation. Tests/PolicyKitTests/Conformance/README.md documents the
// file format.

import Foundation
import PolicyKit
import PolicySource

/// One folder of the corpus, read and checked for format mistakes.
public struct ConformanceCase: Sendable, CustomStringConvertible {
    /// The folder name, which is the case's name in test output.
    public let name: String
    /// The case folder.
    public let folder: URL
    /// The path to compile: the case folder, or a path below it that `expect.json` names.
    public let policyPath: String
    /// Read limits for the library; nil means the defaults the command line also uses.
    public let limits: ReadLimits?
    public let diagnostics: [ExpectedDiagnostic]
    public let requests: [ExpectedRequest]
    /// Why the case fails today, for a known library gap; the runners record its failures as known issues.
    public let knownIssue: String?

    public var description: String { name }
}

/// A diagnostic the policy must produce, with its position in the case folder.
public struct ExpectedDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public let code: String
    /// The file relative to the case folder; nil for a diagnostic about the whole policy.
    public let file: String?
    public let line: Int?
    public let column: Int?
    /// Positions of the notes, in order; nil when the case does not check notes.
    public let notes: [NotePosition]?

    public init(code: String, file: String?, line: Int?, column: Int?, notes: [NotePosition]?) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.notes = notes
    }

    public var description: String {
        let place = file.map { "\($0):\(line ?? 0):\(column ?? 0)" } ?? "(no position)"
        let noteText = notes.map { " notes " + $0.map(\.description).joined(separator: ", ") } ?? ""
        return "\(code) at \(place)\(noteText)"
    }
}

/// Where a note points.
public struct NotePosition: Sendable, Hashable, CustomStringConvertible {
    public let file: String?
    public let line: Int?
    public let column: Int?

    public init(file: String?, line: Int?, column: Int?) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { file.map { "\($0):\(line ?? 0):\(column ?? 0)" } ?? "(no position)" }
}

/// A request of a case and the decision it must get.
public struct ExpectedRequest: Sendable {
    public let name: String
    /// The request as one JSON object, in the format `policyc eval` reads.
    public let json: Data
    /// Quota usage to set before the request, by quota name (as in decision reports), in the
    /// quota's unit: requests, tokens or micro-dollars.
    public let priorUsage: [String: Int64]
    public let decision: ExpectedDecision
}

/// The parts of a decision a case checks; nil fields are not checked.
public struct ExpectedDecision: Sendable, Hashable {
    public let effect: String
    public let reason: String?
    /// The first model of the plan.
    public let model: String?
    /// The whole plan, in order.
    public let plan: [String]?
    /// The output cap; `checksCap` says whether a missing cap is expected.
    public let outputCap: Int64?
    public let checksCap: Bool
}

/// A decision as one front end reported it.
public struct ObservedDecision: Sendable, Hashable, CustomStringConvertible {
    public let effect: String
    public let reason: String
    public let plan: [String]
    public let outputCap: Int64?

    public init(effect: String, reason: String, plan: [String], outputCap: Int64?) {
        self.effect = effect
        self.reason = reason
        self.plan = plan
        self.outputCap = outputCap
    }

    public var description: String {
        "\(effect) [\(reason)] plan [\(plan.joined(separator: ", "))] cap \(outputCap.map(String.init) ?? "none")"
    }
}

/// A mistake in a case folder itself.
public struct CorpusFormatError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

// MARK: - Loading

extension ConformanceCase {
    /// Reads every case folder below `root`, sorted by name.
    public static func loadAll(from root: URL) throws -> [ConformanceCase] {
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
        var cases: [ConformanceCase] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let folder = root.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                continue
            }
            cases.append(try load(folder: folder))
        }
        return cases
    }

    /// Reads one case folder.
    public static func load(folder: URL) throws -> ConformanceCase {
        let name = folder.lastPathComponent
        let file = folder.appendingPathComponent("expect.json")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw CorpusFormatError("\(name): expect.json is missing")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CorpusFormatError("\(name): expect.json is not a JSON object")
        }
        let reader = FieldReader(object: object, context: name)
        try reader.rejectUnknown(["description", "policy", "limits", "diagnostics", "requests", "known_issue"])
        let policy = try reader.string("policy").map { folder.appendingPathComponent($0).path } ?? folder.path
        let diagnostics = try reader.objects("diagnostics").map { try ExpectedDiagnostic(reading: $0, context: name) }
        let requests = try reader.objects("requests").map { try ExpectedRequest(reading: $0, context: name) }
        let limits = try reader.object("limits").map { try readLimits($0, context: name) }
        return ConformanceCase(name: name, folder: folder, policyPath: policy, limits: limits, diagnostics: diagnostics,
                               requests: requests, knownIssue: try reader.string("known_issue"))
    }

    private static func readLimits(_ object: [String: Any], context: String) throws -> ReadLimits {
        let reader = FieldReader(object: object, context: "\(context) limits")
        try reader.rejectUnknown(["max_file_bytes", "max_depth", "max_nodes", "max_aliases", "max_alias_expansion"])
        var limits = ReadLimits()
        if let value = try reader.integer("max_file_bytes") { limits.maxFileBytes = Int(value) }
        if let value = try reader.integer("max_depth") { limits.maxDepth = Int(value) }
        if let value = try reader.integer("max_nodes") { limits.maxNodes = Int(value) }
        if let value = try reader.integer("max_aliases") { limits.maxAliases = Int(value) }
        if let value = try reader.integer("max_alias_expansion") { limits.maxAliasExpansion = Int(value) }
        return limits
    }
}

extension ExpectedDiagnostic {
    init(reading object: [String: Any], context: String) throws {
        let reader = FieldReader(object: object, context: "\(context) diagnostic")
        try reader.rejectUnknown(["code", "file", "line", "column", "notes"])
        guard let code = try reader.string("code") else { throw CorpusFormatError("\(context): a diagnostic needs 'code'") }
        let notes = try object["notes"] == nil ? nil : reader.objects("notes").map { note in
            let noteReader = FieldReader(object: note, context: "\(context) note")
            try noteReader.rejectUnknown(["file", "line", "column"])
            return NotePosition(file: try noteReader.string("file"), line: try noteReader.integer("line").map(Int.init),
                                column: try noteReader.integer("column").map(Int.init))
        }
        self.init(code: code, file: try reader.string("file"), line: try reader.integer("line").map(Int.init),
                  column: try reader.integer("column").map(Int.init), notes: notes)
    }
}

extension ExpectedRequest {
    init(reading object: [String: Any], context: String) throws {
        let reader = FieldReader(object: object, context: "\(context) request")
        try reader.rejectUnknown(["name", "request", "prior_usage", "expect"])
        guard let name = try reader.string("name") else { throw CorpusFormatError("\(context): a request needs 'name'") }
        guard let request = try reader.object("request"), let expect = try reader.object("expect") else {
            throw CorpusFormatError("\(context) request '\(name)': needs 'request' and 'expect'")
        }
        let json = try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])
        var prior: [String: Int64] = [:]
        for (quota, value) in try reader.object("prior_usage") ?? [:] {
            prior[quota] = try Self.amount(value, context: "\(context) request '\(name)' prior_usage '\(quota)'")
        }
        self.init(name: name, json: json, priorUsage: prior,
                  decision: try ExpectedDecision(reading: expect, context: "\(context) request '\(name)'"))
    }

    /// An integer amount, or a decimal USD string such as "0.90" for spend, in micro-dollars.
    private static func amount(_ value: Any, context: String) throws -> Int64 {
        if let text = value as? String {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count <= 2, let whole = Int64(parts[0]) else { throw CorpusFormatError("\(context): '\(text)' is not an amount") }
            let fraction = parts.count == 2 ? String(parts[1]).padding(toLength: 6, withPad: "0", startingAt: 0) : "0"
            guard let micros = Int64(fraction) else { throw CorpusFormatError("\(context): '\(text)' is not an amount") }
            return whole * 1_000_000 + micros
        }
        guard let number = value as? Int64 ?? (value as? Int).map(Int64.init) else {
            throw CorpusFormatError("\(context): expected an integer or a decimal string")
        }
        return number
    }
}

extension ExpectedDecision {
    init(reading object: [String: Any], context: String) throws {
        let reader = FieldReader(object: object, context: context)
        try reader.rejectUnknown(["effect", "reason", "model", "plan", "output_cap"])
        guard let effect = try reader.string("effect"), effect == "allow" || effect == "deny" else {
            throw CorpusFormatError("\(context): 'effect' must be \"allow\" or \"deny\"")
        }
        let plan = try object["plan"].map { value -> [String] in
            guard let names = value as? [String] else { throw CorpusFormatError("\(context): 'plan' must be a list of model ids") }
            return names
        }
        let capValue = object["output_cap"]
        let cap: Int64? = capValue is NSNull ? nil : try reader.integer("output_cap")
        self.init(effect: effect, reason: try reader.string("reason"), model: try reader.string("model"), plan: plan,
                  outputCap: cap, checksCap: capValue != nil)
    }
}

/// Typed access to the fields of one JSON object of expect.json.
private struct FieldReader {
    let object: [String: Any]
    let context: String

    func rejectUnknown(_ allowed: Set<String>) throws {
        for name in object.keys where !allowed.contains(name) {
            throw CorpusFormatError("\(context): unknown field '\(name)'")
        }
    }

    func string(_ name: String) throws -> String? {
        guard let value = object[name], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw CorpusFormatError("\(context): '\(name)' must be a string") }
        return text
    }

    func integer(_ name: String) throws -> Int64? {
        guard let value = object[name], !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, number.doubleValue == number.doubleValue.rounded() else {
            throw CorpusFormatError("\(context): '\(name)' must be an integer")
        }
        return number.int64Value
    }

    func object(_ name: String) throws -> [String: Any]? {
        guard let value = object[name], !(value is NSNull) else { return nil }
        guard let map = value as? [String: Any] else { throw CorpusFormatError("\(context): '\(name)' must be an object") }
        return map
    }

    func objects(_ name: String) throws -> [[String: Any]] {
        guard let value = object[name], !(value is NSNull) else { return [] }
        guard let list = value as? [[String: Any]] else { throw CorpusFormatError("\(context): '\(name)' must be a list of objects") }
        return list
    }
}

// MARK: - Comparing

/// Compares observed diagnostics with the expected ones, in order. Returns one
/// line per difference; an empty result means they agree. Notes are compared
/// only when the expectation lists them and `compareNotes` is true.
public func mismatches(expected: [ExpectedDiagnostic], observed: [ExpectedDiagnostic], compareNotes: Bool) -> [String] {
    var problems: [String] = []
    let count = max(expected.count, observed.count)
    for index in 0..<count {
        let want = index < expected.count ? expected[index] : nil
        let got = index < observed.count ? observed[index] : nil
        switch (want, got) {
        case let (want?, got?):
            let samePlace = want.code == got.code && want.file == got.file && want.line == got.line && want.column == got.column
            let notesAgree = !compareNotes || want.notes == nil || want.notes == got.notes
            if !samePlace || !notesAgree { problems.append("diagnostic \(index + 1): expected \(want), got \(got)") }
        case let (want?, nil):
            problems.append("diagnostic \(index + 1): expected \(want), got nothing")
        case let (nil, got?):
            problems.append("diagnostic \(index + 1): unexpected \(got)")
        case (nil, nil):
            break
        }
    }
    return problems
}

/// Compares an observed decision with the expected one; returns one line per difference.
public func mismatches(expected: ExpectedDecision, observed: ObservedDecision) -> [String] {
    var problems: [String] = []
    if expected.effect != observed.effect { problems.append("effect: expected \(expected.effect), got \(observed)") }
    if let reason = expected.reason, reason != observed.reason { problems.append("reason: expected \(reason), got \(observed)") }
    if let model = expected.model, observed.plan.first != model { problems.append("first model: expected \(model), got \(observed)") }
    if let plan = expected.plan, plan != observed.plan { problems.append("plan: expected \(plan), got \(observed)") }
    if expected.checksCap, expected.outputCap != observed.outputCap {
        problems.append("output cap: expected \(expected.outputCap.map(String.init) ?? "none"), got \(observed)")
    }
    return problems
}

/// Returns `path` relative to `folder` when it lies inside it, else unchanged.
public func relativePath(_ path: String, in folder: String) -> String {
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
}
