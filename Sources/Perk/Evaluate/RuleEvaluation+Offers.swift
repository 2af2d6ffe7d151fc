/// The plan's offers stage: each card-linked offer is a rule whose conditions are its
/// merchant, the card's link to it and its minimum spend, and whose effect is its cashback or
/// its discount off what is left to pay.
extension RuleEvaluation {
    /// Runs the offers stage, before the sale is paid: writes each offer's result to `values`
    /// (and, with a trace, its reason to `reasons`), adds to the outcome the offers a sale at
    /// their merchant or a card linked to them shows (applied or not, with the reason), their
    /// cashback and their discounts, and takes the discounts off `remaining`.
    func offers(outcome: UnsafeMutablePointer<Outcome>, remaining: inout Int64, log: inout Trace?) throws(EvaluationError) {
        let linked = facts.customer?.linkedOffers ?? []
        if tracing {
            for id in linked where plan.symbols.lookUp(id, .offer) == nil {
                log?.step("offer \"\(id)\"", applied: false, "the card is linked to an offer this program does not have")
            }
        }
        let rules = plan.offerRules
        for position in 0..<rules.count {
            let index = Int(rules[position])
            guard case .offer(let number) = plan.steps[index].effect else { continue }
            let offer = plan.offers[Int(number)]
            let location = plan.rules[index].location
            if let failed = firstFailed(index) {
                let shown = linked.contains(offer.id) || facts.request.merchant == offer.merchant
                guard shown || tracing else { continue }
                let reason = whyNot(offer, plan.conditions[failed])
                if tracing { reasons[index] = reason }
                if shown {
                    outcome.pointee.offers.append(.init(id: offer.id, applied: false, cashback: 0, discount: 0, reason: reason))
                    log?.step(plan.rules[index].name, location, applied: false, reason)
                }
                continue
            }
            values[index].applied = true
            let total = facts.total
            var value: Int64
            var detail: String
            switch offer.amount {
            case .fixed(let amount):
                value = amount
                detail = "\(facts.money(amount))"
            case .rate(let rate, let rounding):
                let numerator = Int128(total) * Int128(rate.millionths)
                guard let rounded = rounding.apply(numerator, Int128(Rate.scale)) else { throw .overflow("amount") }
                value = rounded
                detail = "\(rate) of \(facts.money(total)) is \(facts.currency.exactMoney(Exact(numerator, Int128(Rate.scale)))), "
                    + "rounded \(rounding.rawValue) to \(facts.money(value))"
            }
            if let cap = offer.cap, value > cap {
                value = cap
                detail += ", capped at \(facts.money(cap))"
            }
            let isDiscount = offer.benefit == .discount
            if isDiscount, value > remaining {
                value = remaining
                detail += ", limited to the \(facts.money(remaining)) left to pay"
            }
            if isDiscount {
                outcome.pointee.discount += value  // at most what was left to pay
                remaining -= value
            } else {
                guard let sum = Checked.add(outcome.pointee.offerCashback, value) else { throw .overflow("merchant") }
                outcome.pointee.offerCashback = sum
            }
            let given = "\(offer.benefit.rawValue) \(detail)"
            outcome.pointee.offers.append(.init(id: offer.id, applied: true, cashback: isDiscount ? 0 : value,
                                        discount: isDiscount ? value : 0, reason: given))
            if tracing { reasons[index] = given }
            log?.step(plan.rules[index].name, location, applied: true, given)
        }
    }

    /// Why an offer did not apply, by the first of its conditions that failed, worded as the
    /// outcome's `offers` have it.
    private func whyNot(_ offer: Offer, _ condition: Condition) -> String {
        switch condition {
        case .place:
            return "the sale is at merchant \(facts.request.merchant.map { "\"\($0)\"" } ?? "(none)"), not at \"\(offer.merchant)\""
        case .linkedOffer:
            return "the customer's card is not linked to this offer"
        case .amount(_, _, let minimum):
            return "the minimum spend of \(facts.money(minimum)) was not reached (\(facts.money(facts.total)) spent)"
        default:
            return condition.whyNot(facts, scope: scope.label)
        }
    }
}
