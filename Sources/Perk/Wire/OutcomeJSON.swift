extension Outcome: WireObject {
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
        writeMembers(to: &w, WireOptions(currency: currency, trace: includeTrace))
        w.close(UInt8(ascii: "}"))
        bytes = w.bytes
    }

    /// Reads an outcome back from the JSON that `json(pretty:trace:)` writes, so that a
    /// ledger can keep outcomes as text and answer a repeated request with the same outcome.
    /// A missing trace reads as none.
    public init(json value: JSON) throws(EvaluationError) {
        guard case .object(let members) = value,
              case .string(let code)? = members.first(where: { $0.key == "currency" })?.value,
              let currency = Currency(code: code) else {
            throw EvaluationError(field: "currency", "an outcome names its currency")
        }
        self.init(kind: .earn, currency: currency)
        var fields = try JSONFields(value, path: "", currency: currency, textLimit: .max)
        try readMembers(&fields)
        try Outcome.finish(fields)
    }

    /// The outcome's fields in their JSON order: what is written, read, shown and compared.
    static let wireFields: [WireField<Outcome>] = [
        .choice("type", { $0.kind }, { $0.kind = $1 }, what: "type"),
        .choice("status", { $0.status }, { $0.status = $1 }, what: "status", rows: { outcome, _ in
            [("status", outcome.status.rawValue + (outcome.declineReason.map { " (\($0))" } ?? ""))]
        }, compared: "result"),
        .text("decline_reason", { $0.declineReason }, { $0.declineReason = $1 }, .null),
        .text("order_id", { $0.orderID }, { $0.orderID = $1 }, .null, row: .unlessEmpty("order")),
        WireField("currency", write: { outcome, w, _ in w.string("currency", outcome.currency.code) },
                  read: { fields, outcome in  // read first, to read the amounts in it
                      _ = fields.take("currency")
                      outcome.currency = fields.currency
                  }),
        .money("sale_total", { $0.saleTotal }, { $0.saleTotal = $1 }, row: .always("sale total")),
        .money("eligible_revenue", { $0.eligibleRevenue }, { $0.eligibleRevenue = $1 }, row: .always("eligible revenue"), compared: true),
        .count("points_earned", { $0.pointsEarned }, { $0.pointsEarned = $1 }, row: .unlessEmpty("points earned"), compared: true),
        .money("bonus_earned", { $0.bonusEarned }, { $0.bonusEarned = $1 }, row: .unlessEmpty("bonus earned"), compared: true),
        .money("cashback", { $0.cashback }, { $0.cashback = $1 }, compared: true),
        .money("cash_redeemed", { $0.cashRedeemed }, { $0.cashRedeemed = $1 }, row: .unlessEmpty("cash redeemed"), compared: true),
        .money("bonus_redeemed", { $0.bonusRedeemed }, { $0.bonusRedeemed = $1 }, row: .unlessEmpty("bonus redeemed"), compared: true),
        .money("bonus_applied", { $0.bonusApplied }, { $0.bonusApplied = $1 }, row: .unlessEmpty("bonus applied"), compared: true),
        .count("points_burned", { $0.pointsBurned }, { $0.pointsBurned = $1 }, row: .unlessEmpty("points burned"), compared: true),
        .array("bonus_products", { $0.bonusProducts }, { $0.bonusProducts = $1 }, .null, rows: { line, currency in
            [("bonus product", "\(line.article) \"\(line.description)\" \(currency.money(line.amount)) at VAT \(line.vatRate)")]
        }),
        .money("missing_sum", { $0.missingSum }, { $0.missingSum = $1 }, row: .always("missing sum"), compared: true),
        .money("discount", { $0.discount }, { $0.discount = $1 }, row: .unlessEmpty("discount"), compared: true),
        .money("offer_cashback", { $0.offerCashback }, { $0.offerCashback = $1 }, row: .unlessEmpty("offer cashback"), compared: true),
        .array("offers", { $0.offers }, { $0.offers = $1 }, .null),
        .money("paid_amount", { $0.paidAmount }, { $0.paidAmount = $1 }, .null, row: .unlessEmpty("paid in-app")),
        .object("pending_credit", { $0.pendingCredit }, { $0.pendingCredit = $1 }, .null, rows: { credit, _ in
            [("pending credit", "\(credit.points) points for \(credit.mobile)")]
        }, compared: { credit, _ in credit.map { "\($0.points) points" } ?? "none" }),
        .object("vouchers", { $0.vouchers }, { $0.vouchers = $1 }, .null, rows: { vouchers, currency in
            [("vouchers", "\(vouchers.count) × \(currency.money(vouchers.denomination))")]
        }, compared: { vouchers, currency in vouchers.map { "\($0.count) × \(currency.money($0.denomination))" } ?? "none" }),
        .text("message", { $0.message }, { $0.message = $1 }, .null, row: .unlessEmpty("message")),
        .time("expires_at", { $0.expiresAt }, { $0.expiresAt = $1 }, .null, row: .unlessEmpty("expires at")),
        // The balances, and beside them what the points are worth.
        WireField("balances_after", write: { outcome, w, options in
            guard let balances = outcome.balancesAfter else { return w.null("balances_after") }
            w.open("balances_after", UInt8(ascii: "{"))
            balances.writeMembers(to: &w, options)
            if let value = outcome.pointsValue { w.money("points_value", value, exponent: options.currency.exponent) }
            w.close(UInt8(ascii: "}"))
        }, read: { (fields, outcome) throws(EvaluationError) in
            guard let member = fields.take("balances_after") else { return }
            var inner = try fields.nested(member, path: "balances_after")
            var balances = Request.Balances.blank
            try balances.readMembers(&inner)
            outcome.balancesAfter = balances
            outcome.pointsValue = try inner.money("points_value")
            try inner.finish(known: Request.Balances.wireFields.flatMap(\.keys) + ["points_value"])
        }, rows: { outcome, currency in
            outcome.balancesAfter.map { after in
                [("balances after", "cash \(currency.money(after.cash)), bonus \(currency.money(after.bonus)), points \(after.points)")]
            } ?? []
        }),
        .array("rules", { $0.rules }, { $0.rules = $1 }, .omitted),
        .texts("warnings", { $0.warnings }, { $0.warnings = $1 }, row: "warning"),
        .object("trace", { $0.trace }, { $0.trace = $1 }, .omitted, traceOnly: true),
    ]
}

extension Outcome.BonusProductLine: WireElement {
    static let blank = Outcome.BonusProductLine(article: "", description: "", amount: 0, vatRate: Rate(millionths: 0))
    static let wireFields: [WireField<Self>] = [
        .text("article", { $0.article }, { $0.article = $1 }),
        .text("description", { $0.description }, { $0.description = $1 }),
        WireField("quantity", write: { _, w, _ in w.number("quantity", 1) }, read: { fields, _ in _ = fields.take("quantity") }),
        .money("unit_price", { $0.amount }, { $0.amount = $1 }),
        .percent("vat_rate", { $0.vatRate }, { $0.vatRate = $1 }),
    ]
}

extension Outcome.OfferResult: WireElement {
    static let blank = Outcome.OfferResult(id: "", applied: false, cashback: 0, discount: 0, reason: "")
    static let wireFields: [WireField<Self>] = [
        .text("id", { $0.id }, { $0.id = $1 }),
        .flag("applied", { $0.applied }, { $0.applied = $1 }, .null),
        .money("cashback", { $0.cashback }, { $0.cashback = $1 }),
        .money("discount", { $0.discount }, { $0.discount = $1 }),
        .text("reason", { $0.reason }, { $0.reason = $1 }),
    ]
}

extension Outcome.PendingCredit: WireElement {
    static let blank = Outcome.PendingCredit(mobile: .blank, points: 0)
    static let wireFields: [WireField<Self>] = [
        .mobile("mobile", { $0.mobile }, { $0.mobile = $1 }),
        .count("points", { $0.points }, { $0.points = $1 }),
    ]
}

extension Outcome.Vouchers: WireElement {
    static let blank = Outcome.Vouchers(count: 0, denomination: 0)
    static let wireFields: [WireField<Self>] = [
        .count("count", { $0.count }, { $0.count = $1 }),
        .money("denomination", { $0.denomination }, { $0.denomination = $1 }),
    ]
}

extension Outcome.RuleResult: WireElement {
    static let blank = Outcome.RuleResult(name: "", applied: false, unit: .points, amount: 0, cap: nil, capCut: 0,
                                          modifies: nil, stopped: false, reason: nil)
    static let wireFields: [WireField<Self>] = [
        .text("name", { $0.name }, { $0.name = $1 }),
        .flag("applied", { $0.applied }, { $0.applied = $1 }, .null),
        // What the rule gave, under `points` or `bonus` (money) by the program's reward: the
        // member present decides the unit of `cap` and `cap_cut` too.
        WireField("points", also: ["bonus"], write: { rule, w, options in
            if rule.unit == .bonus { w.money("bonus", rule.amount, exponent: options.currency.exponent) } else { w.number("points", rule.amount) }
        }, read: { (fields, rule) throws(EvaluationError) in
            let points = try fields.decimal("points", scale: 0, what: "a whole number of points")
            let bonus = try fields.money("bonus")
            rule.unit = bonus != nil ? .bonus : .points
            rule.amount = bonus ?? points ?? 0
        }),
        WireField("cap", also: ["cap_cut"], write: { rule, w, options in
            guard let cap = rule.cap else { return }
            let exponent = options.currency.exponent
            if rule.unit == .bonus { w.money("cap", cap, exponent: exponent) } else { w.number("cap", cap) }
            if rule.unit == .bonus { w.money("cap_cut", rule.capCut, exponent: exponent) } else { w.number("cap_cut", rule.capCut) }
        }, read: { (fields, rule) throws(EvaluationError) in
            let inBonus = rule.unit == .bonus
            rule.cap = inBonus ? try fields.money("cap") : try fields.decimal("cap", scale: 0, what: "a whole number of points")
            rule.capCut = (inBonus ? try fields.money("cap_cut") : try fields.decimal("cap_cut", scale: 0, what: "a whole number of points")) ?? 0
        }),
        .text("modifies", { $0.modifies }, { $0.modifies = $1 }, .omitted),
        .flag("stopped", { $0.stopped }, { $0.stopped = $1 }, .omitted),
        .text("reason", { $0.reason }, { $0.reason = $1 }, .omitted, traceOnly: true),
    ]
}

extension Request.Balances: WireElement {
    static let blank = Request.Balances()
    static let wireFields: [WireField<Self>] = [
        .money("cash", { $0.cash }, { $0.cash = $1 }, required: false),
        .money("bonus", { $0.bonus }, { $0.bonus = $1 }, required: false),
        .count("points", { $0.points }, { $0.points = $1 }, required: false, what: "a whole number of points"),
    ]
}

extension Trace: WireElement {
    static let blank = Trace()
    static let wireFields: [WireField<Self>] = [
        .text("scope", { $0.scope }, { $0.scope = $1 }),
        .array("lines", { $0.lines }, { $0.lines = $1 }, .null),
        .array("steps", { $0.steps }, { $0.steps = $1 }, .null),
    ]
}

extension Trace.LineDecision: WireElement {
    static let blank = Trace.LineDecision(line: "", amount: 0, counted: false, reason: "")
    static let wireFields: [WireField<Self>] = [
        .text("line", { $0.line }, { $0.line = $1 }),
        .money("amount", { $0.amount }, { $0.amount = $1 }),
        .flag("counted", { $0.counted }, { $0.counted = $1 }, .null),
        .text("reason", { $0.reason }, { $0.reason = $1 }),
    ]
}

extension Trace.Step: WireElement {
    static let blank = Trace.Step(rule: "", location: nil, applied: false, detail: "")
    static let wireFields: [WireField<Self>] = [
        .text("rule", { $0.rule }, { $0.rule = $1 }),
        WireField("at", write: { step, w, _ in
            if let location = step.location { w.string("at", location.description) } else { w.null("at") }
        }, read: { (fields, step) throws(EvaluationError) in
            guard let text = try fields.string("at") else { return }
            guard let location = ProgramLocation(text: text) else {
                throw EvaluationError(field: fields.name("at"), "\(VisibleText.quoted(text)) is not a place in a program (file:line:column)")
            }
            step.location = location
        }),
        .flag("applied", { $0.applied }, { $0.applied = $1 }, .null),
        .text("detail", { $0.detail }, { $0.detail = $1 }),
    ]
}

extension ProgramLocation {
    /// Reads `file:line:column`, the form `description` writes.
    init?(text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else { return nil }
        self.init(file: parts.dropLast(2).joined(separator: ":"), line: line, column: column)
    }
}
