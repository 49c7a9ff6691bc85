// Traffic replay under two policies and the rendering of a diff.

import Foundation
import PolicyKit
import PolicyOutput

/// Requests whose decision differs between two policies, counted per key and reason.
struct DecisionFlip: Codable, Hashable {
    let key: String
    let oldDecision: String
    let oldReason: String
    let newDecision: String
    let newReason: String
    var count: Int

    enum CodingKeys: String, CodingKey {
        case key, count
        case oldDecision = "old_decision"
        case oldReason = "old_reason"
        case newDecision = "new_decision"
        case newReason = "new_reason"
    }
}

enum TrafficReplay {
    /// Decides every request under both policies, each with its own quota
    /// store so usage carries across the stream as it would in production.
    static func flips(old: CompiledPolicy, new: CompiledPolicy, data: Data) throws -> [DecisionFlip] {
        let oldStore = InMemoryQuotaStore()
        let newStore = InMemoryQuotaStore()
        var counts: [DecisionFlip: Int] = [:]
        var lineNumber = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let request: Request
            do {
                request = try Request(json: Data(trimmed.utf8))
            } catch {
                throw UsageError("traffic line \(lineNumber): \(error)")
            }
            let before = old.authorize(request, quotas: oldStore).decision
            let after = new.authorize(request, quotas: newStore).decision
            guard before.effect != after.effect else { continue }
            let flip = DecisionFlip(key: request.keyID ?? after.keyID ?? before.keyID ?? "(unknown key)",
                                    oldDecision: before.effect.rawValue, oldReason: before.reason.rawValue,
                                    newDecision: after.effect.rawValue, newReason: after.reason.rawValue, count: 0)
            counts[flip, default: 0] += 1
        }
        return counts.map { flip, count in
            var counted = flip
            counted.count = count
            return counted
        }.sorted { ($0.key, $0.newDecision, $0.newReason) < ($1.key, $1.newDecision, $1.newReason) }
    }
}

enum DiffOutput {
    static func render(_ changes: [PolicyChange], flips: [DecisionFlip], format: String, trafficGiven: Bool) -> String {
        switch format {
        case "json": return json(changes, flips: flips, trafficGiven: trafficGiven)
        case "github": return github(changes, flips: flips)
        default: return text(changes, flips: flips, trafficGiven: trafficGiven)
        }
    }

    private static func text(_ changes: [PolicyChange], flips: [DecisionFlip], trafficGiven: Bool) -> String {
        var lines: [String] = []
        if changes.isEmpty { lines.append("no change in meaning") }
        for kind in [ChangeKind.widening, .narrowing, .neutral] {
            let group = changes.filter { $0.kind == kind }
            guard !group.isEmpty else { continue }
            lines.append("\(kind.rawValue) (\(group.count)):")
            for change in group {
                lines.append("  \(change.subject): \(change.summary)" + (change.location.map { "  [\($0)]" } ?? ""))
                if let keys = change.keys {
                    lines.append("    affects keys: \(abbreviate(keys)); scopes: \(abbreviate(change.scopes ?? []))")
                }
            }
        }
        if trafficGiven {
            let total = flips.reduce(0) { $0 + $1.count }
            lines.append("traffic: \(total) decision\(total == 1 ? "" : "s") flip")
            for flip in flips {
                lines.append("  \(flip.key): \(flip.oldDecision) (\(flip.oldReason)) -> \(flip.newDecision) (\(flip.newReason)): \(flip.count)")
            }
        }
        let counts = [ChangeKind.widening, .narrowing, .neutral].map { kind in "\(changes.count { $0.kind == kind }) \(kind.rawValue)" }
        lines.append("summary: " + counts.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }

    private static func abbreviate(_ names: [String]) -> String {
        names.count > 6 ? names.prefix(6).joined(separator: ", ") + " and \(names.count - 6) more" : names.joined(separator: ", ")
    }

    private struct Document: Encodable {
        let changes: [PolicyChange]
        let flips: [DecisionFlip]?
        let summary: [String: Int]
    }

    private static func json(_ changes: [PolicyChange], flips: [DecisionFlip], trafficGiven: Bool) -> String {
        var summary: [String: Int] = [:]
        for kind in [ChangeKind.widening, .narrowing, .neutral] { summary[kind.rawValue] = changes.count { $0.kind == kind } }
        if trafficGiven { summary["flipped_decisions"] = flips.reduce(0) { $0 + $1.count } }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Document(changes: changes, flips: trafficGiven ? flips : nil, summary: summary))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// GitHub workflow annotations: widening changes as warnings, others as notices.
    private static func github(_ changes: [PolicyChange], flips: [DecisionFlip]) -> String {
        var lines: [String] = []
        for change in changes {
            let level = change.kind == .widening ? "warning" : "notice"
            var properties = "title=\(GitHubAnnotations.escapeProperty("\(change.kind.rawValue): \(change.subject)"))"
            if let location = change.location, let colon = location.lastIndex(of: ":") {
                let file = String(location[..<colon])
                let line = String(location[location.index(after: colon)...])
                if !file.contains(":") || file.hasPrefix("/") { properties = "file=\(GitHubAnnotations.escapeProperty(file)),line=\(line)," + properties }
            }
            lines.append("::\(level) \(properties)::\(GitHubAnnotations.escapeMessage(change.summary))")
        }
        for flip in flips {
            lines.append("::notice title=\(GitHubAnnotations.escapeProperty("decision flips for key \(flip.key)"))::\(GitHubAnnotations.escapeMessage("\(flip.count) requests: \(flip.oldDecision) (\(flip.oldReason)) -> \(flip.newDecision) (\(flip.newReason))"))")
        }
        return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }
}
