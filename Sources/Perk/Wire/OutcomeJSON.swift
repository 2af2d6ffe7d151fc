extension Outcome {
    /// The outcome as JSON, every field always present (null when it does not apply), in a
    /// fixed order; money in major units with the currency's decimals. See docs/requests.md.
    /// The trace is the one exception: it is written only when asked for (`trace`) and when
    /// the outcome has one (it was evaluated with its trace).
    public func json(pretty: Bool = true, trace includeTrace: Bool = true) -> String {
        var bytes: [UInt8] = []
        writeJSON(to: &bytes, pretty: pretty, trace: includeTrace)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the outcome's JSON text (as `json(pretty:trace:)` gives it) to `bytes`, for
    /// writers that print many outcomes.
    public func writeJSON(to bytes: inout [UInt8], pretty: Bool = false, trace includeTrace: Bool = true) {
        var w = JSONWriter(pretty: pretty, into: bytes)
        bytes = []
        w.open(nil, UInt8(ascii: "{"))
        w.string("type", kind.rawValue)
        w.string("status", status.rawValue)
        optional(&w, "decline_reason", declineReason) { $0.string($1, $2) }
        optional(&w, "order_id", orderID) { $0.string($1, $2) }
        w.string("currency", currency.code)
        money(&w, "sale_total", saleTotal)
        money(&w, "eligible_revenue", eligibleRevenue)
        w.number("points_earned", pointsEarned)
        money(&w, "bonus_earned", bonusEarned)
        money(&w, "cashback", cashback)
        money(&w, "cash_redeemed", cashRedeemed)
        money(&w, "bonus_redeemed", bonusRedeemed)
        money(&w, "bonus_applied", bonusApplied)
        w.number("points_burned", pointsBurned)
        w.open("bonus_products", UInt8(ascii: "["))
        for line in bonusProducts {
            w.open(nil, UInt8(ascii: "{"))
            w.string("article", line.article)
            w.string("description", line.description)
            w.number("quantity", 1)
            money(&w, "unit_price", line.amount)
            w.raw("vat_rate", Outcome.percentNumber(line.vatRate))
            w.close(UInt8(ascii: "}"))
        }
        w.close(UInt8(ascii: "]"))
        money(&w, "missing_sum", missingSum)
        money(&w, "discount", discount)
        money(&w, "offer_cashback", offerCashback)
        w.open("offers", UInt8(ascii: "["))
        for offer in offers {
            w.open(nil, UInt8(ascii: "{"))
            w.string("id", offer.id)
            w.bool("applied", offer.applied)
            money(&w, "cashback", offer.cashback)
            money(&w, "discount", offer.discount)
            w.string("reason", offer.reason)
            w.close(UInt8(ascii: "}"))
        }
        w.close(UInt8(ascii: "]"))
        optional(&w, "paid_amount", paidAmount) { w, key, value in money(&w, key, value) }
        optional(&w, "pending_credit", pendingCredit) { w, key, credit in
            w.open(key, UInt8(ascii: "{"))
            w.string("mobile", credit.mobile.e164)
            w.number("points", credit.points)
            w.close(UInt8(ascii: "}"))
        }
        optional(&w, "vouchers", vouchers) { w, key, vouchers in
            w.open(key, UInt8(ascii: "{"))
            w.number("count", vouchers.count)
            money(&w, "denomination", vouchers.denomination)
            w.close(UInt8(ascii: "}"))
        }
        optional(&w, "message", message) { $0.string($1, $2) }
        optional(&w, "expires_at", expiresAt) { $0.string($1, $2.description) }
        optional(&w, "balances_after", balancesAfter) { w, key, balances in
            w.open(key, UInt8(ascii: "{"))
            money(&w, "cash", balances.cash)
            money(&w, "bonus", balances.bonus)
            w.number("points", balances.points)
            if let pointsValue { money(&w, "points_value", pointsValue) }
            w.close(UInt8(ascii: "}"))
        }
        if !rules.isEmpty {
            w.open("rules", UInt8(ascii: "["))
            for rule in rules {
                w.open(nil, UInt8(ascii: "{"))
                w.string("name", rule.name)
                w.bool("applied", rule.applied)
                let inBonus = rule.unit == .bonus
                if inBonus { money(&w, "bonus", rule.amount) } else { w.number("points", rule.amount) }
                if let cap = rule.cap {
                    if inBonus { money(&w, "cap", cap) } else { w.number("cap", cap) }
                    if inBonus { money(&w, "cap_cut", rule.capCut) } else { w.number("cap_cut", rule.capCut) }
                }
                if let modifies = rule.modifies { w.string("modifies", modifies) }
                if rule.stopped { w.bool("stopped", true) }
                if includeTrace, let reason = rule.reason { w.string("reason", reason) }
                w.close(UInt8(ascii: "}"))
            }
            w.close(UInt8(ascii: "]"))
        }
        if !warnings.isEmpty {
            w.open("warnings", UInt8(ascii: "["))
            for warning in warnings { w.string(nil, warning) }
            w.close(UInt8(ascii: "]"))
        }
        if includeTrace, let trace {
            w.open("trace", UInt8(ascii: "{"))
            w.string("scope", trace.scope)
            w.open("lines", UInt8(ascii: "["))
            for line in trace.lines {
                w.open(nil, UInt8(ascii: "{"))
                w.string("line", line.line)
                money(&w, "amount", line.amount)
                w.bool("counted", line.counted)
                w.string("reason", line.reason)
                w.close(UInt8(ascii: "}"))
            }
            w.close(UInt8(ascii: "]"))
            w.open("steps", UInt8(ascii: "["))
            for step in trace.steps {
                w.open(nil, UInt8(ascii: "{"))
                w.string("rule", step.rule)
                optional(&w, "at", step.location) { $0.string($1, $2.description) }
                w.bool("applied", step.applied)
                w.string("detail", step.detail)
                w.close(UInt8(ascii: "}"))
            }
            w.close(UInt8(ascii: "]"))
            w.close(UInt8(ascii: "}"))
        }
        w.close(UInt8(ascii: "}"))
        bytes = w.bytes
    }

    private func money(_ w: inout JSONWriter, _ key: StaticString, _ minor: Int64) {
        w.money(key, minor, exponent: currency.exponent)
    }

    private func optional<T>(_ w: inout JSONWriter, _ key: StaticString, _ value: T?, _ write: (inout JSONWriter, StaticString, T) -> Void) {
        if let value { write(&w, key, value) } else { w.null(key) }
    }

    /// A rate as a JSON number of percent: 7% is `7`, 5.5% is `5.5`.
    static func percentNumber(_ rate: Rate) -> String { String(rate.description.dropLast()) }
}
