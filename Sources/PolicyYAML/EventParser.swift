// A thin owner of one libyaml event parser. It turns libyaml's C events into
// Swift values with copied strings, so no C memory outlives a call, and it
// turns a libyaml failure into a Swift error value with both marks.
//
// libyaml keeps reading through the input pointer it was given and keeps its
// state in the `yaml_parser_t`, so both live in heap allocations owned by
// this object until `deinit`.

internal import CYAML

/// A position reported by libyaml: character index, line and column, all from 0.
struct EventMark: Sendable, Hashable {
    var index: Int
    var line: Int
    var column: Int

    init(_ mark: yaml_mark_t) {
        index = Int(clamping: mark.index)
        line = Int(clamping: mark.line)
        column = Int(clamping: mark.column)
    }
}

/// The payload of one event, copied out of the C union.
enum EventKind: Sendable, Hashable {
    case streamStart
    case streamEnd
    case documentStart
    case documentEnd
    case alias(anchor: String)
    case scalar(value: String, anchor: String?, tag: String?, style: ScalarStyle)
    case sequenceStart(anchor: String?, tag: String?)
    case sequenceEnd
    case mappingStart(anchor: String?, tag: String?)
    case mappingEnd
}

/// One libyaml event with its start and end marks.
struct Event: Sendable, Hashable {
    var kind: EventKind
    var start: EventMark
    var end: EventMark
}

/// A libyaml failure: its problem text and mark, and the context it was in.
struct EventParserError: Error, Sendable, Hashable {
    /// Whether the failure is from libyaml's reader (bad encoding or a control
    /// character); then `problemMark` is unknown and `problemByteOffset` is set.
    var isReaderError: Bool
    var isMemoryError: Bool
    var problem: String
    var problemMark: EventMark?
    var problemByteOffset: Int?
    var context: String?
    var contextMark: EventMark?
}

/// Owns a `yaml_parser_t` and the input bytes it reads.
final class EventParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let isInitialized: Bool
    private var failure: EventParserError?

    /// Copies `bytes` and sets up a parser that reads them.
    init(bytes: [UInt8]) {
        parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        event.initialize(to: yaml_event_t())

        // libyaml asserts a non-null input pointer, so an empty file still gets one byte.
        input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
        _ = input.initialize(from: bytes)

        isInitialized = yaml_parser_initialize(parser) != 0
        if isInitialized, let base = input.baseAddress {
            yaml_parser_set_input_string(parser, base, bytes.count)
        }
    }

    deinit {
        if isInitialized {
            yaml_parser_delete(parser)
        }
        parser.deallocate()
        event.deallocate()
        input.deallocate()
    }

    /// Parses the next event. After a failure every later call returns the same failure.
    func next() -> Result<Event, EventParserError> {
        if let failure { return .failure(failure) }
        guard isInitialized else {
            let error = EventParserError(
                isReaderError: false, isMemoryError: true, problem: "memory error",
                problemMark: nil, problemByteOffset: nil, context: nil, contextMark: nil)
            failure = error
            return .failure(error)
        }

        // yaml_parser_parse clears the event first, so deleting it is safe on both paths.
        defer { yaml_event_delete(event) }
        guard yaml_parser_parse(parser, event) != 0 else {
            let error = currentError()
            failure = error
            return .failure(error)
        }
        return .success(
            Event(kind: eventKind(event), start: EventMark(event.pointee.start_mark), end: EventMark(event.pointee.end_mark)))
    }

    // MARK: - Reading the C event

    /// Copies the payload of `event`, reading each union member only after checking the type.
    private func eventKind(_ event: UnsafeMutablePointer<yaml_event_t>) -> EventKind {
        switch event.pointee.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_DOCUMENT_START_EVENT: return .documentStart
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT: return .alias(anchor: Self.string(event.pointee.data.alias.anchor) ?? "")
        case YAML_SCALAR_EVENT: return scalarKind(event)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.pointee.data.sequence_start
            return .sequenceStart(anchor: Self.string(data.anchor), tag: Self.string(data.tag))
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let data = event.pointee.data.mapping_start
            return .mappingStart(anchor: Self.string(data.anchor), tag: Self.string(data.tag))
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default: return .streamEnd
        }
    }

    private func scalarKind(_ event: UnsafeMutablePointer<yaml_event_t>) -> EventKind {
        let data = event.pointee.data.scalar
        var value = ""
        if let bytes = data.value {
            // The value may contain NUL (from a "\0" escape), so it is read by length.
            value = String(decoding: UnsafeBufferPointer(start: bytes, count: data.length), as: UTF8.self)
        }
        let style: ScalarStyle
        switch data.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        return .scalar(value: value, anchor: Self.string(data.anchor), tag: Self.string(data.tag), style: style)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    // MARK: - Reading the error

    private func currentError() -> EventParserError {
        let state = parser.pointee
        let isReader = state.error == YAML_READER_ERROR
        let hasContext = state.context != nil
        return EventParserError(
            isReaderError: isReader,
            isMemoryError: state.error == YAML_MEMORY_ERROR,
            problem: Self.string(state.problem) ?? "unknown error",
            problemMark: isReader ? nil : EventMark(state.problem_mark),
            problemByteOffset: isReader ? Int(clamping: state.problem_offset) : nil,
            context: Self.string(state.context),
            contextMark: hasContext ? EventMark(state.context_mark) : nil)
    }
}
