/// A program whose names are resolved and whose values carry checked units: the checker's
/// output and the compiler's input. Rules keep their program location for the trace, and
/// the earn rule and overrides their keyword span for the checker's own diagnostics.
struct CheckedProgram {
    var name = ""
    var currency: Currency?
    var pointValue: PointValue?
    var reward: RewardKind?
    var credit: CreditTiming = .nextBuy
    var lineRounding: Rounding = .halfUp
    var burnRounding: Stated<Rounding>?
    var redeemOrder = Stated<[BalanceKind]>(value: [.cash, .bonus], location: nil)
    var bonusProducts: [BonusProduct] = []
    var offers: [Offer] = []
    /// The program's rules, in program order.
    var rules: [CheckedRule] = []
    var zone: TimeZoneRules?
    /// The tiers, lowest first.
    var tiers: [String] = []
    /// `minimum eligible revenue`, in minor units.
    var minimum: Int64?
    /// The names the rules' conditions compare, and the units they count, by number.
    var symbols = Symbols()
    /// The line predicates of the rules' earnings, and the lists and categories they read.
    var predicates = LinePredicates()
    var base = ScopeSettings()
    var sections: [(kind: SectionKind, name: String, settings: ScopeSettings)] = []
}

/// A rule whose names, values and units are resolved.
struct CheckedRule {
    let name: String
    let location: ProgramLocation
    let conditions: [Condition]
    let effect: Effect
    let cap: Int64?
    let stops: Bool
}

/// The settings a scope states itself; nil means "inherited from the enclosing scope".
struct ScopeSettings: Sendable {
    var earn: EarnRule?
    var overrides: OverridePolicy?
    /// The scope's whitelist or blacklist (it has one at most, E0401): a section's replaces
    /// the program's, whatever its kind.
    var list: ArticleList?
    var unregistered: Stated<UnregisteredPolicy>?
    var qrMessage: MessageTemplate?
    var unregisteredMessage: MessageTemplate?
    var qrValiditySeconds: Stated<Int64>?
    /// Tender ids that earn nothing, with where each was stated.
    var noEarnTenders: [String: ProgramLocation] = [:]
    /// Where `points payments earn nothing` was stated, if it was.
    var pointsPaymentsEarnNothing: ProgramLocation?
}

/// A setting with the place in the program that states it (nil for a default), so that the
/// trace can point at the rule that decided.
struct Stated<Value: Sendable>: Sendable {
    let value: Value
    let location: ProgramLocation?
}

/// How many points are worth how much money: `100 points = 1.00 EUR` is 100 points per 100 minor units.
struct PointValue: Sendable, Equatable {
    let points: Int64
    let minorUnits: Int64

    /// What `count` points are worth, in minor units rounded down.
    func worth(_ count: Int64, field: @autoclosure () -> String) throws(EvaluationError) -> Int64 {
        let (product, overflow) = count.multipliedReportingOverflow(by: minorUnits)
        // In 64 bits, division is several times cheaper; one point per unit needs none.
        if !overflow { return points == 1 ? product : product / points }
        guard let value = Int64(exactly: Int128(count) * Int128(minorUnits) / Int128(points)) else {
            throw .overflow(field())
        }
        return value
    }
}

/// Where a rule was written, for the trace: `programs/kenzup.perk:7:1`.
public struct ProgramLocation: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public var description: String { "\(file):\(line):\(column)" }
}

/// The earn rule of a scope. A class: every scope and evaluation that uses it shares it.
final class EarnRule: Sendable {
    enum Kind: Sendable {
        /// A percentage of eligible revenue, on reduced or full prices.
        case rate(Rate, PriceBasis)
        /// `points` points for every `perMinorUnits` of eligible revenue.
        case perAmount(points: Int64, perMinorUnits: Int64)
    }
    let kind: Kind
    let rounding: Rounding
    /// The rule as written, for the trace.
    let text: String
    let location: ProgramLocation
    /// The rule's leading keyword, for diagnostics about it.
    let keywordSpan: Span

    init(kind: Kind, rounding: Rounding, text: String, location: ProgramLocation, keywordSpan: Span) {
        self.kind = kind
        self.rounding = rounding
        self.text = text
        self.location = location
        self.keywordSpan = keywordSpan
    }

    var rate: Rate? {
        if case .rate(let rate, _) = kind { return rate }
        return nil
    }
}

/// Which request overrides a scope accepts.
struct OverridePolicy: Sendable {
    let maximumRate: Rate?
    let maximumAmount: Int64?
    let reasonRequired: Bool
    /// The `overrides` keyword, for diagnostics about the block.
    let keywordSpan: Span
}

/// A whitelist or blacklist: entries by article number and by EAN, each with the byte
/// offset of its value in the source, for diagnostics and the trace. A class: scopes and
/// evaluations share one list, however large.
final class ArticleList: Sendable {
    /// The most entries a list may have (E0209).
    static let maximumEntries = 1_000_000

    /// The entry a basket line matched.
    struct Entry {
        let kind: EntryKind
        /// Where the entry's value is written in the source.
        let offset: Int
    }

    let kind: ListKind
    let articles: ArticleTable
    let eans: ArticleTable
    let location: ProgramLocation

    init(kind: ListKind, articles: ArticleTable, eans: ArticleTable, location: ProgramLocation) {
        self.kind = kind
        self.articles = articles
        self.eans = eans
        self.location = location
    }

    /// The entry a line matches, article number first.
    func match(article: String?, ean: String?) -> Entry? {
        if let article, let offset = articles.value(of: article) { return Entry(kind: .article, offset: Int(offset)) }
        if let ean, let offset = eans.value(of: ean) { return Entry(kind: .ean, offset: Int(offset)) }
        return nil
    }
}

/// What a forced earn for an unregistered customer becomes.
enum UnregisteredPolicy: Sendable {
    /// A pending credit in points, granted when the customer registers.
    case pendingCredit
    /// Vouchers of `denomination` minor units, each worth `pointsEach` points; the rest stays a pending credit.
    case vouchers(denomination: Int64, pointsEach: Int64)
}

/// A message with placeholders, split once at compile time.
struct MessageTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case placeholder(Placeholder)
    }
    let parts: [Part]
}

/// The values a message may show.
enum Placeholder: String, Sendable, CaseIterable {
    case points, cashback, mobile, vouchers
    case expiresAt = "expires_at"
}

/// A bonus product: the article that carries the redeemed bonus of one VAT rate.
struct BonusProduct: Sendable {
    let vat: Rate
    let article: String
    let description: String
}

/// A card-linked offer.
struct Offer: Sendable {
    enum Amount: Sendable {
        case rate(Rate, Rounding)
        case fixed(Int64)
    }
    let id: String
    let merchant: String
    let benefit: OfferBenefitKind
    let amount: Amount
    let minimumSpend: Int64
    let cap: Int64?
    let location: ProgramLocation
}
