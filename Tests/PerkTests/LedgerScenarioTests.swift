import Perk
import PerkLedger
import Testing

/// Scenarios BL1–BL7 and CL1: rules that span requests, kept by a ledger.
@Suite struct LedgerScenarioTests {
    static let b1 = #"{"order_id": "TX_1", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "customer": "+212611223344"}"#
    let customer = CustomerID("+212611223344")!
    let other = CustomerID("+212761234567")!

    @Test("BL1: B1 sent twice gets the same answer and is credited once")
    func sameRequestTwiceGetsTheSameAnswerAndIsCreditedOnce() throws {
        let (ledger, store) = try kenzup()
        let first = try ledger.apply(json: Array(Self.b1.utf8))
        let second = try ledger.apply(json: Array(Self.b1.utf8))
        #expect(first.outcome == second.outcome)
        #expect(first.outcome.pointsEarned == 62)
        #expect(first.outcome.status == .pending)
        #expect(!first.repeated)
        #expect(second.repeated)
        let scanned = try ledger.scan("TX_1", by: customer, at: time("2020-02-12T19:21:30+01:00"))
        #expect(scanned.sale?.status == .approved)
        let third = try ledger.apply(json: Array(Self.b1.utf8))
        #expect(third.outcome == first.outcome)
        let rescan = try ledger.scan("TX_1", by: customer, at: time("2020-02-12T19:22:00+01:00"))
        #expect(rescan.repeated)
        let points = ledger.account(customer)[.points]
        #expect(points == 62)
        #expect(store.records.map(\.operation) == [.open, .sale, .scan])
    }

    @Test("BL2: order TX_1 again with 13.00 MAD is an error; the first sale stands")
    func sameOrderWithADifferentAmountIsAnError() throws {
        let (ledger, store) = try kenzup()
        _ = try ledger.apply(json: Array(Self.b1.utf8))
        let changed = Self.b1.replacingOccurrences(of: "12.45", with: "13.00")
        let error = try #require(failure { _ = try ledger.apply(json: Array(changed.utf8)) }, "a changed request under the same order id was accepted")
        #expect(error.kind == .conflict)
        #expect(error.field == "amount")
        #expect(error.message.contains("order TX_1"), "\(error.message)")
        #expect(error.message.contains("12.45") && error.message.contains("13.00"), "\(error.message)")
        let recorded = ledger.sale("TX_1")
        let sale = try #require(recorded)
        #expect(sale.outcome.saleTotal == 1245)
        #expect(sale.outcome.pointsEarned == 62)
        #expect(store.records.count == 2)
    }

    @Test("BL3: forcing an existing order for an unregistered customer is an error")
    func forcingAnExistingOrderIsAnError() throws {
        let (ledger, store) = try kenzup()
        let unforced = #"{"order_id": "TX_3", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "customer": {"mobile": "0611223344", "registered": false}}"#
        let first = try ledger.apply(json: Array(unforced.utf8))
        #expect(first.outcome.status == .pending)
        let forced = unforced.replacingOccurrences(of: #""amount""#, with: #""force": true, "amount""#)
        let error = try #require(failure { _ = try ledger.apply(json: Array(forced.utf8)) }, "a forced earn on an existing order was accepted")
        #expect(error.kind == .conflict)
        #expect(error.field == "force")
        #expect(error.message == "order TX_3 already exists: a forced earn for an unregistered customer is only possible on the first request of a sale")
        let account = ledger.account(customer)
        #expect(account[.pendingPoints] == 0)
        #expect(store.records.count == 2)
    }

    @Test("BL4: B7, then +212611223344 registers: 62 points, no pending credit")
    func pendingCreditIsGrantedOnRegistration() throws {
        let (ledger, _) = try kenzup()
        let b7 = #"{"order_id": "TX_7", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "force": true, "customer": {"mobile": "0611223344", "registered": false}}"#
        let reply = try ledger.apply(json: Array(b7.utf8))
        #expect(reply.outcome.message == "Unregistered customer credit saved")
        #expect(reply.entries.map(\.amount) == [62])
        var account = ledger.account(customer)
        #expect(account[.pendingPoints] == 62)
        #expect(account[.points] == 0)
        let registration = try ledger.register(MobileNumber("+212611223344")!, at: time("2020-02-13T10:00:00+01:00"))
        #expect(registration.entries.map(\.asset) == [.pendingPoints, .points])
        #expect(registration.entries.map(\.amount) == [-62, 62])
        account = ledger.account(customer)
        #expect(account[.points] == 62)
        #expect(account[.pendingPoints] == 0)
        #expect(account.registered)
        let again = try ledger.register(MobileNumber("0611223344")!)
        #expect(again.repeated)
        let statement = ledger.statement(customer)
        #expect(statement.map(\.amount) == [62, -62, 62])
        #expect(statement.map(\.order) == ["TX_7", nil, nil])
    }

    @Test("BL5: B1 scanned 6 minutes after the sale time is declined as expired")
    func aScanAfterExpiryDeclinesTheSale() throws {
        let (ledger, _) = try kenzup()
        let reply = try ledger.apply(json: Array(Self.b1.utf8))
        #expect(reply.outcome.expiresAt?.description == "2020-02-12T19:25:30+01:00")
        let scan = try ledger.scan("TX_1", by: customer, at: time("2020-02-12T19:26:30+01:00"))
        #expect(scan.sale?.status == .declined)
        #expect(scan.sale?.reason == "expired: the QR expired at 2020-02-12T19:25:30+01:00, scanned at 2020-02-12T19:26:30+01:00")
        #expect(scan.entries == [])
        let points = ledger.account(customer)[.points]
        #expect(points == 0)
        let status = try ledger.paymentStatus("TX_1")
        #expect(status.status == .declined)
    }

    @Test("BL6: B1 scanned by another customer is refused")
    func aScanByAnotherCustomerIsRefused() throws {
        let (ledger, store) = try kenzup()
        _ = try ledger.apply(json: Array(Self.b1.utf8))
        let error = try #require(failure { _ = try ledger.scan("TX_1", by: other, at: time("2020-02-12T19:21:00+01:00")) }, "a scan by another customer was accepted")
        #expect(error.kind == .refused)
        #expect(error.message == "order TX_1 belongs to +212611223344; a scan by +212761234567 is refused")
        let (mine, theirs) = (ledger.account(customer)[.points], ledger.account(other)[.points])
        #expect(mine == 0)
        #expect(theirs == 0)
        #expect(store.records.count == 2)
        let status = try ledger.paymentStatus("TX_1", at: time("2020-02-12T19:21:00+01:00"))
        #expect(status.status == .pending)
    }

    @Test("BL7: B1 scanned, then refunded: the 62 points are taken back")
    func aRefundTakesBackThePoints() throws {
        let (ledger, _) = try kenzup()
        _ = try ledger.apply(json: Array(Self.b1.utf8))
        _ = try ledger.scan("TX_1", by: customer, at: time("2020-02-12T19:21:00+01:00"))
        var points = ledger.account(customer)[.points]
        #expect(points == 62)
        let refund = try ledger.refund("TX_1", at: time("2020-02-13T09:00:00+01:00"))
        #expect(refund.entries.map(\.amount) == [-62])
        #expect(refund.entries.first?.reason == "refund of 12.45 MAD: earned points taken back")
        #expect(refund.sale?.refunded == 1245)
        points = ledger.account(customer)[.points]
        #expect(points == 0)
        let error = try #require(failure { _ = try ledger.refund("TX_1") }, "a sale was refunded twice")
        #expect(error.message == "order TX_1 has nothing left to refund")
    }

    @Test("CL1: external ids are unique, except for the burn of an earn")
    func externalIDsAreUnique() throws {
        let ledger = try Ledger(program: try shippedProgram("convercus"), store: MemoryLedgerStore(), clock: fixedClock)
        let card = CustomerID("card:4711")!
        let earn = #"{"external_id": "bon_1", "amount": 30.00, "tenders": [{"tender_id": "PayWithPoints", "amount": 10.00}], "customer": {"card": "4711"}}"#
        let burn = #"{"type": "burn", "external_id": "bon_1", "amount": 0.10, "customer": {"card": "4711"}}"#
        let earned = try ledger.apply(json: Array(earn.utf8))
        #expect(earned.outcome.pointsEarned == 20)
        assertConflict(ledger, earn, field: "external_id",
                       "`bon_1` is already used (by earn bon_1): an external id is unique in the program, except that one burn may share the id of its earn")
        let burned = try ledger.apply(json: Array(burn.utf8))
        #expect(burned.outcome.pointsBurned == 10)
        #expect(burned.sale?.reference == "bon_1/burn")
        assertConflict(ledger, burn, field: "external_id",
                       "`bon_1` is already used (by earn bon_1 and burn bon_1/burn): an external id is unique in the program, except that one burn may share the id of its earn")
        let points = ledger.account(card)[.points]
        #expect(points == 10)
    }

    // MARK: Helpers

    private func kenzup() throws -> (Ledger, MemoryLedgerStore) {
        let store = MemoryLedgerStore()
        return (try Ledger(program: try shippedProgram("kenzup"), store: store, clock: fixedClock), store)
    }

    private func time(_ text: String) -> Timestamp { Timestamp(text)! }

    private func assertConflict(_ ledger: Ledger, _ json: String, field: String, _ message: String,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = failure({ _ = try ledger.apply(json: Array(json.utf8)) }) else {
            Issue.record("accepted: \(json)", sourceLocation: sourceLocation)
            return
        }
        #expect(error.kind == .conflict, sourceLocation: sourceLocation)
        #expect(error.field == field, sourceLocation: sourceLocation)
        #expect(error.message == message, sourceLocation: sourceLocation)
    }
}

/// The error a ledger operation fails with, or nil when it succeeds.
func failure(_ operation: () throws -> Void) -> LedgerError? {
    do { try operation() } catch let error as LedgerError { return error } catch {
        return LedgerError(.storage, "not a ledger error: \(error)")
    }
    return nil
}

/// A clock stopped at 2020-02-13T12:00:00Z, so that tests never read the real time.
let fixedClock: @Sendable () -> Timestamp = { Timestamp("2020-02-13T12:00:00Z")! }
