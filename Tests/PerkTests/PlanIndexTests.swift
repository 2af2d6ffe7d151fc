import Foundation
@testable import Perk
import Testing

/// The plan's index and shortcuts: without a trace a sale tests only the rules that can hold
/// and skips counting lines of categories it lacks; with one every rule is tested. Both must
/// give the same results, on the cases where a shortcut could go wrong.
@Suite struct PlanIndexTests {
    static let header = "program \"Index\"\ncurrency EUR\n1 point = 0.01 EUR\nreward points\ntime zone \"Europe/Paris\"\n"

    /// Both ways of evaluating, with their results compared; the traced outcome.
    static func evaluate(_ program: Program, _ json: String) throws -> Outcome {
        let request = try Request(json: json, currency: program.currency)
        let traced = try program.evaluate(request)
        let untraced = try program.evaluate(request, trace: false)
        #expect(untraced.pointsEarned == traced.pointsEarned)
        #expect(untraced.rules.map(\.applied) == traced.rules.map(\.applied))
        #expect(untraced.rules.map(\.amount) == traced.rules.map(\.amount))
        return traced
    }

    /// Categories are compared as Unicode text on both paths: with more than eight of them a
    /// line's is looked up in a table by its bytes first, with fewer compared one by one.
    @Test(arguments: [3, 9])
    func categoriesAreComparedAsText(categories: Int) throws {
        var text = Self.header
        for name in ["K", "a", "b", "c", "d", "e", "f", "g"].prefix(categories - 1) + ["Caf\u{E9}"] {
            text += "rule \"\(name)\" {\n  earn 10% of lines in category \"\(name)\" rounded down\n}\n"
        }
        let program = try Program(text: text, name: "index.perk")
        func points(_ category: String) throws -> Int64 {
            let json = #"{"time": "2026-12-01T10:00:00+01:00", "lines": [{"category": "\#(category)", "quantity": 1, "unit_price": 50.00}]}"#
            return try Self.evaluate(program, json).pointsEarned
        }
        #expect(try points("Caf\u{E9}") == 500)
        #expect(try points("Cafe\u{301}") == 500)  // e and a combining accent
        #expect(try points("\u{212A}") == 500)  // the Kelvin sign is a K
        #expect(try points("Cafe") == 0)
    }

    /// A rule that counts no line earns 0 however many factors multiply it: no overflow on
    /// either path (the untraced one skips the count of a category the basket lacks).
    @Test func nothingCountedIsZeroWhateverMultipliesIt() throws {
        var text = Self.header + "rule \"fuel\" {\n  earn 5 points per litre of lines in category fuel rounded down\n}\n"
        for index in 0..<6 { text += "rule \"double \(index)\" {\n  multiply rate of \"fuel\" by 2\n}\n" }
        let program = try Program(text: text, name: "index.perk")
        let outcome = try Self.evaluate(program, #"{"time": "2026-12-01T10:00:00+01:00", "lines": [{"category": "coffee", "quantity": 1, "unit_price": 2.00}]}"#)
        #expect(outcome.pointsEarned == 0)
        #expect(outcome.rules[0].applied && outcome.rules[0].amount == 0)
    }

    /// Three hundred rules (five words of bits), each for one day and one merchant: a sale
    /// gets exactly the rule of its day and merchant, on either path, including the first and
    /// last day of a range and a merchant no rule names.
    @Test func manyDatedRulesForManyMerchants() throws {
        var text = Self.header
        for index in 0..<300 {
            let day = CivilDate(daysSinceEpoch: 20_424 + Int64(index / 3))  // from 2025-12-02
            let last = CivilDate(daysSinceEpoch: 20_424 + Int64(index / 3) + 1)
            text += "rule \"r\(index)\" {\n  when date from \(day) to \(last)\n  when merchant is \"M\(index % 3)\" or \"ALL\"\n  earn \(index + 1) points\n}\n"
        }
        let program = try Program(text: text, name: "index.perk")
        // 2026-01-01 is day 20,454: rules 90…92 start that day, 87…89 end it.
        let sale = #"{"time": "2026-01-01T12:00:00+01:00", "merchant": "M1", "lines": [{"quantity": 1, "unit_price": 1.00}]}"#
        let outcome = try Self.evaluate(program, sale)
        #expect(outcome.rules.filter(\.applied).map(\.name) == ["r88", "r91"])
        #expect(outcome.pointsEarned == 89 + 92)
        let everyMerchant = try Self.evaluate(program, sale.replacingOccurrences(of: "\"M1\"", with: "\"ALL\""))
        #expect(everyMerchant.rules.filter(\.applied).map(\.name) == ["r87", "r88", "r89", "r90", "r91", "r92"])
        let unknown = try Self.evaluate(program, sale.replacingOccurrences(of: "\"M1\"", with: "\"M9\""))
        #expect(unknown.rules.allSatisfy { !$0.applied })
        #expect(unknown.rules[0].reason == "2026-01-01 in Europe/Paris is outside 2025-12-02..2025-12-03")
    }

    /// A rule with two conditions on one field holds only at the names both allow.
    @Test func twoConditionsOnOneFieldBothHold() throws {
        let program = try Program(text: Self.header + """
            rule "B only" {
              when merchant is "A" or "B"
              when merchant is "B" or "C"
              earn 7 points
            }
            """, name: "index.perk")
        for (merchant, points) in [("A", 0), ("B", 7), ("C", 0), ("D", 0)] {
            let outcome = try Self.evaluate(program, #"{"merchant": "\#(merchant)", "lines": [{"quantity": 1, "unit_price": 1.00}]}"#)
            #expect(outcome.pointsEarned == Int64(points), "merchant \(merchant)")
        }
    }
}
