import Perk
import PerkLedger
import XCTest

/// Scenarios BL1–BL7 and CL1: rules that span requests, kept by a ledger.
final class LedgerScenarioTests: XCTestCase {
    static let b1 = #"{"order_id": "TX_1", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "customer": "+212611223344"}"#
    let customer = CustomerID("+212611223344")!
    let other = CustomerID("+212761234567")!

    func testBL1SameRequestTwiceGetsTheSameAnswerAndIsCreditedOnce() throws {
        let (ledger, store) = try kenzup()
        let first = try ledger.apply(json: Array(Self.b1.utf8))
        let second = try ledger.apply(json: Array(Self.b1.utf8))
        XCTAssertEqual(first.outcome, second.outcome)
        XCTAssertEqual(first.outcome.pointsEarned, 62)
        XCTAssertEqual(first.outcome.status, .pending)
        XCTAssertFalse(first.repeated)
        XCTAssertTrue(second.repeated)
        let scanned = try ledger.scan("TX_1", by: customer, at: time("2020-02-12T19:21:30+01:00"))
        XCTAssertEqual(scanned.sale?.status, .approved)
        let third = try ledger.apply(json: Array(Self.b1.utf8))
        XCTAssertEqual(third.outcome, first.outcome)
        let rescan = try ledger.scan("TX_1", by: customer, at: time("2020-02-12T19:22:00+01:00"))
        XCTAssertTrue(rescan.repeated)
        let points = ledger.account(customer)[.points]
        XCTAssertEqual(points, 62)
        XCTAssertEqual(store.records.map(\.operation), [.open, .sale, .scan])
    }

    func testBL2SameOrderWithADifferentAmountIsAnErrorAndTheFirstSaleStands() throws {
        let (ledger, store) = try kenzup()
        _ = try ledger.apply(json: Array(Self.b1.utf8))
        let changed = Self.b1.replacingOccurrences(of: "12.45", with: "13.00")
        let error = try XCTUnwrap(failure { _ = try ledger.apply(json: Array(changed.utf8)) }, "a changed request under the same order id was accepted")
        XCTAssertEqual(error.kind, .conflict)
        XCTAssertEqual(error.field, "amount")
        XCTAssertTrue(error.message.contains("order TX_1"), error.message)
        XCTAssertTrue(error.message.contains("12.45") && error.message.contains("13.00"), error.message)
        let recorded = ledger.sale("TX_1")
        let sale = try XCTUnwrap(recorded)
        XCTAssertEqual(sale.outcome.saleTotal, 1245)
        XCTAssertEqual(sale.outcome.pointsEarned, 62)
        XCTAssertEqual(store.records.count, 2)
    }

    func testBL3ForcingAnExistingOrderForAnUnregisteredCustomerIsAnError() throws {
        let (ledger, store) = try kenzup()
        let unforced = #"{"order_id": "TX_3", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "customer": {"mobile": "0611223344", "registered": false}}"#
        let first = try ledger.apply(json: Array(unforced.utf8))
        XCTAssertEqual(first.outcome.status, .pending)
        let forced = unforced.replacingOccurrences(of: #""amount""#, with: #""force": true, "amount""#)
        let error = try XCTUnwrap(failure { _ = try ledger.apply(json: Array(forced.utf8)) }, "a forced earn on an existing order was accepted")
        XCTAssertEqual(error.kind, .conflict)
        XCTAssertEqual(error.field, "force")
        XCTAssertEqual(error.message, "order TX_3 already exists: a forced earn for an unregistered customer is only possible on the first request of a sale")
        let account = ledger.account(customer)
        XCTAssertEqual(account[.pendingPoints], 0)
        XCTAssertEqual(store.records.count, 2)
    }

    func testBL4PendingCreditIsGrantedWhenTheCustomerRegisters() throws {
        let (ledger, _) = try kenzup()
        let b7 = #"{"order_id": "TX_7", "amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "force": true, "customer": {"mobile": "0611223344", "registered": false}}"#
        let reply = try ledger.apply(json: Array(b7.utf8))
        XCTAssertEqual(reply.outcome.message, "Unregistered customer credit saved")
        XCTAssertEqual(reply.entries.map(\.amount), [62])
        var account = ledger.account(customer)
        XCTAssertEqual(account[.pendingPoints], 62)
        XCTAssertEqual(account[.points], 0)
        let registration = try ledger.register(MobileNumber("+212611223344")!, at: time("2020-02-13T10:00:00+01:00"))
        XCTAssertEqual(registration.entries.map(\.asset), [.pendingPoints, .points])
        XCTAssertEqual(registration.entries.map(\.amount), [-62, 62])
        account = ledger.account(customer)
        XCTAssertEqual(account[.points], 62)
        XCTAssertEqual(account[.pendingPoints], 0)
        XCTAssertTrue(account.registered)
        let again = try ledger.register(MobileNumber("0611223344")!)
        XCTAssertTrue(again.repeated)
        let statement = ledger.statement(customer)
        XCTAssertEqual(statement.map(\.amount), [62, -62, 62])
        XCTAssertEqual(statement.map(\.order), ["TX_7", nil, nil])
    }

    func testBL5AScanAfterExpiryDeclinesTheSale() throws {
        let (ledger, _) = try kenzup()
        let reply = try ledger.apply(json: Array(Self.b1.utf8))
        XCTAssertEqual(reply.outcome.expiresAt?.description, "2020-02-12T19:25:30+01:00")
        let scan = try ledger.scan("TX_1", by: customer, at: time("2020-02-12T19:26:30+01:00"))
        XCTAssertEqual(scan.sale?.status, .declined)
        XCTAssertEqual(scan.sale?.reason, "expired: the QR expired at 2020-02-12T19:25:30+01:00, scanned at 2020-02-12T19:26:30+01:00")
        XCTAssertEqual(scan.entries, [])
        let points = ledger.account(customer)[.points]
        XCTAssertEqual(points, 0)
        let status = try ledger.paymentStatus("TX_1")
        XCTAssertEqual(status.status, .declined)
    }

    func testBL6AScanByAnotherCustomerIsRefused() throws {
        let (ledger, store) = try kenzup()
        _ = try ledger.apply(json: Array(Self.b1.utf8))
        let error = try XCTUnwrap(failure { _ = try ledger.scan("TX_1", by: other, at: time("2020-02-12T19:21:00+01:00")) }, "a scan by another customer was accepted")
        XCTAssertEqual(error.kind, .refused)
        XCTAssertEqual(error.message, "order TX_1 belongs to +212611223344; a scan by +212761234567 is refused")
        let (mine, theirs) = (ledger.account(customer)[.points], ledger.account(other)[.points])
        XCTAssertEqual(mine, 0)
        XCTAssertEqual(theirs, 0)
        XCTAssertEqual(store.records.count, 2)
        let status = try ledger.paymentStatus("TX_1", at: time("2020-02-12T19:21:00+01:00"))
        XCTAssertEqual(status.status, .pending)
    }

    func testBL7ARefundTakesBackThePointsTheSaleEarned() throws {
        let (ledger, _) = try kenzup()
        _ = try ledger.apply(json: Array(Self.b1.utf8))
        _ = try ledger.scan("TX_1", by: customer, at: time("2020-02-12T19:21:00+01:00"))
        var points = ledger.account(customer)[.points]
        XCTAssertEqual(points, 62)
        let refund = try ledger.refund("TX_1", at: time("2020-02-13T09:00:00+01:00"))
        XCTAssertEqual(refund.entries.map(\.amount), [-62])
        XCTAssertEqual(refund.entries.first?.reason, "refund of 12.45 MAD: earned points taken back")
        XCTAssertEqual(refund.sale?.refunded, 1245)
        points = ledger.account(customer)[.points]
        XCTAssertEqual(points, 0)
        let error = try XCTUnwrap(failure { _ = try ledger.refund("TX_1") }, "a sale was refunded twice")
        XCTAssertEqual(error.message, "order TX_1 has nothing left to refund")
    }

    func testCL1ExternalIDsAreUniqueExceptForTheBurnOfAnEarn() throws {
        let ledger = try Ledger(program: try shippedProgram("convercus"), store: MemoryLedgerStore(), clock: fixedClock)
        let card = CustomerID("card:4711")!
        let earn = #"{"external_id": "bon_1", "amount": 30.00, "tenders": [{"tender_id": "PayWithPoints", "amount": 10.00}], "customer": {"card": "4711"}}"#
        let burn = #"{"type": "burn", "external_id": "bon_1", "amount": 0.10, "customer": {"card": "4711"}}"#
        let earned = try ledger.apply(json: Array(earn.utf8))
        XCTAssertEqual(earned.outcome.pointsEarned, 20)
        assertConflict(ledger, earn, field: "external_id",
                             "`bon_1` is already used (by earn bon_1): an external id is unique in the program, except that one burn may share the id of its earn")
        let burned = try ledger.apply(json: Array(burn.utf8))
        XCTAssertEqual(burned.outcome.pointsBurned, 10)
        XCTAssertEqual(burned.sale?.reference, "bon_1/burn")
        assertConflict(ledger, burn, field: "external_id",
                             "`bon_1` is already used (by earn bon_1 and burn bon_1/burn): an external id is unique in the program, except that one burn may share the id of its earn")
        let points = ledger.account(card)[.points]
        XCTAssertEqual(points, 10)
    }

    // MARK: Helpers

    private func kenzup() throws -> (Ledger, MemoryLedgerStore) {
        let store = MemoryLedgerStore()
        return (try Ledger(program: try shippedProgram("kenzup"), store: store, clock: fixedClock), store)
    }

    private func time(_ text: String) -> Timestamp { Timestamp(text)! }

    private func assertConflict(_ ledger: Ledger, _ json: String, field: String, _ message: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        guard let error = failure({ _ = try ledger.apply(json: Array(json.utf8)) }) else {
            return XCTFail("accepted: \(json)", file: file, line: line)
        }
        XCTAssertEqual(error.kind, .conflict, file: file, line: line)
        XCTAssertEqual(error.field, field, file: file, line: line)
        XCTAssertEqual(error.message, message, file: file, line: line)
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
