// Random and mutated conditions that must never trap: each one either
// compiles, evaluates to a result, and prints canonical text that compiles
// to the same canonical text, or is rejected with at least one diagnostic
// that points inside the text.

import Testing

@testable import PolicyExpr

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

struct FuzzTests {
    static let seeds = [
        "request.scope == \"files:write\" && local_hour(request.time, \"Europe/Berlin\") < 6",
        "request.client_ip in [cidr(\"10.0.0.0/8\"), cidr(\"::1/128\")] || key.tier == \"gold\"",
        "model.input_price * 2 + 0.5 > request.estimated_cost && \"vision\" in model.capabilities",
        "request.time - key.created_at > 90d && !(request.labels[\"env\"] == 'prod')",
        "weekday(request.time, \"UTC\") in [\"sat\", \"sun\"] || size(request.labels) >= 2",
        "-request.input_tokens * 9223372036854775807 < model.context_window - 1",
        "local_time(request.time, \"Europe/Berlin\") > time(\"22:30\") && ends_with(lower(key.owner), \"e\")",
    ]

    static let fragments = [
        "request.scope", "request.input_tokens", "request.time", "request.client_ip", "request.labels",
        "key.team", "key.created_at", "model.input_price", "model.capabilities", "model.latency", "req.x",
        "\"a\"", "'b'", "\"\\u{41}\"", "\"\\q\"", "0", "1", "010", "9223372036854775807", "0.5", "90d", "1h30m", "5y",
        "true", "false", "in", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "!", "+", "-", "*", "(", ")", "[", "]",
        ",", ".", "=", "&", "ip(\"10.0.0.1\")", "cidr(\"10.0.0.0/8\")", "time(\"22:30\")", "local_hour(", "lower(",
        "size(", "\"Europe/Berlin\"", "timestamp(\"2025-01-01T00:00:00Z\")", "#", "\"",
    ]

    @Test func randomTokenSoupNeverTraps() {
        var random = SplitMix(state: 1)
        for _ in 0..<300 {
            let count = Int.random(in: 1...12, using: &random)
            let text = (0..<count).map { _ in Self.fragments.randomElement(using: &random) ?? "" }.joined(separator: " ")
            check(text)
        }
    }

    @Test func mutatedSeedsNeverTrap() {
        var random = SplitMix(state: 2)
        let alphabet = Array("()[]!<>=&|+-*.,\"' 0123456789abcdefxyz_:/\\{}é")
        for index in 0..<400 {
            var scalars = Array(Self.seeds[index % Self.seeds.count])
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0..<scalars.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: scalars.remove(at: position)
                case 1: scalars.insert(alphabet.randomElement(using: &random) ?? " ", at: position)
                default: scalars[position] = alphabet.randomElement(using: &random) ?? " "
                }
                if scalars.isEmpty { scalars = ["x"] }
            }
            check(String(scalars))
        }
    }

    @Test func seedsCompile() {
        for seed in Self.seeds {
            #expect(compile(seed).condition != nil, "\(seed)")
        }
    }

    /// Compiles `text` and checks the properties every input must have.
    private func check(_ text: String) {
        let result = compile(text)
        let length = text.unicodeScalars.count
        guard let condition = result.condition else {
            #expect(!result.diagnostics.isEmpty, "rejected without a diagnostic: \(text)")
            for diagnostic in result.diagnostics {
                let start = diagnostic.range?.start ?? -1
                #expect(start >= 0 && start <= text.utf8.count, "diagnostic outside the text: \(text)")
            }
            _ = length
            return
        }
        _ = condition.evaluate(fixedContext)
        _ = condition.evaluate(ConditionContext())
        let again = compile(condition.canonicalText)
        #expect(again.condition?.canonicalText == condition.canonicalText, "canonical text does not round-trip: \(text)")
        #expect(again.condition?.constantValue == condition.constantValue, "\(text)")
    }
}
