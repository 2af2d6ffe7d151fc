/// A program's rules compiled into an immutable plan: in program order, each with its
/// conditions and effect resolved to typed values, so that evaluating one looks nothing up.
final class Plan: Sendable {
    let rules: [PlanRule]
    /// The program's time zone, when it declares one.
    let zone: TimeZoneRules?
    /// The tiers, lowest first; a customer without a tier is in the first one.
    let tiers: [String]
    /// Below this eligible revenue (minor units), no rule earns anything.
    let minimum: Int64?
    /// Whether some rule reads the sale's local time: a request without a time is refused.
    let readsTime: Bool

    init(rules: [PlanRule], zone: TimeZoneRules?, tiers: [String], minimum: Int64?) {
        self.rules = rules
        self.zone = zone
        self.tiers = tiers
        self.minimum = minimum
        readsTime = rules.contains { $0.conditions.contains(where: \.readsTime) }
    }
}

/// One rule of the plan. A class: evaluating reads its fields in place, never copies them.
final class PlanRule: Sendable {
    let name: String
    let location: ProgramLocation
    /// All must hold for the rule to apply, checked in order; the first that fails is the reason.
    let conditions: [Condition]
    let effect: Effect
    /// The most the rule earns in one sale (points, or minor units of bonus).
    let cap: Int64?
    /// When the rule applies, the rules after it do not.
    let stops: Bool
    /// For the rule an `earn` statement became: the statement as written, for the trace; a
    /// request's cashback overrides replace its rate or its result.
    let statement: String?
    /// For the rule an `earn` statement became: the scope it was written in (`program`,
    /// `brand "Afriquia Gaz"`), for its reason when the sale falls in another.
    let scope: String?

    init(name: String, location: ProgramLocation, conditions: [Condition], effect: Effect, cap: Int64?, stops: Bool,
         statement: String? = nil, scope: String? = nil) {
        self.name = name
        self.location = location
        self.conditions = conditions
        self.effect = effect
        self.cap = cap
        self.stops = stops
        self.statement = statement
        self.scope = scope
    }
}
