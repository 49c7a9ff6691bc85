// Explain events: an optional tracer receives every check the evaluator
// makes, in order, with the source location of the rule or field involved.
// Without a tracer the evaluator builds no events at all.

import PolicySource

/// One check made while deciding a request.
public struct TraceEvent: Sendable {
    public enum Outcome: String, Sendable {
        case passed
        case failed
        case skipped
        case matched
        case info
    }

    /// The name of the check, such as `key.expires_at` or `rule`.
    public let check: String
    public let outcome: Outcome
    public let detail: String
    /// The rule or field that the check used.
    public let location: FileLocation?

    public init(check: String, outcome: Outcome, detail: String, location: FileLocation?) {
        self.check = check
        self.outcome = outcome
        self.detail = detail
        self.location = location
    }
}

/// Receives explain events. Called on the evaluating thread.
public protocol DecisionTracer: AnyObject {
    func record(_ event: TraceEvent)
}

/// A tracer that keeps every event, for `--explain` and tests.
public final class RecordingTracer: DecisionTracer {
    public private(set) var events: [TraceEvent] = []

    public init() {}

    public func record(_ event: TraceEvent) { events.append(event) }
}
