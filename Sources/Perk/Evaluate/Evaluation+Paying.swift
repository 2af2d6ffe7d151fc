/// The steps of a sale that take the customer's money other than in cash: the in-app
/// payment, redeeming balances, and the bonus product lines that carry a bonus across VAT
/// rates.
extension Evaluation {
    /// A payment request: the in-app part of the sale, possibly with points. Returns false
    /// when the payment is declined (the outcome then says why and holds nothing else).
    mutating func payInApp(_ total: Int64) throws(EvaluationError) -> Bool {
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
    mutating func redeemBalances() throws(EvaluationError) -> [Outcome.BonusProductLine] {
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
    mutating func bonusProductLines(_ bonus: Int64, field: String) throws(EvaluationError) -> [Outcome.BonusProductLine] {
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
    func merge(_ a: [Outcome.BonusProductLine], _ b: [Outcome.BonusProductLine]) -> [Outcome.BonusProductLine] {
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
}
