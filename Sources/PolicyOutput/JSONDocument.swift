// A small JSON tree shared by the JSON and SARIF writers. Building a tree
// first and encoding it once with sorted keys gives byte-for-byte the same
// output for the same diagnostics, whatever order the members were added in.

import Foundation

/// One JSON value. Numbers are integers only, because no output format here
/// needs fractions, and so encoding cannot meet a non-finite number.
enum JSONValue: Sendable, Hashable, Encodable {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .integer(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items {
                try container.encode(item)
            }
        case .object(let members):
            var container = encoder.container(keyedBy: MemberName.self)
            for (name, value) in members {
                try container.encode(value, forKey: MemberName(name))
            }
        }
    }

    /// A string, or null when the text is absent.
    static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    /// An integer, or null when the number is absent.
    static func optional(_ number: Int?) -> JSONValue {
        number.map(JSONValue.integer) ?? .null
    }
}

/// Encodes a document as indented JSON with sorted keys and unescaped
/// slashes, ending with a newline.
func encodeDocument(_ document: JSONValue) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    let data = try encoder.encode(document)
    return String(decoding: data, as: UTF8.self) + "\n"
}

// MARK: - Keys

/// An object member name taken from a string at run time.
private struct MemberName: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
