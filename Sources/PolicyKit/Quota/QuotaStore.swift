// The quota-store protocol. A store keeps usage counters and performs
// reserve, settle and release atomically. The policy computes each charge
// completely (counter name, window bounds, limit and amount), so a store
// only adds and compares integers: the same protocol fits an in-memory
// store and a network store such as Redis running a script.

import PolicyValues

/// The window a counter belongs to.
public enum QuotaWindow: Sendable, Hashable {
    /// A calendar window: usage counts from `start` until `end`, then resets.
    case calendar(start: Timestamp, end: Timestamp)
    /// A rolling window: usage counts for `length` after it is taken.
    case rolling(length: PolicyDuration)
}

/// One amount to take from one counter.
public struct QuotaCharge: Sendable, Hashable {
    /// The counter's name, unique per quota definition and owner (key or team).
    public var counter: String
    /// What the counter counts: requests, input_tokens, output_tokens, total_tokens or spend (micro-dollars).
    public var metric: String
    public var limit: Int64
    public var amount: Int64
    public var window: QuotaWindow

    public init(counter: String, metric: String, limit: Int64, amount: Int64, window: QuotaWindow) {
        self.counter = counter
        self.metric = metric
        self.limit = limit
        self.amount = amount
        self.window = window
    }
}

/// The state of one counter after a reserve.
public struct QuotaCounterStatus: Sendable, Hashable {
    public var counter: String
    public var limit: Int64
    /// Usage including this request when it was granted.
    public var used: Int64
    public var remaining: Int64 { max(0, limit - used) }
    /// When enough usage expires for the counter to admit a request of this size again,
    /// or when a calendar window resets.
    public var resetAt: Timestamp

    public init(counter: String, limit: Int64, used: Int64, resetAt: Timestamp) {
        self.counter = counter
        self.limit = limit
        self.used = used
        self.resetAt = resetAt
    }
}

/// What a store returns for a reserve.
public enum QuotaReservationResult: Sendable {
    /// Every charge was taken. Settle or release the reservation later.
    case granted(QuotaReservation, [QuotaCounterStatus])
    /// Nothing was taken: the charge at `failedIndex` did not fit.
    case denied(failedIndex: Int, [QuotaCounterStatus])
}

/// A granted reservation: what was taken, so it can be settled or released.
public struct QuotaReservation: Sendable, Hashable {
    public let charges: [QuotaCharge]
    /// When it was taken; settling and releasing use the windows of this instant.
    public let time: Timestamp

    public init(charges: [QuotaCharge], time: Timestamp) {
        self.charges = charges
        self.time = time
    }
}

/// Errors a store reports; the caller denies the request on any of them.
public struct QuotaStoreError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A thread-safe store of usage counters.
public protocol QuotaStore: Sendable {
    /// Checks and takes every charge as one atomic step: all or nothing.
    func reserve(_ charges: [QuotaCharge], at time: Timestamp) throws(QuotaStoreError) -> QuotaReservationResult
    /// Replaces the reserved amounts with the real ones (same order as the charges).
    func settle(_ reservation: QuotaReservation, actualAmounts: [Int64]) throws(QuotaStoreError)
    /// Gives a reservation back, for a request that failed upstream.
    func release(_ reservation: QuotaReservation) throws(QuotaStoreError)
}
