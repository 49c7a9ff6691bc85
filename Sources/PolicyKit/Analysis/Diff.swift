// The semantic diff: what a policy change grants or takes away, per key and
// per rule, rather than which lines changed. Every change is classified:
// widening (grants more), narrowing (grants less) or neutral. A change whose
// direction cannot be determined, such as an edited rule condition, counts
// as widening, so a gate on widening changes never lets it through unreviewed.

import PolicySource
import PolicyValues

/// The direction of a change.
public enum ChangeKind: String, Codable, Sendable, Comparable {
    case widening
    case narrowing
    case neutral

    private var rank: Int {
        switch self {
        case .widening: 0
        case .narrowing: 1
        case .neutral: 2
        }
    }
    public static func < (lhs: ChangeKind, rhs: ChangeKind) -> Bool { lhs.rank < rhs.rank }
}

/// One change in meaning between two versions of a policy.
public struct PolicyChange: Codable, Sendable, Hashable {
    public let kind: ChangeKind
    /// What changed, such as `key 'billing-prod'` or `rule 'no-night-uploads'`.
    public let subject: String
    /// The aspect that changed: scopes, models, networks, quota, expiry, status, rule...
    public let aspect: String
    public let summary: String
    /// Where the change is, as `path:line`, in the new policy (or the old one for removals).
    public let location: String?
    /// Keys affected by a rule change.
    public let keys: [String]?
    /// Scopes affected by a rule change.
    public let scopes: [String]?
}

/// Compares two compiled policies.
public enum PolicyDiff {
    /// Lists every change from `old` to `new`, widening changes first.
    public static func compare(old: CompiledPolicy, new: CompiledPolicy) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        let oldKeys = old.keyViews()
        let newKeys = new.keyViews()
        for id in Set(oldKeys.keys).union(newKeys.keys).sorted() {
            changes += compareKey(id, old: oldKeys[id], new: newKeys[id])
        }
        changes += compareRules(old: old, new: new)
        return changes.sorted { ($0.kind, $0.subject, $0.aspect) < ($1.kind, $1.subject, $1.aspect) }
    }

    // MARK: - Keys

    private static func compareKey(_ id: String, old: KeyView?, new: KeyView?) -> [PolicyChange] {
        let subject = "key '\(id)'"
        guard let new else {
            return [change(.narrowing, subject, "key", "the key is removed", old?.location)]
        }
        guard let old else {
            let kind: ChangeKind = new.status == .active ? .widening : .neutral
            return [change(kind, subject, "key", "the key is added (\(statusName(new.status)))", new.location)]
        }
        var changes: [PolicyChange] = []
        let keyLocation = new.location
        if old.status != new.status {
            let kind: ChangeKind = new.status == .active ? .widening : (old.status == .active ? .narrowing : .neutral)
            changes.append(change(kind, subject, "status", "status \(statusName(old.status)) -> \(statusName(new.status))", keyLocation))
        }
        changes += compareSets(subject, "scopes", old.scopes, new.scopes, location: new.profile.locations.scopes ?? keyLocation)
        changes += compareModels(subject, old.models, new.models, location: new.profile.locations.models ?? keyLocation)
        changes += compareSets(subject, "routes", old.routes, new.routes, location: keyLocation)
        changes += compareNetworks(subject, old.admitted, new.admitted, location: new.key.networks?.location ?? keyLocation)
        changes += compareLimit(subject, "expiry", old.expiresAt, new.expiresAt, laterIsWider: true, location: new.key.expiresLocation ?? keyLocation)
        changes += compareLimit(subject, "not_before", old.notBefore, new.notBefore, laterIsWider: false,
                                location: new.key.notBeforeLocation ?? keyLocation)
        changes += compareLimit(subject, "rotation deadline", old.rotationDeadline, new.rotationDeadline, laterIsWider: true,
                                location: new.profile.locations.maxAge ?? keyLocation)
        changes += compareCap(subject, old.maxOutputTokens, new.maxOutputTokens, location: new.profile.locations.maxOutputTokens ?? keyLocation)
        changes += compareAccess(subject, old.access, new.access, oldWindows: old.profile.access, newWindows: new.profile.access,
                                 location: keyLocation)
        changes += compareQuotas(subject, old.quotas, new.quotas, location: keyLocation)
        return changes
    }

    private static func statusName(_ status: RuntimeKeyStatus) -> String {
        switch status {
        case .active: "active"
        case .disabled: "disabled"
        case .revoked: "revoked"
        }
    }

    private static func compareSets(_ subject: String, _ aspect: String, _ old: Set<String>, _ new: Set<String>,
                                    location: FileLocation?) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        let added = new.subtracting(old).sorted()
        let removed = old.subtracting(new).sorted()
        if !added.isEmpty {
            changes.append(change(.widening, subject, aspect, "\(aspect) added: \(added.joined(separator: ", "))", location))
        }
        if !removed.isEmpty {
            changes.append(change(.narrowing, subject, aspect, "\(aspect) removed: \(removed.joined(separator: ", "))", location))
        }
        return changes
    }

    private static func compareModels(_ subject: String, _ old: Set<String>?, _ new: Set<String>?, location: FileLocation?) -> [PolicyChange] {
        switch (old, new) {
        case (nil, nil): return []
        case (nil, let new?): return [change(.narrowing, subject, "models", "every model -> only \(new.sorted().joined(separator: ", "))", location)]
        case (_?, nil): return [change(.widening, subject, "models", "now allowed every model", location)]
        case (let old?, let new?): return compareSets(subject, "models", old, new, location: location)
        }
    }

    private static func compareNetworks(_ subject: String, _ old: AddressSet, _ new: AddressSet, location: FileLocation?) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        let added = new.subtracting(old)
        let removed = old.subtracting(new)
        if !added.isEmpty {
            changes.append(change(.widening, subject, "networks", "addresses admitted: \(describe(added))", location))
        }
        if !removed.isEmpty {
            changes.append(change(.narrowing, subject, "networks", "addresses no longer admitted: \(describe(removed))", location))
        }
        return changes
    }

    private static func describe(_ set: AddressSet) -> String {
        let blocks = set.cidrs().map(\.description)
        return blocks.count > 8 ? blocks.prefix(8).joined(separator: ", ") + " and \(blocks.count - 8) more blocks" : blocks.joined(separator: ", ")
    }

    /// Compares an optional instant; nil means no limit.
    private static func compareLimit(_ subject: String, _ aspect: String, _ old: Int64?, _ new: Int64?, laterIsWider: Bool,
                                     location: FileLocation?) -> [PolicyChange] {
        guard old != new else { return [] }
        let text = { (value: Int64?) in value.map { Timestamp(nanoseconds: $0).description } ?? "none" }
        let kind: ChangeKind
        switch (old, new) {
        case (nil, _?): kind = laterIsWider ? .narrowing : .narrowing
        case (_?, nil): kind = .widening
        case (let old?, let new?): kind = (new > old) == laterIsWider ? .widening : .narrowing
        default: kind = .neutral
        }
        return [change(kind, subject, aspect, "\(aspect) \(text(old)) -> \(text(new))", location)]
    }

    private static func compareCap(_ subject: String, _ old: Int64?, _ new: Int64?, location: FileLocation?) -> [PolicyChange] {
        guard old != new else { return [] }
        let kind: ChangeKind = new == nil || (old != nil && new! > old!) ? .widening : .narrowing
        let text = { (value: Int64?) in value.map(String.init) ?? "none" }
        return [change(kind, subject, "max_output_tokens", "output-token cap \(text(old)) -> \(text(new))", location)]
    }

    private static func compareAccess(_ subject: String, _ old: AccessMask?, _ new: AccessMask?, oldWindows: [RuntimeAccessWindow]?,
                                      newWindows: [RuntimeAccessWindow]?, location: FileLocation?) -> [PolicyChange] {
        let oldCount = oldWindows?.count ?? 0
        let newCount = newWindows?.count ?? 0
        if oldCount == 0, newCount == 0 { return [] }
        if oldCount == 0 { return [change(.narrowing, subject, "access", "access windows added", newWindows?.first?.location ?? location)] }
        if newCount == 0 { return [change(.widening, subject, "access", "access windows removed: any time is allowed", location)] }
        guard let old, let new else {
            return [change(.widening, subject, "access", "access windows changed across time zones; review them", newWindows?.first?.location)]
        }
        if old == new { return [] }
        let place = newWindows?.first?.location ?? location
        if new.isSubset(of: old) { return [change(.narrowing, subject, "access", "access windows narrowed", place)] }
        if old.isSubset(of: new) { return [change(.widening, subject, "access", "access windows widened", place)] }
        return [change(.widening, subject, "access", "access windows changed (some times added, some removed)", place)]
    }

    private static func compareQuotas(_ subject: String, _ old: [String: QuotaSpec], _ new: [String: QuotaSpec],
                                      location: FileLocation?) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        for name in Set(old.keys).union(new.keys).sorted() {
            switch (old[name], new[name]) {
            case (nil, let added?):
                changes.append(change(.narrowing, subject, "quota", "quota \(name) added: \(limitText(added))", added.location))
            case (let removed?, nil):
                changes.append(change(.widening, subject, "quota", "quota \(name) removed (was \(limitText(removed)))", location))
            case (let before?, let after?):
                if before.limit != after.limit {
                    let kind: ChangeKind = after.limit > before.limit ? .widening : .narrowing
                    let verb = after.limit > before.limit ? "raised" : "lowered"
                    changes.append(change(kind, subject, "quota", "quota \(name) \(verb): \(limitText(before)) -> \(limitText(after))", after.location))
                } else if before.unit != after.unit || before.isCalendar != after.isCalendar {
                    changes.append(change(.widening, subject, "quota", "quota \(name) window changed: \(limitText(before)) -> \(limitText(after))", after.location))
                }
            default:
                break
            }
        }
        return changes
    }

    static func limitText(_ spec: QuotaSpec) -> String {
        let amount = spec.metric == .spend ? "\(Money(micros: spec.limit)) USD" : "\(spec.limit) \(spec.metric.rawValue)"
        return "\(amount) per \(spec.unit.rawValue) (\(spec.isCalendar ? "calendar" : "rolling"))"
    }

    // MARK: - Rules

    private static func compareRules(old: CompiledPolicy, new: CompiledPolicy) -> [PolicyChange] {
        var changes: [PolicyChange] = []
        let oldRules = Dictionary(old.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newRules = Dictionary(new.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in Set(oldRules.keys).union(newRules.keys).sorted() {
            let subject = "rule '\(id)'"
            switch (oldRules[id], newRules[id]) {
            case (nil, let rule?):
                changes.append(ruleChange(rule.isDeny ? .narrowing : .widening, subject, "\(effect(rule)) rule added: \(rule.reason)",
                                          rule: rule, in: new))
            case (let rule?, nil):
                changes.append(ruleChange(rule.isDeny ? .widening : .narrowing, subject, "\(effect(rule)) rule removed", rule: rule, in: old))
            case (let before?, let after?):
                if let summary = ruleDifference(before, after, old: old, new: new) {
                    // Only a switch to deny is known to narrow; any other edit may grant more.
                    let kind: ChangeKind = before.isDeny != after.isDeny && after.isDeny ? .narrowing : .widening
                    changes.append(ruleChange(kind, subject, summary, rule: after, in: new))
                }
            default:
                break
            }
        }
        return changes
    }

    private static func effect(_ rule: RuntimeRule) -> String { rule.isDeny ? "deny" : "allow" }

    private static func ruleDifference(_ old: RuntimeRule, _ new: RuntimeRule, old oldPolicy: CompiledPolicy,
                                       new newPolicy: CompiledPolicy) -> String? {
        var parts: [String] = []
        if old.isDeny != new.isDeny { parts.append("effect \(effect(old)) -> \(effect(new))") }
        if old.condition?.canonicalText != new.condition?.canonicalText {
            parts.append("condition '\(old.condition?.canonicalText ?? "true")' -> '\(new.condition?.canonicalText ?? "true")'")
        }
        if Set(oldPolicy.keysTargeted(by: old)) != Set(newPolicy.keysTargeted(by: new))
            || Set(oldPolicy.scopesTargeted(by: old)) != Set(newPolicy.scopesTargeted(by: new)) {
            parts.append("targets changed")
        }
        if old.maxOutputTokens != new.maxOutputTokens { parts.append("output-token obligation changed") }
        if old.forcedRoute.map({ oldPolicy.routes[Int($0)].id }) != new.forcedRoute.map({ newPolicy.routes[Int($0)].id }) {
            parts.append("forced route changed")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    private static func ruleChange(_ kind: ChangeKind, _ subject: String, _ summary: String, rule: RuntimeRule,
                                   in policy: CompiledPolicy) -> PolicyChange {
        PolicyChange(kind: kind, subject: subject, aspect: "rule", summary: summary,
                     location: rule.location.lineDescription, keys: policy.keysTargeted(by: rule),
                     scopes: policy.scopesTargeted(by: rule))
    }

    private static func change(_ kind: ChangeKind, _ subject: String, _ aspect: String, _ summary: String,
                               _ location: FileLocation?) -> PolicyChange {
        PolicyChange(kind: kind, subject: subject, aspect: aspect, summary: summary,
                     location: location?.lineDescription, keys: nil, scopes: nil)
    }
}
