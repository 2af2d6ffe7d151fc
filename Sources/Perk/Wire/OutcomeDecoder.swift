extension Outcome {
    /// Reads an outcome back from the JSON that `json(pretty:trace:)` writes, so that a
    /// ledger can keep outcomes as text and answer a repeated request with the same outcome.
    /// A missing trace reads as none.
    public init(json value: JSON) throws(EvaluationError) {
        guard case .object(let members) = value,
              case .string(let code)? = members.first(where: { $0.key == "currency" })?.value,
              let currency = Currency(code: code) else {
            throw EvaluationError(field: "currency", "an outcome names its currency")
        }
        var fields = try JSONFields(value, path: "", currency: currency)
        _ = fields.take("currency")
        let type = try fields.requiredString("type")
        guard let kind = Request.Kind(rawValue: type) else { throw EvaluationError(field: "type", "unknown type \(VisibleText.quoted(type))") }
        self.init(kind: kind, currency: currency)
        let statusName = try fields.requiredString("status")
        guard let status = Status(rawValue: statusName) else { throw EvaluationError(field: "status", "unknown status \(VisibleText.quoted(statusName))") }
        self.status = status
        declineReason = try fields.string("decline_reason", limit: .max)
        orderID = try fields.string("order_id")
        saleTotal = try fields.requiredMoney("sale_total")
        eligibleRevenue = try fields.requiredMoney("eligible_revenue")
        pointsEarned = try fields.count("points_earned")
        bonusEarned = try fields.requiredMoney("bonus_earned")
        cashback = try fields.requiredMoney("cashback")
        cashRedeemed = try fields.requiredMoney("cash_redeemed")
        bonusRedeemed = try fields.requiredMoney("bonus_redeemed")
        bonusApplied = try fields.requiredMoney("bonus_applied")
        pointsBurned = try fields.count("points_burned")
        for (index, line) in (try fields.array("bonus_products") ?? []).enumerated() {
            var inner = try JSONFields(line, path: "bonus_products[\(index)]", currency: currency)
            let article = try inner.requiredString("article")
            let description = try inner.requiredString("description")
            _ = inner.take("quantity")
            let amount = try inner.requiredMoney("unit_price")
            guard let vat = try inner.decimal("vat_rate", scale: 4, what: "a VAT rate") else { throw inner.missing("vat_rate") }
            try inner.finish()
            bonusProducts.append(.init(article: article, description: description, amount: amount, vatRate: Rate(millionths: vat)))
        }
        missingSum = try fields.requiredMoney("missing_sum")
        discount = try fields.requiredMoney("discount")
        offerCashback = try fields.requiredMoney("offer_cashback")
        for (index, offer) in (try fields.array("offers") ?? []).enumerated() {
            var inner = try JSONFields(offer, path: "offers[\(index)]", currency: currency)
            offers.append(.init(id: try inner.requiredString("id"), applied: try inner.bool("applied") ?? false,
                                cashback: try inner.requiredMoney("cashback"), discount: try inner.requiredMoney("discount"),
                                reason: try inner.string("reason", limit: .max) ?? ""))
            try inner.finish()
        }
        paidAmount = try fields.money("paid_amount")
        if let credit = fields.take("pending_credit") {
            var inner = try JSONFields(credit, path: "pending_credit", currency: currency)
            let text = try inner.requiredString("mobile")
            guard let mobile = MobileNumber(text) else { throw EvaluationError(field: "pending_credit.mobile", "\(VisibleText.quoted(text)) is not a mobile number") }
            pendingCredit = .init(mobile: mobile, points: try inner.count("points"))
            try inner.finish()
        }
        if let issued = fields.take("vouchers") {
            var inner = try JSONFields(issued, path: "vouchers", currency: currency)
            vouchers = .init(count: try inner.count("count"), denomination: try inner.requiredMoney("denomination"))
            try inner.finish()
        }
        message = try fields.string("message", limit: .max)
        if let text = try fields.string("expires_at") {
            guard let time = Timestamp(text) else { throw EvaluationError(field: "expires_at", "\(VisibleText.quoted(text)) is not a time") }
            expiresAt = time
        }
        if let after = fields.take("balances_after") {
            var inner = try JSONFields(after, path: "balances_after", currency: currency)
            balancesAfter = .init(cash: try inner.requiredMoney("cash"), bonus: try inner.requiredMoney("bonus"),
                                  points: try inner.count("points"))
            pointsValue = try inner.money("points_value")
            try inner.finish()
        }
        var results: [RuleResult] = []
        for (index, rule) in (try fields.array("rules") ?? []).enumerated() {
            results.append(try RuleResult(json: rule, path: "rules[\(index)]", currency: currency))
        }
        rules = results  // once: the results are kept packed
        for (index, warning) in (try fields.array("warnings") ?? []).enumerated() {
            guard case .string(let text) = warning else { throw EvaluationError(field: "warnings[\(index)]", "expected a string") }
            warnings.append(text)
        }
        if let recorded = fields.take("trace") {
            trace = try Trace(json: recorded, currency: currency)
        }
        try fields.finish()
    }
}

extension Outcome.RuleResult {
    init(json value: JSON, path: String, currency: Currency) throws(EvaluationError) {
        var fields = try JSONFields(value, path: path, currency: currency)
        name = try fields.requiredString("name")
        applied = try fields.bool("applied") ?? false
        let points = try fields.decimal("points", scale: 0, what: "a whole number of points")
        let bonus = try fields.money("bonus")
        unit = bonus != nil ? .bonus : .points
        amount = bonus ?? points ?? 0
        cap = unit == .bonus ? try fields.money("cap") : try fields.decimal("cap", scale: 0, what: "a whole number of points")
        capCut = (unit == .bonus ? try fields.money("cap_cut") : try fields.decimal("cap_cut", scale: 0, what: "a whole number of points")) ?? 0
        modifies = try fields.string("modifies", limit: .max)
        stopped = try fields.bool("stopped") ?? false
        reason = try fields.string("reason", limit: .max)
        try fields.finish()
    }
}

extension Trace {
    init(json value: JSON, currency: Currency) throws(EvaluationError) {
        var fields = try JSONFields(value, path: "trace", currency: currency)
        scope = try fields.requiredString("scope")
        for (index, line) in (try fields.array("lines") ?? []).enumerated() {
            var inner = try JSONFields(line, path: "trace.lines[\(index)]", currency: currency)
            lines.append(.init(line: try inner.requiredString("line"), amount: try inner.requiredMoney("amount"),
                               counted: try inner.bool("counted") ?? false, reason: try inner.string("reason", limit: .max) ?? ""))
            try inner.finish()
        }
        for (index, step) in (try fields.array("steps") ?? []).enumerated() {
            var inner = try JSONFields(step, path: "trace.steps[\(index)]", currency: currency)
            let rule = try inner.string("rule", limit: .max) ?? ""
            let location = try inner.string("at", limit: .max).flatMap(ProgramLocation.init(text:))
            steps.append(.init(rule: rule, location: location, applied: try inner.bool("applied") ?? false,
                               detail: try inner.string("detail", limit: .max) ?? ""))
            try inner.finish()
        }
        try fields.finish()
    }
}

extension ProgramLocation {
    /// Reads `file:line:column`, the form `description` writes.
    init?(text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else { return nil }
        self.init(file: parts.dropLast(2).joined(separator: ":"), line: line, column: column)
    }
}
