import Foundation
@testable import PerkCommands
import Perk
import PerkLedger
import Testing

/// The Playground tour's REPL scripts, run through the `perk` binary and compared with their
/// transcripts. PERK_RECORD=1 writes the transcripts anew after a deliberate change.
@Suite struct ReplTests {
    static let tour = packageRoot.appendingPathComponent("Playground/tour")

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: tour.path)) ?? []).filter { $0.hasSuffix(".repl") }.sorted()
    }

    @Test("tour script", arguments: scripts)
    func tourScript(_ script: String) throws {
        let program = "programs/\(script.prefix { $0 != "." }).perk"
        let input = try String(contentsOf: Self.tour.appendingPathComponent(script), encoding: .utf8)
        // A `.ledger.repl` script runs with a new, empty ledger.
        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("perk-tour-\(UUID().uuidString).journal").path
        let arguments = script.hasSuffix(".ledger.repl") ? ["repl", program, "--ledger", journal] : ["repl", program]
        let run = try CLITests().perk(arguments, stdin: input)
        #expect(run.status == 0)
        #expect(run.err == "")
        let expectedURL = Self.tour.appendingPathComponent(String(script.dropLast(".repl".count)) + ".transcript")
        if ProcessInfo.processInfo.environment["PERK_RECORD"] == "1" {
            try run.out.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        #expect(run.out == (try String(contentsOf: expectedURL, encoding: .utf8)))
    }

    @Test func theTourCoversEverySeedSystem() {
        #expect(Self.scripts == ["convercus.repl", "kenzup.earn.repl", "kenzup.ledger.repl", "kenzup.payment.repl", "marche-vert.build.repl", "marche-vert.repl", "offers.repl",
                                "secucard.repl"])
    }

    @Test func reloadKeepsTheBasketAndReportsDiagnostics() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("perk-reload-\(UUID().uuidString).perk")
        defer { try? FileManager.default.removeItem(at: file) }
        let text = try packageFile("programs/convercus.perk")
        try text.write(to: file, atomically: true, encoding: .utf8)
        var session = ReplSession(programPath: file.path, program: try Program(text: text, name: file.path))
        _ = session.run(":sale amount=29.99")
        #expect(session.run(":earn").output.contains("points earned     29"))
        try text.replacingOccurrences(of: "earn 1 point per 1.00 EUR", with: "earn 2 points per 1.00 EUR")
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(session.run(":reload").output == """
            reloaded \(file.path)
            the basket: points_earned 29 → 59, cashback 0.29 EUR → 0.59 EUR
              rule `earn`: 29 points → 59 points
            """)
        #expect(session.run(":earn").output.contains("points earned     59"))
        try "program \"broken\"\ncurrency EUT\n".write(to: file, atomically: true, encoding: .utf8)
        let broken = session.run(":reload").output
        #expect(broken.hasPrefix("error[E0201]: unknown currency `EUT`"))
        #expect(broken.hasSuffix("the previous version of the program stays in use"))
        #expect(session.run(":earn").output.contains("points earned     59"))
    }

    /// Edit a rule in one window, `:reload` in the other: the basket stays, and the REPL says
    /// what the new version changes in its outcome, rule by rule.
    @Test func reloadSaysWhatTheNewRuleChanges() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("perk-reload-\(UUID().uuidString).perk")
        defer { try? FileManager.default.removeItem(at: file) }
        let text = try packageFile("programs/marche-vert.perk")
        try text.write(to: file, atomically: true, encoding: .utf8)
        var session = ReplSession(programPath: file.path, program: try Program(text: text, name: file.path))
        #expect(session.run(":line article=3003 qty=2 price=8.49").output == "line 1 added")
        #expect(session.run(":at 2026-12-21T11:00+01:00").output == "time set: 2026-12-21T11:00:00+01:00")
        #expect(session.run(":reload").output == "reloaded \(file.path)\nthe basket's numbers are the same")
        // The Playground's proposal: the same program and a Christmas week rule.
        try packageFile("Playground/diff/marche-vert-christmas.perk").write(to: file, atomically: true, encoding: .utf8)
        #expect(session.run(":reload").output == """
            reloaded \(file.path)
            the basket: points_earned 16 → 33, cashback 0.16 EUR → 0.33 EUR
              rule `base`: 16 points → 33 points
              rule `Christmas week` is new: applied
            """)
        try text.replacingOccurrences(of: "earn 100 points", with: "earn 150 points").write(to: file, atomically: true, encoding: .utf8)
        #expect(session.run(":reload").output == """
            reloaded \(file.path)
            the basket: points_earned 33 → 16, cashback 0.33 EUR → 0.16 EUR
              rule `base`: 33 points → 16 points
              rule `Christmas week` is gone (it gave 0 points)
            """)
    }

    /// `:why RULE` shows one rule on the basket: each condition, whether it holds and the
    /// value it read; Tab offers the rules' names, quoted when they have a space.
    @Test func whyShowsEachConditionOfARule() throws {
        var session = ReplSession(programPath: "programs/marche-vert.perk", program: try shippedProgram("marche-vert"))
        _ = session.run(":line article=3003 qty=2 price=8.49")
        _ = session.run(":at 2026-11-24T10:00+01:00")
        #expect(session.run(":why December campaign").output == """
            rule `December campaign` (programs/marche-vert.perk:68:1): not applied
              2026-11-24 in Europe/Paris is outside 2026-12-01..2026-12-24
              no   date from 2026-12-01 to 2026-12-24   2026-11-24 in Europe/Paris
              no   eligible revenue at least 50.00 EUR  eligible revenue 16.98 EUR
            """)
        _ = session.run(":customer tier=gold")
        _ = session.run(":at 2026-11-28T10:00+01:00")
        #expect(session.run(":why \"Saturdays double\"").output == """
            rule `Saturdays double` (programs/marche-vert.perk:48:1): applied, modifies `base`
              yes  weekday is Saturday  Saturday in Europe/Paris
            """)
        #expect(session.run(":why base").output == """
            rule `base` (programs/marche-vert.perk:33:1): applied, 101 points
              3% (rate set by `gold`) × 2 (`Saturdays double`) of 16.98 EUR: 101.88 points exactly, rounded down to 101 points
              (no conditions: it applies to every sale)
            """)
        #expect(session.run(":why basee").output == "error: the program has no rule `basee`; did you mean `base`?")
        #expect(session.run(":why").output == "error: expected a rule's name: :why RULE")
        #expect(session.complete(":why Sat") == .init(start: 5, words: ["\"Saturdays double\" "]))
        #expect(session.complete(":why b") == .init(start: 5, words: ["base ", "birthday ", "blacklist "]))
    }

    /// `:program FILE` uses another version of the program, the basket kept; a file that
    /// cannot be read or compiled leaves the one in use.
    @Test func programSwitchesToAnotherVersion() throws {
        var session = ReplSession(programPath: "programs/marche-vert.perk", program: try shippedProgram("marche-vert"))
        _ = session.run(":line article=3003 qty=2 price=8.49")
        _ = session.run(":at 2026-12-21T11:00+01:00")
        #expect(session.run(":program Playground/diff/marche-vert-christmas.perk").output == """
            now using Playground/diff/marche-vert-christmas.perk
            the basket: points_earned 16 → 33, cashback 0.16 EUR → 0.33 EUR
              rule `base`: 16 points → 33 points
              rule `Christmas week` is new: applied
            """)
        #expect(session.programPath == "Playground/diff/marche-vert-christmas.perk")
        #expect(session.run(":program no/such.perk").output
                == "error: cannot read `no/such.perk`: no such file or not readable\nthe previous version of the program stays in use")
        #expect(session.run(":program").output == "error: expected a program file: :program FILE")
        #expect(session.programPath == "Playground/diff/marche-vert-christmas.perk")
    }

    /// `:list NAME` shows a named list and the basket's lines on it; Tab offers the names.
    @Test func listShowsANamedListAndTheLinesOnIt() throws {
        let text = """
            program "Lists"
            currency EUR
            1 point = 0.01 EUR
            reward points
            list "gift cards" {
              ean 4000000000017
              article 9001 "Gift card 50"
            }
            list "wine" {
              article 3005
            }
            rule "no gift cards" {
              earn 1% of lines not in list "gift cards" rounded down
            }

            """
        var session = ReplSession(programPath: "lists.perk", program: try Program(text: text, name: "lists.perk"))
        _ = session.run(":line article=3003 price=8.49")
        _ = session.run(":line ean=4000000000017 price=20.00")
        #expect(session.run(":list gift cards").output == "list `gift cards`:\n  article 9001\n  ean 4000000000017\non it: line 2")
        #expect(session.run(":list \"wine\"").output == "list `wine`:\n  article 3005\nno line of the basket is on it")
        #expect(session.run(":list gift card").output == "error: the program has no list `gift card`; did you mean `gift cards`?")
        #expect(session.complete(":list g") == .init(start: 6, words: ["\"gift cards\" "]))
        #expect(session.complete(":list ") == .init(start: 6, words: ["\"gift cards\" ", "wine "]))
        var plain = ReplSession(programPath: "programs/kenzup.perk", program: try shippedProgram("kenzup"))
        #expect(plain.run(":list x").output == "error: the program has no named list")
    }

    /// `:at` sets the sale's time, seconds optional; a time that is none is refused.
    @Test func atSetsTheSaleTime() throws {
        var session = ReplSession(programPath: "programs/marche-vert.perk", program: try shippedProgram("marche-vert"))
        #expect(session.run(":at 2026-11-28T10:00+01:00").output == "time set: 2026-11-28T10:00:00+01:00")
        #expect(session.run(":at 2026-11-28T10:00:30Z").output == "time set: 2026-11-28T10:00:30Z")
        #expect(session.run(":json").output.contains(#""time": "2026-11-28T10:00:30Z""#))
        #expect(session.run(":at tomorrow").output == "error: time: `tomorrow` is not an ISO 8601 time such as `2026-11-28T10:00+01:00`")
        #expect(session.run(":at").output == "error: expected a time: :at 2026-11-28T10:00+01:00")
    }

    /// Tab offers the program's tiers, the tags and the categories its rules read.
    @Test func tabCompletesTiersTagsAndCategories() throws {
        var session = ReplSession(programPath: "programs/marche-vert.perk", program: try shippedProgram("marche-vert"))
        #expect(session.complete(":customer tier=") == .init(start: 15, words: ["basic ", "gold ", "silver "]))
        #expect(session.complete(":customer tier=s") == .init(start: 15, words: ["silver "]))
        #expect(session.complete(":customer tags=vip,st") == .init(start: 19, words: ["staff "]))
        #expect(session.complete(":line category=o") == .init(start: 15, words: ["organic "]))
        #expect(session.complete(":a") == .init(start: 0, words: [":at "]))
    }

    @Test func anAdjustmentBeyond64BitsKeepsTheSessionGoing() throws {
        let program = try shippedProgram("kenzup")
        let ledger = try Ledger(program: program, store: MemoryLedgerStore())
        var session = ReplSession(programPath: "programs/kenzup.perk", program: program, ledger: ledger)
        #expect(session.run(":adjust +212611223344 points=-9223372036854775808 reason=x")
            == ("error: points: insufficient points: +212611223344 has 0, 9223372036854775808 needed", true))
        #expect(session.run(":balance +212611223344") == ("+212611223344: 0 points (worth 0.00 MAD), cash 0.00 MAD, bonus 0.00 MAD", true))
    }

    @Test func badCommandsAndValuesKeepTheSessionGoing() throws {
        var session = ReplSession(programPath: "programs/secucard.perk", program: try shippedProgram("secucard"))
        #expect(session.run(":lne price=1") == ("error: unknown command `:lne`; did you mean `:line`?", true))
        #expect(session.run(":line price=abc").output == "error: price: `abc` is not a number")
        #expect(session.run(":line prise=1").output == "error: unknown line key `prise`; did you mean `price`?")
        #expect(session.run(":line desc=\"open").output == "error: a double quote is not closed")
        #expect(session.run(":remove 1").output == "error: expected a line number from 1 to 0: :remove N")
        #expect(session.run(":customer registered=maybe").output == "error: registered: expected true or false, found `maybe`")
        #expect(session.run(":line price=1.000001").output == "line 1 added")
        #expect(session.run(":earn").output == "error: lines[0].unit_price: `1.000001` has more decimals than a unit price in EUR may have (5)")
        #expect(session.run(":quit").goOn == false)
    }

    /// Every field a rule reads can be set: E3, basket M for a gold customer on a Saturday,
    /// built line by line, earns 111 points (100 from the base rate, 11 for organic).
    @Test func theFieldsRulesReadCanBeSet() throws {
        var session = ReplSession(programPath: "programs/marche-vert.perk", program: try shippedProgram("marche-vert"))
        #expect(session.run(":line article=1001 category=dairy qty=2 price=1.15").output == "line 1 added")
        #expect(session.run(":line article=2002 category=organic qty=1.5 price=3.98").output == "line 2 added")
        #expect(session.run(":line article=3003 price=8.49").output == "line 3 added")
        #expect(session.run(":line ean=4000000000017 price=20.00").output == "line 4 added")
        #expect(session.run(":sale time=2026-11-28T10:00:00+01:00").output == "sale set")
        #expect(session.run(":customer tier=gold tags=vip,newsletter birthday=03-14 first_purchase=false").output == "customer set")
        let explained = session.run(":earn").output
        #expect(explained.contains("eligible revenue  16.76 EUR\npoints earned     111\n"))
        #expect(explained.contains("\n  base               yes      100 points       3% (rate set by `gold`) × 2 (`Saturdays double`) of 16.76 EUR"))
        #expect(explained.contains("\n  organic            yes      11 points        2% of 5.97 EUR"))
        #expect(explained.contains("\n  birthday           no                        the customer's birthday is 03-14"))
        #expect(session.run(":json").output.contains(#""customer": { "tier": "gold", "tags": ["vip", "newsletter"], "birthday": "03-14", "first_purchase": false }"#))
        #expect(session.run(":customer tier=platinum").output == "customer set")
        #expect(session.run(":earn").output.hasPrefix("error: customer.tier: unknown tier `platinum`; the tiers are `basic`, `silver` or `gold`"))
    }

    @Test func malformedKeyValuesSayWhatIsWrong() throws {
        var session = ReplSession(programPath: "programs/secucard.perk", program: try shippedProgram("secucard"))
        let customerKeys = "expected KEY=VALUE with a customer key: birthday, bonus, card, cash, first_purchase, mobile, offers, points, registered, tags, tier"
        #expect(session.run(":customer").output == "error: \(customerKeys)")
        #expect(session.run(":customer cash2.00").output == "error: `cash2.00` has no `=`; \(customerKeys)")
        #expect(session.run(":customer =2.00").output == "error: `=2.00` has no key before `=`; \(customerKeys)")
        #expect(session.run(":customer bonsu=1").output == "error: unknown customer key `bonsu`; did you mean `bonus`?")
        #expect(session.run(":customer x=1").output == "error: unknown customer key `x`; \(customerKeys)")
        #expect(session.run(":line x=1").output
            == "error: unknown line key `x`; expected KEY=VALUE with a line key: article, category, desc, ean, full, price, qty, vat")
        #expect(session.run(":customer card=c1 cash=abc").output == "error: cash: `abc` is not a number")
        #expect(session.run(":basket").output == "basket: empty\nsale: nothing set\ncustomer: nothing set")
    }

    /// The step of Playground/README.md that sets balances alone.
    @Test func balancesAloneSetTheCustomer() throws {
        var session = ReplSession(programPath: "programs/secucard.perk", program: try shippedProgram("secucard"))
        #expect(session.run(":customer cash=2.00 bonus=0.20") == ("customer set", true))
        #expect(session.run(":customer card=c1 bonus=0.30").output == "customer set")
        #expect(session.run(":basket").output == "basket: empty\nsale: nothing set\ncustomer: card=\"c1\" cash=2.00 bonus=0.30")
        #expect(session.run(":json").output == """
            {
              "customer": { "card": "c1", "balances": { "cash": 2.00, "bonus": 0.30 } }
            }
            """)
    }

    @Test func saveAndLoadRoundTrip() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("perk-save-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        var session = ReplSession(programPath: "programs/secucard.perk", program: try shippedProgram("secucard"))
        _ = session.run(#":line article=30037 desc="Sandwich Romano" price=3.49 vat=7"#)
        _ = session.run(":customer card=c1 cash=2.00 bonus=0.20")
        _ = session.run(":sale pay_with_card=true")
        #expect(session.run(":save \(file.path)").output == "saved \(file.path)")
        let before = session.run(":earn").output
        _ = session.run(":reset")
        #expect(session.run(":load \(file.path)").output == "loaded \(file.path): 1 line")
        #expect(session.run(":earn").output == before)
        let saved = try String(contentsOf: file, encoding: .utf8)
        let request = try Request(json: saved, currency: try shippedProgram("secucard").currency)
        #expect(request.lines.first?.unitPrice == 349)
        #expect(request.customer?.balances?.cash == 200)
    }
}
