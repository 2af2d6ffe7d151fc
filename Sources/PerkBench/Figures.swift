import Perk

/// The numbers a case's rules produce, from the engine's outcome or from the hand-written
/// Swift: the benchmark fails when the two differ.
struct Figures: Equatable, CustomStringConvertible {
    struct BonusLine: Equatable {
        var article: String
        var amount: Int64
        var vatRate: Rate
    }

    var status = "approved"
    var saleTotal: Int64 = 0
    var eligibleRevenue: Int64 = 0
    var pointsEarned: Int64 = 0
    var bonusEarned: Int64 = 0
    var cashback: Int64 = 0
    var cashRedeemed: Int64 = 0
    var bonusRedeemed: Int64 = 0
    var pointsBurned: Int64 = 0
    var paidAmount: Int64?
    var missingSum: Int64 = 0
    var bonusLines: [BonusLine] = []
    var balancesAfter: Request.Balances?
    var message: String?
    var expiresAt: Timestamp?

    init() {}

    init(_ outcome: Outcome) {
        status = outcome.status.rawValue
        saleTotal = outcome.saleTotal
        eligibleRevenue = outcome.eligibleRevenue
        pointsEarned = outcome.pointsEarned
        bonusEarned = outcome.bonusEarned
        cashback = outcome.cashback
        cashRedeemed = outcome.cashRedeemed
        bonusRedeemed = outcome.bonusRedeemed
        pointsBurned = outcome.pointsBurned
        paidAmount = outcome.paidAmount
        missingSum = outcome.missingSum
        bonusLines = outcome.bonusProducts.map { BonusLine(article: $0.article, amount: $0.amount, vatRate: $0.vatRate) }
        balancesAfter = outcome.balancesAfter
        message = outcome.message
        expiresAt = outcome.expiresAt
    }

    /// A few of an outcome's numbers added up, for a checksum that keeps its work from
    /// being optimized away.
    static func sum(_ outcome: Outcome) -> Int64 { outcome.missingSum &+ outcome.pointsEarned &+ outcome.bonusEarned }
    static func sum(_ figures: Figures) -> Int64 { figures.missingSum &+ figures.pointsEarned &+ figures.bonusEarned }

    var description: String {
        var parts = ["status \(status)", "sale total \(saleTotal)", "eligible \(eligibleRevenue)", "points \(pointsEarned)",
                     "bonus \(bonusEarned)", "cashback \(cashback)", "cash redeemed \(cashRedeemed)",
                     "bonus redeemed \(bonusRedeemed)", "points burned \(pointsBurned)", "missing \(missingSum)"]
        if let paidAmount { parts.append("paid \(paidAmount)") }
        for line in bonusLines { parts.append("bonus product \(line.article) \(line.amount) @\(line.vatRate)") }
        if let after = balancesAfter { parts.append("after cash \(after.cash) bonus \(after.bonus) points \(after.points)") }
        if let message { parts.append("message \"\(message)\"") }
        if let expiresAt { parts.append("expires \(expiresAt)") }
        return parts.joined(separator: ", ")
    }
}
