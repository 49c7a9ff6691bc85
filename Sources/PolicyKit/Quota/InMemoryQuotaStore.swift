// A thread-safe in-memory quota store. One lock guards all counters, which
// keeps reserve atomic across the key, tier and team counters it touches.
//
// Rolling windows are counted in slots of a sixtieth of the window each,
// rounded up. Usage in a slot counts until the whole slot has left the
// window, which takes a ring of 61 slots: the 60 a window spans plus the one
// it has partly left. So the store can count up to one slot of old usage
// and never counts less than the true usage: it errs towards denying.

import Synchronization
import PolicyValues

/// Usage counters in memory, for one gateway process.
public final class InMemoryQuotaStore: QuotaStore {
    /// Slots per window length; a slot is the window divided by this, rounded up.
    static let slotsPerWindow = 60
    /// Slots in a counter's ring, one more than a window spans.
    static let slotCount = slotsPerWindow + 1

    private struct Counter {
        /// The calendar window's start, or the rolling slot number of `slots[head]`.
        var windowKey: Int64 = .min
        var used: Int64 = 0
        var slots: [Int64] = []
        var headSlot: Int64 = 0
    }

    private let counters = Mutex<[String: Counter]>([:])

    public init() {}

    public func reserve(_ charges: [QuotaCharge], at time: Timestamp) throws(QuotaStoreError) -> QuotaReservationResult {
        counters.withLock { counters in
            var statuses: [QuotaCounterStatus] = []
            statuses.reserveCapacity(charges.count)
            var currentUsage: [Int64] = []
            var failed: Int?
            for (index, charge) in charges.enumerated() {
                var counter = counters[charge.counter] ?? Counter()
                Self.advance(&counter, window: charge.window, time: time)
                let (total, overflow) = counter.used.addingReportingOverflow(charge.amount)
                let fits = !overflow && total <= charge.limit
                if !fits, failed == nil { failed = index }
                currentUsage.append(counter.used)
                statuses.append(QuotaCounterStatus(
                    counter: charge.counter, limit: charge.limit, used: fits ? total : counter.used,
                    resetAt: Self.resetTime(counter, charge: charge, time: time)))
                counters[charge.counter] = counter
            }
            if let failed {
                // Nothing is taken, so every status reports the usage before this request.
                for index in statuses.indices { statuses[index].used = currentUsage[index] }
                return .denied(failedIndex: failed, statuses)
            }
            for charge in charges {
                Self.add(charge.amount, to: &counters[charge.counter, default: Counter()], window: charge.window, time: time)
            }
            return .granted(QuotaReservation(charges: charges, time: time), statuses)
        }
    }

    public func settle(_ reservation: QuotaReservation, actualAmounts: [Int64]) throws(QuotaStoreError) {
        guard actualAmounts.count == reservation.charges.count else {
            throw QuotaStoreError("settle needs one amount per charge: \(reservation.charges.count) charges, \(actualAmounts.count) amounts")
        }
        counters.withLock { counters in
            for (charge, actual) in zip(reservation.charges, actualAmounts) {
                let delta = actual.subtractingReportingOverflow(charge.amount)
                guard !delta.overflow else { continue }
                Self.adjust(&counters[charge.counter, default: Counter()], by: delta.partialValue, charge: charge,
                            time: reservation.time)
            }
        }
    }

    public func release(_ reservation: QuotaReservation) throws(QuotaStoreError) {
        try settle(reservation, actualAmounts: reservation.charges.map { _ in 0 })
    }

    /// The current usage of a counter, for tests and reports.
    public func usage(of counter: String, window: QuotaWindow, at time: Timestamp) -> Int64 {
        counters.withLock { counters in
            guard var value = counters[counter] else { return 0 }
            Self.advance(&value, window: window, time: time)
            return value.used
        }
    }

    /// Sets a counter's usage, for replaying recorded traffic and for tests.
    public func setUsage(_ amount: Int64, of counter: String, window: QuotaWindow, at time: Timestamp) {
        counters.withLock { counters in
            var value = Counter()
            Self.advance(&value, window: window, time: time)
            Self.add(amount, to: &value, window: window, time: time)
            counters[counter] = value
        }
    }

    // MARK: - Counter arithmetic

    private static func slotLength(_ length: PolicyDuration) -> Int64 {
        let divisor = Int64(slotsPerWindow)
        let roundedUp = length.nanoseconds / divisor + (length.nanoseconds % divisor == 0 ? 0 : 1)
        return max(1, roundedUp)
    }

    /// Moves a counter to the window that contains `time`, dropping expired usage.
    private static func advance(_ counter: inout Counter, window: QuotaWindow, time: Timestamp) {
        switch window {
        case .calendar(let start, _):
            if counter.windowKey != start.nanoseconds {
                counter = Counter(windowKey: start.nanoseconds)
            }
        case .rolling(let length):
            let slot = time.nanoseconds / slotLength(length)
            if counter.slots.count != slotCount || counter.windowKey == .min {
                counter = Counter(windowKey: 0, used: 0, slots: Array(repeating: 0, count: slotCount), headSlot: slot)
                return
            }
            let steps = slot - counter.headSlot
            guard steps > 0 else { return }
            if steps >= Int64(slotCount) {
                counter.slots = Array(repeating: 0, count: slotCount)
                counter.used = 0
            } else {
                for step in 1...steps {
                    let position = Int((counter.headSlot + step) % Int64(slotCount))
                    counter.used -= counter.slots[position]
                    counter.slots[position] = 0
                }
            }
            counter.headSlot = slot
        }
    }

    private static func add(_ amount: Int64, to counter: inout Counter, window: QuotaWindow, time: Timestamp) {
        advance(&counter, window: window, time: time)
        counter.used = counter.used.addingReportingOverflow(amount).overflow ? .max : counter.used + amount
        if case .rolling = window {
            let position = Int(counter.headSlot % Int64(slotCount))
            counter.slots[position] += amount
        }
    }

    /// Applies a settle delta to the window the reservation was made in, if it is still current.
    private static func adjust(_ counter: inout Counter, by delta: Int64, charge: QuotaCharge, time: Timestamp) {
        switch charge.window {
        case .calendar(let start, _):
            guard counter.windowKey == start.nanoseconds else { return }
            counter.used = max(0, counter.used + delta)
        case .rolling(let length):
            let slot = time.nanoseconds / slotLength(length)
            guard counter.slots.count == slotCount, counter.headSlot - slot < Int64(slotCount), slot <= counter.headSlot else {
                return
            }
            let position = Int(slot % Int64(slotCount))
            let applied = max(-counter.slots[position], delta)
            counter.slots[position] += applied
            counter.used = max(0, counter.used + applied)
        }
    }

    /// When the counter next admits `charge`: the calendar window's end, or for
    /// a rolling window the expiry of the oldest usage (when the charge fits
    /// now) or of the usage whose expiry makes room for it (when it does not).
    private static func resetTime(_ counter: Counter, charge: QuotaCharge, time: Timestamp) -> Timestamp {
        switch charge.window {
        case .calendar(_, let end):
            return end
        case .rolling(let length):
            let slotNanoseconds = slotLength(length)
            let fitsNow = counter.used + charge.amount <= charge.limit
            var used = counter.used
            for age in stride(from: slotCount - 1, through: 0, by: -1) where !counter.slots.isEmpty {
                let slot = counter.headSlot - Int64(age)
                let value = counter.slots[Int(((slot % Int64(slotCount)) + Int64(slotCount)) % Int64(slotCount))]
                guard value != 0 else { continue }
                used -= value
                if fitsNow || used + charge.amount <= charge.limit {
                    return Timestamp(nanoseconds: (slot + Int64(slotCount)) * slotNanoseconds)
                }
            }
            return Timestamp(nanoseconds: (counter.headSlot + Int64(slotCount)) * slotNanoseconds)
        }
    }
}
