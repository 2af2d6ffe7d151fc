import Perk

/// Whose balances a ledger entry changes: a mobile number (KENZ'UP) or a card (secucard,
/// Convercus). Written `+212611223344` or `card:6010010000000001`.
public enum CustomerID: Sendable, Hashable, CustomStringConvertible {
    case mobile(MobileNumber)
    case card(String)

    /// Reads a mobile number (normalized to E.164) or `card:ID`.
    public init?(_ text: String) {
        if text.hasPrefix("card:") {
            let id = String(text.dropFirst(5))
            guard !id.isEmpty else { return nil }
            self = .card(id)
        } else if let mobile = MobileNumber(text) {
            self = .mobile(mobile)
        } else {
            return nil
        }
    }

    /// The customer a request names: the mobile number when it has one, else the card.
    public init?(_ customer: Request.Customer?) {
        if let mobile = customer?.mobile {
            self = .mobile(mobile)
        } else if let card = customer?.card {
            self = .card(card)
        } else {
            return nil
        }
    }

    /// Customers are the same when their ids are the same bytes (`ExactID`).
    public static func == (left: CustomerID, right: CustomerID) -> Bool { ExactID(left.description) == ExactID(right.description) }

    public func hash(into hasher: inout Hasher) { hasher.combine(ExactID(description)) }

    public var description: String {
        switch self {
        case .mobile(let mobile): return mobile.e164
        case .card(let id): return "card:" + id
        }
    }
}
