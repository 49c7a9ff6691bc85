// Token and cost estimates, shared by planning, quota charges and reports so
// that every part of a decision prices a request the same way.

import PolicyValues

extension CompiledPolicy {
    /// The output tokens a request may use on a model: what it asks for, or,
    /// when it asks for none (0), the largest answer it could get. Either way
    /// no more than `cap` and the model's own maximum. Estimating high keeps
    /// context-window checks and spend quotas on the safe side.
    func outputTokens(requested: Int64, model: RuntimeModel, cap: Int64?) -> Int64 {
        var tokens = requested > 0 ? requested : (cap ?? model.maxOutputTokens ?? 0)
        if let cap { tokens = min(tokens, cap) }
        if let modelCap = model.maxOutputTokens { tokens = min(tokens, modelCap) }
        return tokens
    }

    /// Returns the estimated cost of `inputTokens` and `outputTokens` on a model, or nil on overflow.
    func estimatedCost(model: RuntimeModel, inputTokens: Int64, outputTokens: Int64) -> Money? {
        guard let input = Money.cost(pricePerMillion: model.attributes.inputPrice, tokens: inputTokens),
              let output = Money.cost(pricePerMillion: model.attributes.outputPrice, tokens: outputTokens)
        else { return nil }
        return input.adding(output)
    }

    /// Returns the estimated cost of a decided request on one of its plan's
    /// models, with the decision's final output cap.
    func estimatedCost(model index: Int32, request: Request, decision: Decision) -> Money? {
        let model = models[Int(index)]
        let output = outputTokens(requested: request.maxOutputTokens, model: model, cap: decision.outputTokenCap)
        return estimatedCost(model: model, inputTokens: request.inputTokens, outputTokens: output)
    }
}
