import Foundation
import Testing
import Perk

/// A card-linked offer is a rule of the plan, in the offers stage before the payment: its
/// conditions are its merchant, the card's link to it and its minimum spend; its result is in
/// the outcome's `rules`, worded as the outcome's `offers` word it.
struct OfferRuleTests {
    static func evaluate(_ json: String, trace: Bool = true) throws -> Outcome {
        let program = try shippedProgram("offers")
        return try program.evaluate(try Request(json: json, currency: program.currency), trace: trace)
    }

    /// 80.00 EUR at BP with the card linked to both: 10% is 8.00, capped at 5.00 EUR cashback;
    /// 2.00 EUR off, so 78.00 EUR are left to pay.
    @Test func bothOffersApplyAndSayWhatTheyGave() throws {
        let json = #"{"amount": 80.00, "merchant": "58725", "customer": {"card": "C1", "linked_offers": ["BP-10", "BP-2OFF"]}}"#
        let outcome = try Self.evaluate(json)
        #expect(outcome.offerCashback == 500)
        #expect(outcome.discount == 200)
        #expect(outcome.missingSum == 7_800)
        #expect(ruleSummary(outcome) == [
            #"offer "BP-10": applied, cashback 10% of 80.00 EUR is 8.00 EUR, rounded down to 8.00 EUR, capped at 5.00 EUR"#,
            #"offer "BP-2OFF": applied, discount 2.00 EUR"#,
        ])
        #expect(outcome.offers.map(\.reason) == outcome.rules.map(\.reason))
        let untraced = try Self.evaluate(json, trace: false)
        #expect(untraced.rules.map(\.applied) == [true, true])
        #expect(untraced.offers == outcome.offers)
        #expect(untraced.missingSum == 7_800)
    }

    /// Each condition that fails gives its own reason; an offer of another merchant that the
    /// card is not linked to is left out of `offers` but keeps its rule's result.
    @Test func eachConditionSaysWhyNot() throws {
        let short = try Self.evaluate(#"{"amount": 15.00, "merchant": "58725", "customer": {"card": "C1", "linked_offers": ["BP-10"]}}"#)
        #expect(ruleSummary(short) == [
            #"offer "BP-10": not applied, the minimum spend of 20.00 EUR was not reached (15.00 EUR spent)"#,
            #"offer "BP-2OFF": not applied, the customer's card is not linked to this offer"#,
        ])
        #expect(short.offers.count == 2)
        let elsewhere = try Self.evaluate(#"{"amount": 50.00, "merchant": "999", "customer": {"card": "C1", "linked_offers": ["BP-10"]}}"#)
        #expect(ruleSummary(elsewhere) == [
            #"offer "BP-10": not applied, the sale is at merchant "999", not at "58725""#,
            #"offer "BP-2OFF": not applied, the sale is at merchant "999", not at "58725""#,
        ])
        #expect(elsewhere.offers.map(\.id) == ["BP-10"])
        #expect(elsewhere.offerCashback == 0)
    }

    /// A card linked to an offer the program does not have is said in the trace only.
    @Test func anUnknownLinkedOfferIsTraced() throws {
        let outcome = try Self.evaluate(#"{"amount": 50.00, "merchant": "58725", "customer": {"card": "C1", "linked_offers": ["XX-1"]}}"#)
        #expect(outcome.trace?.steps.first?.rule == #"offer "XX-1""#)
        #expect(outcome.trace?.steps.first?.detail == "the card is linked to an offer this program does not have")
        #expect(outcome.rules.allSatisfy { !$0.applied })
    }
}
