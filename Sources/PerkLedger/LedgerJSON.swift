import Perk

extension LedgerReply {
    /// The reply as JSON: the sale's `reference` and `status` (null for a balance enquiry),
    /// whether the request was `repeated`, the balance `entries` it made, and the `outcome`
    /// as `Outcome.json` writes it.
    public func json(trace: Bool = true) -> JSON {
        let currency = outcome.currency
        let outcomeJSON = (try? JSONParser.parse(outcome.json(pretty: false, trace: trace))) ?? .null
        return .object([
            ("reference", sale.map { .string($0.reference) } ?? .null),
            ("status", sale.map { .string($0.status.rawValue) } ?? .null),
            ("repeated", .bool(repeated)),
            ("entries", .array(entries.map { $0.json(currency: currency) })),
            ("outcome", outcomeJSON),
        ])
    }
}

extension Entry {
    /// The entry as JSON; money amounts in major units, points as a count.
    public func json(currency: Currency) -> JSON {
        let change = asset.isMoney ? Money(minorUnits: amount, currency: currency).decimalString : String(amount)
        return .object([
            ("time", .string(time.description)), ("order", order.map(JSON.string) ?? .null),
            ("customer", .string(customer.description)), ("asset", .string(asset.rawValue)),
            ("amount", .number(change)), ("reason", .string(reason)),
        ])
    }
}
