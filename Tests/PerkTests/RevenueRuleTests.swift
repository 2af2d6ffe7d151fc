import Foundation
import Testing
import Perk

/// `tender … earns nothing` and `points payments earn nothing` are rules of the plan, in the
/// revenue stage: each has its result in the outcome's `rules`, in program order, and takes
/// what was paid with it off the eligible revenue before the earning rules read it.
struct RevenueRuleTests {
    /// Cash earns nothing everywhere; merchant M1 says so itself and adds vouchers; brand B
    /// says that points payments earn nothing.
    static let program = """
        program "Tenders"
        currency EUR
        reward points
        1 point = 0.01 EUR
        earn 10% of eligible revenue rounded down
        tender "Cash" earns nothing
        merchant "M1" {
          tender "Cash" earns nothing
          tender "Voucher" earns nothing
        }
        brand "B" {
          points payments earn nothing
        }
        """

    static func evaluate(_ json: String, trace: Bool = true) throws -> Outcome {
        let program = try Program(text: program, name: "tenders.perk")
        return try program.evaluate(try Request(json: json, currency: program.currency), trace: trace)
    }

    /// At M1, its own statements apply: 10.00 cash and 5.00 in vouchers come off 50.00, and
    /// the 35.00 left earn 350 points. The program's cash statement is replaced by M1's.
    @Test func aSectionsTendersAddUpAndReplaceTheProgramsOwn() throws {
        let outcome = try Self.evaluate("""
            {"amount": 50.00, "merchant": "M1",
             "tenders": [{"tender_id": "Cash", "amount": 10.00}, {"tender_id": "Voucher", "amount": 5.00}]}
            """)
        #expect(outcome.eligibleRevenue == 3_500)
        #expect(outcome.pointsEarned == 350)
        #expect(ruleSummary(outcome) == [
            "earn: applied, on 35.00 EUR: 350 points exactly, rounded down to 350 points",
            #"tender "Cash" earns nothing: not applied, the sale falls under merchant "M1", which has its own `tender "Cash" earns nothing`"#,
            #"tender "Cash" earns nothing (merchant "M1"): applied, 10.00 EUR paid with it is not revenue"#,
            #"tender "Voucher" earns nothing (merchant "M1"): applied, 5.00 EUR paid with it is not revenue"#,
            #"points payments earn nothing (brand "B"): not applied, the sale falls under merchant "M1", not brand "B""#,
        ])
        // The trace tells the tenders as it always has: each tender of the receipt, in order.
        #expect(outcome.trace?.steps.map(\.rule) == [
            #"tender "Cash" earns nothing"#, #"tender "Voucher" earns nothing"#, "earn 10% of eligible revenue rounded down",
        ])
        // Without a trace, the same results (and no reasons).
        let untraced = try Self.evaluate("""
            {"amount": 50.00, "merchant": "M1",
             "tenders": [{"tender_id": "Cash", "amount": 10.00}, {"tender_id": "Voucher", "amount": 5.00}]}
            """, trace: false)
        #expect(untraced.rules.map(\.applied) == outcome.rules.map(\.applied))
        #expect(untraced.eligibleRevenue == 3_500)
    }

    /// Elsewhere only the program's statement is in force: vouchers are revenue, and a tender
    /// paid twice is taken off twice.
    @Test func elsewhereOnlyTheProgramsTendersEarnNothing() throws {
        let outcome = try Self.evaluate("""
            {"amount": 50.00, "tenders": [{"tender_id": "Cash", "amount": 10.00}, {"tender_id": "Voucher", "amount": 5.00},
                                          {"tender_id": "Cash", "amount": 2.50}]}
            """)
        #expect(outcome.eligibleRevenue == 3_750)
        #expect(outcome.pointsEarned == 375)
        #expect(ruleSummary(outcome)[1] == #"tender "Cash" earns nothing: applied, 12.50 EUR paid with it in 2 tenders is not revenue"#)
        #expect(ruleSummary(outcome)[3] == #"tender "Voucher" earns nothing (merchant "M1"): not applied, the sale falls under program, not merchant "M1""#)
        #expect(outcome.trace?.steps.filter { $0.rule.hasPrefix("tender") }.map(\.detail) == [
            "10.00 EUR paid with it is not revenue", "2.50 EUR paid with it is not revenue",
        ])
    }

    /// A tender in force that the receipt lacks does not apply, and says so; the revenue
    /// never goes below zero.
    @Test func aMissingTenderAndTooLargeATender() throws {
        let missing = try Self.evaluate(#"{"amount": 20.00}"#)
        #expect(ruleSummary(missing)[1] == #"tender "Cash" earns nothing: not applied, no tender `Cash` on the receipt"#)
        #expect(missing.trace?.steps.first?.detail == "no such tender on the receipt")
        let all = try Self.evaluate(#"{"amount": 20.00, "tenders": [{"tender_id": "Cash", "amount": 25.00}]}"#)
        #expect(all.eligibleRevenue == 0)
        #expect(all.pointsEarned == 0)
    }

    /// KENZ'UP's hybrid payment (B11): 40.00 of 100.00 paid with points is taken off by the
    /// rule `points payments earn nothing`, and 60.00 earn 300 points.
    @Test func pointsPaymentsEarnNothingIsARule() throws {
        let program = try shippedProgram("kenzup")
        let request = try Request(json: try packageFile("Playground/requests/kenzup.hybrid-payment.json"), currency: program.currency)
        let outcome = try program.evaluate(request)
        #expect(outcome.eligibleRevenue == 6_000)
        #expect(outcome.pointsEarned == 300)
        let rule = try #require(outcome.rules.first { $0.name == "points payments earn nothing" })
        #expect(rule.applied)
        #expect(rule.amount == 0)
        #expect(rule.reason == "40.00 MAD paid with points is not revenue")
        let untraced = try program.evaluate(request, trace: false)
        #expect(untraced.rules.first { $0.name == "points payments earn nothing" }?.applied == true)
        #expect(untraced.eligibleRevenue == 6_000)
    }

    /// A plan of tenders alone earns nothing, so it reads neither the tier nor the time: a tier
    /// the program does not declare is no error there (it is where a rule earns).
    @Test func tendersAloneReadNoTier() throws {
        let program = try Program(text: """
            program "Gift cards"
            currency EUR
            tender "Gift" earns nothing
            """, name: "gift.perk")
        let request = #"{"amount": 30.00, "customer": {"card": "C1", "tier": "gold"}, "tenders": [{"tender_id": "Gift", "amount": 5.00}]}"#
        let outcome = try program.evaluate(try Request(json: request, currency: program.currency))
        #expect(outcome.eligibleRevenue == 2_500)
        #expect(outcome.pointsEarned == 0)
        #expect(ruleSummary(outcome) == [#"tender "Gift" earns nothing: applied, 5.00 EUR paid with it is not revenue"#])
        let earning = try Program(text: """
            program "Gift cards"
            currency EUR
            reward points
            1 point = 0.01 EUR
            earn 1% of eligible revenue rounded down
            tender "Gift" earns nothing
            """, name: "gift.perk")
        let error = try #require(throws: EvaluationError.self) {
            try earning.evaluate(try Request(json: request, currency: earning.currency))
        }
        #expect(error.field == "customer.tier")
    }
}
