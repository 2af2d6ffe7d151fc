import Perk
import Testing

@Suite struct ComparisonTests {
    @Test func aRateChangeIsCostedRequestByRequest() throws {
        let old = try shippedProgram("kenzup")
        let new = try Program(text: try packageFile("Playground/diff/kenzup-6-percent.perk"), name: "new.perk")
        var comparison = try ProgramComparison(old: old, new: new)
        let requests = try packageFile("Tests/PerkTests/Fixtures/diff-requests.jsonl").split(separator: "\n")
        for (index, line) in requests.enumerated() { comparison.add(json: String(line), label: "line \(index + 1)") }
        #expect(comparison.requests == 4)
        #expect(comparison.differences.map(\.orderID) == ["D1", "D4"])
        let first = try #require(comparison.differences.first)
        #expect(first.changes.map(\.name) == ["points_earned", "cashback"])
        #expect(first.changes.map(\.old) == ["62", "0.62 MAD"])
        #expect(first.changes.map(\.new) == ["74", "0.74 MAD"])
        // D4: 100.00 MAD forced for an unregistered Afriquia Gaz customer: 500 → 600 points,
        // one 5.00 MAD voucher and 0 → 100 points pending.
        #expect(comparison.differences[1].changes.map(\.name) == ["points_earned", "cashback", "pending_credit"])
        #expect(comparison.oldTotals.pointsIssued == 62 + 0 + 500)
        #expect(comparison.newTotals.pointsIssued == 74 + 0 + 600)
        #expect(comparison.newTotals.valueGivenAway - comparison.oldTotals.valueGivenAway == 112)
    }

    @Test func aRequestOneVersionRefusesIsADifference() throws {
        let old = try Program(text: "program \"A\"\ncurrency EUR\nreward bonus\nearn 10% of eligible revenue rounded down\n")
        let new = try Program(text: """
            program "B"
            currency EUR
            reward bonus
            earn 10% of eligible revenue rounded down
            overrides {
              rate up to 20%
            }
            """)
        var comparison = try ProgramComparison(old: old, new: new)
        comparison.add(json: #"{"amount": 10.00, "cashback_rate_override": 0.2}"#, label: "r1")
        #expect(comparison.differences.count == 1)
        #expect(comparison.differences.first?.changes.first?.old == "error: cashback_rate_override: this program does not allow cashback overrides")
        #expect(comparison.differences.first?.changes.first?.new == "approved")
        #expect(comparison.newTotals.bonusIssued == 200)
        #expect(comparison.oldTotals.bonusIssued == 0)
    }

    @Test func programsInDifferentCurrenciesAreRefused() throws {
        let eur = try Program(text: "program \"A\"\ncurrency EUR\n")
        let mad = try Program(text: "program \"B\"\ncurrency MAD\n")
        #expect(throws: EvaluationError(field: nil, "the programs are in different currencies (EUR and MAD)")) {
            try ProgramComparison(old: eur, new: mad)
        }
    }
}
