/// Runs a plan's rules over a sale's facts: which rules apply (in program order, up to a
/// rule that stops the others), how the rules that modify another change its rate, then
/// what each earning rule gives, rounded once and capped on its own.
struct RuleEvaluation {
    let plan: Plan
    let facts: Facts
    let reward: RewardKind
    let pointValue: PointValue?
    let tracing: Bool

    /// One result per rule, and the sum of what they earned; the steps of the rules that
    /// `earn` statements became go to `log`, as the trace has always told them.
    func run(log: inout Trace?) throws(EvaluationError) -> (results: [Outcome.RuleResult], total: Int64) {
        let rules = plan.rules
        // First pass: whose conditions hold, and the rule that stops the others.
        var held = [Bool](repeating: false, count: rules.count)
        var reasons = [String?](repeating: nil, count: rules.count)
        var stopper: Int?
        for index in rules.indices {
            if let stopper {
                if tracing { reasons[index] = "stopped by rule \(VisibleText.quoted(rules[stopper].name))" }
                continue
            }
            if let failed = rules[index].conditions.first(where: { !$0.holds(facts) }) {
                if tracing { reasons[index] = failed.whyNot(facts) }
                continue
            }
            held[index] = true
            if rules[index].stops { stopper = index }
        }
        let belowMinimum = plan.minimum.map { facts.eligibleRevenue < $0 } ?? false
        // Second pass: the modifiers of each earning rule, in program order.
        var setRates = [(rate: Rate, by: Int)?](repeating: nil, count: rules.count)
        var factors = [[(factor: Int64, by: Int)]](repeating: [], count: rules.count)
        for index in rules.indices where held[index] && !belowMinimum {
            switch rules[index].effect {
            case .setRate(let target, let rate): setRates[target] = (rate, index)
            case .multiply(let target, let factor): factors[target].append((factor, index))
            case .earn, .none: break
            }
        }
        var results: [Outcome.RuleResult] = []
        results.reserveCapacity(rules.count)
        var total: Int64 = 0
        for (index, rule) in rules.enumerated() {
            var amount: Int64 = 0
            var cut: Int64 = 0
            var applied = held[index]
            var reason = reasons[index]
            let modifies = rule.effect.target.map { rules[$0].name }
            if applied, belowMinimum, let minimum = plan.minimum, !rule.isStopOnly {
                applied = false
                if tracing {
                    reason = "eligible revenue \(facts.money(facts.eligibleRevenue)) is below the minimum \(facts.money(minimum))"
                    if let statement = rule.statement { log?.step(statement, rule.location, applied: false, reason ?? "") }
                }
            } else if applied, case .earn(let earning) = rule.effect {
                var setRate = setRates[index]
                var exact: Exact
                if let statement = rule.statement, let override = facts.request.amountOverride {
                    log?.step(statement, rule.location, applied: false, "replaced by the amount override")
                    exact = try money(Exact(Int128(override), 1))
                } else {
                    if let statement = rule.statement, let override = facts.request.rateOverride, earning.rate != nil {
                        log?.step(statement, rule.location, applied: false, "rate replaced by the override")
                        setRate = (override, index)
                    }
                    exact = try self.exact(earning, setRate: setRate?.rate, factors: factors[index].map(\.factor))
                }
                guard let rounded = earning.rounding.apply(exact.numerator, exact.denominator) else { throw .overflow(overflowField) }
                amount = max(0, rounded)
                if let cap = rule.cap, amount > cap {
                    cut = amount - cap
                    amount = cap
                }
                if tracing {
                    if let statement = rule.statement {
                        reason = statementStep(statement, rule, earning, exact: exact, rounded: rounded, log: &log)
                    } else {
                        reason = try explain(earning, exact: exact, rounded: rounded, setRate: setRate, factors: factors[index])
                    }
                }
                guard let sum = Checked.add(total, amount) else { throw .overflow(overflowField) }
                total = sum
            } else if applied, tracing {
                reason = nil
            }
            results.append(Outcome.RuleResult(name: rule.name, applied: applied, unit: reward, amount: amount, cap: rule.cap,
                                              capCut: cut, modifies: modifies, stopped: applied && stopper == index, reason: reason))
        }
        return (results, total)
    }

    /// The exact amount an earning gives, before rounding, as numerator / denominator of
    /// points (or of minor units for a bonus program).
    private func exact(_ earning: Earning, setRate: Rate?, factors: [Int64]) throws(EvaluationError) -> Exact {
        var numerator: Int128
        var denominator: Int128
        switch earning.kind {
        case .rate(let rate, let base):
            let amount = try self.amount(of: base)
            let exact = try money(Exact(Int128(amount) * Int128((setRate ?? rate).millionths), Int128(Rate.scale)))
            (numerator, denominator) = (exact.numerator, exact.denominator)
        case .perAmount(let points, let per, let base):
            numerator = Int128(try amount(of: base)) * Int128(points)
            denominator = Int128(per)
        case .perUnit(let points, _, let lines):
            numerator = Int128(try quantity(of: lines)) * Int128(points)
            denominator = 1000
        case .fixed(let value):
            (numerator, denominator) = (Int128(value), 1)
        }
        for factor in factors {
            numerator = try checked(numerator, Int128(factor))
            denominator = try checked(denominator, Int128(Rate.scale))
        }
        return Exact(numerator, denominator)
    }

    /// An exact amount of money (minor units) in what the program rewards: the same for
    /// bonus money, divided by the point value for points.
    private func money(_ exact: Exact) throws(EvaluationError) -> Exact {
        guard reward == .points, let pointValue else { return exact }
        return Exact(try checked(exact.numerator, Int128(pointValue.points)), exact.denominator * Int128(pointValue.minorUnits))
    }

    private func checked(_ a: Int128, _ b: Int128) throws(EvaluationError) -> Int128 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw .overflow(overflowField) }
        return product
    }

    /// The field named when a result does not fit: the override that caused it, or the sale's amounts.
    private var overflowField: String {
        facts.request.amountOverride != nil ? "cashback_amount_override" : (facts.request.lines.isEmpty ? "amount" : "lines")
    }

    /// The trace step of the rule an `earn` statement became (or of the override that
    /// replaced it), as the trace has always told it; the same text is the rule's reason.
    private func statementStep(_ statement: String, _ rule: PlanRule, _ earning: Earning, exact: Exact, rounded: Int64,
                               log: inout Trace?) -> String {
        let request = facts.request
        var text = statement
        var location: ProgramLocation? = rule.location
        if let amount = request.amountOverride {
            text = "cashback amount override \(facts.money(amount)) (\(request.overrideReason ?? "no reason"))"
            location = nil
        } else if let rate = request.rateOverride, earning.rate != nil {
            text = "cashback rate override \(rate) (\(request.overrideReason ?? "no reason"))"
            location = nil
        }
        let on = "on \(facts.money(facts.eligibleRevenue)): "
        let detail = reward == .points
            ? on + "\(exact) points exactly, rounded \(earning.rounding.rawValue) to \(rounded) points"
            : on + "\(facts.currency.exactMoney(exact)) exactly, rounded \(earning.rounding.rawValue) to \(facts.money(rounded))"
        log?.step(text, location, applied: true, detail)
        return text == statement ? detail : "\(text): \(detail)"
    }

    /// The eligible revenue, or the sum of the eligible lines that match.
    private func amount(of base: Earning.Base) throws(EvaluationError) -> Int64 {
        guard case .lines(let predicate) = base else { return facts.eligibleRevenue }
        var sum: Int64 = 0
        for index in facts.request.lines.indices where facts.lineCounted[index] {
            if let predicate, !predicate.matches(facts.request.lines[index]) { continue }
            guard let added = Checked.add(sum, facts.lineAmounts[index]) else { throw .overflow(overflowField) }
            sum = added
        }
        return sum
    }

    /// The quantity, in thousandths, of the eligible lines that match.
    private func quantity(of predicate: LinePredicate?) throws(EvaluationError) -> Int64 {
        var sum: Int64 = 0
        for index in facts.request.lines.indices where facts.lineCounted[index] {
            if let predicate, !predicate.matches(facts.request.lines[index]) { continue }
            guard let added = Checked.add(sum, facts.request.lines[index].quantityThousandths) else { throw .overflow(overflowField) }
            sum = added
        }
        return sum
    }

    /// How an earning's amount was computed:
    /// `3% (rate set by `gold`) × 2 (`Saturdays double`) of 16.76 EUR: 100.56 points exactly, rounded down to 100 points`.
    private func explain(_ earning: Earning, exact: Exact, rounded: Int64, setRate: (rate: Rate, by: Int)?,
                         factors: [(factor: Int64, by: Int)]) throws(EvaluationError) -> String {
        var what: String
        var of = ""
        switch earning.kind {
        case .rate(let rate, let base):
            what = "\(setRate?.rate ?? rate)"
            if let setRate { what += " (rate set by \(VisibleText.quoted(plan.rules[setRate.by].name)))" }
            of = " of " + facts.money(try amount(of: base))
        case .perAmount(let points, let per, let base):
            what = "\(points) points per \(facts.money(per))"
            of = " of " + facts.money(try amount(of: base))
        case .perUnit(let points, let unit, let lines):
            what = "\(points) points per \(unit)"
            of = " × \(Exact(Int128(try quantity(of: lines)), 1000))"
        case .fixed(let value):
            what = reward == .points ? "\(value) points" : facts.money(value)
        }
        for (factor, by) in factors {
            what += " × \(Exact(Int128(factor), Int128(Rate.scale))) (\(VisibleText.quoted(plan.rules[by].name)))"
        }
        if case .fixed = earning.kind, factors.isEmpty { return what }
        let value = reward == .points ? "\(exact) points" : "\(exact.decimal(shift: facts.currency.exponent)) \(facts.currency.code)"
        let result = reward == .points ? "\(rounded) points" : facts.money(rounded)
        return "\(what)\(of): \(value) exactly, rounded \(earning.rounding.rawValue) to \(result)"
    }
}

extension PlanRule {
    /// Whether the rule does nothing but stop the rules after it.
    var isStopOnly: Bool {
        if case .none = effect { return true }
        return false
    }
}
