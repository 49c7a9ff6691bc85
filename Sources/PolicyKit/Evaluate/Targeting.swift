// The second half of a decision: rules, the model or route the request may
// reach, the route plan in strategy order, and the output-token cap.

import PolicySource
import PolicyValues
import PolicyExpr

/// What the model-independent rules decided.
struct RuleVerdict {
    var permitted = false
    /// The first allow rule that matched, or -1.
    var permittedBy: Int32 = -1
    /// Model-dependent rules, by position in the scope's rule group, that
    /// cannot match any candidate: their targets miss the request or their
    /// model-independent conjuncts are false. Positions past 63 are never set.
    var settledModelRules: UInt64 = 0
    var cap: Int64?
    var forcedRoute: Int32 = -1
}

extension Evaluation {
    mutating func decideTarget(key: RuntimeKey, profile: KeyProfile, scope: Int32, client: IPAddress) {
        let rules = policy.rulesByScope[Int(scope)]
        let keyGrants = profile.grantedScopes.contains(Int(scope))

        // The requested route, when the request names one; model ids take precedence.
        let requestedModel = policy.modelIndex[request.model]
        let requestedRoute = requestedModel == nil ? policy.routeIndex[request.model] : nil
        decision.routeIndex = requestedRoute ?? -1
        var context = makeContext(key: key, client: client, requestsRoute: requestedRoute != nil)

        if !keyGrants, !rules.contains(where: { !policy.rules[Int($0)].isDeny }) {
            trace("scope", .failed, "the key's scopes do not grant '\(request.scope)' and no rule allows it", profile.locations.scopes)
            return deny(.scopeNotGranted)
        }
        guard var verdict = applyIndependentRules(rules, key: key, context: &context) else { return }

        var plan = RoutePlan()
        var route: Int32 = -1
        if verdict.forcedRoute >= 0 {
            route = verdict.forcedRoute
            trace("route", .info, "a rule forces route '\(policy.routes[Int(route)].id)'")
        } else if let model = requestedModel {
            guard profile.allowedModels?.contains(Int(model)) ?? true else {
                trace("model", .failed, "model '\(request.model)' is not in the key's allowlist", profile.locations.models)
                return deny(.modelNotAllowed)
            }
            plan.append(model)
        } else if let requested = requestedRoute {
            guard profile.allowedRoutes.contains(Int(requested)) else {
                trace("route", .failed, "route '\(request.model)' is not allowed for the key", profile.locations.models)
                return deny(.routeNotAllowed)
            }
            route = requested
        } else {
            trace("model", .failed, "'\(request.model)' is neither a model id nor a route alias")
            return deny(.unknownModel)
        }
        if route >= 0 {
            decision.routeIndex = route
            for model in profile.routePlans[Int(route)] { plan.append(model) }
        }

        guard filterCandidates(&plan, rules: rules, key: key, profile: profile, keyGrants: keyGrants, verdict: &verdict,
                               context: &context) else {
            return
        }
        if route >= 0 { order(&plan, route: policy.routes[Int(route)], profile: profile) }
        finish(plan: plan, profile: profile, verdict: verdict, keyGrants: keyGrants)
    }

    private func makeContext(key: RuntimeKey, client: IPAddress, requestsRoute: Bool) -> ConditionContext {
        let attributes = RequestAttributes(
            scope: request.scope, model: request.model, route: requestsRoute ? request.model : "",
            clientAddress: client, time: request.time, inputTokens: request.inputTokens,
            maxOutputTokens: request.maxOutputTokens, estimatedCost: Money(micros: 0), labels: request.labels)
        let model = policy.models.first?.attributes ?? ModelAttributes.empty
        return ConditionContext(request: attributes, key: key.attributes, model: model)
    }

    /// Whether a rule's discrete targets (other than scope and model) match this request.
    func targets(_ rule: RuntimeRule, key: RuntimeKey) -> Bool {
        guard policy.rule(rule, selectsKey: Int(decision.keyIndex), key) else { return false }
        if let routes = rule.routes, !routes.contains(Int(decision.routeIndex)) { return false }
        return true
    }

    /// Checks, once per request, the parts of a model-dependent rule that do
    /// not depend on the model. Returns true when the rule can match no
    /// candidate, false when it must be checked per candidate, and nil after
    /// an evaluation error has denied the request.
    private mutating func settlesBeforeCandidates(_ rule: RuntimeRule, index: Int32, key: RuntimeKey,
                                                  context: inout ConditionContext) -> Bool? {
        guard targets(rule, key: key) else { return true }
        guard let independent = rule.condition?.modelIndependentPart else { return false }
        return evaluate(independent, of: rule, index: index, context: &context,
                        whenFalse: "its model-independent part is false").map { !$0 }
    }

    /// Evaluates one of a rule's conditions. Returns nil after an evaluation
    /// error, which denies the request; `whenFalse` is traced when it is false.
    mutating func evaluate(_ condition: Condition, of rule: RuntimeRule, index: Int32, context: inout ConditionContext,
                           whenFalse: String?) -> Bool? {
        switch withUnsafePointer(to: &context, { condition.evaluate(at: $0) }) {
        case .true:
            return true
        case .false:
            if let whenFalse { trace("rule", .skipped, "rule '\(rule.id)': \(whenFalse)", rule.location) }
            return false
        case .error(let failure):
            trace("rule", .failed, "rule '\(rule.id)': condition failed to evaluate: \(failure.message)", rule.location)
            deny(.conditionError, subject: index)
            return nil
        }
    }

    /// Evaluates a rule's condition; an evaluation error denies the request.
    private mutating func matches(_ rule: RuntimeRule, index: Int32, context: inout ConditionContext) -> Bool? {
        guard let condition = rule.condition else { return true }
        return evaluate(condition, of: rule, index: index, context: &context, whenFalse: "condition is false")
    }

    /// Applies the rules whose outcome does not depend on the model; returns nil after a deny.
    private mutating func applyIndependentRules(_ rules: [Int32], key: RuntimeKey, context: inout ConditionContext) -> RuleVerdict? {
        var verdict = RuleVerdict()
        for (position, index) in rules.enumerated() {
            let rule = policy.rules[Int(index)]
            if rule.dependsOnModel {
                guard position < 64 else { continue }
                guard let excluded = settlesBeforeCandidates(rule, index: index, key: key, context: &context) else { return nil }
                if excluded { verdict.settledModelRules |= 1 << UInt64(position) }
                continue
            }
            guard targets(rule, key: key) else { continue }
            guard let matched = matches(rule, index: index, context: &context) else { return nil }
            guard matched else { continue }
            if rule.isDeny {
                trace("rule", .failed, "deny rule '\(rule.id)' matches: \(rule.reason)", rule.location)
                deny(.deniedByRule, subject: index)
                return nil
            }
            trace("rule", .matched, "allow rule '\(rule.id)' matches", rule.location)
            verdict.permitted = true
            if verdict.permittedBy < 0 { verdict.permittedBy = index }
            if let cap = rule.maxOutputTokens { verdict.cap = min(verdict.cap ?? cap, cap) }
            if let forced = rule.forcedRoute, verdict.forcedRoute < 0 { verdict.forcedRoute = forced }
        }
        return verdict
    }
}
