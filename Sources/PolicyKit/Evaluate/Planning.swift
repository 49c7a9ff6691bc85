// Candidate filtering and ordering: model-dependent rules and context
// windows remove candidates, then the route's strategy orders what is left.

import PolicySource
import PolicyValues
import PolicyExpr

extension ModelAttributes {
    /// Attributes for a policy with no models; conditions never see them in a decision.
    static let empty = ModelAttributes(
        id: "", provider: "", region: "", capabilities: [], contextWindow: 0, inputPrice: Money(micros: 0),
        outputPrice: Money(micros: 0), latency: PolicyDuration(nanoseconds: 0))
}

extension Evaluation {
    /// The output tokens used for planning: the key's cap is known here; rule
    /// caps are not yet, so the estimate can only be higher than the final one.
    func plannedOutputTokens(_ model: RuntimeModel, profile: KeyProfile) -> Int64 {
        policy.outputTokens(requested: request.maxOutputTokens, model: model, cap: profile.maxOutputTokens)
    }

    /// The estimated cost of the request on a model, for ordering and conditions.
    func estimatedCost(_ model: RuntimeModel, profile: KeyProfile) -> Money? {
        policy.estimatedCost(model: model, inputTokens: request.inputTokens, outputTokens: plannedOutputTokens(model, profile: profile))
    }

    /// Removes candidates that a deny rule or the context window excludes, or
    /// that no grant permits. Returns false after a deny.
    mutating func filterCandidates(
        _ plan: inout RoutePlan, rules: [Int32], key: RuntimeKey, profile: KeyProfile, keyGrants: Bool, verdict: inout RuleVerdict,
        context: inout ConditionContext
    ) -> Bool {
        var firstDenyingRule: Int32 = -1
        var contextExceeded: Int32 = -1
        var notPermitted = false
        var position = 0
        while position < plan.count {
            let modelIndex = plan[position]
            let model = policy.models[Int(modelIndex)]
            context.model = model.attributes
            context.request.estimatedCost = estimatedCost(model, profile: profile) ?? Money(micros: .max)
            var permitted = keyGrants || verdict.permitted
            var excluded = false
            for (position, index) in rules.enumerated() {
                let rule = policy.rules[Int(index)]
                guard rule.dependsOnModel else { continue }
                // Rules in the first 64 positions had their targets and model-independent part checked
                // once, unless a forced route has since changed the route a route target looks at.
                let checkedOnce = position < 64 && !(verdict.forcedRoute >= 0 && rule.routes != nil)
                if checkedOnce, verdict.settledModelRules & (1 << UInt64(position)) != 0 { continue }
                if let models = rule.models, !models.contains(Int(modelIndex)) { continue }
                guard let matched = matchesForCandidate(rule, index: index, key: key, checkedOnce: checkedOnce,
                                                        context: &context) else { return false }
                guard matched else { continue }
                if rule.isDeny {
                    trace("rule", .failed, "deny rule '\(rule.id)' excludes model '\(model.id)': \(rule.reason)", rule.location)
                    if firstDenyingRule < 0 { firstDenyingRule = index }
                    excluded = true
                    break
                }
                trace("rule", .matched, "allow rule '\(rule.id)' matches model '\(model.id)'", rule.location)
                permitted = true
                if verdict.permittedBy < 0 { verdict.permittedBy = index }
                if let cap = rule.maxOutputTokens { verdict.cap = min(verdict.cap ?? cap, cap) }
            }
            if !excluded, !permitted {
                trace("scope", .failed, "no grant or rule allows '\(request.scope)' on model '\(model.id)'")
                notPermitted = true
                excluded = true
            }
            let output = plannedOutputTokens(model, profile: profile)
            if !excluded, request.inputTokens > model.contextWindow - min(output, model.contextWindow) {
                trace("model.context_window", .failed,
                      "\(request.inputTokens) input + \(output) output tokens exceed the \(model.contextWindow)-token window of '\(model.id)'",
                      model.location)
                if contextExceeded < 0 { contextExceeded = modelIndex }
                excluded = true
            }
            if excluded { plan.remove(at: position) } else { position += 1 }
        }
        guard plan.count == 0 else { return true }

        if firstDenyingRule >= 0 {
            deny(.deniedByRule, subject: firstDenyingRule)
        } else if notPermitted {
            deny(.scopeNotGranted)
        } else if contextExceeded >= 0 {
            deny(.contextWindowExceeded, subject: contextExceeded)
        } else {
            trace("route", .failed, "no candidate model is left for this key")
            deny(.noCandidate)
        }
        return false
    }

    private mutating func matchesForCandidate(_ rule: RuntimeRule, index: Int32, key: RuntimeKey, checkedOnce: Bool,
                                              context: inout ConditionContext) -> Bool? {
        var condition = rule.condition
        if checkedOnce {
            // Targets and the model-independent conjuncts already passed for this request.
            condition = rule.condition?.modelDependentPart ?? rule.condition
        } else if !targets(rule, key: key) {
            return false
        }
        guard let condition else { return true }
        return evaluate(condition, of: rule, index: index, context: &context, whenFalse: nil)
    }

    /// Orders the route's own candidates by its strategy; fallback candidates keep their order after them.
    mutating func order(_ plan: inout RoutePlan, route: RuntimeRoute, profile: KeyProfile) {
        var ownCount = 0
        while ownCount < plan.count, isOwnCandidate(plan[ownCount], of: route) { ownCount += 1 }
        switch route.strategy {
        case .ordered, .fastest:
            break
        case .cheapest:
            sortOwn(&plan, count: ownCount) { estimatedCost(policy.models[Int($0)], profile: profile)?.micros ?? .max }
        case .weighted:
            orderByWeight(&plan, count: ownCount, route: route)
        }
        if plan.count > route.maxAttempts { plan.count = route.maxAttempts }
    }

    private func isOwnCandidate(_ model: Int32, of route: RuntimeRoute) -> Bool {
        for index in 0..<route.ownCount where route.chain[index] == model { return true }
        return false
    }

    /// Sorts the first `count` plan entries by `cost` with a stable insertion sort.
    /// Each cost is computed once, because an estimated cost takes two 128-bit divisions.
    private func sortOwn(_ plan: inout RoutePlan, count: Int, cost: (Int32) -> Int64) {
        guard count > 1 else { return }
        var costs = InlineArray<16, Int64>(repeating: 0)
        for index in 0..<count { costs[index] = cost(plan[index]) }
        for end in 1..<count {
            var position = end
            while position > 0, costs[position] < costs[position - 1] {
                plan.swapAt(position, position - 1)
                let moved = costs[position]
                costs[position] = costs[position - 1]
                costs[position - 1] = moved
                position -= 1
            }
        }
    }

    private func weight(of model: Int32, in route: RuntimeRoute) -> Int64 {
        for index in 0..<route.ownCount where route.chain[index] == model { return route.weights[index] }
        return 0
    }

    /// Picks the first candidate with probability proportional to its weight,
    /// from a hash of the request id, and orders the rest by weight.
    private func orderByWeight(_ plan: inout RoutePlan, count: Int, route: RuntimeRoute) {
        guard count > 1 else { return }
        sortOwn(&plan, count: count) { -weight(of: $0, in: route) }
        var total: Int64 = 0
        for index in 0..<count { total += weight(of: plan[index], in: route) }
        guard total > 0 else { return }
        var point = Int64(bitPattern: fnv1a(request.requestID ?? request.keyID ?? "") % UInt64(total))
        for index in 0..<count {
            let share = weight(of: plan[index], in: route)
            if point < share {
                // Move the chosen candidate to the front; the others keep their weight order.
                var position = index
                while position > 0 {
                    plan.swapAt(position, position - 1)
                    position -= 1
                }
                return
            }
            point -= share
        }
    }

    mutating func finish(plan: RoutePlan, profile: KeyProfile, verdict: RuleVerdict, keyGrants: Bool) {
        var cap = profile.maxOutputTokens
        if let ruleCap = verdict.cap { cap = min(cap ?? ruleCap, ruleCap) }
        // The gateway may fall back to any model of the plan, so the cap fits the smallest of them.
        for index in 0..<plan.count {
            if let modelCap = policy.models[Int(plan[index])].maxOutputTokens { cap = min(cap ?? modelCap, modelCap) }
        }
        decision.effect = .allow
        decision.reason = keyGrants ? .allowedByKey : .allowedByRule
        decision.subject = keyGrants ? -1 : verdict.permittedBy
        decision.plan = plan
        decision.outputTokenCap = cap
        trace("decision", .passed, "allowed; plan: \((0..<plan.count).map { policy.models[Int(plan[$0])].id }.joined(separator: ", "))")
    }
}
