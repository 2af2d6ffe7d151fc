/// One rule on one request, condition by condition (`Program.inspect`): what each condition
/// asks, whether it holds and the value of the sale it read, and the rule's result.
public struct RuleInspection: Sendable, Equatable {
    /// One condition of the rule: `weekday is Saturday`, false, `Tuesday in Europe/Paris`.
    public struct Check: Sendable, Equatable {
        public let needs: String
        public let holds: Bool
        public let seen: String
    }

    public let rule: Outcome.RuleResult
    /// Where the rule is written.
    public let location: ProgramLocation
    /// Its conditions in order (a statement's first: that it is in force in the sale's scope).
    public let checks: [Check]
}
