// Authorization: a decision followed by the quota reservation for an
// allowed request. The evaluator computes every charge (counter name,
// window bounds, limit and amount) and the store takes them atomically.

import PolicySource
import PolicyValues

/// One quota window in an authorization, as reported to the gateway.
public struct QuotaWindowReport: Sendable {
    public let quota: String
    public let metric: QuotaSpec.Metric
    public let limit: Int64
    public let used: Int64
    public let remaining: Int64
    public let resetAt: Timestamp
    /// The quota's definition, as `path:line:column`.
    public let location: String
}

/// A decision with its quota reservation.
public struct Authorization: Sendable {
    public internal(set) var decision: Decision
    /// The reservation to settle after the upstream call, or release when it failed.
    public let reservation: QuotaReservation?
    public let quotas: [QuotaWindowReport]
    /// For a quota denial: how long until the request could be admitted.
    public let retryAfter: PolicyDuration?
    /// The quota that denied, as its name.
    public let deniedBy: String?
}

extension CompiledPolicy {
    /// Decides a request and, when it is allowed, reserves its quota usage in
    /// `store`. A denied request takes nothing. A store error is a deny.
    public func authorize(_ request: Request, quotas store: any QuotaStore, tracer: (any DecisionTracer)? = nil) -> Authorization {
        var decision = decide(request, tracer: tracer)
        guard decision.isAllowed, decision.keyIndex >= 0 else {
            return Authorization(decision: decision, reservation: nil, quotas: [], retryAfter: nil, deniedBy: nil)
        }
        let key = keys[Int(decision.keyIndex)]
        let specs = profiles[Int(key.profile)].quotas + teamQuotas(of: key)
        guard !specs.isEmpty else {
            return Authorization(decision: decision, reservation: nil, quotas: [], retryAfter: nil, deniedBy: nil)
        }
        let charges = specs.map { charge(for: quotas[Int($0)], key: key, request: request, decision: decision) }

        // A single request larger than a whole limit can never pass, so it gets its own reason, not a retry time.
        if let index = charges.firstIndex(where: { $0.amount > $0.limit }) {
            let spec = quotas[Int(specs[index])]
            tracer?.record(TraceEvent(check: "quota", outcome: .failed,
                                      detail: "the request needs \(charges[index].amount) of \(spec.name), more than its whole limit of \(spec.limit)",
                                      location: spec.location))
            decision.deny(.requestExceedsQuota, subject: specs[index])
            return Authorization(decision: decision, reservation: nil, quotas: [], retryAfter: nil, deniedBy: spec.name)
        }

        let result: QuotaReservationResult
        do {
            result = try store.reserve(charges, at: request.time)
        } catch {
            tracer?.record(TraceEvent(check: "quota", outcome: .failed, detail: "the quota store failed: \(error)", location: nil))
            decision.deny(.internalError)
            return Authorization(decision: decision, reservation: nil, quotas: [], retryAfter: nil, deniedBy: nil)
        }
        switch result {
        case .granted(let reservation, let statuses):
            tracer?.record(TraceEvent(check: "quota", outcome: .passed, detail: "every quota admits the request", location: nil))
            return Authorization(decision: decision, reservation: reservation, quotas: reports(statuses, specs: specs),
                                 retryAfter: nil, deniedBy: nil)
        case .denied(let failedIndex, let statuses):
            let spec = quotas[Int(specs[failedIndex])]
            let reset = statuses[failedIndex].resetAt
            tracer?.record(TraceEvent(check: "quota", outcome: .failed,
                                      detail: "\(spec.name) is exhausted: \(statuses[failedIndex].used) of \(spec.limit) used, resets at \(reset)",
                                      location: spec.location))
            decision.deny(.quotaExceeded, subject: specs[failedIndex])
            let wait = max(0, reset.nanoseconds - request.time.nanoseconds)
            return Authorization(decision: decision, reservation: nil, quotas: reports(statuses, specs: specs),
                                 retryAfter: PolicyDuration(nanoseconds: wait), deniedBy: spec.name)
        }
    }

    /// Returns the amount a request takes from a quota. Output and spend use the
    /// largest model of the plan, since a fallback may serve the request.
    private func charge(for spec: QuotaSpec, key: RuntimeKey, request: Request, decision: Decision) -> QuotaCharge {
        var output: Int64 = 0
        var spend: Int64 = 0
        for index in 0..<decision.plan.count {
            let model = models[Int(decision.plan[index])]
            output = max(output, outputTokens(requested: request.maxOutputTokens, model: model, cap: decision.outputTokenCap))
            spend = max(spend, estimatedCost(model: decision.plan[index], request: request, decision: decision)?.micros ?? .max)
        }
        let amount: Int64
        switch spec.metric {
        case .requests: amount = 1
        case .inputTokens: amount = request.inputTokens
        case .outputTokens: amount = output
        case .totalTokens: amount = request.inputTokens.addingReportingOverflow(output).overflow ? .max : request.inputTokens + output
        case .spend: amount = spend
        }
        return QuotaCharge(counter: counterName(for: spec, key: key), metric: spec.metric.rawValue, limit: spec.limit,
                           amount: amount, window: window(of: spec, at: request.time))
    }

    /// Returns the store counter of a quota for a key: one per key, or one per team for team quotas.
    func counterName(for spec: QuotaSpec, key: RuntimeKey) -> String {
        let owner = spec.isShared ? "team:\(teamNames[Int(key.team)])" : "key:\(key.id)"
        return "\(owner)|\(spec.name)"
    }

    /// Returns the window of a quota that contains `time`.
    func window(of spec: QuotaSpec, at time: Timestamp) -> QuotaWindow {
        guard spec.isCalendar else { return .rolling(length: spec.unit.nominalLength) }
        let bounds = spec.zone.window(containing: time, unit: spec.unit)
        return .calendar(start: bounds.start, end: bounds.end)
    }

    /// Returns the real amounts to settle a reservation with, in its charge order,
    /// once the upstream call has reported which model served it and the
    /// tokens it used.
    public func settlementAmounts(for reservation: QuotaReservation, model: String, inputTokens: Int64,
                                  outputTokens: Int64) -> [Int64] {
        let cost = modelIndex[model].flatMap { index in
            estimatedCost(model: models[Int(index)], inputTokens: inputTokens, outputTokens: outputTokens)
        }
        return reservation.charges.map { charge in
            switch QuotaSpec.Metric(rawValue: charge.metric) {
            case .requests?: 1
            case .inputTokens?: inputTokens
            case .outputTokens?: outputTokens
            case .totalTokens?: inputTokens.addingReportingOverflow(outputTokens).overflow ? .max : inputTokens + outputTokens
            // An unknown model keeps the reserved spend rather than guessing a price.
            case .spend?: cost?.micros ?? charge.amount
            case nil: charge.amount
            }
        }
    }

    private func reports(_ statuses: [QuotaCounterStatus], specs: [Int32]) -> [QuotaWindowReport] {
        zip(statuses, specs).map { status, index in
            let spec = quotas[Int(index)]
            return QuotaWindowReport(quota: spec.name, metric: spec.metric, limit: status.limit, used: status.used,
                                     remaining: status.remaining, resetAt: status.resetAt, location: spec.location.description)
        }
    }
}

extension Decision {
    mutating func deny(_ reason: ReasonCode, subject: Int32 = -1) {
        effect = .deny
        self.reason = reason
        self.subject = subject
        plan = RoutePlan()
        outputTokenCap = nil
    }
}
