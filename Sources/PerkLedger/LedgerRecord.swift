import Perk

/// One change of a ledger, as a store keeps it: a ledger is the replay of its records in
/// order. Each record is complete in itself (the sale as it stands after the change and
/// every balance entry), so replaying never evaluates a program again.
public struct LedgerRecord: Sendable, Equatable {
    public enum Operation: String, Sendable {
        /// The first record: the ledger's currency.
        case open
        case sale, scan, refund, register, adjust
    }

    /// 1 for the first record, then one more for each.
    public let sequence: Int64
    public let operation: Operation
    public let time: Timestamp
    /// open: the currency of every amount in the ledger.
    public let currency: Currency?
    /// sale, scan, refund: the sale as it is after this record.
    public let sale: Sale?
    public let entries: [Entry]
    /// register: the customer who registered.
    public let registered: CustomerID?
    /// refund: its id and the amount asked, when it was given an id.
    public let refund: Refund?

    /// A refund's id, which makes retrying it safe, and the amount it asked for (nil: all that
    /// was left): a refund repeated with the same id must ask the same.
    public struct Refund: Sendable, Equatable {
        public let id: String
        public let amount: Int64?
    }

    init(sequence: Int64, operation: Operation, time: Timestamp, currency: Currency? = nil, sale: Sale? = nil,
         entries: [Entry] = [], registered: CustomerID? = nil, refund: Refund? = nil) {
        self.sequence = sequence
        self.operation = operation
        self.time = time
        self.currency = currency
        self.sale = sale
        self.entries = entries
        self.registered = registered
        self.refund = refund
    }

    /// The record as one line of compact JSON (no newline inside).
    public var json: String {
        var members = [("seq", String(sequence)), ("op", JSON.quoted(operation.rawValue)), ("time", JSON.quoted(time.description))]
        if let currency { members.append(("currency", JSON.quoted(currency.code))) }
        if let sale {
            let fields: [(String, String?)] = [
                ("reference", JSON.quoted(sale.reference)), ("status", JSON.quoted(sale.status.rawValue)),
                ("reason", sale.reason.map(JSON.quoted)), ("customer", sale.customer.map { JSON.quoted($0.description) }),
                ("refunded", String(sale.refunded)), ("request", sale.request.text),
                ("outcome", sale.outcome.json(pretty: false)),
            ]
            members.append(("sale", LedgerRecord.object(fields.compactMap { key, value in value.map { (key, $0) } })))
        }
        if !entries.isEmpty {
            let list = entries.map { entry in
                var fields = [("customer", JSON.quoted(entry.customer.description)), ("asset", JSON.quoted(entry.asset.rawValue)),
                              ("amount", String(entry.amount)), ("reason", JSON.quoted(entry.reason))]
                if let order = entry.order { fields.append(("order", JSON.quoted(order))) }
                fields.append(("time", JSON.quoted(entry.time.description)))
                return LedgerRecord.object(fields)
            }
            members.append(("entries", "[" + list.joined(separator: ",") + "]"))
        }
        if let registered { members.append(("registered", JSON.quoted(registered.description))) }
        if let refund {
            let amount = refund.amount.map { [("amount", String($0))] } ?? []
            members.append(("refund", LedgerRecord.object([("id", JSON.quoted(refund.id))] + amount)))
        }
        return LedgerRecord.object(members)
    }

    private static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { JSON.quoted($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// Reads a record back from `json`.
    public init(json text: String) throws(LedgerError) {
        let value: JSON
        do { value = try JSONParser.parse(text) } catch { throw LedgerError(.corrupt, "a record is not JSON: \(error)") }
        let record = Reader(value, path: "record")
        sequence = try record.integer("seq")
        let name = try record.string("op")
        guard let operation = Operation(rawValue: name) else { throw record.bad("op") }
        self.operation = operation
        time = try record.time("time")
        currency = try record.optional("currency").map { value throws(LedgerError) in
            guard case .string(let code) = value, let currency = Currency(code: code) else { throw record.bad("currency") }
            return currency
        }
        if let saleValue = record.optional("sale") {
            let fields = Reader(saleValue, path: "sale")
            let outcomeJSON = try fields.value("outcome")
            let outcome: Outcome
            do { outcome = try Outcome(json: outcomeJSON) } catch { throw LedgerError(.corrupt, "sale.outcome: \(error)") }
            guard let status = Sale.Status(rawValue: try fields.string("status")) else { throw fields.bad("status") }
            var sale = try Sale(reference: try fields.string("reference"), request: try fields.value("request"),
                                outcome: outcome, status: status)
            sale.reason = try fields.optionalString("reason")
            sale.customer = try fields.optionalString("customer").map { text throws(LedgerError) in
                guard let customer = CustomerID(text) else { throw fields.bad("customer") }
                return customer
            }
            sale.refunded = try fields.integer("refunded")
            guard (0...outcome.saleTotal).contains(sale.refunded) else { throw fields.bad("refunded") }
            self.sale = sale
        } else {
            sale = nil
        }
        var entries: [Entry] = []
        if case .array(let list)? = record.optional("entries") {
            for (index, item) in list.enumerated() {
                let fields = Reader(item, path: "entries[\(index)]")
                guard let customer = CustomerID(try fields.string("customer")) else { throw fields.bad("customer") }
                guard let asset = Asset(rawValue: try fields.string("asset")) else { throw fields.bad("asset") }
                entries.append(Entry(customer: customer, asset: asset, amount: try fields.integer("amount"),
                                     reason: try fields.string("reason"), order: try fields.optionalString("order"),
                                     time: try fields.time("time")))
            }
        }
        self.entries = entries
        registered = try record.optionalString("registered").map { text throws(LedgerError) in
            guard let customer = CustomerID(text) else { throw record.bad("registered") }
            return customer
        }
        refund = try record.optional("refund").map { value throws(LedgerError) in
            let fields = Reader(value, path: "refund")
            let amount: Int64? = fields.optional("amount") == nil ? nil : try fields.integer("amount")
            guard (amount ?? 1) > 0 else { throw fields.bad("amount") }
            return Refund(id: try fields.string("id"), amount: amount)
        }
    }
}

/// Reads the members of a record's JSON objects; any mismatch is a corrupt record.
private struct Reader {
    let members: [(key: String, value: JSON)]
    let path: String

    init(_ value: JSON, path: String) {
        if case .object(let members) = value { self.members = members } else { members = [] }
        self.path = path
    }

    func bad(_ key: String) -> LedgerError { LedgerError(.corrupt, "\(path).\(key) is missing or malformed") }

    func optional(_ key: String) -> JSON? {
        guard let value = members.first(where: { $0.key == key })?.value, value != .null else { return nil }
        return value
    }

    func value(_ key: String) throws(LedgerError) -> JSON {
        guard let value = optional(key) else { throw bad(key) }
        return value
    }

    func optionalString(_ key: String) throws(LedgerError) -> String? {
        guard let value = optional(key) else { return nil }
        guard case .string(let text) = value else { throw bad(key) }
        return text
    }

    func string(_ key: String) throws(LedgerError) -> String {
        guard let text = try optionalString(key) else { throw bad(key) }
        return text
    }

    func integer(_ key: String) throws(LedgerError) -> Int64 {
        guard case .number(let text)? = optional(key), let number = Int64(text) else { throw bad(key) }
        return number
    }

    func time(_ key: String) throws(LedgerError) -> Timestamp {
        guard let time = Timestamp(try string(key)) else { throw bad(key) }
        return time
    }
}
