import Foundation
import Perk

/// The answer of a ledger to a request.
public struct LedgerReply: Sendable, Equatable {
    /// The outcome of the request; for a repeated request, the outcome first given.
    public let outcome: Outcome
    /// The sale as recorded (nil for a balance enquiry).
    public let sale: Sale?
    /// The balance entries this request made (none when repeated or pending).
    public let entries: [Entry]
    /// Whether the request had been applied before and was answered again.
    public let repeated: Bool
}

/// What a scan, refund, registration or adjustment changed.
public struct LedgerChange: Sendable, Equatable {
    /// The sale concerned, as it is now (for a repeated refund, as the first one left it).
    public let sale: Sale?
    /// The balance entries made (for a repeated refund, those the first one made).
    public let entries: [Entry]
    /// Whether the operation had been done before and changed nothing this time.
    public let repeated: Bool
}

/// A program's memory: sales by order id, customers' balances, pending credits, and every
/// change as a statement entry, kept in a `LedgerStore`. Each operation is checked whole,
/// stored, and only then applied; an operation that fails changes nothing. Operations run
/// one at a time under a lock, so any number of threads or tasks may share one ledger, and
/// a payment engine calls it synchronously.
public final class Ledger: Sendable {
    private let core: Locked<LedgerCore>

    /// Reads the time of day in UTC, for operations that do not state their time.
    public static let systemClock: @Sendable () -> Timestamp = {
        guard let now = Timestamp(utcEpochSeconds: Int64(Date().timeIntervalSince1970)) else {
            preconditionFailure("the system clock is outside the years 1970 to 9999")
        }
        return now
    }

    /// Opens the ledger kept in `store` for `program`, replaying its records; an empty store
    /// starts a ledger in the program's currency. Fails when the store's records are damaged
    /// or in another currency. `clock` gives the time of operations that do not state it.
    public init(program: Program, store: any LedgerStore, clock: @escaping @Sendable () -> Timestamp = Ledger.systemClock) throws(LedgerError) {
        core = Locked(try LedgerCore(program: program, store: store, clock: clock))
    }

    /// The program that evaluates new requests.
    public var program: Program { core.withLock { $0.program } }

    /// Evaluates later requests with `program` (for example after editing it); the sales
    /// already recorded keep their outcomes. The currency cannot change.
    public func replaceProgram(_ program: Program) throws(LedgerError) {
        try core.withLock { (core: inout LedgerCore) throws(LedgerError) in try core.replaceProgram(program) }
    }

    /// Evaluates `request` with the customer's balances from the ledger and records the sale:
    /// credited at once when approved, on its scan when pending, never when declined. The
    /// same request under the same order id gets the same outcome again and changes nothing;
    /// a different request under a known order id, a second use of an external id (but for
    /// one burn sharing its earn's), and balances in the request are errors. A balance
    /// enquiry is answered and not recorded.
    public func apply(_ request: Request) throws(LedgerError) -> LedgerReply {
        try core.withLock { (core: inout LedgerCore) throws(LedgerError) in try core.apply(request) }
    }

    /// Decodes a JSON request in the program's currency and applies it.
    public func apply(json bytes: [UInt8]) throws(LedgerError) -> LedgerReply {
        try core.withLock { (core: inout LedgerCore) throws(LedgerError) in try core.apply(json: bytes) }
    }

    /// The customer scans the QR of a pending sale at `time` (now by default). It is credited
    /// when the sale is theirs (or nobody's) and the QR has not expired; an expired QR
    /// declines the sale; a sale of another customer is refused and stays pending; a payment
    /// whose points or balances have meanwhile run short ends in status `error`. Scanning a
    /// sale that is no longer pending changes nothing and tells where it stands.
    public func scan(_ reference: String, by customer: CustomerID, at time: Timestamp? = nil) throws(LedgerError) -> LedgerChange {
        try core.withLock { (core: inout LedgerCore) throws(LedgerError) in try core.scan(reference, by: customer, at: time) }
    }

    /// Refunds `amount` of a sale (all that is left by default) at `time`: takes back the
    /// same share of what the sale credited and gives back the same share of what it burned
    /// and redeemed. Shares are of the sale total and computed on the amount refunded so far,
    /// so that partial refunds add up exactly to the whole: taken back rounded down, given
    /// back rounded up (the customer's favour). What the customer has already spent is kept
    /// as a debt (`owed_points`, …), settled from later credits. A pending sale can only be
    /// refunded whole, which cancels it. Vouchers already issued are not taken back.
    ///
    /// An `id` makes retrying safe: a refund repeated with the same id, order and amount is
    /// answered as the first was (`repeated`, the sale as that refund left it, its entries)
    /// and changes nothing; the same id with another order or amount is refused.
    public func refund(_ reference: String, amount: Int64? = nil, id: String? = nil, at time: Timestamp? = nil) throws(LedgerError) -> LedgerChange {
        try core.withLock { (core: inout LedgerCore) throws(LedgerError) in try core.refund(reference, amount: amount, id: id, at: time) }
    }

    /// The customer with this mobile number registers: their pending credit becomes points,
    /// and their later requests count as registered. Registering again changes nothing.
    public func register(_ mobile: MobileNumber, at time: Timestamp? = nil) throws(LedgerError) -> LedgerChange {
        try core.withLock { (core: inout LedgerCore) throws(LedgerError) in try core.register(mobile, at: time) }
    }

    /// A customer-service correction of a points, cash or bonus balance, with its reason
    /// (an opening balance, a goodwill credit). A balance never goes below zero.
    public func adjust(_ customer: CustomerID, _ asset: Asset, by amount: Int64, reason: String, at time: Timestamp? = nil) throws(LedgerError) -> LedgerChange {
        try core.withLock { (core: inout LedgerCore) throws(LedgerError) in
            try core.adjust(customer, asset, by: amount, reason: reason, at: time)
        }
    }

    /// The customer's balances.
    public func account(_ customer: CustomerID) -> Account { core.withLock { $0.account(customer) } }

    /// Every change of the customer's balances, oldest first: a customer-service statement.
    public func statement(_ customer: CustomerID) -> [Entry] { core.withLock { $0.statement(customer) } }

    /// The sale recorded under `reference` (its order id, or its external id).
    public func sale(_ reference: String) -> Sale? { core.withLock { $0.sale(reference) } }

    /// Where a sale stands at `time` (now by default), with the fields of the payment
    /// request polling endpoint: a pending sale past its QR expiry reads as declined.
    public func paymentStatus(_ reference: String, at time: Timestamp? = nil) throws(LedgerError) -> PaymentStatus {
        try core.withLock { (core: inout LedgerCore) throws(LedgerError) in try core.paymentStatus(reference, at: time) }
    }
}
