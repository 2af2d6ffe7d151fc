import Foundation
import Testing
import Perk

/// A whitelist or blacklist is a rule of the plan, in the lines stage: the one in force in the
/// sale's scope decides which lines count, and its result in the outcome's `rules` says how
/// many did.
struct ListRuleTests {
    /// The program counts all but gift cards; merchant M1 counts only its sandwiches; brand B
    /// has no list of its own and keeps the program's.
    static let program = """
        program "Lists"
        currency EUR
        reward points
        1 point = 0.01 EUR
        earn 10% of eligible revenue rounded down
        blacklist {
          ean 4000000000017 "gift card"
        }
        merchant "M1" {
          whitelist {
            article 30037 "sandwich"
          }
        }
        brand "B" {
          earn 5% of eligible revenue rounded down
        }
        """

    static let lines = """
        [{"article": "30037", "quantity": 2, "unit_price": 4.50},
         {"article": "555", "quantity": 1, "unit_price": 3.00},
         {"ean": "4000000000017", "quantity": 1, "unit_price": 20.00}]
        """

    static func evaluate(_ json: String, trace: Bool = true) throws -> Outcome {
        let program = try Program(text: program, name: "lists.perk")
        return try program.evaluate(try Request(json: json, currency: program.currency), trace: trace)
    }

    /// Under the program (and under brand B, which inherits its list), the blacklist leaves out
    /// the gift card: 12.00 EUR of 32.00 EUR count.
    @Test func theProgramsBlacklistCountsAllButItsEntries() throws {
        let outcome = try Self.evaluate(#"{"lines": \#(Self.lines)}"#)
        #expect(outcome.eligibleRevenue == 1_200)
        #expect(outcome.pointsEarned == 120)
        #expect(ruleSummary(outcome) == [
            "earn: applied, on 12.00 EUR: 120 points exactly, rounded down to 120 points",
            "blacklist: applied, 2 of 3 lines count",
            #"whitelist (merchant "M1"): not applied, the sale falls under program, not merchant "M1""#,
            #"earn (brand "B"): not applied, the sale falls under program, not brand "B""#,
        ])
        let brand = try Self.evaluate(#"{"brand": "B", "lines": \#(Self.lines)}"#)
        #expect(brand.eligibleRevenue == 1_200)
        #expect(brand.pointsEarned == 60)
        #expect(ruleSummary(brand)[1] == "blacklist: applied, 2 of 3 lines count")
    }

    /// At M1 its whitelist replaces the program's blacklist: only the sandwiches count.
    @Test func aSectionsListReplacesTheProgramsOfEitherKind() throws {
        let outcome = try Self.evaluate(#"{"merchant": "M1", "lines": \#(Self.lines)}"#)
        #expect(outcome.eligibleRevenue == 900)
        #expect(outcome.pointsEarned == 90)
        #expect(ruleSummary(outcome)[1] == #"blacklist: not applied, the sale falls under merchant "M1", which has its own article list"#)
        #expect(ruleSummary(outcome)[2] == #"whitelist (merchant "M1"): applied, 1 of 3 lines count"#)
        #expect(outcome.trace?.lines.map(\.counted) == [true, false, false])
        let untraced = try Self.evaluate(#"{"merchant": "M1", "lines": \#(Self.lines)}"#, trace: false)
        #expect(untraced.rules.map(\.applied) == outcome.rules.map(\.applied))
        #expect(untraced.eligibleRevenue == 900)
    }

    /// A sale given as an amount has no lines for a list to decide on.
    @Test func aSaleWithoutLinesHasNoListApplied() throws {
        let outcome = try Self.evaluate(#"{"amount": 32.00}"#)
        #expect(outcome.eligibleRevenue == 3_200)
        #expect(ruleSummary(outcome)[1] == "blacklist: not applied, the sale has no lines: its amount is the revenue")
    }
}
