// Markdown tables of a sweep: one row per key count, so the growth of each
// figure from 1,000 to 1,000,000 keys can be read down a column.

import Foundation

enum Report {
    static func markdown(_ results: [SizeResult], options: SweepOptions) -> String {
        var lines: [String] = []
        lines.append("### Compilation and memory\n")
        lines.append("| keys | files | source MB | warnings | check+compile median s (runs) | heap B/key | RSS B/key |")
        lines.append("|---:|---:|---:|---:|---:|---:|---:|")
        for result in results {
            let runs = result.keyCount >= 1_000_000 ? options.largeCompileRuns : options.compileRuns
            lines.append("| \(grouped(result.keyCount)) | \(result.fileCount) | \(fixed(Double(result.sourceBytes) / 1e6, 1)) "
                + "| \(result.warningCount) | \(fixed(result.compileSeconds.median, 3)) (\(runs)) "
                + "| \(fixed(result.heapBytesPerKey)) | \(fixed(result.residentBytesPerKey)) |")
        }

        lines.append("\n### Decisions: the request mix\n")
        let cores = ProcessInfo.processInfo.activeProcessorCount
        lines.append("| keys | median ns | p99 ns | allocations/decision | 1 thread decisions/s | \(cores) threads decisions/s "
            + "| decide ns (allowed) | authorize ns (allowed) | allocations/authorize |")
        lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for result in results {
            lines.append("| \(grouped(result.keyCount)) | \(fixed(result.mixLatency.median)) | \(fixed(result.mixLatency.p99)) "
                + "| \(fixed(result.mixAllocations, 2)) | \(grouped(Int(result.singleThreadRate))) "
                + "| \(grouped(Int(result.allThreadRate))) | \(fixed(result.decideAllowedLatency.median)) "
                + "| \(fixed(result.authorizeLatency.median)) | \(fixed(result.authorizeAllocations, 2)) |")
        }

        lines.append("\n### Decisions by request kind: median ns / p99 ns / allocations per decision\n")
        lines.append("| request kind | " + results.map { "\(grouped($0.keyCount)) keys" }.joined(separator: " | ") + " |")
        lines.append("|---|" + results.map { _ in "---:|" }.joined())
        for kind in RequestKind.allCases {
            let cells = results.map { result -> String in
                let latency = result.kindLatency[kind] ?? Distribution([])
                return "\(fixed(latency.median)) / \(fixed(latency.p99)) / \(fixed(result.kindAllocations[kind] ?? 0, 2))"
            }
            lines.append("| \(kind.rawValue) | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func fixed(_ value: Double, _ decimals: Int = 0) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// An integer with thousands separated by commas.
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var text = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}
