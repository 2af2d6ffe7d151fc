/// A program's rules compiled into an immutable plan: in program order, each with its
/// conditions and effect resolved to plain values, so that evaluating one looks nothing up
/// and copies no reference.
final class Plan: Sendable {
    /// What evaluating reads of each rule, in program order.
    let steps: Frozen<PlanStep>
    /// The conditions of every rule, one rule's after another's (`PlanStep.conditions`).
    let conditions: Frozen<Condition>
    /// What the results and reasons say of each rule, in program order.
    let rules: [PlanRule]
    /// The fixed part of every rule's result, shared by the outcomes.
    let results: Outcome.RuleTable
    /// The names the conditions compare, by number.
    let symbols: Symbols
    /// The line predicates the earnings count lines by.
    let lines: LineMatcher
    /// The whitelists and blacklists of the program and its sections (`Effect.countLines`).
    let lists: [ArticleList]
    /// The card-linked offers, in program order (`Effect.offer`).
    let offers: [Offer]
    /// Which rules can hold on a given day, weekday, merchant or brand, so that a sale tests
    /// only those.
    let index: PlanIndex
    /// The program's time zone, when it declares one.
    let zone: TimeZoneRules?
    /// The tiers, lowest first; a customer without a tier is in the first one.
    let tiers: [String]
    /// Below this eligible revenue (minor units), no rule earns anything.
    let minimum: Int64?
    /// Whether some rule reads the sale's local time: a request without a time is refused.
    let readsTime: Bool
    /// Whether some condition reads the sale's merchant, brand, terminal or shop.
    let readsPlaces: Bool
    /// How many rules other rules modify (`PlanStep.modifiedSlot`).
    let modifiedCount: Int
    /// Whether some earning counts only lines of some categories (`PlanStep.requiredCategories`).
    let readsCategories: Bool
    /// Whether some rule is of the earning stage (the others read neither tier nor time).
    let earns: Bool
    /// Whether some named rule (not a statement) is of the earning stage: such a program
    /// needs no `earn` statement.
    let namedRulesEarn: Bool
    /// The rules of the offers stage, in program order: the card-linked offers.
    let offerRules: Frozen<Int32>
    /// The rules of the lines stage, in program order: the lists that decide which lines count.
    let listRules: Frozen<Int32>
    /// The rules of the revenue stage, in program order: those that decide the eligible
    /// revenue before the others earn from it.
    let revenueRules: Frozen<Int32>

    init(rules: [(PlanRule, PlanStep.Parts)], symbols: Symbols, predicates: LinePredicates, lists: [ArticleList], offers: [Offer], reward: RewardKind,
         zone: TimeZoneRules?, tiers: [String], minimum: Int64?) {
        var steps: [PlanStep] = []
        var conditions: [Condition] = []
        var slots = [Int32](repeating: -1, count: rules.count)
        for (_, parts) in rules {
            if let target = parts.effect.target, slots[target] < 0 { slots[target] = Int32(slots.count { $0 >= 0 }) }
        }
        for (index, (rule, parts)) in rules.enumerated() {
            var required: UInt64?
            if case .earn(let earning) = parts.effect, let root = earning.lineRoot { required = predicates.requiredCategories(root) }
            steps.append(PlanStep(firstCondition: Int32(conditions.count), conditionCount: Int32(parts.conditions.count),
                                  effect: parts.effect, cap: parts.cap, stops: parts.stops, modifiedSlot: slots[index],
                                  isStatement: rule.statement != nil, requiredCategories: required, stage: parts.effect.stage))
            conditions += parts.conditions
        }
        modifiedCount = slots.count { $0 >= 0 }
        readsCategories = steps.contains { $0.requiredCategories != nil }
        offerRules = Frozen(steps.indices.filter { steps[$0].stage == .offers }.map { Int32($0) })
        listRules = Frozen(steps.indices.filter { steps[$0].stage == .lines }.map { Int32($0) })
        revenueRules = Frozen(steps.indices.filter { steps[$0].stage == .revenue }.map { Int32($0) })
        earns = steps.contains { $0.stage == .earning }
        namedRulesEarn = steps.contains { $0.stage == .earning && !$0.isStatement }
        self.steps = Frozen(steps)
        self.conditions = Frozen(conditions)
        self.rules = rules.map(\.0)
        results = Outcome.RuleTable(names: rules.map(\.0.name), caps: steps.map(\.cap),
                                    modifies: steps.map { $0.effect.target.map { rules[$0].0.name } }, unit: reward)
        self.symbols = symbols
        lines = LineMatcher(predicates)
        self.lists = lists
        self.offers = offers
        index = PlanIndex(steps: steps, conditions: conditions, symbols: symbols)
        self.zone = zone
        self.tiers = tiers
        self.minimum = minimum
        readsTime = conditions.contains(where: \.readsTime)
        readsPlaces = PlaceField.allCases.contains { !symbols.names[Symbols.Kind($0).rawValue].isEmpty }
    }

    deinit {
        steps.free()
        conditions.free()
        index.free()
        offerRules.free()
        listRules.free()
        revenueRules.free()
    }

    /// The list the rule at `index` counts lines by, for a rule of the lines stage.
    func list(of index: Int) -> ArticleList? {
        guard case .countLines(let number) = steps[index].effect else { return nil }
        return lists[Int(number)]
    }

    /// The conditions of the rule at `index`.
    func ruleConditions(_ index: Int) -> [Condition] {
        steps[index].conditionRange.map { conditions[$0] }
    }
}

/// What evaluating reads of one rule: where its conditions are, its effect, its cap and
/// whether it stops the rules after it. A plain value.
struct PlanStep: Sendable, BitwiseCopyable {
    /// A rule's conditions, effect, cap and stop, as the compiler hands them to the plan.
    struct Parts {
        let conditions: [Condition]
        let effect: Effect
        let cap: Int64?
        let stops: Bool
    }

    /// The rule's conditions are `Plan.conditions[conditionRange]`; all must hold, tested in
    /// order, and the first that fails is the reason.
    let firstCondition: Int32
    let conditionCount: Int32
    var conditionRange: Range<Int> { Int(firstCondition)..<Int(firstCondition + conditionCount) }
    let effect: Effect
    /// The most the rule earns in one sale (points, or minor units of bonus).
    let cap: Int64?
    /// When the rule applies, the rules after it do not.
    let stops: Bool
    /// For a rule whose rate other rules set or multiply, where the evaluation keeps what they
    /// do to it (0 to `Plan.modifiedCount` − 1); -1 for the others.
    let modifiedSlot: Int32
    /// Whether the rule is an `earn` statement's, whose rate or result a request's override replaces.
    let isStatement: Bool
    /// For an earning that counts only lines of some categories: those categories (a bit per
    /// number in `LinePredicates`), so that a sale without such lines skips counting them.
    let requiredCategories: UInt64?
    /// When in a sale the rule applies: with the rules that decide the eligible revenue, or
    /// with those that earn.
    let stage: PlanStage

    /// Whether the rule does nothing but stop the rules after it.
    var isStopOnly: Bool { effect == .none }
}

/// What the results, reasons and trace say of one rule.
struct PlanRule: Sendable {
    let name: String
    let location: ProgramLocation
    /// For the rule a statement became: the statement as written, for the trace. For an
    /// `earn` statement's, a request's cashback overrides replace its rate or its result.
    let statement: String?
    /// For the rule a statement became: the scope it was written in (`program`,
    /// `brand "Afriquia Gaz"`), for its reason when the sale falls in another.
    let scope: String?
    /// For the rule a statement became: what a section that replaces it has of its own
    /// (`` `earn` ``, `` `tender "Cash" earns nothing` ``, `article list`), for its reason then.
    let own: String?
}
