import Perk

/// The entries of one change being prepared, against working copies of the accounts they
/// touch: a debit that finds too little fails before anything is stored.
struct Postings {
    private let state: LedgerState
    private let order: String?
    private let time: Timestamp
    private var accounts: [CustomerID: Account] = [:]
    private(set) var entries: [Entry] = []

    init(_ state: LedgerState, order: String?, time: Timestamp) {
        self.state = state
        self.order = order
        self.time = time
    }

    func balance(_ customer: CustomerID, _ asset: Asset) -> Int64 { (accounts[customer] ?? state.account(customer))[asset] }

    /// Adds or takes `amount` as it is; a balance that would go negative or overflow is refused.
    mutating func post(_ customer: CustomerID, _ asset: Asset, _ amount: Int64, _ reason: String) throws(LedgerError) {
        guard amount != 0 else { return }
        guard let next = (accounts[customer] ?? state.account(customer)).adding(amount, to: asset) else {
            let what = asset == .points ? "points" : "\(asset.rawValue) balance"
            let held = balance(customer, asset)
            guard amount < 0 else {
                throw LedgerError(.refused, "\(what) would overflow: \(customer) has \(held), \(amount) more does not fit in 64 bits")
            }
            throw LedgerError(.refused, "insufficient \(what): \(customer) has \(held), \(amount.magnitude) needed")
        }
        accounts[customer] = next
        entries.append(Entry(customer: customer, asset: asset, amount: amount, reason: reason, order: order, time: time))
    }

    /// Credits `amount`, first settling what the customer owes of that asset.
    mutating func credit(_ customer: CustomerID, _ asset: Asset, _ amount: Int64, _ reason: String) throws(LedgerError) {
        try post(customer, asset, amount, reason)
        guard let owed = asset.owed else { return }
        let settled = min(balance(customer, owed), amount)
        guard settled > 0 else { return }
        try post(customer, asset, -settled, "settles \(settled) owed")
        try post(customer, owed, -settled, "settled from credit")
    }

    /// Takes back `amount`: from `first` (a pending credit) while it lasts, then from the
    /// asset; what the customer no longer has becomes a debt, recorded as such.
    mutating func takeBack(_ customer: CustomerID, _ asset: Asset, _ amount: Int64, from first: Asset? = nil, _ reason: String) throws(LedgerError) {
        var left = amount
        for source in [first, asset].compactMap({ $0 }) where left > 0 {
            let taken = min(balance(customer, source), left)
            try post(customer, source, -taken, reason)
            left -= taken
        }
        if left > 0, let owed = asset.owed {
            try post(customer, owed, left, "\(reason): \(left) already spent, owed")
        }
    }
}
