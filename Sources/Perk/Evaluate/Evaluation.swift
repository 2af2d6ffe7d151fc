/// One evaluation in progress: the steps of the evaluation order documented in Grammar.md.
///
/// It reads the request and writes the outcome in place, through pointers valid for the
/// `evaluate` call it lives in: evaluating copies neither. It is never copied itself, but
/// is not declared `~Copyable`: built with libFuzzer, Swift 6.3 releases the article list
/// of such a struct once too often (the request fuzzer crashed on every whitelist program).
struct Evaluation {
    let rules: Rules
    let requestPointer: UnsafePointer<Request>
    let outcomePointer: UnsafeMutablePointer<Outcome>
    var request: Request { unsafeAddress { requestPointer } }
    var outcome: Outcome {
        unsafeAddress { UnsafePointer(outcomePointer) }
        unsafeMutableAddress { outcomePointer }
    }
    /// Each line's total, as `saleTotal` computes it (quantity × unit price, rounded).
    let lineTotals: UnsafeMutableBufferPointer<Int64>
    /// Whether each line counts toward eligible revenue, as the list in force decides it (`linesRevenue`).
    let lineCounted: UnsafeMutableBufferPointer<Bool>
    /// With a trace, why each rule of the plan applied or not (`RuleEvaluation.reasons`);
    /// empty without one.
    let ruleReasons: UnsafeMutableBufferPointer<String?>
    let scope: Scope
    /// The program's currency, stored (not read through `rules`) so that a step can format
    /// money in the same statement that writes to `log`.
    let currency: Currency
    /// The trace being written, or nil when the caller does not want one: every step is
    /// written as `log?.step(…)`, so that without a trace its text is never even built.
    var log: Trace?
    var tracing: Bool { log != nil }
    /// What is left to pay, as the steps take their share.
    var remaining: Int64 = 0
    /// The part of the sale paid with points.
    var amountPaidWithPoints: Int64 = 0

    /// The evaluation of `request` by `rules`, with the outcome's order id already set.
    ///
    /// A factory over the memberwise initializer rather than an `init`: Swift 6.3 builds the
    /// `self` of an explicit initializer in memory and copies it out, retaining and releasing
    /// every reference in it (some 200 instructions an evaluation); the memberwise one does not.
    static func start(rules: Rules, request: UnsafePointer<Request>, outcome: UnsafeMutablePointer<Outcome>,
                      lineTotals: UnsafeMutableBufferPointer<Int64>, lineCounted: UnsafeMutableBufferPointer<Bool>,
                      ruleReasons: UnsafeMutableBufferPointer<String?>, tracing: Bool) -> Evaluation {
        outcome.pointee.orderID = request.pointee.orderID
        let scope = rules.scope(brand: request.pointee.brand, merchant: request.pointee.merchant)
        return Evaluation(rules: rules, requestPointer: request, outcomePointer: outcome, lineTotals: lineTotals,
                          lineCounted: lineCounted, ruleReasons: ruleReasons, scope: scope, currency: rules.currency, log: tracing ? Trace(scope: scope.label) : nil)
    }

    /// Fills in the outcome, and its trace when one is written.
    mutating func run() throws(EvaluationError) {
        switch request.kind {
        case .burn: try burn()
        case .balance: try balance()
        case .earn, .payment: try sale()
        }
        if let log { outcome.trace = log }
    }

    // MARK: Burn and balance

    mutating func burn() throws(EvaluationError) {
        guard let amount = request.amount else { throw EvaluationError(field: "amount", "required: the amount to pay with points") }
        guard amount > 0 else { throw EvaluationError(field: "amount", "the amount to pay with points must be above zero") }
        outcome.saleTotal = amount
        outcome.pointsBurned = try pointsFor(amount, field: "amount")
        try settleBalances(bonusCredited: 0, pointsCredited: 0)
    }

    mutating func balance() throws(EvaluationError) {
        guard request.customer?.balances != nil else {
            throw EvaluationError(field: "customer.balances", "required for a balance enquiry")
        }
        try settleBalances(bonusCredited: 0, pointsCredited: 0)
    }

    /// The points needed to pay `amount`, rounded as the program's `burn` says.
    mutating func pointsFor(_ amount: Int64, field: String) throws(EvaluationError) -> Int64 {
        guard let pointValue = rules.pointValue, let burn = rules.burnRounding else {
            throw EvaluationError(field: field, "this program does not allow paying with points (it has no `burn` rule)")
        }
        let numerator = Int128(amount) &* Int128(pointValue.points)  // two 64-bit factors: no overflow
        let rounding = burn.value
        guard let points = rounding.apply(numerator, Int128(pointValue.minorUnits)) else { throw .overflow(field) }
        log?.step("burn rounded \(rounding.rawValue)", burn.location, applied: true,
                  "\(currency.money(amount)) is \(Exact(numerator, Int128(pointValue.minorUnits))) points exactly, rounded \(rounding.rawValue) to \(points)")
        return points
    }

    // MARK: Sales: earn and payment requests

    /// A sale: its total, then the steps that pay it and decide what it earns, with the
    /// program's plan of rules run where their stages fall (offers before the payment,
    /// lists, tenders and earnings after it), each rule's result written in place.
    mutating func sale() throws(EvaluationError) {
        warnAboutPlaces()
        try checkOverrides()
        try checkCustomer()
        let total = try saleTotal()
        outcome.saleTotal = total
        remaining = total
        let plan = rules.plan
        let values = try request.lines.withUnsafeBufferPointer { (lines) throws(EvaluationError) in
            let facts = Facts(plan: plan, requestPointer: requestPointer, currency: currency,
                              local: request.time.flatMap { time in plan.zone?.localTime(of: time) }, tierRank: 0,
                              statements: scope.statements, eligibleRevenue: 0,
                              total: total, paidWithPoints: 0, lines: lines,
                              lineAmounts: UnsafeBufferPointer(lineTotals), lineCounted: UnsafeBufferPointer(lineCounted),
                              categories: 0, places: plan.readsPlaces ? PlaceNumbers(of: requestPointer, in: plan.symbols) : .none)
            return try Outcome.RuleValues.make(count: plan.steps.count) { (values) throws(EvaluationError) in
                var evaluation = RuleEvaluation(facts: facts, values: values, reasons: ruleReasons,
                                                reward: rules.reward, pointValue: rules.pointValue, tracing: tracing, scope: scope)
                try sale(total, &evaluation)
            }
        }
        // A declined payment's outcome says why and holds nothing else.
        guard outcome.status != .declined, !plan.steps.isEmpty else { return }
        outcome.ruleResults = Outcome.PackedRuleResults(table: plan.results, values: values)
        if tracing { outcome.ruleReasons = Array(ruleReasons) }
    }

    /// The steps of a sale after its total, with `evaluation` running the plan's stages.
    private mutating func sale(_ total: Int64, _ evaluation: inout RuleEvaluation) throws(EvaluationError) {
        if tracing || !rules.plan.offerRules.isEmpty {
            try evaluation.offers(outcome: outcomePointer, remaining: &remaining, log: &log)
        }
        if request.kind == .payment, try payInApp(total) == false { return }
        var redeemedLines: [Outcome.BonusProductLine] = []
        if request.payWithCard {
            redeemedLines = try redeemBalances()
        } else if request.customer?.balances != nil, request.kind == .earn {
            log?.step("redeem " + rules.redeemOrder.value.map(\.rawValue).joined(separator: " then "),
                      rules.redeemOrder.location, applied: false,
                      "the customer does not pay with the card (pay_with_card is false)")
        }
        var (points, bonus) = try applyRules(&evaluation, bonusLines: redeemedLines)
        if rules.credit == .sameBuy, bonus > 0 {
            let applied = min(bonus, remaining)
            let appliedLines = try bonusProductLines(applied, field: "lines")
            outcome.bonusApplied = applied
            remaining -= applied
            bonus -= applied
            outcome.bonusProducts = merge(redeemedLines, appliedLines)
            log?.step("credit same buy", applied: true,
                      "\(currency.money(applied)) of the bonus applied to this buy" + (bonus > 0 ? "; \(currency.money(bonus)) left for a later buy" : ""))
        } else {
            outcome.bonusProducts = redeemedLines
        }
        outcome.missingSum = remaining
        points = try settleUnregistered(points)
        try settleStatus()
        try settleBalances(bonusCredited: bonus, pointsCredited: points)
    }

    /// A brand or merchant the program does not name but that is one edit or so from a name
    /// it does is most likely misspelt: the outcome says so (an unknown one is normal, silent).
    mutating func warnAboutPlaces() {
        if let brand = request.brand { warn(.brand, brand) }
        if let merchant = request.merchant { warn(.merchant, merchant) }
    }

    mutating func warn(_ field: PlaceField, _ value: String) {
        guard let known = rules.knownPlaces[field], !known.contains(value), let suggestion = Spelling.suggest(value, from: known) else { return }
        outcome.warnings.append("\(field.rawValue) \(VisibleText.quoted(value)) matches nothing in the program; did you mean \(VisibleText.quoted(suggestion))?")
    }

    /// Overrides are validated before anything is computed.
    func checkOverrides() throws(EvaluationError) {
        let rate = request.rateOverride
        let amount = request.amountOverride
        guard rate != nil || amount != nil else {
            if request.overrideReason != nil {
                throw EvaluationError(field: "cashback_override_reason", "a reason without a cashback override")
            }
            return
        }
        let field = rate != nil ? "cashback_rate_override" : "cashback_amount_override"
        guard let policy = scope.overrides else {
            throw EvaluationError(field: field, "this program does not allow cashback overrides")
        }
        guard scope.earn != nil else {
            throw EvaluationError(field: field, "there is no earn rule for this sale to override")
        }
        if rate != nil && amount != nil {
            throw EvaluationError(field: "cashback_amount_override", "a rate override and an amount override cannot be given together")
        }
        if policy.reasonRequired, (request.overrideReason ?? "").allSatisfy(\.isWhitespace) {
            throw EvaluationError(field: "cashback_override_reason", "required: an override needs a reason")
        }
        if let rate {
            guard let maximum = policy.maximumRate else {
                throw EvaluationError(field: field, "this program does not allow rate overrides")
            }
            guard scope.earn?.rate != nil else {
                throw EvaluationError(field: field, "the earn rule is not a percentage, so its rate cannot be overridden")
            }
            if rate.millionths < 0 { throw EvaluationError(field: field, "a rate cannot be negative") }
            if rate > maximum {
                throw EvaluationError(field: field, "\(rate) is above the program's maximum of \(maximum)")
            }
        }
        if let amount {
            guard let maximum = policy.maximumAmount else {
                throw EvaluationError(field: field, "this program does not allow amount overrides")
            }
            if amount < 0 { throw EvaluationError(field: field, "an amount cannot be negative") }
            if amount > maximum {
                throw EvaluationError(field: field, "\(currency.money(amount)) is above the program's maximum of \(currency.money(maximum))")
            }
        }
    }

    func checkCustomer() throws(EvaluationError) {
        if request.force, request.customer?.mobile == nil {
            throw EvaluationError(field: "customer", "required: a forced earn needs the customer's mobile number")
        }
    }

    /// The sale total: the sum of the lines (quantity × unit price, rounded as the program
    /// says), or the amount given.
    mutating func saleTotal() throws(EvaluationError) -> Int64 {
        if request.lines.isEmpty {
            let given = request.kind == .payment ? request.saleAmount ?? request.amount : request.amount
            guard let total = given else {
                throw EvaluationError(field: request.kind == .payment ? "sale_amount" : "amount", "required: the sale needs `lines` or an amount")
            }
            guard total >= 0 else { throw EvaluationError(field: "amount", "the sale amount cannot be negative") }
            return total
        }
        var total: Int64 = 0
        for index in request.lines.indices {
            let (price, quantity) = (request.lines[index].unitPrice, request.lines[index].quantityThousandths)
            let divisor = Request.Line.unitPriceDivisor(extraDecimals: request.lines[index].unitPriceExtraDecimals)
            let amount = try lineTotal(price, divisor, quantity, line: index, field: "unit_price")
            lineTotals[index] = amount
            if log != nil {
                let exact = Exact(Int128(price) * Int128(quantity), 1000 * Int128(divisor))
                if exact.numerator % exact.denominator != 0 {
                    let unitPrice = currency.exactMoney(Exact(Int128(price), Int128(divisor)))  // all its decimals
                    log?.step("line totals rounded \(rules.lineRounding.rawValue)", applied: true,
                              "lines[\(index)]: \(Exact(Int128(quantity), 1000)) × \(unitPrice) = "
                              + "\(currency.exactMoney(exact)) exactly, rounded to \(currency.money(amount))")
                }
            }
            guard let sum = Checked.add(total, amount) else { throw .overflow("lines") }
            total = sum
        }
        let stated = request.kind == .payment ? request.saleAmount : request.amount
        if let stated, stated != total {
            throw EvaluationError(field: request.kind == .payment ? "sale_amount" : "amount",
                                  "\(currency.money(stated)) differs from the sum of the lines, \(currency.money(total))")
        }
        return total
    }

    /// A line's total: quantity (thousandths) × price (minor units × `divisor`), computed
    /// exactly and rounded once as the program says; `field` names the price (`unit_price`
    /// or `full_price`) in the error when the total does not fit.
    func lineTotal(_ price: Int64, _ divisor: Int64, _ quantity: Int64, line index: Int,
                           field: StaticString) throws(EvaluationError) -> Int64 {
        if quantity == 1000 && divisor == 1 { return price }
        // Two 64-bit factors, and a divisor of at most 10^6: no 128-bit overflow.
        guard let total = rules.lineRounding.apply(Int128(price) * Int128(quantity), 1000 * Int128(divisor)) else {
            throw .overflow("lines[\(index)].\(field)")
        }
        return total
    }

    /// A line's total, once `saleTotal` has computed it.
    func lineTotal(_ index: Int) -> Int64 { lineTotals[index] }
}
