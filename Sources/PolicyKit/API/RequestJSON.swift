// The JSON form of a request, read by `policyc eval`, `policyc test` and
// `policyc diff --traffic`. docs/decisions.md documents the fields. Reading
// is strict: an unknown field, a wrong type or a malformed time is an error
// that names the field, never a silent default.

import Foundation
import PolicySource
import PolicyValues

/// A request read from JSON could not be understood.
public struct RequestFormatError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension Request {
    /// The fields a JSON request may have.
    public static let jsonFields: Set<String> = [
        "key_id", "secret", "peer", "forwarded_for", "time", "scope", "model", "input_tokens", "max_output_tokens", "labels",
        "request_id",
    ]

    /// Reads a request from one JSON object.
    public init(json data: Data) throws(RequestFormatError) {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw RequestFormatError("the request is not valid JSON")
        }
        guard case .object(let fields) = value else {
            throw RequestFormatError("the request must be a JSON object")
        }
        try self.init(fields: fields)
    }

    /// Reads a request from a decoded JSON object, ignoring the extra field names in `alsoAllowed`.
    public init(fields: [String: JSONValue], alsoAllowed: Set<String> = []) throws(RequestFormatError) {
        for name in fields.keys where !Self.jsonFields.contains(name) && !alsoAllowed.contains(name) {
            let hint = Suggestions.closest(to: name, in: Self.jsonFields).map { "; did you mean '\($0)'?" } ?? ""
            throw RequestFormatError("unknown request field '\(name)'\(hint)")
        }
        let reader = JSONFieldReader(fields: fields)
        let keyID = try reader.string("key_id")
        let secret = try reader.string("secret")
        guard keyID != nil || secret != nil else {
            throw RequestFormatError("the request needs 'key_id' or 'secret'")
        }
        guard let timeText = try reader.string("time") else { throw RequestFormatError("the request needs 'time' (RFC 3339)") }
        let time: Timestamp
        switch Timestamp.parse(timeText) {
        case .success(let value): time = value
        case .failure(let error): throw RequestFormatError("invalid 'time' '\(timeText)': \(error.message)")
        }
        self.init(
            keyID: keyID, presentedSecret: secret, peerAddress: try reader.required("peer"),
            forwardedFor: try reader.stringList("forwarded_for") ?? [], time: time, scope: try reader.required("scope"),
            model: try reader.required("model"), inputTokens: try reader.integer("input_tokens") ?? 0,
            maxOutputTokens: try reader.integer("max_output_tokens") ?? 0, labels: try reader.labels("labels"),
            requestID: try reader.string("request_id"))
    }
}

/// A JSON value that keeps booleans, integers and fractions apart, so a
/// request field typed wrongly is reported instead of converted.
public enum JSONValue: Decodable, Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

/// Typed access to the fields of a JSON object.
struct JSONFieldReader {
    let fields: [String: JSONValue]

    func string(_ name: String) throws(RequestFormatError) -> String? {
        switch fields[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw RequestFormatError("'\(name)' must be a string")
        }
    }

    func required(_ name: String) throws(RequestFormatError) -> String {
        guard let text = try string(name) else { throw RequestFormatError("the request needs '\(name)'") }
        return text
    }

    /// Reads a whole number; booleans, fractions and strings are rejected.
    func integer(_ name: String) throws(RequestFormatError) -> Int64? {
        switch fields[name] {
        case nil, .null?: return nil
        case .integer(let value)?: return value
        default: throw RequestFormatError("'\(name)' must be a whole number")
        }
    }

    func stringList(_ name: String) throws(RequestFormatError) -> [String]? {
        switch fields[name] {
        case nil, .null?: return nil
        case .array(let items)?:
            var strings: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw RequestFormatError("'\(name)' must be a list of strings") }
                strings.append(text)
            }
            return strings
        default: throw RequestFormatError("'\(name)' must be a list of strings")
        }
    }

    func labels(_ name: String) throws(RequestFormatError) -> [String: String] {
        switch fields[name] {
        case nil, .null?: return [:]
        case .object(let map)?:
            var labels: [String: String] = [:]
            for (key, value) in map {
                guard case .string(let text) = value else { throw RequestFormatError("label '\(key)' in '\(name)' must be a string") }
                labels[key] = text
            }
            return labels
        default: throw RequestFormatError("'\(name)' must be an object of string values")
        }
    }
}
