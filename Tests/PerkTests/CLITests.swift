import Foundation
import Testing
@testable import PerkCommands

/// End-to-end tests of the `perk` binary: whole standard output, standard error and exit code.
@Suite struct CLITests {
    typealias Run = ProgramRun

    /// The `perk` executable built beside the test bundle.
    static let binary: URL = {
        let beside = Bundle.main.bundleURL.appendingPathComponent("perk")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/perk")
    }()

    func perk(_ arguments: String..., stdin: String? = nil) throws -> Run {
        try perk(arguments, stdin: stdin)
    }

    func perk(_ arguments: [String], stdin: String? = nil) throws -> Run {
        try perk(arguments, stdin: stdin.map { Array($0.utf8) })
    }

    /// Runs `perk` with these bytes on standard input (which may be anything, even not UTF-8).
    func perk(_ arguments: [String], stdin: [UInt8]?) throws -> Run {
        try runProgram(Self.binary, arguments, stdin: stdin)
    }

    @Test func checkCleanPrograms() throws {
        let run = try perk("check", "programs/kenzup.perk", "programs/offers.perk")
        #expect(run == Run(status: 0, out: "programs/kenzup.perk: ok\nprograms/offers.perk: ok\n", err: ""))
    }

    @Test func checkReportsDiagnosticsAndExitsOne() throws {
        let run = try perk("check", "Tests/PerkTests/Golden/unknown-currency.perk")
        #expect(run.status == 1)
        #expect(run.out == "")
        #expect(run.err == """
            error[E0201]: unknown currency `EUT`
             --> Tests/PerkTests/Golden/unknown-currency.perk:2:10
              |
            2 | currency EUT
              |          ^^^ not an ISO 4217 code Perk knows
              |
              = help: did you mean `EUR`?

            Tests/PerkTests/Golden/unknown-currency.perk: 1 error\n\n
            """)
    }

    @Test func checkShortForm() throws {
        let run = try perk("check", "--short", "Tests/PerkTests/Golden/misspelt-keywords.perk")
        #expect(run == Run(status: 1, out: "", err: """
            Tests/PerkTests/Golden/misspelt-keywords.perk:3:1: error[E0102]: expected a statement, found `curency`
            Tests/PerkTests/Golden/misspelt-keywords.perk:4:8: error[E0105]: expected `points` or `bonus`, found `pionts`
            Tests/PerkTests/Golden/misspelt-keywords.perk:5:37: error[E0105]: expected `down`, `up`, `half up` or `half even`, found `dwn`\n
            """))
    }

    @Test func checkMissingFileExitsThree() throws {
        let run = try perk("check", "programs/nothing.perk")
        #expect(run == Run(status: 3, out: "", err: "error: cannot read `programs/nothing.perk`: no such file or not readable\n"))
    }

    @Test func evalPrintsTheOutcome() throws {
        let run = try perk("eval", "programs/secucard.perk", "Playground/requests/secucard.pay-with-card.json")
        #expect(run.status == 0)
        #expect(run.err == "")
        #expect(run.out == (try packageFile("Playground/expected/secucard.pay-with-card.json")))
    }

    @Test func evalCompactWithoutTraceFromStandardInput() throws {
        let run = try perk("eval", "--compact", "--no-trace", "programs/convercus.perk", "-",
                           stdin: #"{"type":"burn","amount":5.00,"customer":{"balances":{"points":1234}}}"#)
        #expect(run.status == 0)
        #expect(run.out == """
            {"type":"burn","status":"approved","decline_reason":null,"order_id":null,"currency":"EUR","sale_total":5.00,\
            "eligible_revenue":0.00,"points_earned":0,"bonus_earned":0.00,"cashback":0.00,"cash_redeemed":0.00,\
            "bonus_redeemed":0.00,"bonus_applied":0.00,"points_burned":500,"bonus_products":[],"missing_sum":0.00,\
            "discount":0.00,"offer_cashback":0.00,"offers":[],"paid_amount":null,"pending_credit":null,"vouchers":null,\
            "message":null,"expires_at":null,"balances_after":{"cash":0.00,"bonus":0.00,"points":734,"points_value":7.34}}\n
            """)
    }

    @Test func evalExplain() throws {
        let run = try perk("eval", "--explain", "programs/kenzup.perk", "Playground/requests/kenzup.earn.json")
        #expect(run.status == 0)
        #expect(run.out == """
            status            pending
            order             TX_123456789
            sale total        12.45 MAD
            eligible revenue  12.45 MAD
            points earned     62
            missing sum       12.45 MAD
            message           Recevez 62 points de fidélité en téléchargeant Kenz'up!
            expires at        2020-02-12T19:25:30+01:00

            by rule:
              rule                          applied  gives      why
              earn                          yes      62 points  on 12.45 MAD: 62.25 points exactly, rounded down to 62 points
              points payments earn nothing  no                  nothing was paid with points

            scope: program

            rules:
              [skipped] points payments earn nothing  (programs/kenzup.perk:27:1)
                  nothing was paid with points
              [applied] earn 5% of eligible revenue rounded down  (programs/kenzup.perk:17:1)
                  on 12.45 MAD: 62.25 points exactly, rounded down to 62 points
              [applied] qr valid  (programs/kenzup.perk:39:1)
                  awaiting the QR scan until 2020-02-12T19:25:30+01:00
              [applied] message qr
                  "Recevez 62 points de fidélité en téléchargeant Kenz'up!"
            \n
            """)
    }

    @Test func evalRequestErrorNamesTheFieldAndExitsFour() throws {
        let run = try perk("eval", "programs/kenzup.perk", "-",
                           stdin: #"{"amount": 12.455, "time": "2020-02-12T19:20:30+01:00"}"#)
        #expect(run == Run(status: 4, out: "", err: "error: -: amount: `12.455` has more decimals than MAD has (2)\n"))
    }

    @Test func evalWithABrokenProgramExitsOne() throws {
        let run = try perk("eval", "Tests/PerkTests/Golden/mixed-units.perk", "Playground/requests/kenzup.earn.json")
        #expect(run.status == 1)
        #expect(run.err.hasPrefix("error[E0302]: cannot add a percentage `5%` and an amount of money `3 MAD`"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try perk("eval", "programs/kenzup.perk").status == 2)
        #expect(try perk("frobnicate").err == "error: unknown subcommand `frobnicate`\nrun `perk --help` for the list of subcommands\n")
        #expect(try perk("chek").err.hasPrefix("error: unknown subcommand `chek`; did you mean `check`?"))
        #expect(try perk("eval", "--verbose", "a", "b").status == 2)
    }

    @Test func helpListsSubcommandsAndExitCodes() throws {
        let run = try perk("--help")
        #expect(run.status == 0)
        for word in ["check", "eval", "help", "exit codes:", "4  the request is invalid", "NO_COLOR"] {
            #expect(run.out.contains(word))
        }
        let page = try perk("help", "eval")
        #expect(page.status == 0)
        #expect(page.out.contains("--explain"))
    }
}

extension CLITests {
    @Test func diffListsChangedRequestsAndTotals() throws {
        let run = try perk("diff", "programs/kenzup.perk", "Playground/diff/kenzup-6-percent.perk",
                           "Tests/PerkTests/Fixtures/diff-requests.jsonl")
        // Line 4's mobile number is a landline: no request, named and skipped; the rest is replayed.
        #expect(run.err == "Tests/PerkTests/Fixtures/diff-requests.jsonl:4: error: customer: `0511223344` is not a valid mobile number: "
                + "expected E.164 (+212611223344) or a Moroccan mobile number (06… or 07…, 10 digits)\n")
        #expect(run.status == 4)
        #expect(run.out == """
            Tests/PerkTests/Fixtures/diff-requests.jsonl:1 (order D1): points_earned 62 → 74, cashback 0.62 MAD → 0.74 MAD
            Tests/PerkTests/Fixtures/diff-requests.jsonl:5 (order D4): points_earned 500 → 600, cashback 5.00 MAD → 6.00 MAD, \
            pending_credit 0 points → 100 points

            requests          3 (1 more line skipped: no request)
            affected          2
            points issued     562 → 674 (+112)
            bonus issued      0.00 MAD → 0.00 MAD (+0.00 MAD)
            value given away  5.62 MAD → 6.74 MAD (+1.12 MAD)

            by rule:
              rule                          applied old → new  gave old → new  change
              earn                          3 → 3              562 → 674       +112
              points payments earn nothing  0 → 0              0 → 0           +0

            most changed (points):
              Tests/PerkTests/Fixtures/diff-requests.jsonl:5 (order D4)  +100
              Tests/PerkTests/Fixtures/diff-requests.jsonl:1 (order D1)  +12

            change per request (points):
              no change    1  ███████████████
              +1 to +10    0
              +11 to +100  2  ██████████████████████████████\n
            """)
    }

    /// A report that cannot be written is an error before anything is printed, and leaves no file.
    @Test func diffReportToAnUnwritablePath() throws {
        let arguments = ["programs/kenzup.perk", "Playground/diff/kenzup-6-percent.perk", "Tests/PerkTests/Fixtures/diff-requests.jsonl"]
        #expect(try perk(["diff", "--report", "/no/such/folder/r.html"] + arguments)
                == Run(status: 3, out: "", err: "error: cannot write the report to `/no/such/folder/r.html`: there is no folder `/no/such/folder`\n"))
        #expect(try perk(["diff", "--report", "Playground"] + arguments)
                == Run(status: 3, out: "", err: "error: cannot write the report to `Playground`: it is a folder\n"))
        #expect(try perk(["diff"] + arguments + ["--report"]).status == 2)
    }

    /// Without `--all` the listing stops after 20 requests and says how many more differ;
    /// with it every request that differs is listed. The totals are the same.
    @Test func diffListsTwentyUnlessAll() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("perk-diff-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let requests = (1...22).map { #"{"order_id": "R\#($0)", "amount": 100, "time": "2020-02-12T19:20:30+01:00"}"# }
        try Data((requests.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let listed = { (count: Int) in
            (1...count).map { "\(path):\($0) (order R\($0)): points_earned 500 → 600, cashback 5.00 MAD → 6.00 MAD\n" }.joined()
        }
        let labels = (1...10).map { "\(path):\($0) (order R\($0))" }
        let width = labels.map(\.count).max() ?? 0
        let mostChanged = labels.map { "  " + $0.padding(toLength: width, withPad: " ", startingAt: 0) + "  +100" }.joined(separator: "\n")
        let totals = """

            requests          22
            affected          22
            points issued     11000 → 13200 (+2200)
            bonus issued      0.00 MAD → 0.00 MAD (+0.00 MAD)
            value given away  110.00 MAD → 132.00 MAD (+22.00 MAD)

            by rule:
              rule                          applied old → new  gave old → new  change
              earn                          22 → 22            11000 → 13200   +2200
              points payments earn nothing  0 → 0              0 → 0           +0

            most changed (points):
            \(mostChanged)

            change per request (points):
              +11 to +100  22  ██████████████████████████████\n
            """
        #expect(try perk("diff", "programs/kenzup.perk", "Playground/diff/kenzup-6-percent.perk", path)
                == Run(status: 0, out: listed(20) + "… and 2 more requests that differ (--all lists them)\n" + totals, err: ""))
        #expect(try perk("diff", "--all", "programs/kenzup.perk", "Playground/diff/kenzup-6-percent.perk", path)
                == Run(status: 0, out: listed(22) + totals, err: ""))
    }

    @Test func explainIsEvalExplain() throws {
        let explain = try perk("explain", "programs/convercus.perk", "Playground/requests/convercus.receipt.json")
        let eval = try perk("eval", "--explain", "programs/convercus.perk", "Playground/requests/convercus.receipt.json")
        #expect(explain.status == 0)
        #expect(explain == eval)
        #expect(explain.out.contains("[applied] tender \"PayWithPoints\" earns nothing  (programs/convercus.perk:17:1)"))
    }
}

extension CLITests {
    @Test func fmtCheckListsUnformattedFilesAndFmtRewritesThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("perk-fmt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("messy.perk").path
        try packageFile("Tests/PerkTests/Fixtures/messy.perk").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try perk("fmt", "--check", "programs/kenzup.perk", file) == Run(status: 1, out: file + "\n", err: ""))
        #expect(try perk("fmt", file) == Run(status: 0, out: "formatted \(file)\n", err: ""))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == (try packageFile("Tests/PerkTests/Fixtures/messy.formatted.perk")))
        #expect(try perk("fmt", "--check", file) == Run(status: 0, out: "", err: ""))
        let broken = try perk("fmt", "Tests/PerkTests/Golden/unterminated-string.perk")
        #expect(broken.status == 1)
        #expect(broken.err.hasPrefix("error[E0003]: unterminated string"))
    }

    /// `perk fmt` refuses what does not parse, as its help says, and lays out a program whose
    /// only errors are in what it says, which `perk check` goes on reporting.
    @Test func fmtRefusesSyntaxErrorsAndFormatsCheckErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("perk-fmt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("broken.perk").path
        let brokenText = "program \"Typo\"\ncurrency   EUR\nreward points earn\n"
        try brokenText.write(toFile: broken, atomically: true, encoding: .utf8)
        let refused = try perk("fmt", broken)
        #expect(refused.status == 1)
        #expect(refused.out == "")
        #expect(refused.err == (try perk("check", broken)).err)
        #expect(try String(contentsOfFile: broken, encoding: .utf8) == brokenText)

        let unchecked = folder.appendingPathComponent("unchecked.perk").path
        try "program   \"Typo\"\ncurrency EUT\n".write(toFile: unchecked, atomically: true, encoding: .utf8)
        #expect(try perk("fmt", unchecked) == Run(status: 0, out: "formatted \(unchecked)\n", err: ""))
        #expect(try String(contentsOfFile: unchecked, encoding: .utf8) == "program \"Typo\"\ncurrency EUT\n")
        let check = try perk("check", unchecked)
        #expect(check.status == 1)
        #expect(check.err.hasPrefix("error[E0201]: unknown currency `EUT`"))
    }
}

extension CLITests {
    @Test func testReportsPassesFailuresAndTheTrace() throws {
        let run = try perk("test", "Tests/PerkTests/Fixtures/failing.perktest")
        #expect(run.status == 1)
        #expect(run.err == "")
        #expect(run.out == """
            Tests/PerkTests/Fixtures/failing.perktest (Tests/PerkTests/Fixtures/failing.perk)
              ok   right
              FAIL wrong on purpose
                   points_earned: expected 30, got 29 (line 7)
                   | status            approved
                   | sale total        29.99 EUR
                   | eligible revenue  29.99 EUR
                   | points earned     29
                   | missing sum       29.99 EUR
                   | 
                   | by rule:
                   |   rule                                  applied  gives      why
                   |   earn                                  yes      29 points  on 29.99 EUR: 29.99 points exactly, rounded down to 29 points
                   |   tender "PayWithPoints" earns nothing  no                  no tender `PayWithPoints` on the receipt
                   | 
                   | scope: program
                   | 
                   | rules:
                   |   [skipped] tender "PayWithPoints" earns nothing  (Tests/PerkTests/Fixtures/failing.perk:17:1)
                   |       no such tender on the receipt
                   |   [applied] earn 1 point per 1.00 EUR rounded down  (Tests/PerkTests/Fixtures/failing.perk:14:1)
                   |       on 29.99 EUR: 29.99 points exactly, rounded down to 29 points
                   | 
            1 passed, 1 failed\n
            """)
    }

    @Test func testRunsAFolder() throws {
        let run = try perk("test", "programs")
        #expect(run.status == 0)
        #expect(run.out.hasSuffix("55 passed, 0 failed\n"))
        #expect(!run.out.contains("FAIL"))
    }
}

extension CLITests {
    /// What `perk --help` and `perk help PAGE` print, compared with `Golden/help/PAGE.txt`, so
    /// that a change of the text users read shows in review. PERK_RECORD=1 writes them anew.
    @Test func helpPagesAreWholeAndExact() throws {
        let folder = packageRoot.appendingPathComponent("Tests/PerkTests/Golden/help")
        let pages = HelpCommand.pages.keys.sorted()
        #expect(pages.count >= 9)
        let overview = try perk("--help").out
        for page in ["overview"] + pages {
            let run = try page == "overview" ? perk("--help") : perk("help", page)
            let golden = folder.appendingPathComponent("\(page).txt")
            if ProcessInfo.processInfo.environment["PERK_RECORD"] == "1" {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try run.out.write(to: golden, atomically: true, encoding: .utf8)
            }
            #expect(run == Run(status: 0, out: try String(contentsOf: golden, encoding: .utf8), err: ""), "perk help \(page)")
            #expect(page == "overview" || overview.contains("\n  \(page) "), "perk --help lists \(page)")
        }
        let goldens = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(goldens == (["overview"] + pages).map { "\($0).txt" }.sorted(), "a golden help page for each page, and no other")
        #expect(try perk("help", "tset") == Run(status: 2, out: "", err: "error: unknown subcommand `tset`; did you mean `test`?\n"))
    }

    // MARK: eval --batch

    /// One outcome per request line, in order; a failing line answers with its error and
    /// line number in its place, and the batch goes on.
    @Test func evalBatchAnswersEveryLine() throws {
        let requests = """
            {"type": "earn", "order_id": "TX_1", "time": "2020-02-12T19:20:30+01:00", "amount": 12.45, "customer": {"mobile": "+212611223344"}}

            {"type": "earn",
            {"type": "earn", "order_id": "TX_1", "time": "2020-02-12T19:20:30+01:00", "amount": 13.00}
            {"type": "earn", "order_id": "TX_2", "time": "2020-02-12T19:21:00+01:00", "amount": 100}
            """
        func outcome(_ order: String, total: String, points: Int, cashback: String, expires: String) -> String {
            """
            {"type":"earn","status":"pending","decline_reason":null,"order_id":"\(order)","currency":"MAD","sale_total":\(total),\
            "eligible_revenue":\(total),"points_earned":\(points),"bonus_earned":0.00,"cashback":\(cashback),"cash_redeemed":0.00,\
            "bonus_redeemed":0.00,"bonus_applied":0.00,"points_burned":0,"bonus_products":[],"missing_sum":\(total),"discount":0.00,\
            "offer_cashback":0.00,"offers":[],"paid_amount":null,"pending_credit":null,"vouchers":null,\
            "message":"Recevez \(points) points de fidélité en téléchargeant Kenz'up!","expires_at":"\(expires)","balances_after":null,\
            "rules":[{"name":"earn","applied":true,"points":\(points)},{"name":"points payments earn nothing","applied":false,"points":0}]}
            """
        }
        let run = try perk(["eval", "--batch", "--no-trace", "programs/kenzup.perk", "-"], stdin: requests)
        #expect(run == Run(status: 4, out: [
            outcome("TX_1", total: "12.45", points: 62, cashback: "0.62", expires: "2020-02-12T19:25:30+01:00"),
            #"{"error":"invalid JSON at line 1, column 17: expected a member name in double quotes","line":3}"#,
            #"{"error":"order_id: `TX_1` is already the order id of line 1","line":4}"#,
            outcome("TX_2", total: "100.00", points: 500, cashback: "5.00", expires: "2020-02-12T19:26:00+01:00"),
        ].joined(separator: "\n") + "\n", err: """
            <stdin>:3: error: invalid JSON at line 1, column 17: expected a member name in double quotes
            <stdin>:4: error: order_id: `TX_1` is already the order id of line 1

            """))
    }

    /// With its trace, a batch line is exactly what `perk eval --compact` prints for the request.
    @Test func evalBatchLinesAreTheCompactOutcomes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("perk-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let requests = [
            #"{"type": "payment", "order_id": "TX_HYBRID_1", "time": "2020-02-12T19:20:30+01:00", "sale_amount": 100.00, "amount": 40.00, "paid_with": "points", "customer": {"mobile": "+212611223344", "balances": {"points": 5000}}}"#,
            #"{"type": "earn", "order_id": "TX_3", "time": "2020-02-12T19:20:30+01:00", "amount": 12.45, "force": true, "brand": "Afriquia Gaz", "customer": {"mobile": "0611223344", "registered": false}}"#,
        ]
        let file = folder.appendingPathComponent("requests.jsonl")
        try (requests.joined(separator: "\r\n") + "\r\n").write(to: file, atomically: true, encoding: .utf8)
        var expected = ""
        for (index, request) in requests.enumerated() {
            let single = folder.appendingPathComponent("\(index).json")
            try request.write(to: single, atomically: true, encoding: .utf8)
            let run = try perk("eval", "--compact", "programs/kenzup.perk", single.path)
            #expect(run.status == 0)
            expected += run.out
        }
        #expect(try perk("eval", "--batch", "programs/kenzup.perk", file.path) == Run(status: 0, out: expected, err: ""))
    }

    @Test func evalBatchRefusesExplainAndMissingFiles() throws {
        #expect(try perk("eval", "--batch", "--explain", "programs/kenzup.perk", "-").status == 2)
        let missing = try perk("eval", "--batch", "programs/kenzup.perk", "no-such-requests.jsonl")
        #expect(missing == Run(status: 3, out: "", err: "error: cannot read `no-such-requests.jsonl`: No such file or directory\n"))
    }
}
