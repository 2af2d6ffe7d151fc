extension Request {
    /// The request as JSON in the form `Request(json:currency:)` reads: fields in a fixed
    /// order, money in major units of `currency`, and only the fields that differ from their
    /// defaults, so that two requests are equal exactly when their JSON is. A ledger keeps
    /// requests in this form and compares them field by field.
    public func json(currency: Currency) -> JSON {
        var members: [(key: String, value: JSON)] = [("type", .string(kind.rawValue))]
        func add(_ key: String, _ value: JSON?) { if let value { members.append((key, value)) } }
        func money(_ minor: Int64?) -> JSON? { minor.map { .number(Money.decimalString($0, exponent: currency.exponent)) } }
        func flag(_ value: Bool, default standard: Bool) -> JSON? { value == standard ? nil : .bool(value) }
        func text(_ value: String?) -> JSON? { value.map { .string($0) } }

        add("order_id", text(orderID))
        add("external_id", text(externalID))
        add("time", text(time?.description))
        if !lines.isEmpty { add("lines", .array(lines.map { $0.json(currency: currency) })) }
        add("amount", money(amount))
        add("sale_amount", money(saleAmount))
        add("paid_amount", money(paidAmount))
        add("paid_with", paidWithPoints ? .string("points") : nil)
        add("error_on_partial", flag(errorOnPartial, default: true))
        add("pay_with_card", flag(payWithCard, default: false))
        add("merchant", text(merchant))
        add("brand", text(brand))
        add("shop", text(shop))
        add("terminal_id", text(terminalID))
        add("agent_id", text(agentID))
        add("force", flag(force, default: false))
        add("cashback_rate_override", rateOverride.map { .number(Money.decimalString($0.millionths, exponent: Rate.fractionDecimals)) })
        add("cashback_amount_override", money(amountOverride))
        add("cashback_override_reason", text(overrideReason))
        add("customer", customer.map { $0.json(currency: currency) })
        if !tenders.isEmpty {
            add("tenders", .array(tenders.map { .object([("tender_id", .string($0.id)), ("amount", money($0.amount) ?? .null)]) }))
        }
        return .object(members)
    }
}

extension Request.Line {
    func json(currency: Currency) -> JSON {
        var members: [(key: String, value: JSON)] = []
        if let article { members.append(("article", .string(article))) }
        if let ean { members.append(("ean", .string(ean))) }
        if let description { members.append(("description", .string(description))) }
        if let category { members.append(("category", .string(category))) }
        members.append(("quantity", .number(Money.decimalString(quantityThousandths, exponent: 3))))
        members.append(("unit_price", .number(unitPriceText(currency: currency))))
        if let fullPrice { members.append(("full_price", .number(Money.decimalString(fullPrice, exponent: currency.exponent)))) }
        if let vatRate { members.append(("vat_rate", .number(Money.decimalString(vatRate.millionths, exponent: 4)))) }
        return .object(members)
    }

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

extension Request.Customer {
    func json(currency: Currency) -> JSON {
        var members: [(key: String, value: JSON)] = []
        if let mobile { members.append(("mobile", .string(mobile.e164))) }
        if !registered { members.append(("registered", .bool(false))) }
        if let card { members.append(("card", .string(card))) }
        if !linkedOffers.isEmpty { members.append(("linked_offers", .array(linkedOffers.map { .string($0) }))) }
        if let balances {
            let money = { (minor: Int64) in JSON.number(Money.decimalString(minor, exponent: currency.exponent)) }
            members.append(("balances", .object([("cash", money(balances.cash)), ("bonus", money(balances.bonus)),
                                                 ("points", .number(String(balances.points)))])))
        }
        if let tier { members.append(("tier", .string(tier))) }
        if !tags.isEmpty { members.append(("tags", .array(tags.map { .string($0) }))) }
        if let birthday { members.append(("birthday", .string(birthday.description))) }
        if firstPurchase { members.append(("first_purchase", .bool(true))) }
        return .object(members)
    }
}
