/// Turns a checked program's earning statements and rules into one plan, in program order:
/// the `earn` statement of the program and of each section becomes a rule that applies to
/// the sales of its scope, beside the program's named rules.
enum PlanCompiler {
    /// The plan, and for each `earn` statement the index of the rule it became.
    static func plan(_ checked: CheckedProgram) -> (Plan, earnIndex: [ObjectIdentifier: Int]) {
        var earns: [(EarnRule, label: String?)] = []
        if let earn = checked.base.earn { earns.append((earn, nil)) }
        for section in checked.sections {
            if let earn = section.settings.earn { earns.append((earn, "\(section.kind.rawValue) \"\(section.name)\"")) }
        }
        enum Entry {
            case statement(EarnRule, label: String?)
            case rule(Int)
        }
        var entries = earns.map { Entry.statement($0.0, label: $0.label) }
        entries += checked.rules.indices.map { Entry.rule($0) }
        func position(_ entry: Entry) -> (Int, Int) {
            switch entry {
            case .statement(let earn, _): return (earn.location.line, earn.location.column)
            case .rule(let index): return (checked.rules[index].location.line, checked.rules[index].location.column)
            }
        }
        entries.sort { position($0) < position($1) }
        var ruleIndex = [Int](repeating: 0, count: checked.rules.count)
        var earnIndex: [ObjectIdentifier: Int] = [:]
        for (index, entry) in entries.enumerated() {
            switch entry {
            case .statement(let earn, _): earnIndex[ObjectIdentifier(earn)] = index
            case .rule(let rule): ruleIndex[rule] = index
            }
        }
        let rules = entries.enumerated().map { (index, entry) -> (PlanRule, PlanStep.Parts) in
            switch entry {
            case .statement(let earn, let label):
                let kind: Earning.Kind
                switch earn.kind {
                case .rate(let rate, _): kind = .rate(rate, .eligibleRevenue)
                case .perAmount(let points, let per): kind = .perAmount(points: points, perMinorUnits: per, .eligibleRevenue)
                }
                return (PlanRule(name: label.map { "earn (\($0))" } ?? "earn", location: earn.location, statement: earn.text,
                                 scope: label ?? "program"),
                        PlanStep.Parts(conditions: [.scopeEarn(index)], effect: .earn(Earning(kind: kind, rounding: earn.rounding)),
                                       cap: nil, stops: false))
            case .rule(let rule):
                let checked = checked.rules[rule]
                let effect: Effect
                switch checked.effect {
                case .setRate(let target, let rate): effect = .setRate(target: ruleIndex[target], rate)
                case .multiply(let target, let factor): effect = .multiply(target: ruleIndex[target], factor: factor)
                case .earn, .none: effect = checked.effect
                }
                return (PlanRule(name: checked.name, location: checked.location, statement: nil, scope: nil),
                        PlanStep.Parts(conditions: checked.conditions, effect: effect, cap: checked.cap, stops: checked.stops))
            }
        }
        return (Plan(rules: rules, symbols: checked.symbols, predicates: checked.predicates, reward: checked.reward ?? .points,
                     zone: checked.zone, tiers: checked.tiers, minimum: checked.minimum), earnIndex)
    }
}
