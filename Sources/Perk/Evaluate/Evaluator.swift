extension Program {
    /// Evaluates a request against this program. A pure function: no clock, no I/O, the
    /// same request always gives the same outcome, and it may run on many threads at once.
    /// On error nothing is credited, burned or redeemed: there is no partial outcome.
    ///
    /// With `trace: false` the outcome's trace stays empty and evaluating costs no text at
    /// all: the choice for a payment path that needs the numbers, not why they are what they are.
    public func evaluate(_ request: Request, trace: Bool = true) throws(EvaluationError) -> Outcome {
        try request.validate()
        var outcome = Outcome(kind: request.kind, currency: rules.currency)
        // The request is read and the outcome written in place; the lines' totals and whether
        // each counts toward eligible revenue are kept on the stack.
        try withUnsafePointer(to: request) { (request) throws(EvaluationError) in
            try withUnsafeMutablePointer(to: &outcome) { (outcome) throws(EvaluationError) in
                let count = request.pointee.lines.count
                try withUnsafeTemporaryAllocation(of: Int64.self, capacity: count) { (lineTotals) throws(EvaluationError) in
                    try withUnsafeTemporaryAllocation(of: Bool.self, capacity: count) { (lineCounted) throws(EvaluationError) in
                        lineCounted.initialize(repeating: false)
                        var evaluation = Evaluation.start(rules: rules, request: request, outcome: outcome, lineTotals: lineTotals,
                                                          lineCounted: lineCounted, tracing: trace)
                        try evaluation.run()
                    }
                }
            }
        }
        return outcome
    }
}

/// One evaluation in progress: the steps of the evaluation order documented in Grammar.md.
///
/// It reads the request and writes the outcome in place, through pointers valid for the
/// `evaluate` call it lives in: evaluating copies neither. It is never copied itself, but
/// is not declared `~Copyable`: built with libFuzzer, Swift 6.3 releases the article list
/// of such a struct once too often (the request fuzzer crashed on every whitelist program).
private struct Evaluation {
    let rules: Rules
    private let requestPointer: UnsafePointer<Request>
    private let outcomePointer: UnsafeMutablePointer<Outcome>
    var request: Request { unsafeAddress { requestPointer } }
    var outcome: Outcome {
        unsafeAddress { UnsafePointer(outcomePointer) }
        unsafeMutableAddress { outcomePointer }
    }
    /// Each line's total, as `saleTotal` computes it (quantity × unit price, rounded).
    private let lineTotals: UnsafeMutableBufferPointer<Int64>
    /// Whether each line counts toward eligible revenue, as `eligibleRevenue` decides it.
    private let lineCounted: UnsafeMutableBufferPointer<Bool>
    let scope: Scope
    /// The program's currency, stored (not read through `rules`) so that a step can format
    /// money in the same statement that writes to `log`.
    let currency: Currency
    /// The trace being written, or nil when the caller does not want one: every step is
    /// written as `log?.step(…)`, so that without a trace its text is never even built.
    var log: Trace?
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
                      tracing: Bool) -> Evaluation {
        outcome.pointee.orderID = request.pointee.orderID
        let scope = rules.scope(brand: request.pointee.brand, merchant: request.pointee.merchant)
        return Evaluation(rules: rules, requestPointer: request, outcomePointer: outcome, lineTotals: lineTotals,
                          lineCounted: lineCounted, scope: scope, currency: rules.currency, log: tracing ? Trace(scope: scope.label) : nil)
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

    private mutating func burn() throws(EvaluationError) {
        guard let amount = request.amount else { throw EvaluationError(field: "amount", "required: the amount to pay with points") }
        guard amount > 0 else { throw EvaluationError(field: "amount", "the amount to pay with points must be above zero") }
        outcome.saleTotal = amount
        outcome.pointsBurned = try pointsFor(amount, field: "amount")
        try settleBalances(bonusCredited: 0, pointsCredited: 0)
    }

    private mutating func balance() throws(EvaluationError) {
        guard request.customer?.balances != nil else {
            throw EvaluationError(field: "customer.balances", "required for a balance enquiry")
        }
        try settleBalances(bonusCredited: 0, pointsCredited: 0)
    }

    /// The points needed to pay `amount`, rounded as the program's `burn` says.
    private mutating func pointsFor(_ amount: Int64, field: String) throws(EvaluationError) -> Int64 {
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

    private mutating func sale() throws(EvaluationError) {
        warnAboutPlaces()
        try checkOverrides()
        try checkCustomer()
        let total = try saleTotal()
        outcome.saleTotal = total
        remaining = total
        try applyOffers(total)
        if request.kind == .payment, try payInApp(total) == false { return }
        var redeemedLines: [Outcome.BonusProductLine] = []
        if request.payWithCard {
            redeemedLines = try redeemBalances()
        } else if request.customer?.balances != nil, request.kind == .earn {
            log?.step("redeem " + rules.redeemOrder.value.map(\.rawValue).joined(separator: " then "),
                      rules.redeemOrder.location, applied: false,
                      "the customer does not pay with the card (pay_with_card is false)")
        }
        let eligible = try eligibleRevenue(bonusLines: redeemedLines)
        outcome.eligibleRevenue = eligible
        var (points, bonus) = try applyRules(total: total, eligible: eligible)
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
    private mutating func warnAboutPlaces() {
        if let brand = request.brand { warn(.brand, brand) }
        if let merchant = request.merchant { warn(.merchant, merchant) }
    }

    private mutating func warn(_ field: PlaceField, _ value: String) {
        guard let known = rules.knownPlaces[field], !known.contains(value), let suggestion = Spelling.suggest(value, from: known) else { return }
        outcome.warnings.append("\(field.rawValue) \(VisibleText.quoted(value)) matches nothing in the program; did you mean \(VisibleText.quoted(suggestion))?")
    }

    /// Overrides are validated before anything is computed.
    private func checkOverrides() throws(EvaluationError) {
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

    private func checkCustomer() throws(EvaluationError) {
        if request.force, request.customer?.mobile == nil {
            throw EvaluationError(field: "customer", "required: a forced earn needs the customer's mobile number")
        }
    }

    /// The sale total: the sum of the lines (quantity × unit price, rounded as the program
    /// says), or the amount given.
    private mutating func saleTotal() throws(EvaluationError) -> Int64 {
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
    private func lineTotal(_ price: Int64, _ divisor: Int64, _ quantity: Int64, line index: Int,
                           field: StaticString) throws(EvaluationError) -> Int64 {
        if quantity == 1000 && divisor == 1 { return price }
        // Two 64-bit factors, and a divisor of at most 10^6: no 128-bit overflow.
        guard let total = rules.lineRounding.apply(Int128(price) * Int128(quantity), 1000 * Int128(divisor)) else {
            throw .overflow("lines[\(index)].\(field)")
        }
        return total
    }

    /// A line's total, once `saleTotal` has computed it.
    private func lineTotal(_ index: Int) -> Int64 { lineTotals[index] }

    // MARK: Offers

    private mutating func applyOffers(_ total: Int64) throws(EvaluationError) {
        guard !rules.offers.isEmpty || log != nil else { return }  // nothing to apply, nothing to explain
        let linked = request.customer?.linkedOffers ?? []
        for id in linked where !rules.offerIDs.contains(id) {
            log?.step("offer \"\(id)\"", applied: false, "the card is linked to an offer this program does not have")
        }
        for offer in rules.offers {
            var reason: String?
            if request.merchant != offer.merchant {
                reason = "the sale is at merchant \(request.merchant.map { "\"\($0)\"" } ?? "(none)"), not at \"\(offer.merchant)\""
            } else if !linked.contains(offer.id) {
                reason = "the customer's card is not linked to this offer"
            } else if total < offer.minimumSpend {
                reason = "the minimum spend of \(currency.money(offer.minimumSpend)) was not reached (\(currency.money(total)) spent)"
            }
            if let reason {
                if linked.contains(offer.id) || request.merchant == offer.merchant {
                    outcome.offers.append(.init(id: offer.id, applied: false, cashback: 0, discount: 0, reason: reason))
                    log?.step("offer \"\(offer.id)\"", offer.location, applied: false, reason)
                }
                continue
            }
            var value: Int64
            var detail: String
            switch offer.amount {
            case .fixed(let amount):
                value = amount
                detail = "\(currency.money(amount))"
            case .rate(let rate, let rounding):
                let numerator = Int128(total) * Int128(rate.millionths)
                guard let rounded = rounding.apply(numerator, Int128(Rate.scale)) else { throw .overflow("amount") }
                value = rounded
                detail = "\(rate) of \(currency.money(total)) is \(currency.exactMoney(Exact(numerator, Int128(Rate.scale)))), rounded \(rounding.rawValue) to \(currency.money(value))"
            }
            if let cap = offer.cap, value > cap {
                value = cap
                detail += ", capped at \(currency.money(cap))"
            }
            if offer.benefit == .discount, value > remaining {
                value = remaining
                detail += ", limited to the \(currency.money(remaining)) left to pay"
            }
            let isDiscount = offer.benefit == .discount
            if isDiscount {
                outcome.discount += value  // at most what was left to pay
                remaining -= value
            } else {
                guard let sum = Checked.add(outcome.offerCashback, value) else { throw .overflow("merchant") }
                outcome.offerCashback = sum
            }
            let given = "\(offer.benefit.rawValue) \(detail)"
            outcome.offers.append(.init(id: offer.id, applied: true, cashback: isDiscount ? 0 : value,
                                        discount: isDiscount ? value : 0, reason: given))
            log?.step("offer \"\(offer.id)\"", offer.location, applied: true, given)
        }
    }

    // MARK: Paying

    /// A payment request: the in-app part of the sale, possibly with points. Returns false
    /// when the payment is declined (the outcome then says why and holds nothing else).
    private mutating func payInApp(_ total: Int64) throws(EvaluationError) -> Bool {
        // Without `sale_amount` or lines, `amount` is the sale total and is all paid in-app.
        let inApp = request.saleAmount == nil && request.lines.isEmpty ? total : (request.amount ?? 0)
        guard inApp >= 0 else { throw EvaluationError(field: "amount", "the in-app amount cannot be negative") }
        guard inApp <= total else {
            throw EvaluationError(field: "amount", "the in-app amount \(currency.money(inApp)) is above the sale amount \(currency.money(total))")
        }
        let paid = request.paidAmount ?? inApp
        guard paid >= 0 else { throw EvaluationError(field: "paid_amount", "the paid amount cannot be negative") }
        guard paid <= inApp else {
            throw EvaluationError(field: "paid_amount", "\(currency.money(paid)) is above the in-app amount \(currency.money(inApp))")
        }
        if paid < inApp, request.errorOnPartial {
            let reason = "partial payment: \(currency.money(paid)) paid of \(currency.money(inApp)) and error_on_partial is true"
            outcome = Outcome(kind: request.kind, currency: currency)
            outcome.orderID = request.orderID
            outcome.saleTotal = total
            outcome.missingSum = total
            outcome.status = .declined
            outcome.declineReason = reason
            if log != nil { log = Trace(scope: scope.label) }
            log?.step("error_on_partial", applied: true, reason)
            return false
        }
        // Offers' discounts come first: the app charges no more than is left to pay.
        let charged = min(paid, remaining)
        if charged < paid {
            log?.step("in-app payment", applied: true,
                      "\(currency.money(charged)) charged of the \(currency.money(paid)) asked: the offers' discounts left no more to pay")
        }
        outcome.paidAmount = charged
        remaining -= charged
        if request.paidWithPoints, charged > 0 {
            amountPaidWithPoints = charged
            outcome.pointsBurned = try pointsFor(charged, field: "paid_amount")
        }
        return true
    }

    /// Pays with the card: the balances in the program's order, never more than is left to
    /// pay. The redeemed bonus becomes bonus product lines, one per VAT rate.
    private mutating func redeemBalances() throws(EvaluationError) -> [Outcome.BonusProductLine] {
        guard let balances = request.customer?.balances else {
            throw EvaluationError(field: "customer.balances", "required to pay with the card")
        }
        for balance in rules.redeemOrder.value {
            let available = balance == .cash ? balances.cash : balances.bonus
            let taken = min(available, remaining)
            remaining -= taken
            if balance == .cash { outcome.cashRedeemed = taken } else { outcome.bonusRedeemed = taken }
            log?.step("redeem \(balance.rawValue)", rules.redeemOrder.location, applied: taken > 0,
                      "\(currency.money(taken)) of the \(currency.money(available)) \(balance.rawValue) balance; \(currency.money(remaining)) left to pay")
        }
        return try bonusProductLines(outcome.bonusRedeemed, field: "customer.balances.bonus")
    }

    /// Splits a bonus across the basket's VAT rates in proportion to each rate's gross total
    /// (largest remainder; ties to the lower rate) and makes one bonus product line per rate.
    private mutating func bonusProductLines(_ bonus: Int64, field: String) throws(EvaluationError) -> [Outcome.BonusProductLine] {
        let products = rules.bonusProducts
        guard bonus > 0, !products.isEmpty else { return [] }
        guard !request.lines.isEmpty else {
            throw EvaluationError(field: "lines", "required: the bonus is split across the VAT rates of the basket lines")
        }
        // The gross total of each bonus product's VAT rate, in the products' (VAT) order, then
        // each one's share: both on the stack.
        let count = products.count
        return try withUnsafeTemporaryAllocation(of: Int64.self, capacity: 2 * count) { (buffer) throws(EvaluationError) in
            buffer.initialize(repeating: 0)
            let weights = UnsafeMutableBufferPointer(rebasing: buffer[..<count])
            let shares = UnsafeMutableBufferPointer(rebasing: buffer[count...])
            for index in request.lines.indices {
                guard let vat = request.lines[index].vatRate else {
                    throw EvaluationError(field: "lines[\(index)].vat_rate", "required: the bonus is split across VAT rates")
                }
                guard let product = products.firstIndex(where: { $0.vat == vat }) else {
                    throw EvaluationError(field: "lines[\(index)].vat_rate", "no bonus product configured for VAT rate \(vat)")
                }
                weights[product] += lineTotal(index)  // at most the sale total: no overflow
            }
            guard largestRemainderSplit(bonus, weights: UnsafeBufferPointer(weights), into: shares) else {
                throw EvaluationError(field: field, "the basket has no value to split the bonus across")
            }
            var lines: [Outcome.BonusProductLine] = []
            lines.reserveCapacity(shares.count { $0 > 0 })
            for (product, share) in zip(products, shares) where share > 0 {
                lines.append(.init(article: product.article, description: product.description, amount: -share, vatRate: product.vat))
            }
            log?.step("bonus products", applied: true,
                      "\(currency.money(bonus)) split by largest remainder across VAT rates: "
                      + zip(products, zip(shares, weights)).filter { $0.1.0 > 0 }
                          .map { "\($0.0.vat): \(currency.money($0.1.0)) of \(currency.money($0.1.1))" }.joined(separator: "; "))
            return lines
        }
    }

    /// One line per VAT rate holding the sum of both splits.
    private func merge(_ a: [Outcome.BonusProductLine], _ b: [Outcome.BonusProductLine]) -> [Outcome.BonusProductLine] {
        var merged = a
        for line in b {
            if let index = merged.firstIndex(where: { $0.vatRate == line.vatRate }) {
                let old = merged[index]
                merged[index] = .init(article: old.article, description: old.description, amount: old.amount + line.amount, vatRate: old.vatRate)
            } else {
                merged.append(line)
            }
        }
        return merged.sorted { $0.vatRate < $1.vatRate }
    }

    // MARK: Earning

    /// The revenue the earn rule applies to: the counted lines (and bonus product lines),
    /// less tenders that earn nothing and the part paid with points where the program says so.
    private mutating func eligibleRevenue(bonusLines: [Outcome.BonusProductLine]) throws(EvaluationError) -> Int64 {
        var revenue: Int64
        if request.lines.isEmpty {
            revenue = outcome.saleTotal
        } else {
            let fullPrices: Bool
            if case .rate(_, .full)? = scope.earn?.kind { fullPrices = true } else { fullPrices = false }
            revenue = 0
            // The list that decides which lines count. (A method of the evaluation deciding
            // instead would copy the evaluation on every call.)
            let list = scope.whitelist ?? scope.blacklist
            for index in request.lines.indices {
                var amount = lineTotal(index)
                if fullPrices, let full = request.lines[index].fullPrice {
                    amount = try lineTotal(full, 1, request.lines[index].quantityThousandths, line: index, field: "full_price")
                }
                // The line's article number and EAN are read only when a list needs them.
                let decision = list.map { ListMatch(by: $0, line: index, of: requestPointer) } ?? ListMatch()
                lineCounted[index] = decision.counted
                if log != nil {
                    let why = reason(decision, article: request.lines[index].article, ean: request.lines[index].ean)
                    log?.lines.append(.init(line: "lines[\(index)]", amount: amount, counted: decision.counted, reason: why))
                }
                if decision.counted {
                    guard let sum = Checked.add(revenue, amount) else { throw .overflow("lines") }
                    revenue = sum
                }
            }
            for index in bonusLines.indices {
                let amount = bonusLines[index].amount
                let decision = ListMatch(by: list, article: bonusLines[index].article, ean: nil)
                if log != nil {
                    let article = bonusLines[index].article
                    let why = reason(decision, article: article, ean: nil)
                    log?.lines.append(.init(line: "bonus product \(article)", amount: amount, counted: decision.counted, reason: why))
                }
                if decision.counted { revenue = max(0, revenue + amount) }
            }
        }
        // Without bonus products to carry it (and to be listed), a redeemed bonus is simply a discount.
        let redeemed = outcome.bonusRedeemed
        if redeemed > 0 && bonusLines.isEmpty {
            revenue = max(0, revenue - redeemed)
            log?.step("bonus redeemed", applied: true, "the redeemed bonus \(currency.money(redeemed)) is a discount: not revenue")
        }
        if log != nil {
            for (tender, location) in scope.noEarnTenders.sorted(by: { $0.key < $1.key })
            where !request.tenders.contains(where: { $0.id == tender }) {
                log?.step("tender \"\(tender)\" earns nothing", location, applied: false, "no such tender on the receipt")
            }
        }

        for tender in request.tenders {
            guard let location = scope.noEarnTenders[tender.id] else { continue }
            revenue = max(0, revenue - tender.amount)  // both are non-negative: no overflow
            log?.step("tender \"\(tender.id)\" earns nothing", location, applied: true,
                      "\(currency.money(tender.amount)) paid with it is not revenue")
        }
        if let location = scope.pointsPaymentsEarnNothing {
            if amountPaidWithPoints > 0 {
                revenue = max(0, revenue - amountPaidWithPoints)
                log?.step("points payments earn nothing", location, applied: true,
                          "\(currency.money(amountPaidWithPoints)) paid with points is not revenue")
            } else {
                log?.step("points payments earn nothing", location, applied: false, "nothing was paid with points")
            }
        } else if amountPaidWithPoints > 0 {
            log?.step("points payments earn", applied: true,
                      "the program does not say `points payments earn nothing`: \(currency.money(amountPaidWithPoints)) paid with points is revenue")
        }
        return revenue
    }

    /// Why a line counts or not, for the trace.
    private func reason(_ decision: ListMatch, article: String?, ean: String?) -> String {
        guard let kind = decision.list, let list = kind == .whitelist ? scope.whitelist : scope.blacklist else {
            return "no article list"
        }
        if let entry = decision.entry {
            let value = (entry.kind == .article ? article : ean) ?? ""
            let line = rules.source.location(of: entry.offset).line
            return "on the \(kind.rawValue): \(entry.kind.rawValue) \(value) (\(list.location.file):\(line))"
        }
        return kind == .whitelist ? "not on the whitelist (\(list.location))" : "not on the blacklist"
    }

    /// The facts the program's rules read, then the rules themselves (the `earn` statements
    /// among them): the points and the bonus earned. Refuses a sale without a time when a
    /// rule reads it, and a tier the program does not have.
    private mutating func applyRules(total: Int64, eligible: Int64) throws(EvaluationError) -> (points: Int64, bonus: Int64) {
        if scope.earn == nil { log?.step("earn", applied: false, "the program has no earn rule for this sale") }
        let plan = rules.plan
        guard !plan.steps.isEmpty else { return (0, 0) }
        if plan.readsTime, request.time == nil {
            throw EvaluationError(field: "time", "required: the program's rules read the sale's date and time")
        }
        var tierRank = 0
        if let tier = request.customer?.tier {
            guard let rank = plan.tiers.firstIndex(of: tier) else {
                let known = plan.tiers.isEmpty ? "this program has no tiers" : "the tiers are " + Wording.choices(plan.tiers)
                throw EvaluationError(field: "customer.tier", "unknown tier \(VisibleText.quoted(tier)); "
                                      + (Spelling.help(tier, from: plan.tiers) ?? known))
            }
            tierRank = rank
        }
        let local = request.time.flatMap { time in plan.zone?.localTime(of: time) }
        var reasons: [String?] = []
        var earned: Int64 = 0
        let tracing = log != nil
        let values = try request.lines.withUnsafeBufferPointer { (lines) throws(EvaluationError) in
            let facts = Facts(plan: plan, requestPointer: requestPointer, currency: currency, local: local, tierRank: tierRank,
                              scopeEarn: scope.earnIndex, scopeLabel: tracing ? scope.label : nil, eligibleRevenue: eligible,
                              total: total, lines: lines, lineAmounts: UnsafeBufferPointer(lineTotals),
                              lineCounted: UnsafeBufferPointer(lineCounted),
                              categories: plan.readsCategories ? plan.lines.categories(of: lines, counted: UnsafeBufferPointer(lineCounted)) : 0,
                              places: plan.readsPlaces ? Facts.places(of: requestPointer, in: plan.symbols) : (-1, -1, -1, -1))
            let evaluation = RuleEvaluation(facts: facts, reward: rules.reward, pointValue: rules.pointValue, tracing: tracing)
            return try Outcome.RuleValues.make(count: plan.steps.count) { (values) throws(EvaluationError) in
                earned = try evaluation.run(values: values, reasons: &reasons, log: &log)
            }
        }
        outcome.ruleTable = plan.results
        outcome.ruleValues = values
        if !reasons.isEmpty { outcome.ruleReasons = reasons }
        switch rules.reward {
        case .points:
            outcome.pointsEarned = earned
            if let pointValue = rules.pointValue { outcome.cashback = try pointValue.worth(earned, field: request.resultField) }
            return (earned, 0)
        case .bonus:
            outcome.bonusEarned = earned
            outcome.cashback = earned
            return (0, earned)
        }
    }


    // MARK: Settling

    /// A forced earn for an unregistered customer keeps its points as a pending credit, or
    /// turns them into vouchers where the scope says so. Returns the points credited now.
    private mutating func settleUnregistered(_ points: Int64) throws(EvaluationError) -> Int64 {
        guard request.force, let customer = request.customer, !customer.registered, let mobile = customer.mobile else {
            return points
        }
        guard let stated = scope.unregistered else {
            throw EvaluationError(field: "force", "this program keeps no credit for unregistered customers")
        }
        var pending = points
        if case .vouchers(let denomination, let pointsEach) = stated.value {
            let count = points / pointsEach
            pending = points - count * pointsEach
            outcome.vouchers = .init(count: count, denomination: denomination)
            log?.step("unregistered customers get vouchers of \(currency.money(denomination))", stated.location, applied: count > 0,
                      "\(points) points make \(count) voucher\(count == 1 ? "" : "s") of \(pointsEach) points; \(pending) points stay a pending credit")
        } else {
            log?.step("unregistered customers get pending credit", stated.location, applied: true,
                      "\(points) points kept for \(mobile) until they register")
        }
        outcome.pendingCredit = .init(mobile: mobile, points: pending)
        return 0
    }

    /// The status, the QR expiry and the message.
    private mutating func settleStatus() throws(EvaluationError) {
        let unregisteredForced = request.force && outcome.pendingCredit != nil
        if request.force, let validity = scope.qrValiditySeconds {
            log?.step("qr valid", validity.location, applied: false, "a forced earn is credited at once, without a QR scan")
        } else if let validity = scope.qrValiditySeconds {
            outcome.status = .pending
            guard let time = request.time else {
                throw EvaluationError(field: "time", "required: the QR's expiry is counted from the sale time")
            }
            guard let expiry = time.adding(seconds: validity.value) else { throw EvaluationError(field: "time", "too late a time") }
            outcome.expiresAt = expiry
            log?.step("qr valid", validity.location, applied: true, "awaiting the QR scan until \(expiry)")
        }
        let template = unregisteredForced ? scope.unregisteredMessage : (outcome.status == .pending ? scope.qrMessage : nil)
        guard let template else { return }
        var text = ""
        for part in template.parts {
            switch part {
            // A first part is taken as it is, which saves a call into the append machinery.
            case .text(let literal): if text.isEmpty { text = literal } else { text += literal }
            case .placeholder(.points): text += String(outcome.pointsEarned)
            case .placeholder(.cashback): text += Money(minorUnits: outcome.cashback, currency: currency).decimalString
            case .placeholder(.mobile): text += outcome.pendingCredit?.mobile.e164 ?? request.customer?.mobile?.e164 ?? ""
            case .placeholder(.vouchers): text += String(outcome.vouchers?.count ?? 0)
            case .placeholder(.expiresAt): text += outcome.expiresAt?.description ?? ""
            }
        }
        outcome.message = text
        log?.step(unregisteredForced ? "message unregistered" : "message qr", applied: true, "\"\(text)\"")
    }

    /// The balances once the outcome is complete, when the request gave them.
    private mutating func settleBalances(bonusCredited: Int64, pointsCredited: Int64) throws(EvaluationError) {
        guard let before = request.customer?.balances else {
            if outcome.pointsBurned > 0 {
                throw EvaluationError(field: "customer.balances.points", "required: the points balance to pay from")
            }
            return
        }
        guard before.points >= outcome.pointsBurned else {
            throw EvaluationError(field: "customer.balances.points",
                                  "insufficient points: \(outcome.pointsBurned) needed, \(before.points) available")
        }
        guard let bonus = Checked.add(before.bonus - outcome.bonusRedeemed, bonusCredited),
              let points = Checked.add(before.points - outcome.pointsBurned, pointsCredited) else {
            throw .overflow("customer.balances")
        }
        let after = Request.Balances(cash: before.cash - outcome.cashRedeemed, bonus: bonus, points: points)
        outcome.balancesAfter = after
        if let pointValue = rules.pointValue {
            outcome.pointsValue = try pointValue.worth(after.points, field: "customer.balances.points")
        }
    }
}

/// Whether a basket line counts toward eligible revenue, by the scope's lists: the list
/// that decided, and the entry the line matched. A whitelist counts only its entries, a
/// blacklist counts everything else. Its reason is text only when a trace asks for it.
private struct ListMatch {
    /// The list that decided, if the scope has one.
    let list: ListKind?
    let entry: ArticleList.Entry?

    /// The decision of `list` (the scope's whitelist, else its blacklist) on a line.
    init(by list: ArticleList?, article: String?, ean: String?) {
        self.list = list?.kind
        entry = list?.match(article: article, ean: ean)
    }

    /// The decision of `list` on the line at `index` of a request, read in place.
    init(by list: ArticleList, line index: Int, of request: UnsafePointer<Request>) {
        self.list = list.kind
        entry = request.pointee.lines.withUnsafeBufferPointer { lines in
            lines.baseAddress.flatMap { first in list.match(article: first[index].article, ean: first[index].ean) }
        }
    }

    /// The decision when the scope has no list: every line counts.
    init() {
        list = nil
        entry = nil
    }

    var counted: Bool { list == nil || (list == .whitelist) == (entry != nil) }
}

extension Currency {
    /// An amount of minor units as text: `7.96 EUR`.
    fileprivate func money(_ minor: Int64) -> String { Money(minorUnits: minor, currency: self).description }

    /// An exact amount of minor units in major units, with at least the currency's decimals.
    func exactMoney(_ exact: Exact) -> String {
        var text = exact.decimal(shift: exponent)
        let decimals = text.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
        if exponent > 0 && decimals == 0 { text += "." }
        if decimals < exponent { text += String(repeating: "0", count: exponent - decimals) }
        return "\(text) \(code)"
    }
}
