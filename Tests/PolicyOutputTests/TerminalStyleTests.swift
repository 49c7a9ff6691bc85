// The color decision table for `--color`, terminals, NO_COLOR and TERM.

import PolicyOutput
import Testing

struct ColorCase: CustomTestStringConvertible, Sendable {
    let name: String
    let choice: ColorChoice
    let isTerminal: Bool
    let environment: [String: String]
    let expected: Bool

    var testDescription: String { name }
}

let colorCases: [ColorCase] = [
    ColorCase(name: "auto on terminal", choice: .auto, isTerminal: true, environment: [:], expected: true),
    ColorCase(name: "auto on pipe", choice: .auto, isTerminal: false, environment: [:], expected: false),
    ColorCase(name: "auto with NO_COLOR=1", choice: .auto, isTerminal: true, environment: ["NO_COLOR": "1"], expected: false),
    ColorCase(name: "auto with NO_COLOR=0", choice: .auto, isTerminal: true, environment: ["NO_COLOR": "0"], expected: false),
    ColorCase(name: "auto with empty NO_COLOR", choice: .auto, isTerminal: true, environment: ["NO_COLOR": ""], expected: true),
    ColorCase(name: "auto with TERM=dumb", choice: .auto, isTerminal: true, environment: ["TERM": "dumb"], expected: false),
    ColorCase(name: "auto with TERM=xterm", choice: .auto, isTerminal: true, environment: ["TERM": "xterm-256color"], expected: true),
    ColorCase(name: "always on pipe", choice: .always, isTerminal: false, environment: [:], expected: true),
    ColorCase(name: "always beats NO_COLOR", choice: .always, isTerminal: true, environment: ["NO_COLOR": "1"], expected: true),
    ColorCase(name: "never on terminal", choice: .never, isTerminal: true, environment: [:], expected: false),
]

@Test(arguments: colorCases)
func colorDecision(_ testCase: ColorCase) {
    let result = TerminalStyle.useColor(isTerminal: testCase.isTerminal, environment: testCase.environment, override: testCase.choice)
    #expect(result == testCase.expected)
}

@Test func colorChoiceParsing() {
    #expect(ColorChoice(rawValue: "auto") == .auto)
    #expect(ColorChoice(rawValue: "always") == .always)
    #expect(ColorChoice(rawValue: "never") == .never)
    #expect(ColorChoice(rawValue: "yes") == nil)
}

@Test func closedDescriptorIsNoTerminal() {
    #expect(!TerminalStyle.isTerminal(fileDescriptor: -1))
}
