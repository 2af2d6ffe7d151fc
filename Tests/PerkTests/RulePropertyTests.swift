import Foundation
@testable import Perk
@testable import PerkBench
import Testing

/// Properties of the rules, on generated rule sets and baskets (seeded: a failure names the
/// seed and case that repeat it): points are never negative and no cap is exceeded; a rule
/// whose conditions cannot hold changes nothing; two rules that neither stop nor modify
/// another may swap places; the same input gives the same outcome.
@Suite struct RulePropertyTests {
    /// The header every generated program shares.
    static let header = """
        program "Generated rules"
        currency EUR
        1 point = 0.01 EUR
        reward points
        time zone "Europe/Paris"
        tiers basic silver gold

        """

    /// A rule that earns, from a small family that covers every kind of condition and earning.
    static func earningRule(_ name: String, _ random: inout SplitMix64) -> String {
        func pick<T>(_ choices: [T]) -> T { choices[Int(random.next() % UInt64(choices.count))] }
        let conditions = [
            "", "when weekday is Saturday or Sunday", "when date from 2026-12-01 to 2026-12-24", "when time from 22:00 to 02:00",
            "when customer tier is silver or above", "when customer has tag \"vip\"", "when first purchase",
            "when eligible revenue at least 20.00 EUR", "when total below 30.00 EUR", "when customer birthday is today",
            "when merchant is \"M1\" or \"M2\"",
        ]
        let earnings = [
            "earn \(pick([1, 2, 5, 10]))% of eligible revenue rounded \(pick(["down", "up", "half up"]))",
            "earn \(pick([1, 3]))% of lines in category \(pick(["organic", "fuel", "dairy"])) rounded down",
            "earn \(pick([1, 2])) points per 1.00 EUR of lines not in category fuel rounded down",
            "earn \(pick([2, 5])) points per litre of lines in category fuel rounded down",
            "earn \(pick([50, 100, 500])) points",
        ]
        var lines = ["rule \"\(name)\" {"]
        for _ in 0..<Int(random.next() % 3) {
            let condition = pick(conditions)
            if !condition.isEmpty { lines.append("  " + condition) }
        }
        lines.append("  " + pick(earnings))
        if random.next() % 3 == 0 { lines.append("  cap \(pick([10, 40, 150])) points") }
        return lines.joined(separator: "\n") + "\n}\n"
    }

    /// A generated request: a time in Paris around December, a customer, and a basket.
    static func request(_ random: inout SplitMix64) -> String {
        func pick<T>(_ choices: [T]) -> T { choices[Int(random.next() % UInt64(choices.count))] }
        let day = 1 + Int(random.next() % 28)
        let hour = Int(random.next() % 24)
        let time = String(format: "2026-%02d-%02dT%02d:%02d:00+01:00", pick([11, 12]), day, hour, Int(random.next() % 60))
        var lines: [String] = []
        for _ in 0..<(1 + Int(random.next() % 4)) {
            let quantity = pick(["1", "2", "1.5", "21.739"])
            let price = pick(["1.15", "3.98", "8.49", "11.899", "20.00", "0.01"])
            lines.append(#"{"category": "\#(pick(["organic", "fuel", "dairy", "bakery"]))", "quantity": \#(quantity), "unit_price": \#(price)}"#)
        }
        let customer = #"{"tier": "\#(pick(["basic", "silver", "gold"]))", "tags": \#(pick(["[]", #"["vip"]"#])), "# +
            #""first_purchase": \#(pick(["true", "false"])), "birthday": "\#(pick(["12-03", "11-24", "02-29"]))"}"#
        return #"{"time": "\#(time)", "merchant": "\#(pick(["M1", "M3"]))", "lines": [\#(lines.joined(separator: ", "))], "customer": \#(customer)}"#
    }

    @Test func generatedRulesKeepTheirProperties() throws {
        var random = SplitMix64(seed: 19)
        var checked = 0
        var (applied, notApplied, capped) = (0, 0, 0)
        for programIndex in 0..<150 {
            let rules = (0..<(2 + Int(random.next() % 4))).map { Self.earningRule("r\($0)", &random) }
            let program = try Program(text: Self.header + rules.joined(separator: "\n"), name: "generated.perk")
            // The same rules with one whose conditions can never hold, in the middle.
            var withDead = rules
            withDead.insert("rule \"never\" {\n  when date from 1999-01-01 to 1999-01-02\n  earn 1000 points\n}\n", at: rules.count / 2)
            let dead = try Program(text: Self.header + withDead.joined(separator: "\n"), name: "generated.perk")
            // The first two rules swapped: they neither stop nor modify another.
            var swapped = rules
            swapped.swapAt(0, 1)
            let reordered = try Program(text: Self.header + swapped.joined(separator: "\n"), name: "generated.perk")
            for requestIndex in 0..<40 {
                let json = Self.request(&random)
                let label = "program \(programIndex), request \(requestIndex)\n\(program.source.text)\n\(json)"
                let outcome = try evaluate(program, json)
                checked += 1
                #expect(outcome.pointsEarned >= 0, "\(label)")
                #expect(outcome.pointsEarned == outcome.rules.reduce(0) { $0 + $1.amount }, "\(label)")
                for rule in outcome.rules {
                    if rule.applied { applied += 1 } else { notApplied += 1 }
                    if rule.capCut > 0 { capped += 1 }
                    #expect(rule.amount >= 0, "\(label)")
                    if let cap = rule.cap { #expect(rule.amount <= cap, "\(label)") }
                }
                #expect(try evaluate(program, json) == outcome, "\(label)")
                // Without a trace only the rules the plan's index gives are tested; with one,
                // every rule is, for its reason: the numbers must be the same.
                let untraced = try program.evaluate(try Request(json: json, currency: program.currency), trace: false)
                #expect(untraced.pointsEarned == outcome.pointsEarned, "\(label)")
                #expect(untraced.rules == outcome.rules.map {
                    Outcome.RuleResult(name: $0.name, applied: $0.applied, unit: $0.unit, amount: $0.amount, cap: $0.cap,
                                       capCut: $0.capCut, modifies: $0.modifies, stopped: $0.stopped, reason: nil)
                }, "\(label)")
                let withNever = try evaluate(dead, json)
                #expect(withNever.pointsEarned == outcome.pointsEarned, "\(label)")
                #expect(withNever.rules.filter { $0.name != "never" } == outcome.rules, "\(label)")
                let swappedOutcome = try evaluate(reordered, json)
                #expect(swappedOutcome.pointsEarned == outcome.pointsEarned, "\(label)")
                #expect(swappedOutcome.rules.sorted { $0.name < $1.name } == outcome.rules.sorted { $0.name < $1.name }, "\(label)")
            }
        }
        #expect(checked == 6000)
        // The generators must reach rules that apply, that do not, and caps that cut.
        #expect(applied > 3000 && notApplied > 3000 && capped > 300, "applied \(applied), not applied \(notApplied), capped \(capped)")
    }
}
