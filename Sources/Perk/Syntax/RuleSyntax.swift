/// `rule "December campaign" { … }`: a named rule as written, its items in order.
public struct RuleSyntax: Sendable {
    public let name: Located<String>
    public let items: [RuleItem]
}

/// One line of a rule.
public enum RuleItem: Sendable {
    /// `when weekday is Saturday`
    case when(ConditionSyntax, Span)
    /// `earn 1% of eligible revenue rounded down`, `earn 500 points`, …
    case earn(EarnSyntax, Span)
    /// `set rate of "base" to 2%`
    case setRate(target: Located<String>, rate: ValueSyntax, Span)
    /// `multiply rate of "base" by 2`
    case multiply(target: Located<String>, factor: ValueSyntax, Span)
    /// `cap 200 points`
    case cap(ValueSyntax, Span)
    /// `stop`
    case stop(Span)

    /// The whole line.
    public var span: Span {
        switch self {
        case .when(_, let span), .earn(_, let span), .setRate(_, _, let span), .multiply(_, _, let span),
             .cap(_, let span), .stop(let span):
            return span
        }
    }
}

/// A condition of a rule, as written after `when`.
public enum ConditionSyntax: Sendable {
    /// `date from 2026-12-01 to 2026-12-24`
    case dates(from: Located<String>, to: Located<String>)
    /// `weekday is Saturday or Sunday`
    case weekdays([Located<String>])
    /// `time from 22:00 to 02:00`
    case hours(from: Located<String>, to: Located<String>)
    /// `customer tier is silver or above`, `customer tier is silver or gold`
    case tier([Located<String>], orAbove: Bool)
    /// `customer has tag "staff"`
    case tag(Located<String>)
    /// `customer birthday is today`
    case birthday
    /// `first purchase`
    case firstPurchase
    /// `eligible revenue at least 50.00 EUR`, `total below 10.00 EUR`
    case amount(AmountSubject, AmountComparison, ValueSyntax)
    /// `merchant is "58725"`, `brand is "Afriquia Gaz" or "Shell"`
    case place(PlaceField, [Located<String>])
    /// `paid with tender "PayWithPoints"`
    case tender(Located<String>)
}

/// The sale amount a condition compares: the eligible revenue or the sale total.
public enum AmountSubject: String, Sendable, CaseIterable, BitwiseCopyable {
    case eligibleRevenue = "eligible revenue"
    case total
}

/// How a condition compares a sale amount with its limit: `at least` it, or `below` it.
public enum AmountComparison: String, Sendable, CaseIterable, BitwiseCopyable {
    case atLeast = "at least"
    case below
}

/// The request field that says where a sale was made.
public enum PlaceField: String, Sendable, CaseIterable, BitwiseCopyable {
    case merchant, brand, terminal, shop
}

/// What an `earn` gives, as written.
public struct EarnSyntax: Sendable {
    public enum Kind: Sendable {
        /// `5% of eligible revenue [at full prices]` or `2% of lines in category organic`
        case rate(ValueSyntax, EarnBase)
        /// `1 point per 1.00 EUR [of lines …]`
        case perAmount(points: ValueSyntax, per: ValueSyntax, lines: LinesSyntax?)
        /// `5 points per litre [of lines …]`: per unit of the lines' quantity.
        case perUnit(points: ValueSyntax, unit: Located<String>, lines: LinesSyntax?)
        /// `500 points` or `2.00 EUR`
        case fixed(ValueSyntax)
    }
    public let kind: Kind
    public let rounding: Located<Rounding>?
}

/// What a percentage is taken of.
public enum EarnBase: Sendable {
    case eligibleRevenue(prices: Located<PriceBasis>?)
    case lines(LinesSyntax)
}

/// `lines in category organic`: the basket lines an effect counts.
public struct LinesSyntax: Sendable {
    /// nil: every eligible line.
    public let predicate: LinePredicateSyntax?
    public let span: Span
}

/// Which lines: by category, list, article or EAN, combined with `not`, `and`, `or`.
public indirect enum LinePredicateSyntax: Sendable {
    case category(Located<String>)
    case list(Located<String>)
    case article(Located<String>)
    case ean(Located<String>)
    case not(LinePredicateSyntax)
    case and(LinePredicateSyntax, LinePredicateSyntax)
    case or(LinePredicateSyntax, LinePredicateSyntax)
}
