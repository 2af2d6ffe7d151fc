import Foundation
import Perk
import Testing

/// The rules table (`perk explain`, `perk eval --explain`) and the rule assertions of
/// `perk test`: their outputs compared whole with `Golden/rules/`, so that a change of what
/// program managers read shows in review. PERK_RECORD=1 writes the golden files anew.
@Suite struct RulesTableTests {
    static let basketM = """
        {"time": "2026-11-24T10:00:00+01:00", "lines": [{"article": "1001", "description": "Milk", "category": "dairy", \
        "quantity": 2, "unit_price": 1.15}, {"article": "2002", "description": "Organic apples", "category": "organic", \
        "quantity": 1.5, "unit_price": 3.98}, {"article": "3003", "description": "Olive oil", "quantity": 1, "unit_price": 8.49}, \
        {"ean": "4000000000017", "description": "Gift card", "quantity": 1, "unit_price": 20.00}]}
        """

    func golden(_ name: String, _ text: String) throws {
        let file = packageRoot.appendingPathComponent("Tests/PerkTests/Golden/rules/\(name)")
        if ProcessInfo.processInfo.environment["PERK_RECORD"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(text == (try String(contentsOf: file, encoding: .utf8)), "Golden/rules/\(name)")
    }

    func perk(_ arguments: String...) throws -> ProgramRun {
        try runProgram(CLITests.binary, arguments, stdin: nil)
    }

    @Test func explainPrintsTheRulesTable() throws {
        let run = try perk("explain", "programs/marche-vert.perk", "Playground/requests/marche-vert.basket-m.json")
        #expect(run.status == 0 && run.err.isEmpty)
        try golden("explain-basket-m.txt", run.out)
        // `eval --explain` is the same table.
        #expect(try perk("eval", "--explain", "programs/marche-vert.perk", "Playground/requests/marche-vert.basket-m.json") == run)
    }

    /// A column no rule has anything in (`cap`, without caps) is left out; with a cap that
    /// cut, the column shows it.
    @Test func capColumnOnlyWhenARuleHasACap() throws {
        let outcome = try evaluate(try shippedProgram("atlas-fuel"), """
            {"time": "2026-12-10T08:00:00+01:00", "lines": [{"description": "Gasoil", "category": "fuel", "quantity": 50, \
            "unit_price": 11.899}]}
            """)
        #expect(RulesTable(outcome).text() == """
            rule  applied  gives       cap                        why
            fuel  yes      200 points  200 points, cut 50 points  5 points per litre × 50: 250 points exactly, rounded down to 250 points
            shop  yes      0 points                               2% of 0.00 MAD: 0 points exactly, rounded down to 0 points

            """)
        let basket = try evaluate(try shippedProgram("marche-vert"), Self.basketM)
        #expect(!RulesTable(basket).text().contains("cap"))
    }

    /// Given a terminal's width, the reasons wrap under their column; the other columns keep
    /// their width. Colors mark whether each rule applied, the titles stay plain.
    @Test func reasonsWrapToTheWidthAndColorsMarkApplied() throws {
        let outcome = try evaluate(try shippedProgram("marche-vert"), Self.basketM)
        let table = RulesTable(outcome)
        let lines = table.text(width: 70).split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 70 })
        #expect(lines[3] == "base               yes      16 points  1% of 16.76 EUR: 16.76 points")
        #expect(lines[4] == "                                       exactly, rounded down to 16")
        #expect(lines[5] == "                                       points")
        let colored = table.text(color: true)
        #expect(colored.hasPrefix("rule               applied  gives      why\n"))
        #expect(colored.contains("base               \u{1B}[32myes    \u{1B}[0m  16 points"))
        #expect(colored.contains("staff              \u{1B}[2mno     \u{1B}[0m"))
        #expect(!table.text().contains("\u{1B}"))
    }

    @Test func ruleAssertionsHoldAndFailWithTheirRows() throws {
        let run = try perk("test", "Tests/PerkTests/Fixtures/rule-assertions.perktest")
        #expect(run.status == 1 && run.err.isEmpty)
        try golden("rule-assertions.txt", run.out)
    }

    @Test func ruleAssertionsAreRead() throws {
        let file = try TestFile(name: "t.perktest", text: """
            test "t"
            request {}
            expect rule "base" applied
            expect rule "December campaign" not applied
            expect rule "December campaign" not applied: "outside 2026-12-01..2026-12-24"
            expect rule "base" gives 16 points
            expect rule "bonus" gives 2.50 EUR
            expect rule "fuel" capped
            expect rule "fuel" capped by 50 points
            expect rule "gold" modifies "base"
            expect rule "staff" stops
            """)
        #expect(file.cases[0].expectations == [
            .rule(name: "base", check: .applied, line: 3),
            .rule(name: "December campaign", check: .notApplied(because: nil), line: 4),
            .rule(name: "December campaign", check: .notApplied(because: "outside 2026-12-01..2026-12-24"), line: 5),
            .rule(name: "base", check: .gives(.init(amount: "16", unit: "points")), line: 6),
            .rule(name: "bonus", check: .gives(.init(amount: "2.50", unit: "EUR")), line: 7),
            .rule(name: "fuel", check: .capped(by: nil), line: 8),
            .rule(name: "fuel", check: .capped(by: .init(amount: "50", unit: "points")), line: 9),
            .rule(name: "gold", check: .modifies("base"), line: 10),
            .rule(name: "staff", check: .stops, line: 11),
        ])
    }

    @Test(arguments: [
        ("expect rule base applied", "t.perktest:3: expected `expect rule \"NAME\"` then `applied`, `not applied`, "
            + "`not applied: \"TEXT\"`, `gives 16 points`, `capped`, `capped by 50 points`, `modifies \"NAME\"` or `stops`"),
        ("expect rule \"\" applied", "t.perktest:3: a rule assertion needs the rule's name: expected `expect rule \"NAME\"` then "
            + "`applied`, `not applied`, `not applied: \"TEXT\"`, `gives 16 points`, `capped`, `capped by 50 points`, "
            + "`modifies \"NAME\"` or `stops`"),
        ("expect rule \"base\" gives many points", "t.perktest:3: expected an amount after `gives`, found `many`"),
        ("expect rule \"base\" not applied: weekday", "t.perktest:3: expected the reason's text in double quotes after `not applied:`"),
        ("expect rule \"base\" capped by 50", "t.perktest:3: expected an amount and its unit after `capped by`: capped by 50 points"),
        ("expect rule \"gold\" modifies base", "t.perktest:3: expected the modified rule's name in double quotes: modifies \"base\""),
    ])
    func malformedRuleAssertionsNameTheirLine(line: String, message: String) {
        do {
            _ = try TestFile(name: "t.perktest", text: "test \"t\"\nrequest {}\n\(line)\n")
            Issue.record("accepted: \(line)")
        } catch {
            #expect(error.description == message)
        }
    }
}

/// `perk explain` in a real terminal: the table fits the terminal's width, in color.
@Suite(.enabled(if: Terminal.tmux != nil, "tmux is not installed (Debian package `tmux`): the terminal tests are skipped"))
struct ExplainTerminalTests {
    @Test func tableFitsTheTerminalInColor() throws {
        let terminal = try Terminal(command: "env -u NO_COLOR '\(CLITests.binary.path)' explain programs/marche-vert.perk "
                                    + "Playground/requests/marche-vert.basket-m.json; cat", width: 80)
        defer { terminal.close() }
        try terminal.waitFor("  base               yes      16 points  1% of 16.76 EUR: 16.76 points exactly,\n"
                             + String(repeating: " ", count: 41) + "rounded down to 16 points\n")
        try terminal.waitFor("  base               \u{1B}[32myes    \u{1B}[39m  16 points", escapes: true)
    }
}
