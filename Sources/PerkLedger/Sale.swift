import Perk

/// A sale (or payment, or burn) the ledger has recorded: the request as it was received,
/// the outcome it was answered with, and where it stands now.
public struct Sale: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// Awaiting the customer's QR scan.
        case pending
        /// Credited (and burned) as the outcome says.
        case approved
        /// Refused, expired or cancelled; nothing was credited or burned.
        case declined
        /// The scan found the balances short of what the payment burns; nothing was applied.
        case error
    }

    /// How the ledger refers to the sale: its order id, else its external id (`ID/burn` for
    /// a burn sharing its earn's external id).
    public let reference: String
    /// The request as received, in canonical JSON (`Request.json(currency:)`).
    public let request: JSON
    /// The answer given to the request; a repeated request gets it again.
    public let outcome: Outcome
    public internal(set) var status: Status
    /// Why the sale is declined or in error.
    public internal(set) var reason: String?
    /// The customer the sale belongs to: named by the request, or the one who scanned it.
    public internal(set) var customer: CustomerID?
    /// How much of the sale total has been refunded so far.
    public internal(set) var refunded: Int64 = 0

    public var kind: Request.Kind { outcome.kind }
    /// The external id (Convercus `externalId`) the request gave, if any.
    public var externalID: String? { string("external_id") }

    /// The status as the till sees it at `time`: a pending sale past its QR expiry is declined.
    public func status(at time: Timestamp) -> (status: Status, reason: String?) {
        if status == .pending, let expiry = outcome.expiresAt, time >= expiry {
            return (.declined, "expired: the QR expired at \(expiry)")
        }
        return (status, reason)
    }

    /// What the points, cash and bonus of the customer become once the sale completes; the
    /// same figures whether the sale is approved at once or when scanned.
    let effects: Effects

    /// A sale of `outcome`; fails when the outcome's figures are negative or do not fit in
    /// 64 bits, as only a damaged record's can be.
    init(reference: String, request: JSON, outcome: Outcome, status: Status, customer: CustomerID? = nil) throws(LedgerError) {
        guard let effects = Effects(outcome) else {
            throw LedgerError(.corrupt, "the outcome of sale \(reference) has amounts below zero or beyond 64 bits")
        }
        self.reference = reference
        self.request = request
        self.outcome = outcome
        self.status = status
        self.customer = customer
        self.effects = effects
    }

    /// The figures of an outcome that move balances, each at least zero.
    struct Effects: Equatable {
        let pointsCredited: Int64
        let bonusCredited: Int64
        let pointsBurned: Int64
        let cashRedeemed: Int64
        let bonusRedeemed: Int64

        init?(_ outcome: Outcome) {
            guard let bonusCredited = Checked.subtract(outcome.bonusEarned, outcome.bonusApplied) else { return nil }
            pointsCredited = outcome.pendingCredit == nil ? outcome.pointsEarned : 0
            self.bonusCredited = bonusCredited
            pointsBurned = outcome.pointsBurned
            cashRedeemed = outcome.cashRedeemed
            bonusRedeemed = outcome.bonusRedeemed
            let pending = outcome.pendingCredit?.points ?? 0
            guard [pointsCredited, bonusCredited, pointsBurned, cashRedeemed, bonusRedeemed, pending, outcome.saleTotal]
                .allSatisfy({ $0 >= 0 }) else { return nil }
        }
    }

    private func string(_ key: String) -> String? {
        guard case .object(let members) = request, case .string(let text)? = members.first(where: { $0.key == key })?.value else {
            return nil
        }
        return text
    }
}

/// The status of a payment request as the seeds' polling endpoint gives it.
public struct PaymentStatus: Sendable, Equatable {
    public let status: Sale.Status
    public let reason: String?
    public let orderID: String
    public let shop: String?
    /// The sale total.
    public let saleAmount: Int64
    /// The amount asked in-app (the sale total when the request gave none).
    public let amount: Int64
    /// What was actually paid in-app.
    public let paidAmount: Int64
    public let expiresAt: Timestamp?
    public let currency: Currency

    /// The status as JSON: `status`, `reason`, `order_id`, `shop_uuid`, `sale_amount`,
    /// `amount`, `paid_amount`, `expires_at`.
    public func json() -> JSON {
        func money(_ minor: Int64) -> JSON { .number(Money(minorUnits: minor, currency: currency).decimalString) }
        let members: [(key: String, value: JSON)] = [
            ("status", .string(status.rawValue)), ("reason", reason.map(JSON.string) ?? .null),
            ("order_id", .string(orderID)), ("shop_uuid", shop.map(JSON.string) ?? .null),
            ("sale_amount", money(saleAmount)), ("amount", money(amount)), ("paid_amount", money(paidAmount)),
            ("expires_at", expiresAt.map { .string($0.description) } ?? .null),
        ]
        return .object(members)
    }
}
