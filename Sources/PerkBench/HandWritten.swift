import Perk

/// The benchmark's rules written by hand in plain Swift, as an engine without Perk would
/// code them: the yardstick the engine is measured against. Each function computes exactly
/// what its program says for the requests of its case, and nothing more general.
enum HandWritten {
    /// secucard "Stammkunde" (programs/secucard.perk), paying with the card: cash then bonus,
    /// the redeemed bonus split across the VAT rates by largest remainder into bonus product
    /// lines, 10% of the eligible revenue rounded down as bonus, credited for the next buy.
    static func secucard(_ request: Request) -> Figures {
        var figures = Figures()
        var total: Int64 = 0
        var weights: (Int64, Int64, Int64) = (0, 0, 0)
        for line in request.lines {
            let amount = lineTotal(line)
            total += amount
            switch line.vatRate?.millionths {
            case 0: weights.0 += amount
            case 70_000: weights.1 += amount
            default: weights.2 += amount
            }
        }
        figures.saleTotal = total
        let balances = request.customer?.balances ?? Request.Balances()
        let cash = min(balances.cash, total)
        let bonus = min(balances.bonus, total - cash)
        figures.cashRedeemed = cash
        figures.bonusRedeemed = bonus
        figures.missingSum = total - cash - bonus
        // Largest remainder over the three rates; ties go to the lower rate.
        let weight = [weights.0, weights.1, weights.2]
        var shares = [Int64](repeating: 0, count: 3)
        var remainders = [Int64](repeating: 0, count: 3)
        var given: Int64 = 0
        for index in 0..<3 {
            shares[index] = bonus * weight[index] / total
            remainders[index] = bonus * weight[index] % total
            given += shares[index]
        }
        while given < bonus {
            var best = 0
            for index in 1..<3 where remainders[index] > remainders[best] { best = index }
            shares[best] += 1
            remainders[best] = -1
            given += 1
        }
        var eligible = total
        for index in 0..<3 where shares[index] > 0 {
            figures.bonusLines.append(.init(article: products[index].article, amount: -shares[index],
                                            vatRate: Rate(millionths: products[index].vat)))
            eligible -= shares[index]
        }
        figures.eligibleRevenue = eligible
        figures.bonusEarned = eligible / 10
        figures.cashback = figures.bonusEarned
        figures.balancesAfter = .init(cash: balances.cash - cash, bonus: balances.bonus - bonus + figures.bonusEarned,
                                      points: balances.points)
        return figures
    }

    /// The bonus products, by VAT rate in millionths.
    private static let products: [(vat: Int64, article: String)] = [(0, "111000000"), (70_000, "111000007"), (190_000, "111000019")]

    /// Points at 5% of the revenue of the lines whose article number and EAN are not on the
    /// blacklist, one point per cent, rounded down.
    static func blacklist(_ request: Request, articles: Set<String>, eans: Set<String>) -> Figures {
        var figures = Figures()
        var total: Int64 = 0
        var eligible: Int64 = 0
        for line in request.lines {
            let amount = lineTotal(line)
            total += amount
            if let article = line.article, articles.contains(article) { continue }
            if let ean = line.ean, eans.contains(ean) { continue }
            eligible += amount
        }
        figures.saleTotal = total
        figures.missingSum = total
        figures.eligibleRevenue = eligible
        figures.pointsEarned = eligible * 5 / 100
        figures.cashback = figures.pointsEarned
        return figures
    }

    /// KENZ'UP (programs/kenzup.perk): 5% of the sale in points of 0.01 MAD, rounded down;
    /// a payment's part paid with points (rounded up) earns nothing; the customer has five
    /// minutes to scan the QR code, and the message tells the points.
    static func kenzup(_ request: Request) -> Figures {
        var figures = Figures()
        let total = (request.kind == .payment ? request.saleAmount : request.amount) ?? 0
        figures.saleTotal = total
        var eligible = total
        var remaining = total
        if request.kind == .payment {
            let paid = request.paidAmount ?? request.amount ?? 0
            figures.paidAmount = paid
            remaining -= paid
            if request.paidWithPoints {
                figures.pointsBurned = paid
                eligible -= paid
            }
        }
        figures.missingSum = remaining
        figures.eligibleRevenue = eligible
        figures.pointsEarned = eligible * 5 / 100
        figures.cashback = figures.pointsEarned
        if let balances = request.customer?.balances {
            figures.balancesAfter = .init(cash: balances.cash, bonus: balances.bonus,
                                          points: balances.points - figures.pointsBurned + figures.pointsEarned)
        }
        figures.status = "pending"
        figures.expiresAt = request.time?.adding(seconds: 300)
        figures.message = "Recevez \(figures.pointsEarned) points de fidélité en téléchargeant Kenz'up!"
        return figures
    }

    /// Marché Vert (programs/marche-vert.perk): staff earn nothing; below 10.00 EUR of
    /// eligible revenue (gift cards excluded) nothing is earned; 1% (silver 2%, gold 3%,
    /// doubled on Saturdays in Paris) plus 2% of organic lines, each rounded down, 500 points
    /// on a first purchase, 200 on the birthday, 100 from 50.00 EUR from 1 to 24 December 2026.
    static func marcheVert(_ request: Request, zone: TimeZoneRules) -> Figures {
        var figures = Figures()
        var (total, eligible, organic): (Int64, Int64, Int64) = (0, 0, 0)
        for line in request.lines {
            let amount = lineTotal(line)
            total += amount
            if line.ean == "4000000000017" { continue }
            eligible += amount
            if line.category == "organic" { organic += amount }
        }
        figures.saleTotal = total
        figures.missingSum = total
        figures.eligibleRevenue = eligible
        let customer = request.customer
        guard let time = request.time, customer?.tags.contains("staff") != true, eligible >= 1000 else { return figures }
        let local = zone.localTime(of: time)
        var rate: Int64 = customer?.tier == "gold" ? 3 : customer?.tier == "silver" ? 2 : 1
        if local.weekday == .saturday { rate *= 2 }
        // One point is one cent: a percentage of cents is that many hundredths of points.
        var points = eligible * rate / 100 + organic * 2 / 100
        if customer?.firstPurchase == true { points += 500 }
        let date = local.date
        let leap = date.year % 4 == 0 && (date.year % 100 != 0 || date.year % 400 == 0)
        if customer?.birthday?.falls(onMonth: date.month, day: date.day, leapYear: leap) == true { points += 200 }
        if date.year == 2026, date.month == 12, date.day <= 24, eligible >= 5000 { points += 100 }
        figures.pointsEarned = points
        figures.cashback = points
        return figures
    }

    /// Atlas Fuel (programs/atlas-fuel.perk): 5 points a litre of fuel in December 2026 in
    /// Casablanca, rounded down, at most 200; 2% of every other line, rounded down.
    static func atlasFuel(_ request: Request, zone: TimeZoneRules) -> Figures {
        var figures = Figures()
        var (total, litres, shop): (Int64, Int64, Int64) = (0, 0, 0)
        for line in request.lines {
            // Quantity (thousandths) times a price with its extra decimals, rounded half up once.
            var divisor: Int64 = 1000
            for _ in 0..<line.unitPriceExtraDecimals { divisor *= 10 }
            let amount = (line.unitPrice * line.quantityThousandths + divisor / 2) / divisor
            total += amount
            if line.category == "fuel" { litres += line.quantityThousandths } else { shop += amount }
        }
        figures.saleTotal = total
        figures.missingSum = total
        figures.eligibleRevenue = total
        var points = shop * 2 / 100
        if let time = request.time {
            let date = zone.localTime(of: time).date
            if date.year == 2026, date.month == 12 { points += min(litres * 5 / 1000, 200) }
        }
        figures.pointsEarned = points
        figures.cashback = points
        return figures
    }

    /// Quantity (thousandths) times unit price, rounded half up to the minor unit. The
    /// workload's prices have the currency's decimals and no more: no extra decimals to divide by.
    private static func lineTotal(_ line: Request.Line) -> Int64 {
        assert(line.unitPriceExtraDecimals == 0, "the hand-written rules take prices with the currency's decimals")
        if line.quantityThousandths == 1000 { return line.unitPrice }
        return (line.unitPrice * line.quantityThousandths + 500) / 1000
    }
}
