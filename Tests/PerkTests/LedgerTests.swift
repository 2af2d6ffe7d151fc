import Foundation
import Perk
@testable import PerkLedger
import Testing

/// The ledger beyond the seed scenarios: the journal on disk, refunds, payments settled on
/// the scan, concurrency, and the JSON forms that records are made of.
@Suite struct LedgerTests {
    let mobile = CustomerID("+212611223344")!
    let card = CustomerID("card:4711")!

    /// A fresh folder for journal files.
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("perk-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func kenzup(_ store: any LedgerStore = MemoryLedgerStore()) throws -> Ledger {
        try Ledger(program: try shippedProgram("kenzup"), store: store, clock: fixedClock)
    }

    /// A forced earn for a registered customer: credited at once.
    func forcedEarn(_ order: String, _ amount: String) throws -> Request {
        try Request(json: #"{"order_id": "\#(order)", "amount": \#(amount), "time": "2020-02-12T19:20:30+01:00", "force": true, "customer": "+212611223344"}"#,
                     currency: Currency(code: "MAD")!)
    }

    // MARK: The journal

    @Test func aJournalKeepsEverythingAcrossReopening() throws {
        let path = try folder().appendingPathComponent("kenzup.journal").path
        let before: (Account, [Entry], Sale?)
        do {
            let ledger = try kenzup(try JournalStore(path: path))
            _ = try ledger.apply(try forcedEarn("TX_1", "12.45"))
            _ = try ledger.apply(json: Array(#"{"order_id": "TX_7", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "force": true, "customer": {"mobile": "0761234567", "registered": false}}"#.utf8))
            _ = try ledger.refund("TX_1", amount: 600)
            before = (ledger.account(mobile), ledger.statement(mobile), ledger.sale("TX_1"))
        }
        let store = try JournalStore(path: path)
        let reopened = try kenzup(store)
        #expect(store.recovery == nil)
        #expect(reopened.account(mobile) == before.0)
        #expect(reopened.statement(mobile) == before.1)
        #expect(reopened.sale("TX_1") == before.2)
        #expect(reopened.account(mobile)[.points] == 33)
        #expect(reopened.account(CustomerID("0761234567")!)[.pendingPoints] == 62)
        let again = try reopened.apply(try forcedEarn("TX_1", "12.45"))
        #expect(again.repeated && again.outcome.pointsEarned == 62)
    }

    @Test func aTornLastRecordIsCutWhenTheJournalOpens() throws {
        let path = try folder().appendingPathComponent("torn.journal").path
        do {
            let ledger = try kenzup(try JournalStore(path: path))
            _ = try ledger.apply(try forcedEarn("TX_1", "12.45"))
            _ = try ledger.apply(try forcedEarn("TX_2", "100.00"))
        }
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let lastLineStart = (whole.dropLast().lastIndex(of: 10) ?? 0) + 1
        try whole.prefix(whole.count - 7).write(to: URL(fileURLWithPath: path))
        do {
            let store = try JournalStore(path: path)
            let ledger = try kenzup(store)
            #expect(store.recovery == "\(path):3: cut a torn last record (the record has no end); it was never acknowledged")
            #expect(ledger.sale("TX_2") == nil)
            #expect(ledger.account(mobile)[.points] == 62)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == lastLineStart)
            _ = try ledger.apply(try forcedEarn("TX_3", "20.00"))
        }
        let store = try JournalStore(path: path)
        let ledger = try kenzup(store)
        #expect(store.recovery == nil)
        #expect(ledger.account(mobile)[.points] == 162)
    }

    /// A journal of three records: open, then 50 and 7 points adjusted.
    func journalOf57Points() throws -> String {
        let path = try folder().appendingPathComponent("kenzup.journal").path
        let ledger = try kenzup(try JournalStore(path: path))
        _ = try ledger.adjust(mobile, .points, by: 50, reason: "opening balance")
        _ = try ledger.adjust(mobile, .points, by: 7, reason: "goodwill")
        return path
    }

    @Test func aTornLastLineThatHasItsNewlineIsCutToo() throws {
        let path = try journalOf57Points()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 3] = UInt8(ascii: "X")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let store = try JournalStore(path: path)
        let ledger = try kenzup(store)
        #expect(store.recovery == "\(path):3: cut a torn last record (the record's checksum does not match); it was never acknowledged")
        #expect(ledger.account(mobile)[.points] == 50)
    }

    @Test func aWholeLastRecordThatLostOnlyItsNewlineIsKept() throws {
        let path = try journalOf57Points()
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.dropLast().write(to: URL(fileURLWithPath: path))
        do {
            let store = try JournalStore(path: path)
            let ledger = try kenzup(store)
            #expect(store.recovery == "\(path):3: added the newline the last record lacked; the record was whole")
            #expect(ledger.account(mobile)[.points] == 57)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == whole)
            _ = try ledger.adjust(mobile, .points, by: 1, reason: "goodwill")
        }
        let store = try JournalStore(path: path)
        #expect(try kenzup(store).account(mobile)[.points] == 58)
        #expect(store.recovery == nil)
    }

    @Test(arguments: [
        ("\"op\":\"adjust\"", "\"op\":\"transfer\"", "record.op is missing or malformed"),
        ("\"asset\":\"points\"", "\"asset\":\"stars\"", "entries[0].asset is missing or malformed"),
        ("\"amount\":7", "\"amount\":7.5", "entries[0].amount is missing or malformed"),
    ], [true, false])
    func aWholeLastRecordThatCannotBeReadIsRefusedAndKept(edit: (String, String, String), newline: Bool) throws {
        let path = try journalOf57Points()
        let bytes = try rewritingLastRecord(of: path, { $0.replacingOccurrences(of: edit.0, with: edit.1) }, newline: newline)
        let error = failure { _ = try kenzup(try JournalStore(path: path)) }
        #expect(error == LedgerError(.corrupt, "\(path):3: \(edit.2); the record is whole (its checksum matches), so the journal was left as it is"))
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
    }

    @Test func aRecordWhoseSaleIsOutOfRangeIsRefused() throws {
        let path = try folder().appendingPathComponent("kenzup.journal").path
        _ = try kenzup(try JournalStore(path: path)).apply(try forcedEarn("TX_1", "12.45"))
        _ = try rewritingLastRecord(of: path) { $0.replacingOccurrences(of: "\"refunded\":0", with: "\"refunded\":-1") }
        #expect(failure { _ = try kenzup(try JournalStore(path: path)) }?.message
            == "\(path):2: sale.refunded is missing or malformed; the record is whole (its checksum matches), so the journal was left as it is")
        _ = try rewritingLastRecord(of: path) {
            $0.replacingOccurrences(of: "\"refunded\":-1", with: "\"refunded\":0").replacingOccurrences(of: "\"points_burned\":0", with: "\"points_burned\":-1")
        }
        #expect(failure { _ = try kenzup(try JournalStore(path: path)) }?.message
            == "\(path):2: the outcome of sale TX_1 has amounts below zero or beyond 64 bits; the record is whole (its checksum matches), so the journal was left as it is")
    }

    @Test(arguments: [
        ("\"seq\":3", "\"seq\":4", "record 4 follows record 2; records are missing or repeated"),
        ("\"op\":\"adjust\"", "\"op\":\"open\"", "a ledger starts with one `open` record"),
        ("\"op\":\"adjust\"", "\"op\":\"adjust\",\"currency\":\"EUR\"", "only the `open` record names the currency"),
        ("\"amount\":7", "\"amount\":-70", "+212611223344's points would go below zero or overflow"),
        ("\"op\":\"adjust\"", "\"op\":\"adjust\",\"refund\":{\"id\":\"R1\"}", "only a refund has a refund id"),
    ])
    func aRecordThatCannotFollowTheOthersIsNamedByFileAndLine(edit: (String, String, String)) throws {
        let path = try journalOf57Points()
        let bytes = try rewritingLastRecord(of: path) { $0.replacingOccurrences(of: edit.0, with: edit.1) }
        #expect(failure { _ = try kenzup(try JournalStore(path: path)) } == LedgerError(.corrupt, "\(path):3: \(edit.2)"))
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
    }

    @Test func aJournalLineLongerThanAnyRecordIsRefused() throws {
        let path = try journalOf57Points()
        let size = try Data(contentsOf: URL(fileURLWithPath: path)).count
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: UInt8(ascii: "x"), count: JournalStore.maximumLineLength + 1))
        try handle.close()
        let error = failure { _ = try JournalStore(path: path).load() }
        #expect(error == LedgerError(.corrupt, "\(path):4: the line is longer than 64 MiB, the longest record a journal holds; the journal was left as it is"))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == size + JournalStore.maximumLineLength + 1)
    }

    @Test func aDamagedRecordBeforeTheEndIsAnErrorAndTheFileIsLeftAsItIs() throws {
        let path = try folder().appendingPathComponent("damaged.journal").path
        do {
            let ledger = try kenzup(try JournalStore(path: path))
            _ = try ledger.apply(try forcedEarn("TX_1", "12.45"))
            _ = try ledger.apply(try forcedEarn("TX_2", "100.00"))
        }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let secondLine = (bytes.firstIndex(of: 10) ?? 0) + 1
        let digit = secondLine + 40
        bytes[digit] = bytes[digit] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = failure { _ = try kenzup(try JournalStore(path: path)) }
        #expect(error?.kind == .corrupt)
        #expect(error?.message == "\(path):2: the record's checksum does not match; the journal is damaged before its end and was left as it is")
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
    }

    @Test func aJournalOpenElsewhereIsRefused() throws {
        let path = try folder().appendingPathComponent("locked.journal").path
        let first = try JournalStore(path: path)
        let error = failure { _ = try JournalStore(path: path) }
        #expect(error == LedgerError(.storage, "\(path) is in use by another process"))
        _ = first
    }

    @Test func aLedgerInAnotherCurrencyIsRefused() throws {
        let store = MemoryLedgerStore()
        _ = try kenzup(store)
        let error = failure { _ = try Ledger(program: try shippedProgram("convercus"), store: store) }
        #expect(error == LedgerError(.refused, "the ledger is kept in MAD but program Convercus is in EUR"))
    }

    // MARK: Refunds

    @Test func partialRefundsAddUpAndSpentPointsBecomeADebt() throws {
        let ledger = try kenzup()
        _ = try ledger.apply(try forcedEarn("TX_1", "12.45"))
        // 62 × 6.00 / 12.45 = 29.88: 29 points taken back.
        #expect(try ledger.refund("TX_1", amount: 600).entries.map(\.amount) == [-29])
        _ = try ledger.adjust(mobile, .points, by: -30, reason: "spent at the partner shop")
        #expect(ledger.account(mobile)[.points] == 3)
        // The remaining 33 points: 3 are there, 30 were spent and are owed.
        let rest = try ledger.refund("TX_1")
        #expect(rest.entries.map(\.asset) == [.points, .owedPoints])
        #expect(rest.entries.map(\.amount) == [-3, 30])
        #expect(rest.entries.map(\.reason) == ["refund of 6.45 MAD: earned points taken back",
                                               "refund of 6.45 MAD: earned points taken back: 30 already spent, owed"])
        // The next credit settles the debt first.
        let next = try ledger.apply(try forcedEarn("TX_2", "100.00"))
        #expect(next.entries.map(\.amount) == [500, -30, -30])
        #expect(next.entries.map(\.asset) == [.points, .points, .owedPoints])
        #expect(ledger.account(mobile)[.points] == 470)
        #expect(ledger.account(mobile)[.owedPoints] == 0)
        #expect(failure { _ = try ledger.refund("TX_2", amount: 10001) }?.message == "100.01 MAD is more than the 100.00 MAD of order TX_2 left to refund")
        #expect(failure { _ = try ledger.refund("TX_9") }?.kind == .unknownOrder)
    }

    @Test func aRefundRetriedWithItsIDIsAnsweredAgainAndChangesNothing() throws {
        let path = try folder().appendingPathComponent("kenzup.journal").path
        do {
            let ledger = try kenzup(try JournalStore(path: path))
            _ = try ledger.apply(try forcedEarn("TX_1", "12.45"))
            let first = try ledger.refund("TX_1", amount: 600, id: "R1")
            #expect(!first.repeated && first.entries.map(\.amount) == [-29])
            let again = try ledger.refund("TX_1", amount: 600, id: "R1")
            #expect(again.repeated && again.sale == first.sale && again.entries == first.entries)
            #expect(ledger.account(mobile)[.points] == 33 && ledger.sale("TX_1")?.refunded == 600)
            #expect(failure { _ = try ledger.refund("TX_1", amount: 645, id: "R1") } == LedgerError(.conflict, field: "id",
                "refund `R1` was already made of order TX_1 with amount 6.00 MAD (now order TX_1 with amount 6.45 MAD); a refund id names one refund, and the first one stands"))
            #expect(failure { _ = try ledger.refund("TX_1", id: "") } == LedgerError(.request, field: "id", "a refund id cannot be empty"))
            #expect(failure { _ = try ledger.refund("TX_1", id: String(repeating: "r", count: 1025)) } == LedgerError(.request, field: "id", "longer than 1024 bytes"))
            #expect(try ledger.refund("TX_1", id: "R2").entries.map(\.amount) == [-33])
        }
        // The ids are kept in the journal: after reopening, a retry is still answered.
        let ledger = try kenzup(try JournalStore(path: path))
        let retried = try ledger.refund("TX_1", id: "R2")
        #expect(retried.repeated && retried.entries.map(\.amount) == [-33] && retried.sale?.refunded == 1245)
        #expect(failure { _ = try ledger.refund("TX_2", id: "R2") }?.message
            == "refund `R2` was already made of order TX_1 with no amount (all that was left) (now order TX_2 with no amount (all that was left)); a refund id names one refund, and the first one stands")
        #expect(ledger.account(mobile)[.points] == 0)
    }

    @Test func aJournalWithARefundIDUsedTwiceIsDamaged() throws {
        let path = try folder().appendingPathComponent("kenzup.journal").path
        do {
            let ledger = try kenzup(try JournalStore(path: path))
            _ = try ledger.apply(try forcedEarn("TX_1", "12.45"))
            _ = try ledger.refund("TX_1", amount: 100, id: "R1")
            _ = try ledger.refund("TX_1", amount: 100, id: "R2")
        }
        _ = try rewritingLastRecord(of: path) { $0.replacingOccurrences(of: #""id":"R2""#, with: #""id":"R1""#) }
        #expect(failure { _ = try kenzup(try JournalStore(path: path)) } == LedgerError(.corrupt, "\(path):4: refund id `R1` is used twice"))
    }

    @Test func aRefundOfACardPaymentGivesBackTheBalancesItRedeemed() throws {
        let ledger = try Ledger(program: try shippedProgram("secucard"), store: MemoryLedgerStore(), clock: fixedClock)
        _ = try ledger.adjust(card, .cash, by: 200, reason: "card top-up")
        _ = try ledger.adjust(card, .bonus, by: 20, reason: "opening balance")
        var request = try Request(json: packageFile("Playground/requests/secucard.pay-with-card.json"), currency: Currency(code: "EUR")!)
        request.orderID = "A1"
        request.customer = Request.Customer(card: "4711")
        let reply = try ledger.apply(request)
        // A1: cash 200 and bonus 20 redeemed, 77 earned; card after: cash 0, bonus 77.
        #expect(reply.entries.map(\.asset) == [.cash, .bonus, .bonus])
        #expect(reply.entries.map(\.amount) == [-200, -20, 77])
        #expect(ledger.account(card).balances == Request.Balances(cash: 0, bonus: 77, points: 0))
        #expect(reply.outcome.balancesAfter == ledger.account(card).balances)
        let refund = try ledger.refund("A1")
        #expect(refund.entries.map(\.amount) == [200, 20, -77])
        #expect(ledger.account(card).balances == Request.Balances(cash: 200, bonus: 20, points: 0))
    }

    @Test func aPendingSaleRefundedWholeIsCancelled() throws {
        let ledger = try kenzup()
        _ = try ledger.apply(json: Array(LedgerScenarioTests.b1.utf8))
        #expect(failure { _ = try ledger.refund("TX_1", amount: 100, at: Timestamp("2020-02-12T19:21:00+01:00")) }?.message
            == "order TX_1 awaits its scan: it can only be refunded whole")
        let refund = try ledger.refund("TX_1", at: Timestamp("2020-02-12T19:21:00+01:00"))
        #expect(refund.sale?.status == .declined && refund.entries.isEmpty)
        let scan = try ledger.scan("TX_1", by: mobile, at: Timestamp("2020-02-12T19:22:00+01:00"))
        #expect(scan.repeated && scan.sale?.reason == "refunded before its QR was scanned")
        #expect(ledger.account(mobile)[.points] == 0)
    }

    // MARK: Payments and vouchers

    @Test func aHybridPaymentBurnsAndEarnsWhenScanned() throws {
        let ledger = try kenzup()
        _ = try ledger.adjust(mobile, .points, by: 5000, reason: "opening balance")
        let b11 = #"{"type": "payment", "order_id": "P_1", "sale_amount": 100.00, "amount": 40.00, "paid_with": "points", "time": "2020-02-12T19:20:30+01:00", "shop": "2975a9b4", "customer": "+212611223344"}"#
        let reply = try ledger.apply(json: Array(b11.utf8))
        #expect(reply.sale?.status == .pending && reply.entries.isEmpty)
        let polled = try ledger.paymentStatus("P_1", at: Timestamp("2020-02-12T19:21:00+01:00"))
        #expect(polled.json().text == #"{ "status": "pending", "reason": null, "order_id": "P_1", "shop_uuid": "2975a9b4", "sale_amount": 100.00, "amount": 40.00, "paid_amount": 0.00, "expires_at": "2020-02-12T19:25:30+01:00" }"#)
        let scan = try ledger.scan("P_1", by: mobile, at: Timestamp("2020-02-12T19:22:00+01:00"))
        #expect(scan.entries.map(\.amount) == [-4000, 300])
        #expect(ledger.account(mobile)[.points] == 1300)
        #expect(try ledger.paymentStatus("P_1").paidAmount == 4000)
    }

    @Test func aPaymentWhosePointsRanShortBeforeTheScanEndsInError() throws {
        let ledger = try kenzup()
        _ = try ledger.adjust(mobile, .points, by: 5000, reason: "opening balance")
        let b11 = #"{"type": "payment", "order_id": "P_1", "sale_amount": 100.00, "amount": 40.00, "paid_with": "points", "time": "2020-02-12T19:20:30+01:00", "customer": "+212611223344"}"#
        _ = try ledger.apply(json: Array(b11.utf8))
        _ = try ledger.adjust(mobile, .points, by: -2000, reason: "spent elsewhere")
        let scan = try ledger.scan("P_1", by: mobile, at: Timestamp("2020-02-12T19:22:00+01:00"))
        #expect(scan.sale?.status == .error)
        #expect(scan.sale?.reason == "insufficient points: +212611223344 has 3000, 4000 needed")
        #expect(scan.entries.isEmpty && ledger.account(mobile)[.points] == 3000)
        #expect(try ledger.paymentStatus("P_1").status == .error)
    }

    @Test func afriquiaGazVouchersAreIssuedOnce() throws {
        let ledger = try kenzup()
        let b9 = #"{"order_id": "G_1", "brand": "Afriquia Gaz", "amount": 250.00, "time": "2020-02-12T19:20:30+01:00", "force": true, "customer": {"mobile": "0761234567", "registered": false}}"#
        let first = try ledger.apply(json: Array(b9.utf8))
        #expect(first.entries.map(\.asset) == [.pendingPoints, .vouchers])
        #expect(first.entries.map(\.amount) == [250, 1000])
        #expect(first.entries.last?.reason == "2 vouchers of 5.00 MAD issued")
        #expect(try ledger.apply(json: Array(b9.utf8)).repeated)
        let customer = CustomerID("0761234567")!
        _ = try ledger.register(MobileNumber("0761234567")!)
        #expect(ledger.account(customer)[.vouchers] == 1000)
        #expect(ledger.account(customer)[.points] == 250)
        #expect(ledger.account(customer)[.pendingPoints] == 0)
    }

    @Test func convercusBurnsFromTheLedgersBalance() throws {
        let ledger = try Ledger(program: try shippedProgram("convercus"), store: MemoryLedgerStore(), clock: fixedClock)
        _ = try ledger.adjust(card, .points, by: 1234, reason: "opening balance")
        let balance = try ledger.apply(json: Array(#"{"type": "balance", "customer": {"card": "4711"}}"#.utf8))
        #expect(balance.outcome.pointsValue == 1234 && balance.sale == nil)
        // C2, then C3 with what is left.
        _ = try ledger.apply(json: Array(#"{"type": "burn", "external_id": "b1", "amount": 5.00, "customer": {"card": "4711"}}"#.utf8))
        #expect(ledger.account(card)[.points] == 734)
        let error = failure { _ = try ledger.apply(json: Array(#"{"type": "burn", "external_id": "b2", "amount": 12.35, "customer": {"card": "4711"}}"#.utf8)) }
        #expect(error == LedgerError(.request, field: "customer.balances.points", "insufficient points: 1235 needed, 734 available"))
        #expect(ledger.account(card)[.points] == 734 && ledger.sale("b2") == nil)
    }

    // MARK: Requests the ledger refuses

    @Test func requestsThatTheLedgerRefuse() throws {
        let ledger = try kenzup()
        #expect(failure { _ = try ledger.apply(json: Array(#"{"order_id": "X", "amount": 1.00, "time": "2020-02-12T19:20:30+01:00", "customer": {"mobile": "0611223344", "balances": {"points": 10}}}"#.utf8)) }
            == LedgerError(.request, field: "customer.balances", "the ledger keeps the balances: leave them out of the request (an agent sets a balance with an adjustment)"))
        #expect(failure { _ = try ledger.apply(json: Array(#"{"amount": 1.00, "time": "2020-02-12T19:20:30+01:00"}"#.utf8)) }
            == LedgerError(.request, field: "order_id", "required by the ledger to remember the sale (or external_id)"))
        #expect(failure { _ = try ledger.adjust(mobile, .points, by: 5, reason: " ") }?.field == "reason")
        _ = try ledger.apply(json: Array(LedgerScenarioTests.b1.utf8))
        #expect(failure { _ = try ledger.scan("TX_l", by: mobile) }
            == LedgerError(.unknownOrder, field: "order_id", "no sale has the reference `TX_l`; did you mean `TX_1`?"))
    }

    @Test func aBalanceThatWouldOverflowIsRefusedAsSuch() throws {
        let ledger = try kenzup()
        _ = try ledger.adjust(mobile, .points, by: .max, reason: "opening balance")
        #expect(failure { _ = try ledger.adjust(mobile, .points, by: 1, reason: "goodwill") }
            == LedgerError(.refused, field: "points", "points would overflow: +212611223344 has 9223372036854775807, 1 more does not fit in 64 bits"))
        #expect(failure { _ = try ledger.adjust(card, .cash, by: .min, reason: "spent") }
            == LedgerError(.refused, field: "cash", "insufficient cash balance: card:4711 has 0, 9223372036854775808 needed"))
        // Pending points granted on registration to a customer whose points are at the maximum.
        let newcomer = CustomerID("0761234567")!
        _ = try ledger.apply(json: Array(#"{"order_id": "TX_7", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "force": true, "customer": {"mobile": "0761234567", "registered": false}}"#.utf8))
        _ = try ledger.adjust(newcomer, .points, by: .max, reason: "opening balance")
        #expect(failure { _ = try ledger.register(MobileNumber("0761234567")!) }
            == LedgerError(.refused, "points would overflow: +212761234567 has 9223372036854775807, 62 more does not fit in 64 bits"))
        #expect(ledger.account(newcomer)[.pendingPoints] == 62 && !ledger.account(newcomer).registered)
        #expect(ledger.account(mobile)[.points] == .max && ledger.account(card)[.cash] == 0)
    }

    @Test func idsAreComparedByteForByte() throws {
        let ledger = try kenzup()
        _ = try ledger.apply(try forcedEarn("caf\u{E9}", "12.45"))
        let second = try ledger.apply(try forcedEarn("cafe\u{301}", "12.45"))
        #expect(!second.repeated && second.entries.map(\.amount) == [62])
        #expect(ledger.account(mobile)[.points] == 124)
        #expect(try ledger.refund("cafe\u{301}").sale?.reference.utf8.count == 6)
        #expect(ledger.sale("caf\u{E9}")?.refunded == 0)
        _ = try ledger.adjust(CustomerID("card:caf\u{E9}")!, .points, by: 5, reason: "goodwill")
        #expect(ledger.account(CustomerID("card:cafe\u{301}")!)[.points] == 0)
        // The same order again with a field in another Unicode form is another request.
        let shop = #"{"order_id": "S_1", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "shop": "caf\#u{E9}", "customer": "+212611223344"}"#
        _ = try ledger.apply(json: Array(shop.utf8))
        #expect(failure { _ = try ledger.apply(json: Array(shop.replacingOccurrences(of: "caf\u{E9}", with: "cafe\u{301}").utf8)) }
            == LedgerError(.conflict, field: "shop", "order S_1 was already sent with shop \"caf\u{E9}\" (now \"cafe\u{301}\"); a sale's requests must be identical, and the first one stands"))
    }

    // MARK: Concurrency

    @Test func concurrentRequestsOnOneCustomerAndOneOrder() async throws {
        let store = MemoryLedgerStore()
        let ledger = try kenzup(store)
        let distinct = try (0..<100).map { try forcedEarn("T_\($0)", "12.45") }
        let same = try forcedEarn("SAME", "12.45")
        let replies = try await withThrowingTaskGroup(of: LedgerReply.self) { group in
            for index in 0..<200 {
                group.addTask { try ledger.apply(index < 100 ? distinct[index] : same) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let sameReplies = replies.filter { $0.sale?.reference == "SAME" }
        #expect(sameReplies.count == 100)
        #expect(sameReplies.filter { !$0.repeated }.count == 1)
        #expect(Set(sameReplies.map(\.outcome.pointsEarned)) == [62])
        #expect(ledger.account(mobile)[.points] == 101 * 62)
        #expect(store.records.count == 102)
        #expect(store.records.map(\.sequence) == Array(1...102))
    }

    // MARK: JSON forms

    @Test(arguments: try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Playground/requests").path).sorted())
    func requestsAndOutcomesReadBackExactly(file: String) throws {
        let programName = String(file.prefix { $0 != "." })
        let program = try shippedProgram(programName)
        let request = try Request(json: try packageFile("Playground/requests/\(file)"), currency: program.currency)
        let canonical = request.json(currency: program.currency)
        #expect(try Request(json: canonical, currency: program.currency) == request)
        let outcome = try program.evaluate(request)
        #expect(try Outcome(json: try JSONParser.parse(outcome.json())) == outcome)
    }

    @Test func recordsReadBackExactly() throws {
        let store = MemoryLedgerStore()
        let ledger = try kenzup(store)
        _ = try ledger.apply(json: Array(LedgerScenarioTests.b1.utf8))
        _ = try ledger.scan("TX_1", by: mobile, at: Timestamp("2020-02-12T19:21:00+01:00"))
        _ = try ledger.refund("TX_1", amount: 245, id: "R1")
        _ = try ledger.register(MobileNumber("0611223344")!)
        for record in store.records {
            #expect(try LedgerRecord(json: record.json) == record)
        }
    }
}

/// The journal's bytes with its last record's JSON edited and its checksum put back, so that
/// the record is whole but says something else.
func rewritingLastRecord(of path: String, _ edit: (String) -> String, newline: Bool = true) throws -> [UInt8] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    let json = Array(edit(String(lines[lines.count - 1].dropFirst(9))).utf8)
    let digits = String(CRC32.checksum(json[...]), radix: 16)
    let last = String(repeating: "0", count: 8 - digits.count) + digits + " " + String(decoding: json, as: UTF8.self)
    let bytes = Array((lines.dropLast() + [last]).joined(separator: "\n").utf8) + (newline ? [10] : [])
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return bytes
}
