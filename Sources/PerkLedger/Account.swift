import Perk

/// What a ledger counts for each customer.
public enum Asset: String, Sendable, CaseIterable {
    /// Loyalty points (a count).
    case points
    /// Money loaded on the card (minor units).
    case cash
    /// Bonus money earned (minor units).
    case bonus
    /// Points kept for an unregistered mobile number until it registers.
    case pendingPoints = "pending_points"
    /// The value of vouchers issued instead of credit (minor units); vouchers are handed
    /// out, so this only ever grows.
    case vouchers
    /// Points a refund could not take back because they were already spent; settled from
    /// the next points credited.
    case owedPoints = "owed_points"
    /// Cash a refund could not take back; settled from the next cash credited.
    case owedCash = "owed_cash"
    /// Bonus a refund could not take back; settled from the next bonus credited.
    case owedBonus = "owed_bonus"

    /// Whether the amounts are money (minor units) rather than a count of points.
    public var isMoney: Bool { [.cash, .bonus, .vouchers, .owedCash, .owedBonus].contains(self) }

    /// The debt kept for this asset when a refund finds it spent.
    var owed: Asset? {
        switch self {
        case .points: return .owedPoints
        case .cash: return .owedCash
        case .bonus: return .owedBonus
        default: return nil
        }
    }
}

/// One customer's balances in a ledger. Every amount is the sum of the customer's entries
/// and is never negative.
public struct Account: Sendable, Equatable {
    public private(set) var amounts: [Asset: Int64] = [:]
    /// Whether the customer registered through the ledger (`Ledger.register`).
    public internal(set) var registered = false

    public subscript(asset: Asset) -> Int64 { amounts[asset] ?? 0 }

    /// The balances in the form a request carries them.
    public var balances: Request.Balances { .init(cash: self[.cash], bonus: self[.bonus], points: self[.points]) }

    /// Adds an entry's amount; nil when the result would overflow or go negative.
    func adding(_ amount: Int64, to asset: Asset) -> Account? {
        guard let sum = Checked.add(self[asset], amount), sum >= 0 else { return nil }
        var account = self
        account.amounts[asset] = sum == 0 ? nil : sum
        return account
    }
}

/// One change of one balance, with why, for which sale and when: the lines of a statement.
public struct Entry: Sendable, Equatable {
    public let customer: CustomerID
    public let asset: Asset
    /// The change: positive credits, negative debits.
    public let amount: Int64
    public let reason: String
    /// The sale the change belongs to (its order id, or its external id), if any.
    public let order: String?
    public let time: Timestamp

    public init(customer: CustomerID, asset: Asset, amount: Int64, reason: String, order: String?, time: Timestamp) {
        self.customer = customer
        self.asset = asset
        self.amount = amount
        self.reason = reason
        self.order = order
        self.time = time
    }
}
