import Testing
import Perk

/// Acceptance tests of the rules: one test per case of the supermarket (E) and fuel station
/// (F) programs, with every number the case states and what each rule gave or why not.
struct RuleScenarioTests {
    /// Basket M: milk (dairy) 2 × 1.15, organic apples 1.5 × 3.98, olive oil 8.49 and a
    /// 20.00 EUR gift card; total 36.76 EUR, eligible 16.76 EUR, organic 5.97 EUR.
    private static let basketM = """
        [{"article": "1001", "description": "Milk", "category": "dairy", "quantity": 2, "unit_price": 1.15},
         {"article": "2002", "description": "Organic apples", "category": "organic", "quantity": 1.5, "unit_price": 3.98},
         {"article": "3003", "description": "Olive oil", "quantity": 1, "unit_price": 8.49},
         {"ean": "4000000000017", "description": "Gift card", "quantity": 1, "unit_price": 20.00}]
        """
    private static let tuesday = "2026-11-24T10:00:00+01:00"
    private static let saturday = "2026-11-28T10:00:00+01:00"

    private static func marcheVert(at time: String, lines: String = basketM, customer: String? = nil) throws -> Outcome {
        let customerField = customer.map { #", "customer": \#($0)"# } ?? ""
        return try evaluate(try shippedProgram("marche-vert"), #"{"time": "\#(time)", "lines": \#(lines)\#(customerField)}"#)
    }

    /// The result of the rule named `name`.
    private static func rule(_ outcome: Outcome, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> Outcome.RuleResult? {
        let result = outcome.rules.first { $0.name == name }
        if result == nil { Issue.record("no rule \(name) in the outcome", sourceLocation: sourceLocation) }
        return result
    }

    /// Each rule's points, by name, for the rules that applied and earned.
    private static func earned(_ outcome: Outcome) -> [String: Int64] {
        Dictionary(uniqueKeysWithValues: outcome.rules.filter { $0.applied && $0.modifies == nil && $0.amount > 0 }.map { ($0.name, $0.amount) })
    }

    @Test("E1: basket M, basic, Tuesday: base 16, organic 11, 27 points") func E1() throws {
        let outcome = try Self.marcheVert(at: Self.tuesday)
        #expect(outcome.saleTotal == 3676)
        #expect(outcome.eligibleRevenue == 1676)
        #expect(Self.earned(outcome) == ["base": 16, "organic": 11])
        #expect(outcome.pointsEarned == 27)
        #expect(outcome.cashback == 27)
        #expect(Self.rule(outcome, "base")?.reason == "1% of 16.76 EUR: 16.76 points exactly, rounded down to 16 points")
        #expect(Self.rule(outcome, "organic")?.reason == "2% of 5.97 EUR: 11.94 points exactly, rounded down to 11 points")
        #expect(Self.rule(outcome, "Saturdays double")?.reason == "weekday is Tuesday; the rule needs Saturday")
        #expect(Self.rule(outcome, "gold")?.reason == "customer tier is basic; the rule needs gold")
        #expect(Self.rule(outcome, "welcome")?.reason == "not the customer's first purchase")
        #expect(Self.rule(outcome, "December campaign")?.reason == "2026-11-24 in Europe/Paris is outside 2026-12-01..2026-12-24")
        #expect(Self.rule(outcome, "blacklist")?.reason == "3 of 4 lines count")
        #expect(outcome.rules.map(\.name) == ["blacklist", "staff", "base", "silver", "gold", "Saturdays double", "organic", "welcome",
                                              "birthday", "December campaign"])
    }

    @Test("E2: E1 for a gold customer: base 50, organic 11, 61 points") func E2() throws {
        let outcome = try Self.marcheVert(at: Self.tuesday, customer: #"{"tier": "gold"}"#)
        #expect(Self.earned(outcome) == ["base": 50, "organic": 11])
        #expect(outcome.pointsEarned == 61)
        let gold = Self.rule(outcome, "gold")
        #expect(gold?.applied == true)
        #expect(gold?.modifies == "base")
        #expect(Self.rule(outcome, "base")?.reason == "3% (rate set by `gold`) of 16.76 EUR: 50.28 points exactly, rounded down to 50 points")
    }

    @Test("E3: Saturday doubles the base rate, tier rate included: basic 44, gold 111") func E3() throws {
        let basic = try Self.marcheVert(at: Self.saturday)
        #expect(Self.earned(basic) == ["base": 33, "organic": 11])
        #expect(basic.pointsEarned == 44)
        #expect(Self.rule(basic, "Saturdays double")?.modifies == "base")
        #expect(Self.rule(basic, "base")?.reason == "1% × 2 (`Saturdays double`) of 16.76 EUR: 33.52 points exactly, rounded down to 33 points")
        let gold = try Self.marcheVert(at: Self.saturday, customer: #"{"tier": "gold"}"#)
        #expect(Self.earned(gold) == ["base": 100, "organic": 11])
        #expect(gold.pointsEarned == 111)
        #expect(Self.rule(gold, "base")?.reason
                == "3% (rate set by `gold`) × 2 (`Saturdays double`) of 16.76 EUR: 100.56 points exactly, rounded down to 100 points")
    }

    @Test("E4: eligible revenue 8.27 EUR is below the minimum: 0 points, and base and organic say why") func E4() throws {
        let lines = """
            [{"article": "1001", "category": "dairy", "quantity": 2, "unit_price": 1.15},
             {"article": "2002", "category": "organic", "quantity": 1.5, "unit_price": 3.98},
             {"ean": "4000000000017", "quantity": 1, "unit_price": 20.00}]
            """
        let outcome = try Self.marcheVert(at: Self.tuesday, lines: lines)
        #expect(outcome.eligibleRevenue == 827)
        #expect(outcome.pointsEarned == 0)
        // The blacklist decides the eligible revenue the minimum is compared with: it applies.
        #expect(Self.rule(outcome, "blacklist")?.applied == true)
        #expect(outcome.rules.dropFirst().allSatisfy { !$0.applied && $0.amount == 0 })
        for name in ["base", "organic"] {
            #expect(Self.rule(outcome, name)?.reason == "eligible revenue 8.27 EUR is below the minimum 10.00 EUR")
        }
        #expect(Self.rule(outcome, "welcome")?.reason == "not the customer's first purchase")
    }

    @Test("E5: a first purchase earns the welcome 500 points: 527") func E5() throws {
        let outcome = try Self.marcheVert(at: Self.tuesday, customer: #"{"first_purchase": true}"#)
        #expect(Self.earned(outcome) == ["base": 16, "organic": 11, "welcome": 500])
        #expect(outcome.pointsEarned == 527)
    }

    @Test("E6: the December campaign, both days included, in Paris time") func E6() throws {
        let oils = #"[{"article": "3003", "description": "Olive oil", "quantity": 6, "unit_price": 8.49}]"#
        let inside = try Self.marcheVert(at: "2026-12-03T10:00:00+01:00", lines: oils)
        #expect(inside.eligibleRevenue == 5094)
        #expect(Self.earned(inside) == ["base": 50, "December campaign": 100])
        #expect(inside.pointsEarned == 150)
        let christmas = try Self.marcheVert(at: "2026-12-25T10:00:00+01:00", lines: oils)
        #expect(christmas.pointsEarned == 50)
        #expect(Self.rule(christmas, "December campaign")?.reason == "2026-12-25 in Europe/Paris is outside 2026-12-01..2026-12-24")
        let pastMidnight = try Self.marcheVert(at: "2026-12-24T23:30:00Z", lines: oils)
        #expect(pastMidnight.pointsEarned == 50)
        #expect(Self.rule(pastMidnight, "December campaign")?.reason
                == "2026-12-25 in Europe/Paris is outside 2026-12-01..2026-12-24")
        let lastMinute = try Self.marcheVert(at: "2026-12-24T22:59:59Z", lines: oils)
        #expect(lastMinute.pointsEarned == 150)
    }

    @Test("E7: staff earn nothing: the staff rule applied and stopped the others") func E7() throws {
        let outcome = try Self.marcheVert(at: Self.tuesday, customer: #"{"tags": ["staff"], "first_purchase": true}"#)
        #expect(outcome.pointsEarned == 0)
        let staff = Self.rule(outcome, "staff")
        #expect(staff?.applied == true)
        #expect(staff?.stopped == true)
        // The blacklist (the first rule) decided the lines before; staff stops every rule after it.
        #expect(outcome.rules.first?.applied == true)
        for result in outcome.rules.dropFirst(2) {
            #expect(!result.applied)
            #expect(result.reason == "stopped by rule `staff`")
        }
    }

    @Test("E8: a birthday at 00:30 in Paris (23:30 UTC the day before): 227") func E8() throws {
        let outcome = try Self.marcheVert(at: "2026-11-23T23:30:00Z", customer: #"{"birthday": "11-24"}"#)
        #expect(Self.earned(outcome) == ["base": 16, "organic": 11, "birthday": 200])
        #expect(outcome.pointsEarned == 227)
        let dayBefore = try Self.marcheVert(at: "2026-11-23T22:59:00Z", customer: #"{"birthday": "11-24"}"#)
        #expect(dayBefore.pointsEarned == 27)
        #expect(Self.rule(dayBefore, "birthday")?.reason == "the customer's birthday is 11-24; the sale is on 2026-11-23 in Europe/Paris")
    }

    @Test("E9: an unknown tier is refused, naming the field, with a suggestion") func E9() throws {
        do {
            let outcome = try Self.marcheVert(at: Self.tuesday, customer: #"{"tier": "gld"}"#)
            Issue.record("expected an error, got \(outcome.pointsEarned) points")
        } catch let error as EvaluationError {
            #expect(error.field == "customer.tier")
            #expect(error.message == "unknown tier `gld`; did you mean `gold`?")
        }
    }

    // MARK: Atlas Fuel

    private static func atlasFuel(at time: String, lines: String) throws -> Outcome {
        try evaluate(try shippedProgram("atlas-fuel"), #"{"time": "\#(time)", "lines": \#(lines)}"#)
    }

    private static let gasoilAndCoffee = """
        [{"description": "Gasoil", "category": "fuel", "quantity": 21.739, "unit_price": 11.899},
         {"description": "Coffee", "quantity": 1, "unit_price": 12.00}]
        """

    @Test("F1: 21.739 l at 11.899 MAD and a coffee: fuel 108, shop 24, 132 points") func F1() throws {
        let outcome = try Self.atlasFuel(at: "2026-12-10T08:00:00+01:00", lines: Self.gasoilAndCoffee)
        #expect(outcome.saleTotal == 27067)
        #expect(Self.earned(outcome) == ["fuel": 108, "shop": 24])
        #expect(outcome.pointsEarned == 132)
        #expect(Self.rule(outcome, "fuel")?.reason == "5 points per litre × 21.739: 108.695 points exactly, rounded down to 108 points")
        #expect(Self.rule(outcome, "fuel")?.capCut == 0)
    }

    @Test("F2: 50 l earn 250 points, capped to 200, and the outcome says so") func F2() throws {
        let outcome = try Self.atlasFuel(at: "2026-12-10T08:00:00+01:00",
                                         lines: #"[{"description": "Gasoil", "category": "fuel", "quantity": 50, "unit_price": 11.899}]"#)
        #expect(outcome.saleTotal == 59495)
        let fuel = Self.rule(outcome, "fuel")
        #expect(fuel?.amount == 200)
        #expect(fuel?.cap == 200)
        #expect(fuel?.capCut == 50)
        #expect(outcome.pointsEarned == 200)
    }

    @Test("F3: F1 on 2027-01-01: the fuel rule is outside its dates, 24 points") func F3() throws {
        let outcome = try Self.atlasFuel(at: "2027-01-01T08:00:00+01:00", lines: Self.gasoilAndCoffee)
        #expect(Self.earned(outcome) == ["shop": 24])
        #expect(outcome.pointsEarned == 24)
        #expect(Self.rule(outcome, "fuel")?.reason == "2027-01-01 in Africa/Casablanca is outside 2026-12-01..2026-12-31")
    }

    @Test("a request without a time is refused when the rules read dates") func missingTime() throws {
        do {
            _ = try evaluate(try shippedProgram("atlas-fuel"), #"{"lines": \#(Self.gasoilAndCoffee)}"#)
            Issue.record("expected an error")
        } catch let error as EvaluationError {
            #expect(error.field == "time")
            #expect(error.message == "required: the program's rules read the sale's date and time")
        }
    }
}
