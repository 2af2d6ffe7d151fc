extension Request {
    /// The largest request body accepted, in bytes.
    public static let maximumSize = 1 << 20
    /// The most basket lines a request may have.
    public static let maximumLines = 10_000
    /// The longest text field accepted, in bytes.
    public static let maximumTextLength = 1024
    /// The most decimals a unit price may have beyond its currency's: 11.899 MAD has one.
    public static let maximumUnitPriceExtraDecimals: Int8 = 3
    /// The most tags a customer may have.
    public static let maximumTags = 100

    /// Decodes a request from JSON (snake_case fields, documented in docs/requests.md).
    /// Amounts are read exactly in `currency`; a `currency` field, when present, must match it.
    /// Unknown fields, wrong types and malformed values are errors naming the field.
    public init(json bytes: [UInt8], currency: Currency) throws(EvaluationError) {
        guard bytes.count <= Request.maximumSize else {
            throw EvaluationError(field: nil, "request larger than \(Request.maximumSize) bytes")
        }
        let value: JSON
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw EvaluationError(field: nil, error.description)
        }
        try self.init(json: value, currency: currency)
    }

    public init(json text: String, currency: Currency) throws(EvaluationError) {
        try self.init(json: Array(text.utf8), currency: currency)
    }

    /// Decodes a request from a parsed JSON value.
    public init(json value: JSON, currency: Currency) throws(EvaluationError) {
        var object = try JSONFields(value, path: "", currency: currency)
        self.init()
        if let code = try object.string("currency") {
            guard code == currency.code else {
                guard Currency(code: code) != nil else {
                    throw EvaluationError(field: "currency", "unknown currency \(VisibleText.quoted(code)): not an ISO 4217 code Perk knows; the program's currency is \(currency.code)")
                }
                throw EvaluationError(field: "currency", "the request is in \(code) but the program's currency is \(currency.code)")
            }
        }
        if let type = try object.string("type") {
            guard let kind = Kind(rawValue: type) else {
                throw EvaluationError(field: "type", "unknown request type \(VisibleText.quoted(type)); expected "
                                      + Wording.choices(Kind.allCases.map(\.rawValue))
                                      + (Spelling.help(type, from: Kind.allCases.map(\.rawValue)).map { "; \($0)" } ?? ""))
            }
            self.kind = kind
        }
        orderID = try object.reference("order_id", what: "an order id")
        externalID = try object.reference("external_id", what: "an external id")
        if let text = try object.string("time") {
            guard let time = Timestamp(text) else {
                throw EvaluationError(field: "time", "\(VisibleText.quoted(text)) is not an ISO 8601 time such as `2020-02-12T19:20:30+01:00`")
            }
            self.time = time
        }
        if let lines = try object.array("lines") {
            guard lines.count <= Request.maximumLines else {
                throw EvaluationError(field: "lines", "more than \(Request.maximumLines) lines")
            }
            for (index, line) in lines.enumerated() {
                self.lines.append(try Request.decodeLine(line, path: "lines[\(index)]", currency: currency))
            }
        }
        amount = try object.money("amount")
        saleAmount = try object.money("sale_amount")
        paidAmount = try object.money("paid_amount")
        if let paidWith = try object.string("paid_with") {
            let means = ["points", "card", "wallet"]
            guard means.contains(paidWith) else {
                throw EvaluationError(field: "paid_with", "unknown means of payment \(VisibleText.quoted(paidWith)); expected " + Wording.choices(means))
            }
            paidWithPoints = paidWith == "points"
        }
        errorOnPartial = try object.bool("error_on_partial") ?? true
        payWithCard = try object.bool("pay_with_card") ?? false
        merchant = try object.string("merchant")
        brand = try object.string("brand")
        shop = try object.string("shop")
        terminalID = try object.string("terminal_id")
        agentID = try object.string("agent_id")
        force = try object.bool("force") ?? false
        rateOverride = try object.fraction("cashback_rate_override")
        amountOverride = try object.money("cashback_amount_override")
        overrideReason = try object.string("cashback_override_reason")
        if let customer = object.take("customer") {
            self.customer = try Request.decodeCustomer(customer, currency: currency)
        }
        if let tenders = try object.array("tenders") {
            for (index, tender) in tenders.enumerated() {
                var fields = try JSONFields(tender, path: "tenders[\(index)]", currency: currency)
                let id = try fields.requiredString("tender_id")
                let amount = try fields.requiredMoney("amount")
                try fields.finish()
                self.tenders.append(Tender(id: id, amount: amount))
            }
        }
        try object.finish()
        try validate()
    }

    private static func decodeLine(_ value: JSON, path: String, currency: Currency) throws(EvaluationError) -> Line {
        var fields = try JSONFields(value, path: path, currency: currency)
        var line = Line(unitPrice: 0)
        line.article = try fields.identifier("article")
        line.ean = try fields.identifier("ean")
        line.description = try fields.string("description")
        line.category = try fields.reference("category", what: "a category")
        if let quantity = try fields.decimal("quantity", scale: 3, what: "a quantity") {
            line.quantityThousandths = quantity
        }
        (line.unitPrice, line.unitPriceExtraDecimals) = try fields.requiredUnitPrice("unit_price")
        line.fullPrice = try fields.money("full_price")
        if let vat = try fields.decimal("vat_rate", scale: 4, what: "a VAT rate in percent") {
            line.vatRate = Rate(millionths: vat)
        }
        try fields.finish()
        return line
    }

    private static func decodeCustomer(_ value: JSON, currency: Currency) throws(EvaluationError) -> Customer {
        if case .string(let text) = value {
            guard let mobile = MobileNumber(text) else { throw invalidMobile("customer", text) }
            return Customer(mobile: mobile)
        }
        var fields = try JSONFields(value, path: "customer", currency: currency)
        var customer = Customer()
        if let text = try fields.string("mobile") {
            guard let mobile = MobileNumber(text) else { throw invalidMobile("customer.mobile", text) }
            customer.mobile = mobile
        }
        customer.registered = try fields.bool("registered") ?? true
        customer.card = try fields.string("card")
        if let offers = try fields.array("linked_offers") {
            for (index, offer) in offers.enumerated() {
                guard case .string(let id) = offer else {
                    throw EvaluationError(field: "customer.linked_offers[\(index)]", "expected a string, found \(offer.typeName)")
                }
                customer.linkedOffers.append(id)
            }
        }
        if let balances = fields.take("balances") {
            var inner = try JSONFields(balances, path: "customer.balances", currency: currency)
            let cash = try inner.money("cash") ?? 0
            let bonus = try inner.money("bonus") ?? 0
            let points = try inner.decimal("points", scale: 0, what: "a whole number of points") ?? 0
            try inner.finish()
            customer.balances = Balances(cash: cash, bonus: bonus, points: points)
        }
        customer.tier = try fields.reference("tier", what: "a tier")
        if let tags = try fields.array("tags") {
            guard tags.count <= Request.maximumTags else {
                throw EvaluationError(field: "customer.tags", "more than \(Request.maximumTags) tags")
            }
            for (index, tag) in tags.enumerated() {
                customer.tags.append(try JSONFields.reference(tag, field: "customer.tags[\(index)]", what: "a tag"))
            }
        }
        if let text = try fields.string("birthday") {
            guard let birthday = Birthday(text) else {
                throw EvaluationError(field: "customer.birthday", "\(VisibleText.quoted(text)) is not a birthday: expected MM-DD, such as `11-24`")
            }
            customer.birthday = birthday
        }
        customer.firstPurchase = try fields.bool("first_purchase") ?? false
        try fields.finish()
        return customer
    }

    private static func invalidMobile(_ field: String, _ text: String) -> EvaluationError {
        EvaluationError(field: field, "\(VisibleText.quoted(text)) is not a valid mobile number: expected E.164 (+212611223344) or a Moroccan mobile number (06… or 07…, 10 digits)")
    }
}

extension Request {
    /// Checks what decoding cannot: values in range, and no field that the request's type
    /// does not use. `Program.evaluate` calls it too, for requests built in Swift.
    public func validate() throws(EvaluationError) {
        for index in lines.indices {
            func invalid(_ field: String, _ message: String) -> EvaluationError {
                EvaluationError(field: "lines[\(index)].\(field)", message)
            }
            // Field by field: copying the line would copy its strings.
            let (quantity, price) = (lines[index].quantityThousandths, lines[index].unitPrice)
            if quantity <= 0 { throw invalid("quantity", "the quantity must be above zero") }
            let extra = lines[index].unitPriceExtraDecimals
            guard (0...Request.maximumUnitPriceExtraDecimals).contains(extra) else {
                throw invalid("unit_price", "a unit price has from 0 to \(Request.maximumUnitPriceExtraDecimals) "
                              + "more decimals than the currency, not \(extra)")
            }
            if price < 0 { throw invalid("unit_price", "a price cannot be negative") }
            // The full price has the currency's decimals, the unit price maybe more: compared at the unit price's.
            let divisor = Line.unitPriceDivisor(extraDecimals: extra)
            if let full = lines[index].fullPrice, Int128(full) * Int128(divisor) < Int128(price) {
                throw invalid("full_price", "the full price is below the unit price charged")
            }
            if let vat = lines[index].vatRate, vat.millionths < 0 || vat.millionths > Rate.scale {
                throw invalid("vat_rate", "a VAT rate must be between 0 and 100")
            }
        }
        if let balances = customer?.balances {
            let negative = balances.cash < 0 ? "cash" : balances.bonus < 0 ? "bonus" : balances.points < 0 ? "points" : nil
            if let negative { throw EvaluationError(field: "customer.balances.\(negative)", "a balance cannot be negative") }
        }
        for index in tenders.indices where tenders[index].amount < 0 {
            throw EvaluationError(field: "tenders[\(index)].amount", "a tender cannot be negative")
        }
        let negative = (amount ?? 0) < 0 ? "amount" : (saleAmount ?? 0) < 0 ? "sale_amount" : (paidAmount ?? 0) < 0 ? "paid_amount" : nil
        if let negative { throw EvaluationError(field: negative, "an amount cannot be negative") }
        // Fields that the request's type does not use are refused rather than ignored.
        if let field = unusedField() {
            throw EvaluationError(field: field, "a request of type `\(kind.rawValue)` has no such field")
        }
    }

    /// The first field given that the request's type does not use.
    private func unusedField() -> String? {
        switch kind {
        case .earn:
            if saleAmount != nil { return "sale_amount" }
            if paidAmount != nil { return "paid_amount" }
            if paidWithPoints { return "paid_with" }
            if !errorOnPartial { return "error_on_partial" }
        case .payment:
            if payWithCard { return "pay_with_card" }
        case .burn, .balance:
            if !lines.isEmpty { return "lines" }
            if saleAmount != nil { return "sale_amount" }
            if paidAmount != nil { return "paid_amount" }
            if paidWithPoints { return "paid_with" }
            if !errorOnPartial { return "error_on_partial" }
            if payWithCard { return "pay_with_card" }
            if force { return "force" }
            if rateOverride != nil { return "cashback_rate_override" }
            if amountOverride != nil { return "cashback_amount_override" }
            if !tenders.isEmpty { return "tenders" }
            if kind == .balance, amount != nil { return "amount" }
        }
        return nil
    }
}
