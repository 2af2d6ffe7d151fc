/// What a rule earns, with its units checked: the exact amount is a fraction computed from
/// the sale's facts, then rounded once, in the rule's direction. A plain value: line
/// predicates and unit names are numbers into the program's pools.
struct Earning: Sendable, Equatable, BitwiseCopyable {
    enum Kind: Sendable, Equatable, BitwiseCopyable {
        /// A percentage of the eligible revenue, or of the matching eligible lines' amounts.
        case rate(Rate, Base)
        /// `points` for every `perMinorUnits` of the eligible revenue or of the matching lines.
        case perAmount(points: Int64, perMinorUnits: Int64, Base)
        /// `points` for every unit of quantity of the matching eligible lines (`5 points per
        /// litre`); `unit` is the unit's name in the program's `Symbols`, `lines` the root of
        /// the lines' predicate, nil for every eligible line.
        case perUnit(points: Int64, unit: Int32, lines: Int32?)
        /// A fixed number of points, or of minor units for a bonus program.
        case fixed(Int64)
    }
    /// The amount a rate or a per-amount earning is taken of.
    enum Base: Sendable, Equatable, BitwiseCopyable {
        /// The sale's eligible revenue (after tenders and points payments that earn nothing).
        case eligibleRevenue
        /// The amounts of the eligible lines that match the predicate with this root in the
        /// program's `LinePredicates`, or (nil) of every eligible line.
        case lines(Int32?)
    }
    let kind: Kind
    let rounding: Rounding

    /// The root of the predicate of the lines the earning counts, if it counts some lines only.
    var lineRoot: Int32? {
        switch kind {
        case .rate(_, .lines(let root?)), .perAmount(_, _, .lines(let root?)), .perUnit(_, _, let root?): return root
        default: return nil
        }
    }

    /// The rate, for a rule that another rule's `set rate` or `multiply rate` modifies.
    var rate: Rate? {
        if case .rate(let rate, _) = kind { return rate }
        return nil
    }
}

/// When in a sale a rule applies. The rules of one stage apply in program order, each stage
/// after the one before.
enum PlanStage: UInt8, Sendable, BitwiseCopyable {
    /// Gives the card-linked offers' cashback and discounts, before the sale is paid.
    case offers
    /// Decides which basket lines count toward the eligible revenue: a whitelist or blacklist.
    case lines
    /// Decides the eligible revenue: what tenders and points payments take off it.
    case revenue
    /// Earns from the eligible revenue and the lines: every rule a program manager writes.
    case earning
}

/// What a rule does when its conditions hold.
enum Effect: Sendable, Equatable, BitwiseCopyable {
    /// Earns points or bonus money.
    case earn(Earning)
    /// Replaces the rate of the rule at `target` (its index in the plan).
    case setRate(target: Int, Rate)
    /// Multiplies the rate of the rule at `target` by a factor in millionths.
    case multiply(target: Int, factor: Int64)
    /// Nothing but its `stop`, if it has one.
    case none
    /// Takes what was paid with the tender of this number (in `Symbols`) off the eligible
    /// revenue: `tender "PayWithPoints" earns nothing`.
    case excludeTender(Int32)
    /// Takes the part of the sale paid with points off the eligible revenue.
    case excludePointsPayments
    /// Gives the card-linked offer of this number in the plan's `offers`: its cashback, or its
    /// discount off what is left to pay.
    case offer(Int32)
    /// Counts toward the eligible revenue only the lines on the list of this number in the
    /// plan's `lists` (a whitelist), or only those not on it (a blacklist).
    case countLines(Int32)

    /// When in a sale the effect applies: one that decides the eligible revenue applies
    /// before the rules that earn from it.
    var stage: PlanStage {
        switch self {
        case .offer: return .offers
        case .countLines: return .lines
        case .excludeTender, .excludePointsPayments: return .revenue
        case .earn, .setRate, .multiply, .none: return .earning
        }
    }

    /// Whether the effect earns points or money.
    var earns: Bool {
        if case .earn = self { return true }
        return false
    }

    /// The rule this one modifies, if it does.
    var target: Int? {
        switch self {
        case .setRate(let target, _), .multiply(let target, _): return target
        case .earn, .none, .excludeTender, .excludePointsPayments, .countLines, .offer: return nil
        }
    }
}
