import Perk

/// What a ledger knows: the replay of its records. Checking a record never changes the
/// state; committing a checked record cannot fail, so a change is applied whole or not at all.
struct LedgerState {
    private(set) var currency: Currency?
    private(set) var sequence: Int64 = 0
    private(set) var accounts: [CustomerID: Account] = [:]
    private(set) var statements: [CustomerID: [Entry]] = [:]
    /// The sales by reference, and the references of the sales that use each external id;
    /// ids are compared byte for byte.
    private var sales: [ExactID: Sale] = [:]
    private var externalIDs: [ExactID: [String]] = [:]
    /// The record of each refund made with an id.
    private var refunds: [ExactID: LedgerRecord] = [:]

    func account(_ customer: CustomerID) -> Account { accounts[customer] ?? Account() }

    func sale(_ reference: String) -> Sale? { sales[ExactID(reference)] }

    var references: [String] { sales.keys.map(\.text) }

    func uses(ofExternalID id: String) -> [String] { externalIDs[ExactID(id)] ?? [] }

    func refund(_ id: String) -> LedgerRecord? { refunds[ExactID(id)] }

    /// Throws when `record` cannot follow the records applied so far.
    func check(_ record: LedgerRecord) throws(LedgerError) {
        guard record.sequence == sequence + 1 else {
            throw LedgerError(.corrupt, "record \(record.sequence) follows record \(sequence); records are missing or repeated")
        }
        guard (record.operation == .open) == (sequence == 0) else {
            throw LedgerError(.corrupt, "a ledger starts with one `open` record")
        }
        guard (record.currency != nil) == (record.operation == .open) else {
            throw LedgerError(.corrupt, record.operation == .open ? "the `open` record names no currency" : "only the `open` record names the currency")
        }
        if let refund = record.refund {
            guard record.operation == .refund, record.sale != nil else { throw LedgerError(.corrupt, "only a refund has a refund id") }
            guard self.refund(refund.id) == nil else { throw LedgerError(.corrupt, "refund id \(VisibleText.quoted(refund.id)) is used twice") }
        }
        var touched: [CustomerID: Account] = [:]
        for entry in record.entries {
            let current = touched[entry.customer] ?? account(entry.customer)
            guard let next = current.adding(entry.amount, to: entry.asset) else {
                throw LedgerError(.corrupt, "\(entry.customer)'s \(entry.asset.rawValue) would go below zero or overflow")
            }
            touched[entry.customer] = next
        }
    }

    /// Applies a record that `check` accepted.
    mutating func commit(_ record: LedgerRecord) {
        sequence = record.sequence
        if let currency = record.currency { self.currency = currency }
        for entry in record.entries {
            if let next = account(entry.customer).adding(entry.amount, to: entry.asset) { accounts[entry.customer] = next }
            statements[entry.customer, default: []].append(entry)
        }
        if let refund = record.refund { refunds[ExactID(refund.id)] = record }
        if let registered = record.registered { accounts[registered, default: Account()].registered = true }
        if let sale = record.sale {
            if sales[ExactID(sale.reference)] == nil, let external = sale.externalID {
                externalIDs[ExactID(external), default: []].append(sale.reference)
            }
            sales[ExactID(sale.reference)] = sale
        }
    }
}
