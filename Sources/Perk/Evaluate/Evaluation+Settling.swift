/// The steps that close a sale: credit kept for unregistered customers, the QR status and
/// message, and the balances after.
extension Evaluation {
    /// A forced earn for an unregistered customer keeps its points as a pending credit, or
    /// turns them into vouchers where the scope says so. Returns the points credited now.
    mutating func settleUnregistered(_ points: Int64) throws(EvaluationError) -> Int64 {
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
    mutating func settleStatus() throws(EvaluationError) {
        let unregisteredForced = request.force && outcome.pendingCredit != nil
        if request.force, let validity = scope.qrValiditySeconds {
            log?.step("qr valid", validity.location, applied: false, "a forced earn is credited at once, without a QR scan")
        } else if let validity = scope.qrValiditySeconds {
            outcome.status = .pending
            guard let time = request.time else {
                throw EvaluationError(field: "time", "required: the QR's expiry is counted from the sale time")
            }
            guard let expiry = time.adding(seconds: validity.value) else { throw EvaluationError(field: "time", "too late: the QR code would expire after 9999-12-31") }
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
    mutating func settleBalances(bonusCredited: Int64, pointsCredited: Int64) throws(EvaluationError) {
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
