/// Runs a plan's rules over a sale's facts: which rules apply (in program order, up to a
/// rule that stops the others), how the rules that modify another change its rate, then
/// what each earning rule gives, rounded once and capped on its own.
///
/// Without a trace it tests only the rules the plan's index says can hold, and writes only
/// the results of the rules that apply (the others' results are already "not applied").
/// With a trace it tests every rule up to the one that stops the others, so that each one
/// that did not apply has its reason.
struct RuleEvaluation {
    /// What the rules read; the stages set the eligible revenue as they decide it.
    private(set) var facts: Facts
    /// Each rule's result, in program order (all "not applied" on entry): written in place,
    /// into the outcome's results.
    let values: UnsafeMutableBufferPointer<Outcome.RuleValue>
    /// With a trace, each rule's reason, in program order; empty without one. Memory the
    /// evaluation owns, so that writing a reason needs no `mutating` method and copying the
    /// rule evaluation no reference count.
    let reasons: UnsafeMutableBufferPointer<String?>
    let reward: RewardKind
    let pointValue: PointValue?
    let tracing: Bool
    /// The sale's scope, which outlives the evaluation: read without a reference count, and
    /// only for the reasons of a trace.
    unowned(unsafe) let scope: Scope

    var plan: Plan { facts.plan }

    /// What the rules that apply do to a rule other rules modify, kept on the stack.
    private struct Modified {
        /// The rule whose `set rate` replaces its rate (the last that applies), or -1.
        var rateSetBy: Int32 = -1
        var rate = Rate(millionths: 0)
        /// The product of the factors of the `multiply rate` rules that apply to it, and their count.
        var factors: Int128 = 1
        var factorCount: Int32 = 0
    }

    /// Runs the lines stage: the rule whose conditions hold applies (the list in force in the
    /// sale's scope, one at most, when the sale has lines), and the caller counts the lines by
    /// its list. The others' reasons are written with those of the earning stage (`apply`).
    func listRule() -> Int? {
        let rules = plan.listRules
        for position in 0..<rules.count {
            let index = Int(rules[position])
            if firstFailed(index) == nil {
                values[index].applied = true
                return index
            }
        }
        return nil
    }

    /// What the sale's payment decided: the customer's tier rank (checked then) and the part
    /// paid with points.
    mutating func afterPayment(tierRank: Int, paidWithPoints: Int64) {
        facts.tierRank = tierRank
        facts.paidWithPoints = paidWithPoints
    }

    /// Ends the lines stage: the revenue of the lines counted, and their categories.
    mutating func lines(revenue: Int64) {
        facts.eligibleRevenue = revenue
        if plan.readsCategories { facts.categories = plan.lines.categories(of: facts.lines, counted: facts.lineCounted) }
    }

    /// The first condition of the rule at `index` that does not hold, if one does not.
    @inline(__always)  // a plain loop where it is called, with the conditions' switch inlined
    func firstFailed(_ index: Int) -> Int? {
        let range = plan.steps[index].conditionRange
        var condition = range.lowerBound
        while condition < range.upperBound, plan.conditions[condition].holds(facts) { condition += 1 }  // a plain loop
        return condition < range.upperBound ? condition : nil
    }

    /// Runs the revenue stage: the rules that take tenders and points payments off the
    /// eligible revenue, which `facts` holds as the lines alone give it, and leaves there what
    /// is left (never below zero). Writes each one's result to `values` and, with a trace, its
    /// reason to `reasons` and its steps to `log`, as the trace has always told them.
    mutating func revenue(log: inout Trace?) {
        let rules = plan.revenueRules
        var revenue = facts.eligibleRevenue
        for position in 0..<rules.count {
            let index = Int(rules[position])
            if let failed = firstFailed(index) {
                if tracing { reasons[index] = plan.conditions[failed].whyNot(facts, scope: scope.label) }
                continue
            }
            values[index].applied = true
            // What was taken off, and from how many tenders, for the reason.
            var taken: Int128 = 0
            var count = 0
            let effect = plan.steps[index].effect
            switch effect {
            case .excludeTender(let id):
                let name = plan.symbols.name(id, .tender)
                for tender in facts.request.tenders where tender.id == name {
                    revenue = max(0, revenue - tender.amount)  // both are non-negative: no overflow
                    taken += Int128(tender.amount)
                    count += 1
                }
            case .excludePointsPayments:
                revenue = max(0, revenue - facts.paidWithPoints)
                taken = Int128(facts.paidWithPoints)
            case .earn, .setRate, .multiply, .none, .countLines, .offer:
                break
            }
            if tracing {
                let paid = facts.currency.exactMoney(Exact(taken, 1))
                reasons[index] = effect == .excludePointsPayments ? "\(paid) paid with points is not revenue"
                    : "\(paid) paid with it" + (count > 1 ? " in \(count) tenders" : "") + " is not revenue"
            }
        }
        facts.eligibleRevenue = revenue
        if log != nil { revenueSteps(log: &log) }
    }

    /// The trace's steps for the revenue stage, in the order it has always had them: the
    /// tenders in force that are not on the receipt (by name), each tender of the receipt
    /// that earns nothing (in the receipt's order), then the points payments.
    private func revenueSteps(log: inout Trace?) {
        let rules = (0..<plan.revenueRules.count).map { Int(plan.revenueRules[$0]) }
        /// Whether the statement that became the rule is in force for this sale.
        func inForce(_ index: Int) -> Bool {
            plan.ruleConditions(index).allSatisfy { condition in
                if case .inScope = condition { return condition.holds(facts) }
                return true
            }
        }
        func step(_ index: Int, applied: Bool, _ detail: String) {
            log?.step(plan.rules[index].statement ?? plan.rules[index].name, plan.rules[index].location, applied: applied, detail)
        }
        var tenderRules: [(name: String, index: Int)] = []
        for index in rules where inForce(index) {
            if case .excludeTender(let id) = plan.steps[index].effect { tenderRules.append((plan.symbols.name(id, .tender), index)) }
        }
        for rule in tenderRules.sorted(by: { $0.name < $1.name }) where !values[rule.index].applied {
            step(rule.index, applied: false, "no such tender on the receipt")
        }
        for tender in facts.request.tenders {
            guard let rule = tenderRules.first(where: { $0.name == tender.id }) else { continue }
            step(rule.index, applied: true, "\(facts.money(tender.amount)) paid with it is not revenue")
        }
        for index in rules where inForce(index) && plan.steps[index].effect == .excludePointsPayments {
            step(index, applied: values[index].applied, values[index].applied
                 ? "\(facts.money(facts.paidWithPoints)) paid with points is not revenue" : "nothing was paid with points")
        }
    }

    /// Writes each rule's result to `values` (all "not applied" on entry) and, with a trace,
    /// its reason to `reasons`; the steps of the rules that `earn`
    /// statements became go to `log`, as the trace has always told them. Returns the sum of
    /// what the rules earned.
    func run(log: inout Trace?) throws(EvaluationError) -> Int64 {
        let words = plan.index.words
        return try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { (held) throws(EvaluationError) in
            try withUnsafeTemporaryAllocation(of: Modified.self, capacity: plan.modifiedCount) { (modified) throws(EvaluationError) in
                modified.initialize(repeating: Modified())
                let stopper = findHeld(held)
                return try apply(held, stopper: stopper, modified: modified, log: &log)
            }
        }
    }

    /// Leaves in `held` (a bit per rule) the rules whose conditions hold, up to the first of
    /// them that stops the others; returns that one's index, or -1.
    private func findHeld(_ held: UnsafeMutableBufferPointer<UInt64>) -> Int {
        if tracing {
            plan.index.earningRules(into: held)
        } else {
            let local = facts.local
            plan.index.candidates(day: local?.date.daysSinceEpoch, weekday: local?.weekday, places: facts.places, into: held)
        }
        let steps = plan.steps
        let conditions = plan.conditions
        var stopper = -1
        for word in held.indices {
            var bits = held[word]
            var kept: UInt64 = 0
            while bits != 0 {
                let bit = bits.trailingZeroBitCount
                bits &= bits &- 1
                let index = word &* 64 &+ bit
                guard index < steps.count, stopper < 0 else { break }
                let step = steps[index]
                var holds = true
                let range = step.conditionRange
                var position = range.lowerBound
                while position < range.upperBound {  // a plain loop: fewer instructions than `for … where`
                    if !conditions[position].holds(facts) { holds = false; break }
                    position += 1
                }
                guard holds else { continue }
                kept |= 1 << UInt64(bit)
                if step.stops { stopper = index }
            }
            held[word] = kept
        }
        return stopper
    }

    /// The modifiers, then each rule's result (and reason), for the rules in `held`.
    private func apply(_ held: UnsafeMutableBufferPointer<UInt64>, stopper: Int, modified: UnsafeMutableBufferPointer<Modified>,
                       log: inout Trace?) throws(EvaluationError) -> Int64 {
        let belowMinimum = plan.minimum.map { facts.eligibleRevenue < $0 } ?? false
        let steps = plan.steps
        // The modifiers of each earning rule, in program order.
        if plan.modifiedCount > 0, !belowMinimum {
            for index in HeldRules(held) {
                switch steps[index].effect {
                case .setRate(let target, let rate):
                    let slot = Int(steps[target].modifiedSlot)
                    modified[slot].rate = rate
                    modified[slot].rateSetBy = Int32(index)
                case .multiply(let target, let factor):
                    let slot = Int(steps[target].modifiedSlot)
                    modified[slot].factors = try checked(modified[slot].factors, Int128(factor))
                    modified[slot].factorCount += 1
                case .earn, .none, .excludeTender, .excludePointsPayments, .countLines, .offer:
                    break
                }
            }
        }
        var total: Int64 = 0
        for index in HeldRules(held) {
            let step = steps[index]
            if belowMinimum, let minimum = plan.minimum, !step.isStopOnly {
                if tracing {
                    let below = "eligible revenue \(facts.money(facts.eligibleRevenue)) is below the minimum \(facts.money(minimum))"
                    if let statement = plan.rules[index].statement { log?.step(statement, plan.rules[index].location, applied: false, below) }
                    reasons[index] = below
                }
                continue
            }
            values[index].applied = true
            values[index].stopped = stopper == index
            guard case .earn(let earning) = step.effect else { continue }
            // No eligible line of a category it counts: it earns nothing, as counting would find.
            if !tracing, let required = step.requiredCategories, required & facts.categories == 0 { continue }
            let state = step.modifiedSlot >= 0 ? modified[Int(step.modifiedSlot)] : Modified()
            var rate: Rate? = state.rateSetBy >= 0 ? state.rate : nil
            var exact: Exact
            if step.isStatement, let override = facts.request.amountOverride {
                log?.step(plan.rules[index].statement ?? "", plan.rules[index].location, applied: false, "replaced by the amount override")
                exact = try money(Exact(Int128(override), 1))
            } else {
                if step.isStatement, let override = facts.request.rateOverride, earning.rate != nil {
                    log?.step(plan.rules[index].statement ?? "", plan.rules[index].location, applied: false, "rate replaced by the override")
                    rate = override
                }
                exact = try self.exact(earning, rate: rate, factors: state.factors, factorCount: state.factorCount)
            }
            guard let rounded = earning.rounding.apply(exact.numerator, exact.denominator) else { throw .overflow(overflowField) }
            var amount = max(0, rounded)
            if let cap = step.cap, amount > cap {
                values[index].capCut = amount - cap
                amount = cap
            }
            values[index].amount = amount
            if tracing {
                if let statement = plan.rules[index].statement {
                    reasons[index] = statementStep(statement, index, earning, exact: exact, rounded: rounded, log: &log)
                } else {
                    reasons[index] = try explain(index, earning, exact: exact, rounded: rounded, rate: rate, rateSetBy: Int(state.rateSetBy),
                                                 held: held)
                }
            }
            guard let sum = Checked.add(total, amount) else { throw .overflow(overflowField) }
            total = sum
        }
        if tracing {
            // The rules of every stage that did not apply and have no reason yet (those of the
            // lines stage among them): the first condition that failed, or the rule that stopped
            // the earning rules after it.
            for index in steps.indices where !values[index].applied && reasons[index] == nil {
                let stopped = stopper >= 0 && index > stopper && steps[index].stage == .earning
                reasons[index] = stopped ? "stopped by rule \(VisibleText.quoted(plan.rules[stopper].name))"
                                           : plan.ruleConditions(index).first { !$0.holds(facts) }?.whyNot(facts, scope: scope.label)
            }
        }
        return total
    }

    /// Each condition of the rule at `index` on the sale's facts as the stages left them.
    func checks(of index: Int) -> [RuleInspection.Check] {
        plan.ruleConditions(index).map { RuleInspection.Check(needs: $0.needs(facts), holds: $0.holds(facts), seen: $0.seen(facts, scope: scope.label)) }
    }

    /// The indices of the rules in a set, ascending.
    private struct HeldRules: Sequence, IteratorProtocol {
        let set: UnsafeMutableBufferPointer<UInt64>
        var word = 0
        var bits: UInt64

        init(_ set: UnsafeMutableBufferPointer<UInt64>) {
            self.set = set
            bits = set.isEmpty ? 0 : set[0]
        }

        mutating func next() -> Int? {
            while bits == 0 {
                word += 1
                guard word < set.count else { return nil }
                bits = set[word]
            }
            let bit = bits.trailingZeroBitCount
            bits &= bits &- 1
            return word &* 64 &+ bit
        }
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
            numerator = Int128(try amount(of: base)) &* Int128(points)
            denominator = Int128(per)
        case .perUnit(let points, _, let lines):
            numerator = Int128(try quantity(of: lines)) &* Int128(points)
            denominator = 1000
        case .fixed(let value):
            (numerator, denominator) = (Int128(value), 1)
        }
        // Nothing counted is nothing earned, whatever multiplies it (and the index's skip of a
        // rule whose categories the basket lacks finds the same).
        if numerator == 0 { return Exact(0, 1) }
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
        // One point per minor unit, as most programs have it: nothing to scale.
        if pointValue.points == 1 && pointValue.minorUnits == 1 { return exact }
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
    private func statementStep(_ statement: String, _ index: Int, _ earning: Earning, exact: Exact, rounded: Int64,
                               log: inout Trace?) -> String {
        let request = facts.request
        var text = statement
        var location: ProgramLocation? = plan.rules[index].location
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
        guard let first = facts.lines.baseAddress else { return 0 }
        for index in facts.lineCounted.indices where facts.lineCounted[index] {
            if let predicate, !plan.lines.matches(predicate, first + index) { continue }
            guard let added = Checked.add(sum, facts.lineAmounts[index]) else { throw .overflow(overflowField) }
            sum = added
        }
        return sum
    }

    /// The quantity, in thousandths, of the eligible lines that match.
    private func quantity(of predicate: Int32?) throws(EvaluationError) -> Int64 {
        var sum: Int64 = 0
        guard let first = facts.lines.baseAddress else { return 0 }
        for index in facts.lineCounted.indices where facts.lineCounted[index] {
            if let predicate, !plan.lines.matches(predicate, first + index) { continue }
            guard let added = Checked.add(sum, first[index].quantityThousandths) else { throw .overflow(overflowField) }
            sum = added
        }
        return sum
    }

    /// How an earning's amount was computed:
    /// `3% (rate set by `gold`) × 2 (`Saturdays double`) of 16.76 EUR: 100.56 points exactly, rounded down to 100 points`.
    /// `held`: the rules that apply, the multipliers among them.
    private func explain(_ index: Int, _ earning: Earning, exact: Exact, rounded: Int64, rate: Rate?, rateSetBy: Int,
                         held: UnsafeMutableBufferPointer<UInt64>) throws(EvaluationError) -> String {
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
            what = "\(points) points per \(plan.symbols.name(unit, .unit))"
            of = " × \(Exact(Int128(try quantity(of: lines)), 1000))"
        case .fixed(let value):
            what = reward == .points ? "\(value) points" : facts.money(value)
        }
        var multiplied = false
        for other in HeldRules(held) {
            guard case .multiply(let target, let factor) = plan.steps[other].effect, target == index else { continue }
            what += " × \(Exact(Int128(factor), Int128(Rate.scale))) (\(VisibleText.quoted(plan.rules[other].name)))"
            multiplied = true
        }
        if case .fixed = earning.kind, !multiplied { return what }
        let value = reward == .points ? "\(exact) points" : "\(exact.decimal(shift: facts.currency.exponent)) \(facts.currency.code)"
        let result = reward == .points ? "\(rounded) points" : facts.money(rounded)
        return "\(what)\(of): \(value) exactly, rounded \(earning.rounding.rawValue) to \(result)"
    }
}

extension Request {
    /// The field named when an earned result does not fit in 64 bits: the amount override
    /// that caused it, or the sale's amounts.
    var resultField: String {
        amountOverride != nil ? "cashback_amount_override" : (lines.isEmpty ? "amount" : "lines")
    }
}
