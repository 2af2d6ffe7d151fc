/// A condition of a rule with every name and value resolved when the program is checked:
/// days as numbers, weekdays as a bit mask, tiers as a set of ranks, names as numbers of the
/// program's `Symbols`. A plain value: testing one copies no reference. Evaluating one reads
/// the sale's `Facts` and looks nothing up by name.
enum Condition: Sendable, Equatable, BitwiseCopyable {
    /// The sale's local date is within `first...last` (days since 1970-01-01).
    case dates(first: CivilDate, last: CivilDate)
    /// The sale's local weekday is in the mask (bit `weekday.rawValue`).
    case weekdays(mask: UInt8)
    /// The sale's local minute of the day is within `from..<to`, or, when `from > to`, the
    /// window crosses midnight: `from..<1440` or `0..<to`.
    case hours(from: Int32, to: Int32)
    /// The customer's tier rank is in the mask (bit = rank); `named` has the bits of the tiers
    /// written, and `orAbove` says that the tiers above them were meant too.
    case tier(mask: UInt64, named: UInt64, orAbove: Bool)
    /// The customer has this tag.
    case tag(Int32)
    /// The sale falls on the customer's birthday.
    case birthday
    /// This is the customer's first purchase.
    case firstPurchase
    /// The eligible revenue or the total compared with an amount in minor units.
    case amount(AmountSubject, AmountComparison, Int64)
    /// The sale's merchant, brand, terminal or shop is one of these.
    case place(PlaceField, Symbols.NameSet)
    /// A tender with this id is on the receipt.
    case tender(Int32)
    /// Part of the sale was paid with points.
    case paidWithPoints
    /// The request gives basket lines (not only an amount).
    case hasLines
    /// The customer's card is linked to the card-linked offer with this id.
    case linkedOffer(Int32)
    /// The statement that became the rule at this index is in force in the sale's scope: the
    /// program's, or that of the brand or merchant section the sale falls in (an `earn` of
    /// a section replaces the program's; tenders that earn nothing add up).
    case inScope(Int32)

    /// Whether the condition holds for the sale.
    @inline(__always)  // tested for every candidate rule: no call, and only the case at hand
    func holds(_ facts: Facts) -> Bool {
        switch self {
        case .dates(let first, let last):
            guard let date = facts.local?.date else { return false }
            return first <= date && date <= last
        case .weekdays(let mask):
            guard let weekday = facts.local?.weekday else { return false }
            return mask & (1 << UInt8(weekday.rawValue)) != 0
        case .hours(let from, let to):
            guard let minute = facts.local?.minuteOfDay else { return false }
            return from <= to ? (from <= minute && minute < to) : (minute >= from || minute < to)
        case .tier(let mask, _, _):
            return mask & (1 << UInt64(facts.tierRank)) != 0
        case .tag(let tag):
            guard let tags = facts.customer?.tags, !tags.isEmpty else { return false }
            return tags.contains(facts.plan.symbols.name(tag, .tag))
        case .birthday:
            guard let birthday = facts.customer?.birthday, let date = facts.local?.date else { return false }
            return birthday.falls(onMonth: date.month, day: date.day, leapYear: CivilDate.isLeap(date.year))
        case .firstPurchase:
            return facts.customer?.firstPurchase ?? false
        case .amount(let subject, let comparison, let limit):
            let amount = subject == .total ? facts.total : facts.eligibleRevenue
            return comparison == .atLeast ? amount >= limit : amount < limit
        case .place(let field, let names):
            return facts.plan.symbols.contains(names, facts.places[field])
        case .tender(let id):
            guard !facts.request.tenders.isEmpty else { return false }
            let name = facts.plan.symbols.name(id, .tender)
            return facts.request.tenders.contains { $0.id == name }
        case .paidWithPoints:
            return facts.paidWithPoints > 0
        case .hasLines:
            return !facts.lines.isEmpty
        case .linkedOffer(let id):
            guard let linked = facts.customer?.linkedOffers, !linked.isEmpty else { return false }
            return linked.contains(facts.plan.symbols.name(id, .offer))
        case .inScope(let index):
            return facts.statements.contains(index)
        }
    }

    /// Why the condition does not hold, with the value seen: `weekday is Tuesday; the rule
    /// needs Saturday`. Built only for an outcome that explains itself; `scope` is how the
    /// trace names the sale's scope (`program`, `brand "Afriquia Gaz"`).
    func whyNot(_ facts: Facts, scope label: String) -> String {
        let zone = facts.zoneName.map { " in \($0)" } ?? ""
        switch self {
        case .dates(let first, let last):
            guard let date = facts.local?.date else { return "the sale has no time" }
            return "\(date)\(zone) is outside \(first)..\(last)"
        case .weekdays(let mask):
            guard let weekday = facts.local?.weekday else { return "the sale has no time" }
            let needed = Weekday.allCases.filter { mask & (1 << UInt8($0.rawValue)) != 0 }.map(\.name)
            return "weekday is \(weekday.name); the rule needs \(Wording.either(needed))"
        case .hours(let from, let to):
            guard let minute = facts.local?.minuteOfDay else { return "the sale has no time" }
            return "\(Condition.clock(minute))\(zone) is outside \(Condition.clock(from))–\(Condition.clock(to))"
        case .tier(_, let named, let orAbove):
            let names = facts.plan.tiers.indices.filter { named & (1 << UInt64($0)) != 0 }.map { facts.plan.tiers[$0] }
            return "customer tier is \(facts.tierName); the rule needs \(Wording.either(names))" + (orAbove ? " or above" : "")
        case .tag(let tag):
            return "the customer has no tag \(VisibleText.quoted(facts.plan.symbols.name(tag, .tag)))"
        case .birthday:
            guard let birthday = facts.customer?.birthday else { return "the request gives no customer birthday" }
            guard let date = facts.local?.date else { return "the sale has no time" }
            return "the customer's birthday is \(birthday); the sale is on \(date)\(zone)"
        case .firstPurchase:
            return "not the customer's first purchase"
        case .amount(let subject, let comparison, let limit):
            let amount = subject == .total ? facts.total : facts.eligibleRevenue
            let (shown, needed) = (facts.money(amount), facts.money(limit))
            return comparison == .atLeast ? "\(subject.rawValue) \(shown) is below \(needed)"
                                          : "\(subject.rawValue) \(shown) is not below \(needed)"
        case .place(let field, let names):
            let needed = Wording.either(facts.plan.symbols.names(names, Symbols.Kind(field)).map { VisibleText.quoted($0) })
            guard let value = facts.place(field) else { return "the sale has no \(field.rawValue); the rule needs \(needed)" }
            return "\(field.rawValue) is \(VisibleText.quoted(value)); the rule needs \(needed)"
        case .tender(let id):
            return "no tender \(VisibleText.quoted(facts.plan.symbols.name(id, .tender))) on the receipt"
        case .paidWithPoints:
            return "nothing was paid with points"
        case .hasLines:
            return "the sale has no lines: its amount is the revenue"
        case .linkedOffer(let id):
            return "the customer's card is not linked to offer \(VisibleText.quoted(facts.plan.symbols.name(id, .offer)))"
        case .inScope(let index):
            let rule = facts.plan.rules[Int(index)]
            let scope = rule.scope ?? "program"
            return scope == "program" ? "the sale falls under \(label), which has its own \(rule.own ?? "")"
                                      : "the sale falls under \(label), not \(scope)"
        }
    }

    /// Whether evaluating the condition needs the sale's local time.
    var readsTime: Bool {
        switch self {
        case .dates, .weekdays, .hours, .birthday: return true
        default: return false
        }
    }

    /// A minute of the day as `HH:MM`.
    static func clock(_ minute: Int32) -> String {
        let (hours, minutes) = (minute / 60, minute % 60)
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }
}
