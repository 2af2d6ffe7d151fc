/// A condition in words, and the value of the sale it reads: what `perk repl`'s `:why RULE`
/// shows for each condition of a rule, whether or not it holds.
extension Condition {
    /// What the condition asks, in the words of the rule: `weekday is Saturday`.
    func needs(_ facts: Facts) -> String {
        let plan = facts.plan
        switch self {
        case .dates(let first, let last):
            return "date from \(first) to \(last)"
        case .weekdays(let mask):
            return "weekday is " + Wording.either(Weekday.allCases.filter { mask & (1 << UInt8($0.rawValue)) != 0 }.map(\.name))
        case .hours(let from, let to):
            return "time from \(Condition.clock(from)) to \(Condition.clock(to))"
        case .tier(_, let named, let orAbove):
            let names = plan.tiers.indices.filter { named & (1 << UInt64($0)) != 0 }.map { plan.tiers[$0] }
            return "customer tier is \(Wording.either(names))" + (orAbove ? " or above" : "")
        case .tag(let tag):
            return "customer has tag \(VisibleText.quoted(plan.symbols.name(tag, .tag)))"
        case .birthday:
            return "customer birthday is today"
        case .firstPurchase:
            return "first purchase"
        case .amount(let subject, let comparison, let limit):
            return "\(subject.rawValue) \(comparison == .atLeast ? "at least" : "below") \(facts.money(limit))"
        case .place(let field, let names):
            return "\(field.rawValue) is " + Wording.either(plan.symbols.names(names, Symbols.Kind(field)).map { VisibleText.quoted($0) })
        case .tender(let id):
            return "tender \(VisibleText.quoted(plan.symbols.name(id, .tender))) on the receipt"
        case .paidWithPoints:
            return "part of the sale paid with points"
        case .hasLines:
            return "the sale has lines"
        case .linkedOffer(let id):
            return "the customer's card is linked to offer \(VisibleText.quoted(plan.symbols.name(id, .offer)))"
        case .inScope(let index):
            return "the sale falls under \(plan.rules[Int(index)].scope ?? "program")"
        }
    }

    /// The value of the sale the condition reads: `Tuesday`, `eligible revenue 16.76 EUR`.
    func seen(_ facts: Facts, scope label: String) -> String {
        let zone = facts.zoneName.map { " in \($0)" } ?? ""
        let noTime = "the sale has no time"
        switch self {
        case .dates:
            return facts.local.map { "\($0.date)\(zone)" } ?? noTime
        case .weekdays:
            return facts.local.map { "\($0.weekday.name)\(zone)" } ?? noTime
        case .hours:
            return facts.local.map { "\(Condition.clock($0.minuteOfDay))\(zone)" } ?? noTime
        case .tier:
            return "tier \(facts.tierName)"
        case .tag:
            let tags = facts.customer?.tags ?? []
            return tags.isEmpty ? "no tags" : "tags " + tags.map { VisibleText.quoted($0) }.joined(separator: ", ")
        case .birthday:
            guard let birthday = facts.customer?.birthday else { return "no birthday given" }
            return "birthday \(birthday), sale " + (facts.local.map { "on \($0.date)\(zone)" } ?? "without a time")
        case .firstPurchase:
            return facts.customer?.firstPurchase == true ? "first purchase" : "not the first purchase"
        case .amount(let subject, _, _):
            return "\(subject.rawValue) \(facts.money(subject == .total ? facts.total : facts.eligibleRevenue))"
        case .place(let field, _):
            return facts.place(field).map { "\(field.rawValue) \(VisibleText.quoted($0))" } ?? "no \(field.rawValue)"
        case .tender:
            let tenders = facts.request.tenders.map { VisibleText.quoted($0.id) }
            return tenders.isEmpty ? "no tenders" : "tenders " + tenders.joined(separator: ", ")
        case .paidWithPoints:
            return "\(facts.money(facts.paidWithPoints)) paid with points"
        case .hasLines:
            return "\(facts.lines.count) line\(facts.lines.count == 1 ? "" : "s")"
        case .linkedOffer:
            let linked = facts.customer?.linkedOffers ?? []
            return linked.isEmpty ? "no linked offers" : "linked offers " + linked.map { VisibleText.quoted($0) }.joined(separator: ", ")
        case .inScope:
            return "the sale falls under \(label)"
        }
    }
}
