/// Runs a plan's rules over a sale's facts: which rules apply (in program order, up to a
/// rule that stops the others), how the rules that modify another change its rate, then
/// what each earning rule gives, rounded once and capped on its own.
struct RuleEvaluation {
    let facts: Facts
    let reward: RewardKind
    let pointValue: PointValue?
    let tracing: Bool

    var plan: Plan { facts.plan }

    /// What the passes over the rules learn about one rule, kept on the stack.
    private struct RuleState {
        /// Whether its conditions held and no earlier rule stopped it.
        var held = false
        /// The index of its first condition that failed; -1 when none did.
        var failed: Int32 = -1
        /// The rule whose `set rate` replaces its rate (the last that applies), or -1.
        var rateSetBy: Int32 = -1
        var rate = Rate(millionths: 0)
        /// The product of the factors of the `multiply rate` rules that apply to it, and their count.
        var factors: Int128 = 1
        var factorCount: Int32 = 0
    }

    /// One result per rule, and the sum of what they earned; the steps of the rules that
    /// `earn` statements became go to `log`, as the trace has always told them.
    func run(log: inout Trace?) throws(EvaluationError) -> (results: [Outcome.RuleResult], total: Int64) {
        try withUnsafeTemporaryAllocation(of: RuleState.self, capacity: plan.rules.count) { (states) throws(EvaluationError) in
            states.initialize(repeating: RuleState())
            return try run(states, log: &log)
        }
    }

    private func run(_ states: UnsafeMutableBufferPointer<RuleState>, log: inout Trace?) throws(EvaluationError)
        -> (results: [Outcome.RuleResult], total: Int64) {
        let rules = plan.rules
        // First pass: whose conditions hold, up to the rule that stops the others.
        var stopper = -1
        for index in rules.indices where stopper < 0 {
            let conditions = rules[index].conditions
            var failed = -1
            for position in conditions.indices where !conditions[position].holds(facts) {
                failed = position
                break
            }
            states[index].failed = Int32(failed)
            states[index].held = failed < 0
            if failed < 0, rules[index].stops { stopper = index }
        }
        let belowMinimum = plan.minimum.map { facts.eligibleRevenue < $0 } ?? false
        // Second pass: the modifiers of each earning rule, in program order.
        for index in rules.indices where states[index].held && !belowMinimum {
            switch rules[index].effect {
            case .setRate(let target, let rate):
                states[target].rate = rate
                states[target].rateSetBy = Int32(index)
            case .multiply(let target, let factor):
                states[target].factors = try checked(states[target].factors, Int128(factor))
                states[target].factorCount += 1
            case .earn, .none:
                break
            }
        }
        var total: Int64 = 0
        var results: [Outcome.RuleResult] = []
        results.reserveCapacity(rules.count)
        for index in rules.indices {
            let rule = rules[index]
            let state = states[index]
            var amount: Int64 = 0
            var cut: Int64 = 0
            var applied = state.held
            var reason: String?
            if !applied, tracing {
                reason = stopper >= 0 && index > stopper ? "stopped by rule \(VisibleText.quoted(rules[stopper].name))"
                                                        : rule.conditions[Int(state.failed)].whyNot(facts)
            }
            if applied, belowMinimum, let minimum = plan.minimum, !rule.isStopOnly {
                applied = false
                if tracing {
                    let below = "eligible revenue \(facts.money(facts.eligibleRevenue)) is below the minimum \(facts.money(minimum))"
                    if let statement = rule.statement { log?.step(statement, rule.location, applied: false, below) }
                    reason = below
                }
            } else if applied, case .earn(let earning) = rule.effect {
                var rate: Rate? = state.rateSetBy >= 0 ? state.rate : nil
                var exact: Exact
                if let statement = rule.statement, let override = facts.request.amountOverride {
                    log?.step(statement, rule.location, applied: false, "replaced by the amount override")
                    exact = try money(Exact(Int128(override), 1))
                } else {
                    if let statement = rule.statement, let override = facts.request.rateOverride, earning.rate != nil {
                        log?.step(statement, rule.location, applied: false, "rate replaced by the override")
                        rate = override
                    }
                    exact = try self.exact(earning, rate: rate, factors: state.factors, factorCount: state.factorCount)
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
                        reason = try explain(index, earning, exact: exact, rounded: rounded, rate: rate, rateSetBy: Int(state.rateSetBy))
                    }
                }
                guard let sum = Checked.add(total, amount) else { throw .overflow(overflowField) }
                total = sum
            }
            results.append(Outcome.RuleResult(name: rule.name, applied: applied, unit: reward, amount: amount, cap: rule.cap,
                                              capCut: cut, modifies: rule.effect.target.map { rules[$0].name },
                                              stopped: applied && stopper == index, reason: reason))
        }
        return (results, total)
    }

    /// The exact amount an earning gives, before rounding, as numerator / denominator of
    /// points (or of minor units for a bonus program).
    private func exact(_ earning: Earning, rate: Rate?, factors: Int128, factorCount: Int32) throws(EvaluationError) -> Exact {
        var numerator: Int128
        var denominator: Int128
        switch earning.kind {
        case .rate(let own, let base):
            let amount = try self.amount(of: base)
            // Two 64-bit factors: the product fits in 128 bits.
            let exact = try money(Exact(Int128(amount) &* Int128((rate ?? own).millionths), Int128(Rate.scale)))
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
        if factorCount > 0 {
            numerator = try checked(numerator, factors)
            for _ in 0..<factorCount { denominator = try checked(denominator, Int128(Rate.scale)) }
        }
        return Exact(numerator, denominator)
    }

    /// An exact amount of money (minor units) in what the program rewards: the same for
    /// bonus money, divided by the point value for points.
    private func money(_ exact: Exact) throws(EvaluationError) -> Exact {
        guard reward == .points, let pointValue else { return exact }
        guard let numerator = exact.numerator.times(pointValue.points),
              let denominator = exact.denominator.times(pointValue.minorUnits) else { throw .overflow(overflowField) }
        return Exact(numerator, denominator)
    }

    private func checked(_ a: Int128, _ b: Int128) throws(EvaluationError) -> Int128 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw .overflow(overflowField) }
        return product
    }

    private var overflowField: String { facts.request.resultField }

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
    private func explain(_ index: Int, _ earning: Earning, exact: Exact, rounded: Int64, rate: Rate?, rateSetBy: Int) throws(EvaluationError) -> String {
        var what: String
        var of = ""
        switch earning.kind {
        case .rate(let own, let base):
            what = "\(rate ?? own)"
            if rateSetBy >= 0 { what += " (rate set by \(VisibleText.quoted(plan.rules[rateSetBy].name)))" }
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
        var multiplied = false
        // The multipliers that applied: the rules before the stop whose conditions held.
        for other in plan.rules.indices {
            guard case .multiply(let target, let factor) = plan.rules[other].effect, target == index,
                  plan.rules[other].conditions.allSatisfy({ $0.holds(facts) }), !stopped(before: other) else { continue }
            what += " × \(Exact(Int128(factor), Int128(Rate.scale))) (\(VisibleText.quoted(plan.rules[other].name)))"
            multiplied = true
        }
        if case .fixed = earning.kind, !multiplied { return what }
        let value = reward == .points ? "\(exact) points" : "\(exact.decimal(shift: facts.currency.exponent)) \(facts.currency.code)"
        let result = reward == .points ? "\(rounded) points" : facts.money(rounded)
        return "\(what)\(of): \(value) exactly, rounded \(earning.rounding.rawValue) to \(result)"
    }

    /// Whether a rule before `index` applied and stopped the rules after it.
    private func stopped(before index: Int) -> Bool {
        plan.rules[..<index].contains { $0.stops && $0.conditions.allSatisfy { $0.holds(facts) } }
    }
}

extension Request {
    /// The field named when an earned result does not fit in 64 bits: the amount override
    /// that caused it, or the sale's amounts.
    var resultField: String {
        amountOverride != nil ? "cashback_amount_override" : (lines.isEmpty ? "amount" : "lines")
    }
}

extension PlanRule {
    /// Whether the rule does nothing but stop the rules after it.
    var isStopOnly: Bool {
        if case .none = effect { return true }
        return false
    }
}
