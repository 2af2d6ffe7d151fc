import Foundation
import Perk
import PerkLedger
@testable import PerkBench
import Testing

/// `perk ledger` end to end, and the journal's promise tested for real: a `perk` process
/// applying thousands of requests is killed with SIGKILL at random moments, and after each
/// kill nothing acknowledged is lost and nothing is applied twice.
@Suite struct LedgerCLITests {
    let cli = CLITests()
    let program = "programs/kenzup.perk"

    func journal() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("perk-cli-\(UUID().uuidString).journal").path
    }

    @Test func aSaleScannedStatedAndRefundedFromTheShell() throws {
        let path = journal()
        let request = #"{"order_id": "TX_1", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "customer": "+212611223344"}"#
        let applied = try cli.perk(["ledger", "apply", "--lines", "--no-trace", program, path, "-"], stdin: request + "\n" + request + "\n")
        #expect(applied.status == 0 && applied.err == "")
        let replies = applied.out.split(separator: "\n").map(String.init)
        #expect(replies.count == 2)
        #expect(replies.allSatisfy { $0.contains(#""points_earned":62"#) && $0.contains(#""reference":"TX_1","status":"pending""#) })
        #expect(replies.map { $0.contains(#""repeated":true"#) } == [false, true])

        #expect(try cli.perk("ledger", "scan", program, path, "TX_1", "customer=0611223344", "time=2020-02-12T19:21:00+01:00")
            == CLITests.Run(status: 0, out: "TX_1: approved\n  +212611223344  points  +62  earned\n", err: ""))
        #expect(try cli.perk("ledger", "status", program, path, "TX_1", "time=2020-02-12T19:22:00+01:00").out == """
            {
              "status": "approved",
              "reason": null,
              "order_id": "TX_1",
              "shop_uuid": null,
              "sale_amount": 12.45,
              "amount": 12.45,
              "paid_amount": 0.00,
              "expires_at": "2020-02-12T19:25:30+01:00"
            }\n
            """)
        #expect(try cli.perk("ledger", "refund", program, path, "TX_1", "time=2020-02-13T09:00:00+01:00")
            == CLITests.Run(status: 0, out: "TX_1: approved, 12.45 MAD of 12.45 MAD refunded\n  +212611223344  points  -62  refund of 12.45 MAD: earned points taken back\n", err: ""))
        #expect(try cli.perk("ledger", "adjust", program, path, "+212611223344", "points=100", "reason=goodwill", "time=2020-02-13T10:00:00+01:00")
            == CLITests.Run(status: 0, out: "  +212611223344  points  +100  goodwill\n", err: ""))
        #expect(try cli.perk("ledger", "statement", program, path, "0611223344").out == """
            statement of +212611223344
            time                       order  asset   change  reason
            2020-02-12T19:21:00+01:00  TX_1   points  +62     earned
            2020-02-13T09:00:00+01:00  TX_1   points  -62     refund of 12.45 MAD: earned points taken back
            2020-02-13T10:00:00+01:00  -      points  +100    goodwill
            balances: 100 points (worth 1.00 MAD), cash 0.00 MAD, bonus 0.00 MAD\n
            """)
        #expect(try cli.perk("ledger", "balance", program, path, "+212611223344")
            == CLITests.Run(status: 0, out: "+212611223344: 100 points (worth 1.00 MAD), cash 0.00 MAD, bonus 0.00 MAD\n", err: ""))
    }

    @Test func refusalsAndMistakesHaveTheirExitCodes() throws {
        let path = journal()
        let request = #"{"order_id": "TX_1", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "customer": "+212611223344"}"#
        _ = try cli.perk(["ledger", "apply", program, path, "-"], stdin: request)
        let changed = try cli.perk(["ledger", "apply", program, path, "-"], stdin: request.replacingOccurrences(of: "12.45", with: "13.00"))
        #expect(changed == CLITests.Run(status: 5, out: "", err: "error: -: amount: order TX_1 was already sent with amount 12.45 (now 13.00); a sale's requests must be identical, and the first one stands\n"))
        #expect(try cli.perk("ledger", "scan", program, path, "TX_1", "customer=0761234567")
            == CLITests.Run(status: 5, out: "", err: "error: customer: order TX_1 belongs to +212611223344; a scan by +212761234567 is refused\n"))
        #expect(try cli.perk("ledger", "scan", program, path, "TX_1")
            == CLITests.Run(status: 2, out: "", err: "error: scan: customer=MOBILE or customer=card:ID is required\n"))
        #expect(try cli.perk("ledger", "refund", program, path, "TX_1", "amount=1.234")
            == CLITests.Run(status: 2, out: "", err: "error: `1.234` is not an amount in MAD\n"))
        #expect(try cli.perk("ledger", "scna", program, path, "TX_1").err.hasPrefix("error: unknown ledger command `scna`; did you mean `scan`?\n"))
        let bad = try cli.perk(["ledger", "apply", "--lines", program, path, "-"], stdin: "\n" + #"{"order_id": "X", "amount": "a"}"# + "\n")
        #expect(bad == CLITests.Run(status: 4, out: #"{"error":"amount: `a` is not an amount in MAD","line":2}"# + "\n",
                                    err: "<stdin>:2: error: amount: `a` is not an amount in MAD\n"))
        try Data("00000000 {}\n00000000 {}\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try cli.perk("ledger", "balance", program, path, "0611223344")
            == CLITests.Run(status: 6, out: "", err: "error: \(path):1: the record's checksum does not match; the journal is damaged before its end and was left as it is\n"))
    }

    @Test func anAdjustmentBeyond64BitsIsAnErrorNamingItsArgument() throws {
        let path = journal()
        #expect(try cli.perk("ledger", "adjust", program, path, "+212611223344", "points=-9223372036854775808", "reason=x")
            == CLITests.Run(status: 5, out: "", err: "error: points: insufficient points: +212611223344 has 0, 9223372036854775808 needed\n"))
        #expect(try cli.perk("ledger", "adjust", program, path, "+212611223344", "points=9223372036854775807", "reason=x").status == 0)
        #expect(try cli.perk("ledger", "adjust", program, path, "+212611223344", "points=1", "reason=x")
            == CLITests.Run(status: 5, out: "", err: "error: points: points would overflow: +212611223344 has 9223372036854775807, 1 more does not fit in 64 bits\n"))
        #expect(try cli.perk("ledger", "balance", program, path, "+212611223344").out.hasPrefix("+212611223344: 9223372036854775807 points"))
    }

    @Test func whatOpeningAJournalRepairsIsAWarning() throws {
        let path = journal()
        for points in ["50", "7"] {
            #expect(try cli.perk("ledger", "adjust", program, path, "+212611223344", "points=\(points)", "reason=x").status == 0)
        }
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.dropLast(5).write(to: URL(fileURLWithPath: path))
        #expect(try cli.perk("ledger", "balance", program, path, "+212611223344")
            == CLITests.Run(status: 0, out: "+212611223344: 50 points (worth 0.50 MAD), cash 0.00 MAD, bonus 0.00 MAD\n",
                            err: "warning: \(path):3: cut a torn last record (the record has no end); it was never acknowledged\n"))
        try whole.dropLast().write(to: URL(fileURLWithPath: path))
        #expect(try cli.perk("ledger", "balance", program, path, "+212611223344")
            == CLITests.Run(status: 0, out: "+212611223344: 57 points (worth 0.57 MAD), cash 0.00 MAD, bonus 0.00 MAD\n",
                            err: "warning: \(path):3: added the newline the last record lacked; the record was whole\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == whole)
    }

    @Test func aJournalThatIsNotARegularFileIsRefused() throws {
        #expect(try cli.perk("ledger", "balance", program, "/dev/zero", "+212611223300")
            == CLITests.Run(status: 6, out: "", err: "error: /dev/zero is not a regular file: a journal is one\n"))
    }

    @Test func anOpenRecordWithoutACurrencyIsADamagedJournal() throws {
        let path = journal()
        #expect(try cli.perk("ledger", "balance", program, path, "+212611223344").status == 0)
        _ = try rewritingLastRecord(of: path) { $0.replacingOccurrences(of: #","currency":"MAD""#, with: "") }
        #expect(try cli.perk("ledger", "balance", program, path, "+212611223344")
            == CLITests.Run(status: 6, out: "", err: "error: \(path):1: the `open` record names no currency\n"))
    }

    @Test func aWriteBeyondTheFileSizeLimitIsAnErrorAndChangesNothing() throws {
        let path = journal()
        #expect(try cli.perk("ledger", "adjust", program, path, "+212611223344", "points=50", "reason=x").status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // A limit of 1 KiB: the record of this adjustment, with its long reason, is beyond it.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", #"ulimit -f 1; exec "$0" "$@""#, CLITests.binary.path, "ledger", "adjust", program, path,
                             "+212611223344", "points=7", "reason=" + String(repeating: "x", count: 2000)]
        process.currentDirectoryURL = packageRoot
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 6)
        #expect(message == "error: cannot write \(path): File too large\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aRefundRetriedWithItsIDIsAnsweredAgain() throws {
        let path = journal()
        let request = #"{"order_id": "TX_1", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "force": true, "customer": "+212611223344"}"#
        #expect(try cli.perk(["ledger", "apply", program, path, "-"], stdin: request).status == 0)
        let entry = "  +212611223344  points  -29  refund of 6.00 MAD: earned points taken back\n"
        #expect(try cli.perk("ledger", "refund", program, path, "TX_1", "amount=6.00", "id=R1")
            == CLITests.Run(status: 0, out: "TX_1: approved, 6.00 MAD of 12.45 MAD refunded\n" + entry, err: ""))
        #expect(try cli.perk("ledger", "refund", program, path, "TX_1", "amount=6.00", "id=R1")
            == CLITests.Run(status: 0, out: "TX_1: approved, 6.00 MAD of 12.45 MAD refunded; repeated: the first answer, nothing changed\n" + entry, err: ""))
        #expect(try cli.perk("ledger", "refund", program, path, "TX_1", "id=R1")
            == CLITests.Run(status: 5, out: "", err: "error: id: refund `R1` was already made of order TX_1 with amount 6.00 MAD (now order TX_1 with no amount (all that was left)); a refund id names one refund, and the first one stands\n"))
        #expect(try cli.perk("ledger", "balance", program, path, "+212611223344").out.hasPrefix("+212611223344: 33 points"))
    }

    @Test func applyWithoutLinesPrintsTheReply() throws {
        let path = journal()
        let request = #"{"order_id": "TX_1", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "force": true, "customer": "+212611223344"}"#
        let library = try Ledger(program: try shippedProgram("kenzup"), store: MemoryLedgerStore())
        for _ in 0..<2 {
            let reply = try library.apply(json: Array(request.utf8)).json(trace: false).text(pretty: true)
            #expect(try cli.perk(["ledger", "apply", "--no-trace", program, path, "-"], stdin: request)
                == CLITests.Run(status: 0, out: reply + "\n", err: ""))
        }
        #expect(try cli.perk(["ledger", "apply", program, path, "-"], stdin: #"{"type": "balance"}"#)
            == CLITests.Run(status: 4, out: "", err: "error: -: customer: required: whose balance to tell\n"))
        #expect(try cli.perk("ledger", "balance", program, path, "+212611223344").out.hasPrefix("+212611223344: 62 points"))
    }

    @Test func aJournalThatCannotBeCreatedIsAnError() throws {
        let file = journal()
        try Data().write(to: URL(fileURLWithPath: file))
        #expect(try cli.perk("ledger", "balance", program, file + "/kenzup.journal", "+212611223344")
            == CLITests.Run(status: 6, out: "", err: "error: cannot open \(file)/kenzup.journal: Not a directory\n"))
    }

    @Test func theLedgersRefusals() throws {
        let path = journal()
        func apply(_ request: String) throws -> CLITests.Run { try cli.perk(["ledger", "apply", "--no-trace", program, path, "-"], stdin: request) }
        #expect(try cli.perk("ledger", "adjust", program, path, "0611223344", "points=5000", "reason=opening balance").status == 0)
        // A payment declined as partial, and a sale whose QR expired, have nothing to refund.
        #expect(try apply(#"{"type": "payment", "order_id": "P_1", "sale_amount": 100, "amount": 40, "paid_amount": 30, "paid_with": "points", "time": "2020-02-12T19:20:30+01:00", "customer": "0611223344"}"#).status == 0)
        #expect(try cli.perk("ledger", "refund", program, path, "P_1")
            == CLITests.Run(status: 5, out: "", err: "error: order P_1 was not completed (partial payment: 30.00 MAD paid of 40.00 MAD and error_on_partial is true): nothing to refund\n"))
        #expect(try apply(#"{"order_id": "TX_1", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "customer": "+212611223344"}"#).status == 0)
        #expect(try cli.perk("ledger", "refund", program, path, "TX_1", "time=2020-02-12T19:30:00+01:00")
            == CLITests.Run(status: 5, out: "", err: "error: order TX_1 was not completed (expired: the QR expired at 2020-02-12T19:25:30+01:00): nothing to refund\n"))
        #expect(try cli.perk("ledger", "refund", program, path, "TX_1", "amount=0.00")
            == CLITests.Run(status: 5, out: "", err: "error: amount: a refund must be above zero\n"))
        // An external id that is already the reference of another sale.
        #expect(try apply(#"{"order_id": "E1", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "force": true, "customer": "+212611223344"}"#).status == 0)
        #expect(try apply(#"{"external_id": "E1", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "force": true, "customer": "+212611223344"}"#)
            == CLITests.Run(status: 5, out: "", err: "error: -: external_id: `E1` is already the reference of another sale\n"))
        #expect(try cli.perk("ledger", "balance", program, path, "+212611223344").out.hasPrefix("+212611223344: 5062 points"))
    }

    @Test(arguments: [
        (["adjust", "+212611223344", "reason=x"], 2, "adjust: give exactly one of points=N, cash=X, bonus=X"),
        (["adjust", "+212611223344", "points=1", "cash=1.00", "reason=x"], 2, "adjust: give exactly one of points=N, cash=X, bonus=X"),
        (["adjust", "+212611223344", "points=1"], 2, "adjust: reason=\"…\" is required"),
        (["adjust", "+212611223344", "points=1.5", "reason=x"], 2, "`1.5` is not a whole number of points"),
        (["adjust", "+212611223344", "points=99999999999999999999", "reason=x"], 2, "`99999999999999999999` is not a whole number of points"),
        (["adjust", "+212611223344", "cash=1.234", "reason=x"], 2, "`1.234` is not an amount in MAD"),
        (["adjust", "12", "points=1", "reason=x"], 2, "`12` is neither a mobile number nor card:ID"),
        (["adjust", "+212611223344", "points=0", "reason=x"], 5, "points: an adjustment changes the balance"),
        (["adjust", "+212611223344", "points=1", "reason= "], 5, "reason: an adjustment says why"),
        (["adjust", "+212611223344", "points=1", "reason=x", "time=yesterday"], 2, "`yesterday` is not an ISO 8601 time such as 2020-02-12T19:20:30+01:00"),
        (["adjust", "+212611223344", "points=1", "reason=x", "tiem=2020-02-12T19:20:30Z"], 2, "unknown argument `tiem=`"),
        (["register"], 2, "MOBILE is missing"),
        (["register", "12"], 2, "`12` is not a valid mobile number"),
        (["register", "0611223344", "0611223345"], 2, "unexpected `0611223345`"),
        (["refund", "TX_1", "amount=1.00", "idd=R1"], 2, "unknown argument `idd=`"),
        (["scan", "TX_1", "customer=+212611223344", "now"], 2, "unexpected `now`"),
        (["register", "0611223344", "time=2020-13-01T00:00:00Z"], 2, "`2020-13-01T00:00:00Z` is not an ISO 8601 time such as 2020-02-12T19:20:30+01:00"),
        (["balance"], 2, "CUSTOMER is missing"),
    ])
    func theArgumentsOfLedgerCommands(arguments: [String], status: Int32, message: String) throws {
        let path = journal()
        #expect(try cli.perk(["ledger", arguments[0], program, path] + arguments.dropFirst())
            == CLITests.Run(status: status, out: "", err: "error: \(message)\n"))
        #expect(try cli.perk("ledger", "statement", program, path, "+212611223344").out == "+212611223344: no entries\n")
    }

    @Test func acknowledgedChangesSurviveSIGKILL() throws {
        let kenzup = try shippedProgram("kenzup")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("perk-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("kill.journal").path
        let requestsPath = folder.appendingPathComponent("requests.jsonl").path
        // 2000 forced earns for 10 registered customers, credited at once; what each earns.
        var random = SplitMix64(seed: 20_261_122)
        var lines: [String] = []
        var earned: [(customer: CustomerID, points: Int64)] = []
        for index in 0..<2000 {
            let mobile = "+2126112233\(10 + index % 10)"
            let cents = 100 + Int64(random.next() % 50_000)
            let json = #"{"order_id": "K_\#(index)", "amount": "\#(Money(minorUnits: cents, currency: kenzup.currency).decimalString)", "time": "2020-02-12T19:20:30+01:00", "force": true, "customer": "\#(mobile)"}"#
            lines.append(json)
            let outcome = try kenzup.evaluate(try Request(json: json, currency: kenzup.currency))
            earned.append((CustomerID(mobile)!, outcome.pointsEarned))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: requestsPath, atomically: true, encoding: .utf8)

        var acknowledged = Set<String>()
        var kills = 0
        for round in 0..<8 {
            let last = round == 7
            // Each round starts from the first request: those already applied are answered again.
            let process = Process()
            process.executableURL = CLITests.binary
            process.arguments = ["ledger", "apply", "--lines", "--no-trace", program, path, requestsPath]
            process.currentDirectoryURL = packageRoot
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let killAfter = last ? Int.max : 20 + Int(random.next() % 300)
            var fresh = 0
            var killed = false
            var buffer = Data()
            // Every reply the process printed counts as acknowledged, also those it printed
            // between the decision to kill it and its death.
            reading: while true {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 10) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    let reply = try JSONParser.parse(line)
                    guard case .object(let members) = reply, case .string(let reference)? = members.first(where: { $0.key == "reference" })?.value else {
                        Issue.record("not a reply: \(line)")
                        break reading
                    }
                    acknowledged.insert(reference)
                    if members.contains(where: { $0.key == "repeated" && $0.value == .bool(false) }) { fresh += 1 }
                    if fresh >= killAfter && !killed {
                        // Somewhere in a later request: evaluating, writing or syncing it.
                        usleep(UInt32(random.next() % 3000))
                        kill(process.processIdentifier, SIGKILL)
                        killed = true
                        kills += 1
                    }
                }
            }
            process.waitUntilExit()
            if last { #expect(process.terminationStatus == 0) }

            // Reopen: the recorded sales are the first N requests, N the acknowledged ones or
            // one more (stored, killed before it was acknowledged), and each customer's points
            // are exactly what those N requests earn.
            let ledger = try Ledger(program: kenzup, store: try JournalStore(path: path))
            let recorded = (0..<2000).prefix { ledger.sale("K_\($0)") != nil }.count
            #expect(recorded == acknowledged.count || recorded == acknowledged.count + 1, "round \(round)")
            #expect(acknowledged.allSatisfy { ledger.sale($0) != nil })
            #expect(ledger.sale("K_\(recorded)") == nil)
            var expected: [CustomerID: Int64] = [:]
            for (customer, points) in earned.prefix(recorded) { expected[customer, default: 0] += points }
            for (customer, points) in expected {
                #expect(ledger.account(customer)[.points] == points, "round \(round), \(customer)")
            }
            if last { #expect(recorded == 2000) }
        }
        // A round may apply every request left before its moment to kill comes: how many kills
        // there are depends on scheduling, that there is one does not.
        #expect(kills >= 1)
    }
}
