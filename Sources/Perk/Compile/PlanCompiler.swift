/// Turns a checked program's statements and rules into one plan, in program order. The
/// statements that decide what a sale earns become rules too, each applying to the sales of
/// the scope it is in force in: the `earn` statement of the program and of each section, its
/// whitelist or blacklist, each `tender … earns nothing` and `points payments earn nothing`;
/// and each card-linked offer, for the sales at its merchant by a card linked to it.
enum PlanCompiler {
    /// A statement or a rule of the program, before it is a rule of the plan.
    private enum Entry {
        case earn(EarnRule, label: String?)
        case list(ArticleList, label: String?)
        case tender(String, ProgramLocation, label: String?)
        case pointsPayments(ProgramLocation, label: String?)
        case offer(Int)
        case rule(Int)
    }

    /// The plan, and for each statement (by where it is written) the index of the rule it became.
    static func plan(_ checked: CheckedProgram) -> (Plan, statementIndex: [ProgramLocation: Int]) {
        var entries: [Entry] = []
        let scopes = [(checked.base, nil)] + checked.sections.map { ($0.settings, "\($0.kind.rawValue) \"\($0.name)\"") }
        for (settings, label) in scopes as [(ScopeSettings, String?)] {
            if let earn = settings.earn { entries.append(.earn(earn, label: label)) }
            if let list = settings.list { entries.append(.list(list, label: label)) }
            for (tender, location) in settings.noEarnTenders { entries.append(.tender(tender, location, label: label)) }
            if let location = settings.pointsPaymentsEarnNothing { entries.append(.pointsPayments(location, label: label)) }
        }
        entries += checked.offers.indices.map { Entry.offer($0) }
        entries += checked.rules.indices.map { Entry.rule($0) }
        func location(_ entry: Entry) -> ProgramLocation {
            switch entry {
            case .earn(let earn, _): earn.location
            case .list(let list, _): list.location
            case .tender(_, let location, _), .pointsPayments(let location, _): location
            case .offer(let index): checked.offers[index].location
            case .rule(let index): checked.rules[index].location
            }
        }
        entries.sort { (location($0).line, location($0).column) < (location($1).line, location($1).column) }
        var ruleIndex = [Int](repeating: 0, count: checked.rules.count)
        var statementIndex: [ProgramLocation: Int] = [:]
        for (index, entry) in entries.enumerated() {
            switch entry {
            case .rule(let rule): ruleIndex[rule] = index
            case .offer: break
            default: statementIndex[location(entry)] = index
            }
        }
        var symbols = checked.symbols
        var lists: [ArticleList] = []
        let rules = entries.enumerated().map { (index, entry) -> (PlanRule, PlanStep.Parts) in
            /// The rule a statement becomes: named after it (and its section), in force where the
            /// scope says; `own` is what a section that replaces it has of its own.
            func statement(_ text: String, _ keyword: String, own: String? = nil, label: String?, _ conditions: [Condition],
                           _ effect: Effect) -> (PlanRule, PlanStep.Parts) {
                (PlanRule(name: label.map { "\(keyword) (\($0))" } ?? keyword, location: location(entry), statement: text,
                          scope: label ?? "program", own: own ?? "`\(keyword)`"),
                 PlanStep.Parts(conditions: [.inScope(Int32(index))] + conditions, effect: effect, cap: nil, stops: false))
            }
            switch entry {
            case .earn(let earn, let label):
                let kind: Earning.Kind
                switch earn.kind {
                case .rate(let rate, _): kind = .rate(rate, .eligibleRevenue)
                case .perAmount(let points, let per): kind = .perAmount(points: points, perMinorUnits: per, .eligibleRevenue)
                }
                return statement(earn.text, "earn", label: label, [], .earn(Earning(kind: kind, rounding: earn.rounding)))
            case .list(let list, let label):
                lists.append(list)
                return statement(list.kind.rawValue, list.kind.rawValue, own: "article list", label: label, [.hasLines],
                                 .countLines(Int32(lists.count - 1)))
            case .tender(let tender, _, let label):
                let number = symbols.number(of: tender, .tender)
                let text = "tender \"\(tender)\" earns nothing"
                return statement(text, text, label: label, [.tender(number)], .excludeTender(number))
            case .pointsPayments(_, let label):
                let text = "points payments earn nothing"
                return statement(text, text, label: label, [.paidWithPoints], .excludePointsPayments)
            case .offer(let number):
                let offer = checked.offers[number]
                var conditions: [Condition] = [.place(.merchant, symbols.set(of: [offer.merchant], .merchant)),
                                               .linkedOffer(symbols.number(of: offer.id, .offer))]
                if offer.minimumSpend > 0 { conditions.append(.amount(.total, .atLeast, offer.minimumSpend)) }
                return (PlanRule(name: "offer \"\(offer.id)\"", location: offer.location, statement: nil, scope: nil, own: nil),
                        PlanStep.Parts(conditions: conditions, effect: .offer(Int32(number)), cap: nil, stops: false))
            case .rule(let rule):
                let checked = checked.rules[rule]
                let effect: Effect
                switch checked.effect {
                case .setRate(let target, let rate): effect = .setRate(target: ruleIndex[target], rate)
                case .multiply(let target, let factor): effect = .multiply(target: ruleIndex[target], factor: factor)
                default: effect = checked.effect
                }
                return (PlanRule(name: checked.name, location: checked.location, statement: nil, scope: nil, own: nil),
                        PlanStep.Parts(conditions: checked.conditions, effect: effect, cap: checked.cap, stops: checked.stops))
            }
        }
        return (Plan(rules: rules, symbols: symbols, predicates: checked.predicates, lists: lists, offers: checked.offers,
                     reward: checked.reward ?? .points, zone: checked.zone, tiers: checked.tiers, minimum: checked.minimum),
                statementIndex)
    }
}
