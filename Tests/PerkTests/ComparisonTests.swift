import Foundation
import Perk
import Testing

@Suite struct ComparisonTests {
    @Test func aRateChangeIsCostedRequestByRequest() throws {
        let old = try shippedProgram("kenzup")
        let new = try Program(text: try packageFile("Playground/diff/kenzup-6-percent.perk"), name: "new.perk")
        var comparison = try ProgramComparison(old: old, new: new)
        let requests = try packageFile("Tests/PerkTests/Fixtures/diff-requests.jsonl").split(separator: "\n")
        for (index, line) in requests.enumerated() { comparison.add(json: String(line), label: "line \(index + 1)") }
        // D3's mobile number is a landline: that line is no request, and is skipped.
        #expect(comparison.requests == 3)
        #expect(comparison.skipped.map(\.label) == ["line 3"])
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

/// Pricing a campaign before it ships: the Christmas week rule replayed on four baskets.
@Suite struct CampaignPricingTests {
    static let requests = "Tests/PerkTests/Fixtures/christmas-requests.jsonl"

    func compare() throws -> ProgramComparison {
        var comparison = try ProgramComparison(old: try shippedProgram("marche-vert"),
                                               new: try Program(text: try packageFile("Playground/diff/marche-vert-christmas.perk"),
                                                                name: "marche-vert-christmas.perk"))
        for (index, line) in try packageFile(Self.requests).split(separator: "\n").enumerated() {
            comparison.add(json: String(line), label: "line \(index + 1)")
        }
        return comparison
    }

    /// Each rule's requests and points under both versions: the new rule doubles `base` on
    /// 21 December (16 → 33 points) and on Christmas Eve for a gold customer (300 → 600); the
    /// Saturdays around it and the December campaign's 100 points do not change.
    @Test func eachRuleIsCostedUnderBothVersions() throws {
        let comparison = try compare()
        #expect(comparison.requests == 4)
        #expect(comparison.skipped.map(\.label) == ["line 4"])
        #expect(comparison.measure == .points)
        let base = try #require(comparison.rules.first { $0.name == "base" })
        #expect((base.appliedOld, base.appliedNew, base.givenOld, base.givenNew, base.change) == (4, 4, 382, 699, 317))
        let campaign = try #require(comparison.rules.first { $0.name == "December campaign" })
        #expect((campaign.appliedOld, campaign.appliedNew, campaign.givenOld, campaign.givenNew) == (1, 1, 100, 100))
        let christmas = try #require(comparison.rules.last)
        #expect(christmas.name == "Christmas week" && !christmas.inOld && christmas.inNew && christmas.appliedNew == 2)
        #expect(comparison.rules.map(\.name).prefix(3) == ["blacklist", "staff", "base"])
        #expect(comparison.mostChanged().map(\.orderID) == ["C3", "C2"])
        #expect(comparison.mostChanged().map(\.change) == [300, 17])
        #expect(comparison.changes.map(\.change) == [0, 17, 300, 0])
        #expect(comparison.distribution.map { [$0.low, $0.high] } == [[0, 0], [1, 10], [11, 100], [101, 1_000]])
        #expect(comparison.distribution.map(\.count) == [2, 0, 1, 1])
        #expect(comparison.newTotals.pointsIssued - comparison.oldTotals.pointsIssued == 317)
    }

    /// Earnings by day are counted on the new version's local date (a sale at 23:30 UTC on
    /// 19 December is on the 20th in Paris); a request without a time, which these programs
    /// refuse, is no day's and not counted; in a program that reads no time it is counted apart.
    @Test func earningsAreCountedByLocalDay() throws {
        var comparison = try compare()
        comparison.add(json: #"{"time": "2026-12-19T23:30:00Z", "lines": [{"article": "3003", "quantity": 2, "unit_price": 8.49}]}"#,
                       label: "late")
        let late = try #require(CivilDate(year: 2026, month: 12, day: 20))
        #expect(comparison.days[late].map { [$0.old, $0.new] } == [16, 33])
        #expect(comparison.days.keys.sorted().map(\.description) == ["2026-12-19", "2026-12-20", "2026-12-21", "2026-12-24", "2026-12-26"])
        #expect(comparison.undated.requests == 0)
        let convercus = try shippedProgram("convercus")
        var undated = try ProgramComparison(old: convercus, new: convercus)
        undated.add(json: #"{"amount": 29.99}"#, label: "no time")
        #expect(undated.undated.requests == 1 && undated.undated.old == 29 && undated.undated.new == 29)
        #expect(undated.days.isEmpty)
    }

    /// `perk diff --json`: the same report as one JSON object; the bad line on standard error.
    @Test func theReportIsJSONForDashboards() throws {
        let run = try runProgram(CLITests.binary, ["diff", "--json", "programs/marche-vert.perk", "Playground/diff/marche-vert-christmas.perk",
                                                   Self.requests], stdin: nil)
        #expect(run.status == 4)
        #expect(run.err == "\(Self.requests):4: error: invalid JSON at line 1, column 1: unexpected character, expected a value\n")
        let report = try JSONParser.parse(run.out)
        guard case .object(let members) = report else { Issue.record("not an object: \(run.out)"); return }
        let fields = Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
        #expect(members.map(\.key) == ["currency", "requests", "skipped", "affected", "totals", "rules", "measure", "most_changed",
                                       "distribution", "differences"])
        #expect(fields["requests"] == .number("4"))
        #expect(fields["skipped"] == .array([.object([("label", .string("\(Self.requests):4")),
                                                      ("error", .string("invalid JSON at line 1, column 1: unexpected character, expected a value"))])]))
        guard case .array(let rules)? = fields["rules"] else { Issue.record("no rules"); return }
        #expect(rules[2] == .object([("name", .string("base")), ("unit", .string("points")), ("applied_old", .number("4")),
                                     ("applied_new", .number("4")), ("gave_old", .number("382")), ("gave_new", .number("699")),
                                     ("change", .number("317"))]))
        #expect(rules.last == .object([("name", .string("Christmas week")), ("unit", .string("points")), ("applied_old", .null),
                                       ("applied_new", .number("2")), ("gave_old", .null), ("gave_new", .number("0")),
                                       ("change", .number("0"))]))
        #expect(fields["most_changed"] == .array([
            .object([("label", .string("\(Self.requests):3")), ("order_id", .string("C3")), ("change", .number("300"))]),
            .object([("label", .string("\(Self.requests):2")), ("order_id", .string("C2")), ("change", .number("17"))]),
        ]))
        #expect(fields["totals"] == .object([
            ("old", .object([("points_issued", .number("482")), ("bonus_issued", .number("0.00")), ("value_given_away", .number("4.82"))])),
            ("new", .object([("points_issued", .number("799")), ("bonus_issued", .number("0.00")), ("value_given_away", .number("7.99"))])),
            ("complete", .bool(true)),
        ]))
    }

    /// The Playground's walk-through: the Christmas week priced on 5000 generated December
    /// baskets, the whole report compared with `Golden/rules/christmas-diff.txt`.
    @Test func thePlaygroundCampaignIsPriced() throws {
        let run = try runProgram(CLITests.binary, ["diff", "programs/marche-vert.perk", "Playground/diff/marche-vert-christmas.perk",
                                                   "Playground/diff/marche-vert-requests.jsonl"], stdin: nil)
        #expect(run.status == 0 && run.err.isEmpty)
        try RulesTableTests().golden("christmas-diff.txt", run.out)
        #expect(run.out.contains("\npoints issued     339169 → 369276 (+30107)\n"))
    }
}

/// `perk diff --report`: one self-contained page, opened in a real headless browser.
@Suite struct CampaignReportTests {
    /// The browser, when one is installed (Debian's `chromium`, which .ci/run installs).
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Writes the Playground's campaign report into a new folder, and returns the page's path.
    func report(in folder: URL) throws -> String {
        let page = folder.appendingPathComponent("christmas.html").path
        let run = try runProgram(CLITests.binary, ["diff", "--report", page, "programs/marche-vert.perk", "Playground/diff/marche-vert-christmas.perk",
                                                   "Playground/diff/marche-vert-requests.jsonl"], stdin: nil)
        #expect(run.status == 0 && run.err.isEmpty)
        #expect(run.out.contains("\nby rule:\n"), "the text report is printed as well")
        return page
    }

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("perk-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Nothing is fetched and nothing runs: no script, no link, no source but the page.
    @Test func thePageIsSelfContained() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = try String(contentsOfFile: try report(in: folder), encoding: .utf8)
        for forbidden in ["<script", "src=", "href=", "http:", "https:", "@import", "url("] {
            #expect(!html.contains(forbidden), "the page holds \(forbidden)")
        }
        #expect(html.contains("<title>Marché Vert: programs/marche-vert.perk → Playground/diff/marche-vert-christmas.perk: what the change costs</title>"))
        #expect(html.contains("<tr><td>base</td><td>3825</td><td>3825</td><td>199622</td><td>229729</td><td class=\"up\">+30107</td></tr>"))
        #expect(html.contains("<tr><td>Christmas week</td><td class=\"muted\">—</td><td>630</td><td class=\"muted\">—</td><td>0</td>"))
        #expect(html.components(separatedBy: "<span class=\"added\">").count - 1 == 6, "the new rule's six lines are marked")
        #expect(!html.contains("class=\"removed\""), "no line of the old program is gone")
        #expect(html.contains("days in Europe/Paris"))
    }

    /// The report loads in Chromium without an error and shows its tables and charts; the
    /// same check on a page with a deliberate error fails, so the check can fail.
    @Test(.enabled(if: chromium != nil, "chromium is not installed (Debian package `chromium`): the browser test is skipped"))
    func thePageLoadsInABrowser() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = try report(in: folder)
        let (dom, errors) = try open(page, folder)
        #expect(errors.isEmpty, "the browser said: \(errors)")
        #expect(dom.contains("<h2>By rule</h2>") && dom.contains("<td>Christmas week</td>"))
        #expect(dom.components(separatedBy: "<svg").count - 1 == 2, "the histogram and the days")
        #expect(dom.components(separatedBy: "<polyline").count - 1 == 2, "old and new, day by day")
        #expect(dom.contains("<h2>The programs</h2>"))

        let broken = folder.appendingPathComponent("broken.html").path
        let html = try String(contentsOfFile: page, encoding: .utf8).replacingOccurrences(of: "</body>", with: "<script>notAFunction()</script></body>")
        try html.write(toFile: broken, atomically: true, encoding: .utf8)
        let (_, brokenErrors) = try open(broken, folder)
        #expect(brokenErrors.count == 1 && brokenErrors[0].contains("Uncaught ReferenceError: notAFunction is not defined"))
    }

    /// The page as the browser built it, and what its console said.
    func open(_ page: String, _ folder: URL) throws -> (dom: String, errors: [String]) {
        let run = try runProgram(URL(fileURLWithPath: "/usr/bin/timeout"),
                                 ["60", Self.chromium ?? "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                                  "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--dump-dom", "file://\(page)"], stdin: nil)
        #expect(run.status == 0, "chromium exited with \(run.status): \(run.err)")
        return (run.out, run.err.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init))
    }
}
