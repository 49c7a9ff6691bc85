// Helpers shared by the value tests: unwrapping parse results and checking
// the code and position of a failure.

import PolicySource
import Testing

@testable import PolicyValues

/// The expected failure of one parser call: code, scalar offset and scalar length.
struct ExpectedError: Sendable, CustomTestStringConvertible {
    let text: String
    let code: String
    let offset: Int
    let length: Int

    init(_ text: String, _ code: String, _ offset: Int, _ length: Int) {
        self.text = text
        self.code = code
        self.offset = offset
        self.length = length
    }

    var testDescription: String { "'\(text)' -> \(code)@\(offset)+\(length)" }
}

/// Checks that `result` failed with the code and position in `expected`, a message and a hint.
func expectFailure<T>(_ result: Result<T, ValueError>, _ expected: ExpectedError, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    switch result {
    case .success(let value):
        Issue.record("'\(expected.text)' parsed as \(value)", sourceLocation: sourceLocation)
    case .failure(let error):
        #expect(error.code.id == expected.code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.offset == expected.offset, "\(error)", sourceLocation: sourceLocation)
        #expect(error.length == expected.length, "\(error)", sourceLocation: sourceLocation)
        #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        #expect(error.hint != nil, "\(error)", sourceLocation: sourceLocation)
    }
}

/// The value of a successful result; records an issue and returns nil on failure.
func value<T>(_ result: Result<T, ValueError>, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> T? {
    switch result {
    case .success(let value): return value
    case .failure(let error):
        Issue.record("unexpected failure: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
