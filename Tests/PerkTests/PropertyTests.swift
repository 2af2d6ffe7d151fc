import Foundation
@testable import Perk
@testable import PerkBench
import Testing

/// Properties that hold for every program and every request, checked on generated ones:
/// 2,000 programs formatted and compiled again, and 100,000 requests on 1,000 programs.
/// The generators are seeded, so a failure names the seed and case that repeat it.
@Suite struct PropertyTests {
    /// Formatting a program and compiling it again gives the same compiled program: every
    /// rule, list and message the same; only where things are written may move.
    @Test func formattingKeepsTheCompiledProgram() throws {
        var random = SplitMix64(seed: 6_001)
        for index in 0..<2_000 {
            let generated = ProgramGenerator.make(&random)
            let program = try Program(text: generated.text, name: "generated.perk")
            let formatted = try Formatter.format(program.source)
            let again = try Program(text: formatted, name: "generated.perk")
            let before = CompiledShape.of(program, keys: generated.keys)
            let after = CompiledShape.of(again, keys: generated.keys)
            guard before == after else {
                let difference = zip(before.split(separator: ","), after.split(separator: ",")).first { $0 != $1 }
                Issue.record("program \(index) changed when formatted (\(difference.map { "\($0) became \($1)" } ?? "")):\n\(generated.text)\n--- formatted:\n\(formatted)")
                return
            }
            #expect(try Formatter.format(again.source) == formatted, "program \(index): formatting is not idempotent")
        }
    }

    /// On 100,000 requests: what is redeemed never exceeds a balance, nothing goes negative,
    /// the VAT shares add up to the bonus taken off the basket, the parts of the sale add up
    /// to its total, and the same request gives the same outcome, with or without a trace.
    @Test func outcomesKeepTheirInvariants() throws {
        var random = SplitMix64(seed: 6_002)
        var evaluated = 0
        var redeeming = 0
        var splitting = 0
        for programIndex in 0..<1_000 {
            let generated = ProgramGenerator.make(&random)
            let program = try Program(text: generated.text, name: "generated.perk")
            for requestIndex in 0..<100 {
                let json = RequestGenerator.make(&random, keys: generated.keys, currency: program.currency.code)
                let label = "program \(programIndex), request \(requestIndex):\n\(generated.text)\n\(json)"
                let request: Request
                do {
                    request = try Request(json: json, currency: program.currency)
                } catch {
                    Issue.record("the generated request is invalid (\(error)); \(label)")
                    return
                }
                let outcome: Outcome
                do {
                    outcome = try program.evaluate(request)
                } catch {
                    // Refused as a whole: the same again, and the same without a trace.
                    #expect(throws: error) { try program.evaluate(request, trace: false) }
                    continue
                }
                evaluated += 1
                if outcome.cashRedeemed + outcome.bonusRedeemed > 0 { redeeming += 1 }
                if outcome.bonusProducts.count > 1 { splitting += 1 }
                let failures = Invariants.check(outcome, request: request, bonusProducts: !program.rules.bonusProducts.isEmpty)
                    + Invariants.same(outcome, try program.evaluate(request), try program.evaluate(request, trace: false))
                if !failures.isEmpty {
                    Issue.record("\(failures.joined(separator: "; ")); \(label)\n\(outcome.json())")
                    return
                }
            }
        }
        // The generators must reach the interesting cases, or the properties prove little.
        #expect(evaluated > 60_000)
        #expect(redeeming > 5_000)
        #expect(splitting > 1_000)
    }
}

/// What each invariant says about one outcome; an empty list when all hold.
enum Invariants {
    /// `bonusProducts`: whether the program has bonus products to carry the bonus (without
    /// them a redeemed bonus is a plain discount).
    static func check(_ outcome: Outcome, request: Request, bonusProducts: Bool) -> [String] {
        var failures: [String] = []
        func require(_ condition: Bool, _ what: String) { if !condition { failures.append(what) } }
        let numbers: [(String, Int64)] = [
            ("sale_total", outcome.saleTotal), ("eligible_revenue", outcome.eligibleRevenue),
            ("points_earned", outcome.pointsEarned), ("bonus_earned", outcome.bonusEarned), ("cashback", outcome.cashback),
            ("cash_redeemed", outcome.cashRedeemed), ("bonus_redeemed", outcome.bonusRedeemed),
            ("bonus_applied", outcome.bonusApplied), ("points_burned", outcome.pointsBurned),
            ("missing_sum", outcome.missingSum), ("discount", outcome.discount), ("offer_cashback", outcome.offerCashback),
            ("paid_amount", outcome.paidAmount ?? 0),
        ]
        for (name, value) in numbers { require(value >= 0, "\(name) is negative") }
        if let after = outcome.balancesAfter {
            require(after.cash >= 0 && after.bonus >= 0 && after.points >= 0, "a balance after is negative")
        }
        let balances = request.customer?.balances
        require(outcome.cashRedeemed <= balances?.cash ?? 0, "more cash redeemed than the balance")
        require(outcome.bonusRedeemed <= balances?.bonus ?? 0, "more bonus redeemed than the balance")
        require(outcome.pointsBurned <= balances?.points ?? 0, "more points burned than the balance")
        // The bonus product lines carry exactly the bonus taken off the basket, split by VAT.
        let shares = outcome.bonusProducts.reduce(Int64(0)) { $0 + $1.amount }
        require(-shares == (bonusProducts ? outcome.bonusRedeemed + outcome.bonusApplied : 0),
                "the VAT shares \(-shares) are not the bonus taken off")
        require(Set(outcome.bonusProducts.map(\.vatRate)).count == outcome.bonusProducts.count, "two bonus products for one VAT rate")
        // What pays the sale adds up to its total.
        if outcome.status != .declined && request.kind != .burn && request.kind != .balance {
            let paid = outcome.cashRedeemed + outcome.bonusRedeemed + outcome.bonusApplied + outcome.discount
                + (outcome.paidAmount ?? 0) + outcome.missingSum
            require(paid == outcome.saleTotal, "redeemed, applied, discounted, paid and missing make \(paid), not the total \(outcome.saleTotal)")
        }
        return failures
    }

    /// The same request evaluated again, and without its trace, gives the same numbers.
    static func same(_ outcome: Outcome, _ again: Outcome, _ untraced: Outcome) -> [String] {
        var failures: [String] = []
        if again != outcome { failures.append("a second evaluation differs") }
        if untraced.json(trace: false) != outcome.json(trace: false) { failures.append("the untraced outcome differs") }
        if untraced.trace != nil { failures.append("the untraced outcome has a trace") }
        return failures
    }
}

/// A compiled program as text, without where its rules are written: two programs have the
/// same shape exactly when they hold the same rules. Article lists are shown by which of
/// the generator's keys they hold, and dictionaries in sorted order.
enum CompiledShape {
    static func of(_ program: Program, keys: [String]) -> String {
        describe(program.rules, keys: keys)
    }

    private static func describe(_ value: Any, keys: [String]) -> String {
        switch value {
        case is ProgramLocation, is Span, is Source:
            return "_"
        case let diagnostic as Diagnostic:
            return "\(diagnostic.code) \(diagnostic.message)"
        case let list as ArticleList:
            let articles = keys.filter { list.articles.value(of: $0) != nil }
            let eans = keys.filter { list.eans.value(of: $0) != nil }
            return "\(list.kind) articles \(articles) eans \(eans)"
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        // An earn statement's text is the statement as written, quoted by the trace, like a location.
        let children = mirror.children.filter { !(value is EarnRule && $0.label == "text") && !(value is PlanRule && $0.label == "statement") }
            .map { child in "\(child.label ?? "")=\(describe(child.value, keys: keys))" }
        switch mirror.displayStyle {
        case .dictionary?, .set?:
            return "[" + children.sorted().joined(separator: ", ") + "]"
        case nil:
            return "\(value)"
        default:
            return "\(mirror.subjectType)(" + children.joined(separator: ", ") + ")"
        }
    }
}

/// Valid programs of every construct, written untidily (extra spaces, blank lines,
/// comments, sums) so that formatting has work to do.
enum ProgramGenerator {
    struct Generated {
        let text: String
        /// The article numbers and EANs the lists may hold, for requests to use.
        let keys: [String]
    }

    static let articles = ["A1", "A2", "A3", "B-7", "C_9", "111000007"]
    static let eans = ["4260447149502", "4999012345678", "12345678", "00012345678905"]
    static let roundings = ["down", "up", "half up", "half even"]

    static func make(_ random: inout SplitMix64) -> Generated {
        func pick<T>(_ choices: [T]) -> T { choices[Int(random.next() % UInt64(choices.count))] }
        func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
        func number(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }
        let currency = pick(["EUR", "MAD"])
        func money(_ range: ClosedRange<Int>) -> String {
            let cents = number(range)
            return "\(cents / 100).\(String(format: "%02d", cents % 100)) \(currency)"
        }
        func rate(_ range: ClosedRange<Int>) -> String {
            let tenths = number(range)
            return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
        }
        let space = { (random: inout SplitMix64) -> String in random.next() % 4 == 0 ? "   " : " " }
        var lines: [String] = []
        func add(_ line: String) {
            lines.append(line)
            if chance(10) { lines.append("") }
            if chance(5) { lines.append("# a comment") }
        }
        let points = chance(50)
        let bonus = !points
        add("program\(space(&random))\"Generated \(number(1...999))\"")
        add("currency \(currency)")
        // A voucher must be worth whole points: a multiple of the point value's money.
        var pointValue: (count: Int, cents: Int)?
        if points || chance(30) {
            let value = (count: pick([1, 10, 100]), cents: number(1...100))
            pointValue = value
            add("\(value.count) \(value.count == 1 ? "point" : "points") = \(money(value.cents...value.cents))")
        }
        add("reward \(points ? "points" : "bonus")")
        if bonus { add("credit \(pick(["next buy", "same buy"]))") }
        func earnRule() -> String {
            if points && chance(40) {
                return "earn \(number(1...5)) points per \(money(50...500)) rounded \(pick(roundings))"
            }
            let earnRate = number(1...300)
            let prices = chance(20) ? " at full prices" : ""
            let rateText = chance(15) ? "\(rate(earnRate...earnRate)) + 0%" : rate(earnRate...earnRate)
            return "earn\(space(&random))\(rateText) of eligible revenue\(prices) rounded \(pick(roundings))"
        }
        add(earnRule())
        if chance(20) { add("line totals rounded \(pick(roundings))") }
        if chance(30) {
            var items: [String] = []
            // Above every earn rate generated, sections' too (E0402).
            if chance(70) { items.append("  rate up to \(rate(300...400))") }
            if chance(50) { items.append("  amount up to \(money(100...10_000))") }
            if chance(40) { items.append("  reason required") }
            add("overrides {\n" + items.joined(separator: "\n") + "\n}")
        }
        func list() -> String {
            var entries: [String] = []
            for article in articles where chance(40) {
                let value = article.contains("-") || chance(30) ? "\"\(article)\"" : article
                entries.append("  article \(value)" + (chance(30) ? " \"\(article) item\"" : ""))
            }
            for ean in eans where chance(40) { entries.append("  ean \(ean)") }
            return "\(pick(["whitelist", "blacklist"])) {\n" + entries.joined(separator: "\n") + "\n}"
        }
        if chance(40) { add(list()) }
        if bonus || chance(20) {
            var products: [String] = []
            for vat in ["0%", "7%", "19%"] where chance(80) || vat == "19%" {
                products.append("  vat \(vat) article 1110000\(vat.dropLast().count == 1 ? "0" : "")\(vat.dropLast()) \"Bonus VAT \(vat)\"")
            }
            add("bonus products {\n" + products.joined(separator: "\n") + "\n}")
        }
        if chance(50) { add("redeem \(pick(["cash then bonus", "bonus then cash", "cash", "bonus"]))") }
        if pointValue != nil && chance(50) { add("burn rounded \(pick(roundings))") }
        if chance(30) { add("tender \"T\(number(1...2))\" earns nothing") }
        if chance(20) { add("points payments earn nothing") }
        if points, let pointValue, chance(40) {
            let voucher = pointValue.cents * number(1...9)
            add(chance(50) ? "unregistered customers get pending credit" : "unregistered customers get vouchers of \(money(voucher...voucher))")
        }
        if chance(30) { add("message qr \"Earn {points} points, worth {cashback}, until {expires_at}\"") }
        if chance(20) { add("message unregistered \"Saved for {mobile}: {points} points, {vouchers} vouchers\"") }
        if chance(30) { add("qr valid \(number(1...30)) minutes") }
        for index in 0..<number(0...2) {
            var items = ["  merchant \"M\(number(1...2))\""]
            items.append(chance(50) ? "  cashback \(rate(1...200)) rounded \(pick(roundings))" : "  discount \(money(1...500))")
            if chance(60) { items.append("  minimum spend \(money(0...5_000))") }
            if chance(40) { items.append("  cap \(money(1...1_000))") }
            add("offer \"O\(index)\" {\n" + items.joined(separator: "\n") + "\n}")
        }
        for kind in ["brand", "merchant"] where chance(30) {
            var body: [String] = []
            if chance(60) { body.append(earnRule()) }
            if chance(50) { body.append(list()) }
            if chance(30) { body.append("tender \"T3\" earns nothing") }
            add("\(kind) \"\(kind == "brand" ? "B1" : "M1")\" {\n" + body.joined(separator: "\n") + "\n}")
        }
        let text = lines.joined(separator: "\n") + "\n"
        return Generated(text: text, keys: articles + eans + ["Z9", "99999999"])
    }
}

/// Requests of every type for a generated program: baskets of listed and unlisted articles,
/// VAT rates with and without bonus products, balances, tenders, offers and overrides.
enum RequestGenerator {
    static func make(_ random: inout SplitMix64, keys: [String], currency: String) -> String {
        func pick<T>(_ choices: [T]) -> T { choices[Int(random.next() % UInt64(choices.count))] }
        func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
        func money(_ range: ClosedRange<Int64>) -> String {
            let cents = range.lowerBound + Int64(random.next() % UInt64(range.upperBound - range.lowerBound + 1))
            return "\(cents / 100).\(String(format: "%02d", cents % 100))"
        }
        var members: [String] = []
        let type = pick(["earn", "earn", "earn", "payment", "burn", "balance"])
        members.append("\"type\": \"\(type)\"")
        members.append("\"order_id\": \"G\(random.next() % 1_000_000)\"")
        members.append("\"time\": \"2020-02-12T19:20:30+01:00\"")
        if type == "earn" || type == "payment" {
            if chance(20) { members.append("\"brand\": \"B1\"") }
            if chance(30) { members.append("\"merchant\": \"M\(1 + random.next() % 2)\"") }
        }
        var customer = ["\"mobile\": \"+2126112233\(10 + random.next() % 90)\""]
        if chance(20) { customer.append("\"registered\": false") }
        if chance(30) { customer.append("\"card\": \"C1\", \"linked_offers\": [\"O0\", \"O1\"]") }
        if type != "earn" || chance(60) {
            customer.append("\"balances\": {\"cash\": \(money(0...5_000)), \"bonus\": \(money(0...5_000)), \"points\": \(random.next() % 20_000)}")
        }
        members.append("\"customer\": {" + customer.joined(separator: ", ") + "}")
        switch type {
        case "earn":
            var lines: [String] = []
            let vats = ["0", "7", "19", "5.5"]
            for _ in 0..<(1 + random.next() % 6) {
                let key = pick(keys)
                let field = key.allSatisfy(\.isNumber) && key.count >= 8 ? "ean" : "article"
                let price = money(1...8_000)
                var line = "\"\(field)\": \"\(key)\", \"unit_price\": \(price), \"quantity\": \(pick(["1", "2", "0.5", "1.125", "3"]))"
                if chance(20) { line += ", \"full_price\": \(price)" }
                if chance(85) { line += ", \"vat_rate\": \(pick(vats.prefix(chance(95) ? 3 : 4).map { $0 }))" }
                lines.append("{" + line + "}")
            }
            members.append("\"lines\": [" + lines.joined(separator: ", ") + "]")
            if chance(40) { members.append("\"pay_with_card\": true") }
            if chance(15) { members.append("\"force\": true") }
            if chance(15) { members.append("\"tenders\": [{\"tender_id\": \"T\(1 + random.next() % 3)\", \"amount\": \(money(0...2_000))}]") }
        case "payment":
            let amount = money(100...20_000)
            members.append("\"amount\": \(amount)")
            if chance(30) { members.append("\"paid_with\": \"\(pick(["card", "wallet", "points"]))\"") }
        case "burn":
            members.append("\"amount\": \(money(1...20_000))")
        default:
            break
        }
        return "{" + members.joined(separator: ", ") + "}"
    }
}

/// Inputs that the properties and the fuzzers found wrong, kept as exact cases.
@Suite struct FoundByGeneratedInputTests {
    /// Found by `outcomesKeepTheirInvariants`: an in-app payment charged the whole amount
    /// although an offer's discount had already taken part of it off.
    @Test func aDiscountLowersTheInAppCharge() throws {
        let program = try Program(text: """
            program "Offers and in-app payments"
            currency MAD
            reward bonus
            earn 10% of eligible revenue rounded down
            offer "O1" {
              merchant "M1"
              discount 1.66 MAD
            }
            """)
        let outcome = try evaluate(program, #"{"type": "payment", "merchant": "M1", "amount": 64.68, "customer": {"card": "C1", "linked_offers": ["O1"]}}"#)
        #expect(outcome.saleTotal == 6468)
        #expect(outcome.discount == 166)
        #expect(outcome.paidAmount == 6302)
        #expect(outcome.missingSum == 0)
        #expect((outcome.trace?.steps ?? []).contains { $0.rule == "in-app payment" && $0.detail == "63.02 MAD charged of the 64.68 MAD asked: the offers' discounts left no more to pay" })
    }

    /// Found by the request fuzzer: evaluating on a program
    /// with a whitelist released the list once too often. Every shipped program, with and
    /// without a trace, on the request that showed it.
    @Test func everyShippedProgramEvaluatesTheOffersRequest() throws {
        let json = try packageFile("Playground/requests/offers.bp-cashback.json")
        let whitelist = try shippedProgram("secucard-whitelist")
        let outcome = try evaluate(whitelist, json)
        #expect(outcome.bonusEarned == 800)
        #expect(try whitelist.evaluate(try Request(json: json, currency: whitelist.currency), trace: false).bonusEarned == 800)
        for name in ["convercus", "offers", "secucard", "secucard-blacklist", "secucard-ean-whitelist", "secucard-full-prices"] {
            let program = try shippedProgram(name)
            let request = try Request(json: json, currency: program.currency)
            #expect(try program.evaluate(request).json(trace: false) == program.evaluate(request, trace: false).json(trace: false))
        }
    }
}
