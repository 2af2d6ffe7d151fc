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
        var fields = try JSONFields(value, path: "", currency: currency)
        self.init()
        try readMembers(&fields)
        try Request.finish(fields)
        try validate()
    }

    /// The request as JSON in the form `Request(json:currency:)` reads: fields in a fixed
    /// order, money in major units of `currency`, and only the fields that differ from their
    /// defaults, so that two requests are equal exactly when their JSON is. A ledger keeps
    /// requests in this form and compares them field by field.
    public func json(currency: Currency) -> JSON {
        var w = JSONWriter(pretty: false)
        w.open(nil, UInt8(ascii: "{"))
        writeMembers(to: &w, WireOptions(currency: currency, trace: false))
        w.close(UInt8(ascii: "}"))
        // The writer's own output always parses; a request that read back as `{}` would equal
        // every other in a ledger, so failing here is a bug to stop at, not to hide.
        do { return try JSONParser.parse(w.bytes) } catch { preconditionFailure("a request's own JSON does not parse: \(error)") }
    }
}

/// A request field that takes a single value, as a person sets it by its key in text (the
/// REPL's `:sale`, `:line` and `:customer`).
public struct RequestField: Sendable, Equatable {
    /// What the field's value is written as in JSON.
    public enum Form: Sendable, Equatable {
        /// A string: an id, a name, a time, a mobile number.
        case text
        /// A number: money, a quantity, a rate.
        case number
        /// `true` or `false`.
        case flag
        /// An array of strings.
        case list
    }

    /// The field's JSON key.
    public let key: String
    public let form: Form
}

extension Request {
    /// The fields of the request itself that take a single value, in JSON order.
    public static let saleFields = RequestField.settable(wireFields)
    /// The fields of a basket line, in JSON order.
    public static let lineFields = RequestField.settable(Line.wireFields)
    /// The fields of the customer that take a single value, in JSON order.
    public static let customerFields = RequestField.settable(Customer.wireFields)
    /// The fields of the customer's balances, in JSON order.
    public static let balanceFields = RequestField.settable(Balances.wireFields)
}

extension RequestField {
    /// The fields of a table that take a single value.
    static func settable<Root>(_ fields: [WireField<Root>]) -> [RequestField] {
        fields.compactMap { field in field.form.map { RequestField(key: field.name, form: $0) } }
    }
}

extension Request: WireObject {
    /// The request's fields in their JSON order: what is read and written.
    static let wireFields: [WireField<Request>] = [
        // Checked, never written: a request is in its program's currency.
        WireField("currency", write: { _, _, _ in }, read: { (fields, _) throws(EvaluationError) in
            guard let code = try fields.string("currency"), code != fields.currency.code else { return }
            let currency = fields.currency
            guard Currency(code: code) != nil else {
                throw EvaluationError(field: "currency", "unknown currency \(VisibleText.quoted(code)): not an ISO 4217 code Perk knows; the program's currency is \(currency.code)")
            }
            throw EvaluationError(field: "currency", "the request is in \(code) but the program's currency is \(currency.code)")
        }),
        .choice("type", { $0.kind }, { $0.kind = $1 }, what: "request type", optional: true),
        .text("order_id", { $0.orderID }, { $0.orderID = $1 }, .omitted, blank: "an order id"),
        .text("external_id", { $0.externalID }, { $0.externalID = $1 }, .omitted, blank: "an external id"),
        .time("time", { $0.time }, { $0.time = $1 }, .omitted),
        .array("lines", { $0.lines }, { $0.lines = $1 }, .omitted, limit: (Request.maximumLines, "lines")),
        .money("amount", { $0.amount }, { $0.amount = $1 }, .omitted),
        .money("sale_amount", { $0.saleAmount }, { $0.saleAmount = $1 }, .omitted),
        .money("paid_amount", { $0.paidAmount }, { $0.paidAmount = $1 }, .omitted),
        // Card and wallet pay alike: only points is kept.
        WireField("paid_with", form: .text, write: { request, w, _ in if request.paidWithPoints { w.string("paid_with", "points") } },
                  read: { (fields, request) throws(EvaluationError) in
                      guard let paidWith = try fields.string("paid_with") else { return }
                      let means = ["points", "card", "wallet"]
                      guard means.contains(paidWith) else {
                          throw EvaluationError(field: "paid_with", "unknown means of payment \(VisibleText.quoted(paidWith)); expected " + Wording.choices(means))
                      }
                      request.paidWithPoints = paidWith == "points"
                  }),
        .flag("error_on_partial", { $0.errorOnPartial }, { $0.errorOnPartial = $1 }, .omitted, standard: true),
        .flag("pay_with_card", { $0.payWithCard }, { $0.payWithCard = $1 }, .omitted),
        .text("merchant", { $0.merchant }, { $0.merchant = $1 }, .omitted),
        .text("brand", { $0.brand }, { $0.brand = $1 }, .omitted),
        .text("shop", { $0.shop }, { $0.shop = $1 }, .omitted),
        .text("terminal_id", { $0.terminalID }, { $0.terminalID = $1 }, .omitted),
        .text("agent_id", { $0.agentID }, { $0.agentID = $1 }, .omitted),
        .flag("force", { $0.force }, { $0.force = $1 }, .omitted),
        .decimal("cashback_rate_override", { $0.rateOverride?.millionths }, { $0.rateOverride = $1.map(Rate.init(millionths:)) },
                 scale: Rate.fractionDecimals, what: "a rate such as 0.10"),
        .money("cashback_amount_override", { $0.amountOverride }, { $0.amountOverride = $1 }, .omitted),
        .text("cashback_override_reason", { $0.overrideReason }, { $0.overrideReason = $1 }, .omitted),
        // An object, or its mobile number alone as a string.
        WireField("customer", write: { request, w, options in
            guard let customer = request.customer else { return }
            w.open("customer", UInt8(ascii: "{"))
            customer.writeMembers(to: &w, options)
            w.close(UInt8(ascii: "}"))
        }, read: { (fields, request) throws(EvaluationError) in
            guard let value = fields.take("customer") else { return }
            if case .string(let text) = value {
                guard let mobile = MobileNumber(text) else { throw EvaluationError(field: "customer", MobileNumber.invalid(text)) }
                request.customer = Customer(mobile: mobile)
            } else {
                request.customer = try Customer.read(value, path: "customer", in: fields)
            }
        }),
        .array("tenders", { $0.tenders }, { $0.tenders = $1 }, .omitted),
    ]
}

extension Request.Line: WireElement {
    static let blank = Request.Line(unitPrice: 0)
    static let wireFields: [WireField<Self>] = [
        .identifier("article", { $0.article }, { $0.article = $1 }),
        .identifier("ean", { $0.ean }, { $0.ean = $1 }),
        .text("description", { $0.description }, { $0.description = $1 }, .omitted),
        .text("category", { $0.category }, { $0.category = $1 }, .omitted, blank: "a category"),
        .decimal("quantity", { $0.quantityThousandths }, { $0.quantityThousandths = $1 }, scale: 3, what: "a quantity", standard: 1000),
        // Exactly as written: up to `maximumUnitPriceExtraDecimals` more decimals than the currency.
        WireField("unit_price", form: .number, write: { line, w, options in w.raw("unit_price", line.unitPriceText(currency: options.currency)) },
                  read: { (fields, line) throws(EvaluationError) in
                      (line.unitPrice, line.unitPriceExtraDecimals) = try fields.requiredUnitPrice("unit_price")
                  }),
        .money("full_price", { $0.fullPrice }, { $0.fullPrice = $1 }, .omitted),
        .decimal("vat_rate", { $0.vatRate?.millionths }, { $0.vatRate = $1.map(Rate.init(millionths:)) }, scale: 4,
                 what: "a VAT rate in percent"),
    ]

    /// The unit price in major units with the fewest decimals, at least the currency's, that
    /// give it exactly: 1190 with no extra decimal and 11 900 with one are both `11.90` MAD.
    /// Exact whatever the extra decimals, even out of range (`validate()` refuses those).
    private func unitPriceText(currency: Currency) -> String {
        let (price, extra) = reducedUnitPrice
        let decimals = currency.exponent + Int(extra)
        var digits = String(price.magnitude)
        if decimals <= 0 {
            if price != 0 { digits += String(repeating: "0", count: -decimals) }
        } else {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals + 1 - digits.count) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return price < 0 ? "-" + digits : digits
    }
}

extension Request.Customer: WireElement {
    static let blank = Request.Customer()
    static let wireFields: [WireField<Self>] = [
        .parsed("mobile", { $0.mobile }, { $0.mobile = $1 }, parse: MobileNumber.init, text: \.e164, invalid: MobileNumber.invalid),
        .flag("registered", { $0.registered }, { $0.registered = $1 }, .omitted, standard: true),
        .text("card", { $0.card }, { $0.card = $1 }, .omitted),
        .texts("linked_offers", { $0.linkedOffers }, { $0.linkedOffers = $1 }),
        .object("balances", { $0.balances }, { $0.balances = $1 }, .omitted),
        .text("tier", { $0.tier }, { $0.tier = $1 }, .omitted, blank: "a tier"),
        .texts("tags", { $0.tags }, { $0.tags = $1 }, limit: (Request.maximumTags, "tags"), blank: "a tag"),
        .parsed("birthday", { $0.birthday }, { $0.birthday = $1 }, parse: Birthday.init, text: \.description,
                invalid: { "\(VisibleText.quoted($0)) is not a birthday: expected MM-DD, such as `11-24`" }),
        .flag("first_purchase", { $0.firstPurchase }, { $0.firstPurchase = $1 }, .omitted),
    ]
}

extension Request.Tender: WireElement {
    static let blank = Request.Tender(id: "", amount: 0)
    static let wireFields: [WireField<Self>] = [
        .text("tender_id", { $0.id }, { $0.id = $1 }),
        .money("amount", { $0.amount }, { $0.amount = $1 }),
    ]
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
