/// The syntax tree of a program file, as written: nothing is resolved or checked yet.
/// Every node carries the span it was written at; comments are left out (the formatter
/// reads them from the text).
public struct ProgramSyntax: Sendable {
    public let statements: [Statement]
}

/// One statement: a line such as `currency EUR`, or a block such as `brand "X" { … }`.
public struct Statement: Sendable {
    public let kind: StatementKind
    /// The whole statement, from its first keyword to its end.
    public let span: Span
    /// The leading keyword, used to name the statement in messages.
    public let keyword: Located<String>
}

public enum StatementKind: Sendable {
    /// `program "KENZ'UP"`
    case programName(Located<String>)
    /// `currency MAD`
    case currency(Located<String>)
    /// `1 point = 0.01 MAD`
    case pointValue(points: ValueSyntax, money: ValueSyntax)
    /// `reward points` or `reward bonus`
    case reward(Located<RewardKind>)
    /// `credit next buy` or `credit same buy`
    case credit(Located<CreditTiming>)
    /// `earn 5% of eligible revenue [at full prices] rounded down`
    case earnRate(rate: ValueSyntax, prices: Located<PriceBasis>?, rounding: Located<Rounding>)
    /// `earn 1 point per 1.00 EUR rounded down`
    case earnPer(points: ValueSyntax, per: ValueSyntax, rounding: Located<Rounding>)
    /// `line totals rounded half up`
    case lineTotals(Located<Rounding>)
    /// `overrides { … }`
    case overrides([OverrideItem])
    /// `whitelist { … }` or `blacklist { … }`
    case list(ListKind, [ListEntry])
    /// `bonus products { vat 7% article 111000007 "Bonus VAT 7%" … }`
    case bonusProducts([BonusProductSyntax])
    /// `redeem cash then bonus`
    case redeem([Located<BalanceKind>])
    /// `burn rounded up`
    case burn(Located<Rounding>)
    /// `tender "PayWithPoints" earns nothing`
    case tenderEarnsNothing(Located<String>)
    /// `points payments earn nothing`
    case pointsPaymentsEarnNothing
    /// `unregistered customers get pending credit` / `… get vouchers of 5.00 MAD`
    case unregistered(UnregisteredSyntax)
    /// `message qr "…"` or `message unregistered "…"`
    case message(Located<MessageKind>, Located<String>)
    /// `qr valid 5 minutes`
    case qrValid(ValueSyntax)
    /// `offer "BP-10" { … }`
    case offer(Located<String>, [OfferItem])
    /// `time zone "Europe/Paris"`
    case timeZone(Located<String>)
    /// `tiers basic silver gold`, lowest first
    case tiers([Located<String>])
    /// `minimum eligible revenue 10.00 EUR`
    case minimum(ValueSyntax)
    /// `list "gift cards" { ean 4000000000017 … }`: a named list of articles for rules
    case namedList(Located<String>, [ListEntry])
    /// `rule "Saturdays double" { … }`
    case rule(RuleSyntax)
    /// `brand "Afriquia Gaz" { … }` or `merchant "58725" { … }`
    case section(SectionKind, Located<String>, [Statement])
}

public enum RewardKind: String, Sendable, CaseIterable {
    /// Loyalty points, worth the program's point value each.
    case points
    /// Bonus money credited to the customer's bonus balance.
    case bonus
}

public enum CreditTiming: String, Sendable, CaseIterable {
    /// The reward is credited after the purchase and spendable from the next buy on.
    case nextBuy = "next buy"
    /// The reward is applied at once to the same buy as a discount.
    case sameBuy = "same buy"
}

public enum PriceBasis: String, Sendable, CaseIterable {
    /// The price actually charged (after reductions).
    case reduced
    /// The full price before any reduction.
    case full
}

public enum ListKind: String, Sendable, CaseIterable {
    case whitelist, blacklist
}

public enum EntryKind: String, Sendable, CaseIterable {
    case article, ean
}

public enum BalanceKind: String, Sendable, CaseIterable {
    case cash, bonus
}

public enum MessageKind: String, Sendable, CaseIterable {
    /// Shown with the QR code of a sale awaiting its scan.
    case qr
    /// Answered when a forced earn saved a credit for an unregistered customer.
    case unregistered
}

public enum SectionKind: String, Sendable, CaseIterable {
    case brand, merchant
}

/// An entry of a whitelist or blacklist: `article 30037` or `ean 4999012345678 "Water"`.
public struct ListEntry: Sendable {
    public let kind: Located<EntryKind>
    public let value: Located<String>
    public let description: Located<String>?
}

/// `vat 7% article 111000007 "Bonus VAT 7%"`
public struct BonusProductSyntax: Sendable {
    public let vat: ValueSyntax
    public let article: Located<String>
    public let description: Located<String>
    public let span: Span
}

public enum UnregisteredSyntax: Sendable {
    case pendingCredit
    case vouchers(ValueSyntax)
}

/// A line of an `overrides` block.
public enum OverrideItem: Sendable {
    /// `rate up to 20%`
    case rateUpTo(ValueSyntax, Span)
    /// `amount up to 100.00 MAD`
    case amountUpTo(ValueSyntax, Span)
    /// `reason required`
    case reasonRequired(Span)
}

/// A line of an `offer` block.
public enum OfferItem: Sendable {
    /// `merchant "58725"`
    case merchant(Located<String>, Span)
    /// `cashback 10% rounded down` or `cashback 2.00 EUR`
    case benefit(Located<OfferBenefitKind>, ValueSyntax, Located<Rounding>?, Span)
    /// `minimum spend 20.00 EUR`
    case minimumSpend(ValueSyntax, Span)
    /// `cap 5.00 EUR`
    case cap(ValueSyntax, Span)
}

public enum OfferBenefitKind: String, Sendable, CaseIterable {
    case cashback, discount
}

/// A value: one quantity or a sum of quantities, `5%`, `0.01 MAD`, `5 minutes`, `5% + 3 MAD`.
public struct ValueSyntax: Sendable {
    public let terms: [QuantitySyntax]
    public let span: Span
}

/// A number with its unit as written, and its sign within a sum.
public struct QuantitySyntax: Sendable {
    /// The digits as written: `12.45`.
    public let number: String
    public let negative: Bool
    public let unit: Located<String>?
    public let span: Span
}
