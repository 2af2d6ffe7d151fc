import Foundation
import Perk

/// The workings of a `Ledger`, one operation at a time (the ledger holds it under a lock).
struct LedgerCore {
    private(set) var program: Program
    private let store: any LedgerStore
    private var state: LedgerState
    private let clock: @Sendable () -> Timestamp

    init(program: Program, store: any LedgerStore, clock: @escaping @Sendable () -> Timestamp) throws(LedgerError) {
        var state = LedgerState()
        for (index, record) in try store.load().enumerated() {
            do { try state.check(record) } catch { throw LedgerError(.corrupt, "\(store.location(ofRecord: index)): \(error.message)") }
            state.commit(record)
        }
        if state.sequence == 0 {
            let open = LedgerRecord(sequence: 1, operation: .open, time: clock(), currency: program.currency)
            try store.append(open)
            state.commit(open)
        }
        try LedgerCore.checkCurrency(of: program, against: state)
        self.program = program
        self.store = store
        self.state = state
        self.clock = clock
    }

    mutating func replaceProgram(_ program: Program) throws(LedgerError) {
        try LedgerCore.checkCurrency(of: program, against: state)
        self.program = program
    }

    private static func checkCurrency(of program: Program, against state: LedgerState) throws(LedgerError) {
        guard let currency = state.currency, currency == program.currency else {
            throw LedgerError(.refused, "the ledger is kept in \(state.currency?.code ?? "no currency") but program \(program.name) is in \(program.currency.code)")
        }
    }

    // MARK: Queries

    func account(_ customer: CustomerID) -> Account { state.account(customer) }

    func statement(_ customer: CustomerID) -> [Entry] { state.statements[customer] ?? [] }

    func sale(_ reference: String) -> Sale? { state.sale(reference) }

    func paymentStatus(_ reference: String, at time: Timestamp? = nil) throws(LedgerError) -> PaymentStatus {
        let sale = try recorded(reference)
        let (status, reason) = sale.status(at: time ?? clock())
        let outcome = sale.outcome
        let request = try? Request(json: sale.request, currency: program.currency)
        let inApp = request?.saleAmount != nil ? request?.amount ?? outcome.saleTotal : outcome.saleTotal
        return PaymentStatus(status: status, reason: reason, orderID: sale.reference, shop: request?.shop,
                             saleAmount: outcome.saleTotal, amount: inApp,
                             paidAmount: status == .approved ? outcome.paidAmount ?? 0 : 0,
                             expiresAt: outcome.expiresAt, currency: program.currency)
    }

    // MARK: Requests

    mutating func apply(_ request: Request) throws(LedgerError) -> LedgerReply {
        if request.customer?.balances != nil {
            throw LedgerError(.request, field: "customer.balances", "the ledger keeps the balances: leave them out of the request (an agent sets a balance with an adjustment)")
        }
        let customer = CustomerID(request.customer)
        if request.kind == .balance {
            guard customer != nil else { throw LedgerError(.request, field: "customer", "required: whose balance to tell") }
            return LedgerReply(outcome: try evaluate(request, for: customer), sale: nil, entries: [], repeated: false)
        }
        let canonical = request.json(currency: program.currency)
        if let orderID = request.orderID, let existing = state.sale(orderID) {
            return try repeatedRequest(request, canonical, existing)
        }
        let reference = try newReference(for: request)
        let outcome = try evaluate(request, for: customer)
        let time = request.time ?? clock()
        var sale = try Sale(reference: reference, request: canonical, outcome: outcome, status: .pending, customer: customer)
        var postings = Postings(state, order: reference, time: time)
        switch outcome.status {
        case .pending:
            break
        case .declined:
            sale.status = .declined
            sale.reason = outcome.declineReason
        case .approved:
            sale.status = .approved
            try settle(sale, into: &postings)
        }
        try commit(.sale, time: time, sale: sale, entries: postings.entries)
        return LedgerReply(outcome: outcome, sale: sale, entries: postings.entries, repeated: false)
    }

    mutating func apply(json bytes: [UInt8]) throws(LedgerError) -> LedgerReply {
        let request: Request
        do { request = try Request(json: bytes, currency: program.currency) } catch { throw LedgerError(error) }
        return try apply(request)
    }

    private func evaluate(_ request: Request, for customer: CustomerID?) throws(LedgerError) -> Outcome {
        var filled = request
        if let customer, var named = filled.customer {
            let account = state.account(customer)
            named.balances = account.balances
            named.registered = named.registered || account.registered
            filled.customer = named
        }
        do { return try program.evaluate(filled) } catch { throw LedgerError(error) }
    }

    /// A request under an order id already recorded: the same request is answered again,
    /// anything else is refused.
    private func repeatedRequest(_ request: Request, _ canonical: JSON, _ existing: Sale) throws(LedgerError) -> LedgerReply {
        guard let field = JSONDifference.first(existing.request, canonical) else {
            return LedgerReply(outcome: existing.outcome, sale: existing, entries: [], repeated: true)
        }
        let order = existing.reference
        if request.force, let customer = request.customer, !customer.registered,
           let id = CustomerID(customer), !state.account(id).registered {
            throw LedgerError(.conflict, field: "force", "order \(order) already exists: a forced earn for an unregistered customer is only possible on the first request of a sale")
        }
        throw LedgerError(.conflict, field: field.path,
                          "order \(order) was already sent with \(field.path) \(field.old) (now \(field.new)); a sale's requests must be identical, and the first one stands")
    }

    /// The reference of a new sale, after the external id's uniqueness is checked.
    private func newReference(for request: Request) throws(LedgerError) -> String {
        if let external = request.externalID {
            let uses = state.uses(ofExternalID: external)
            let sharesItsEarn = request.kind == .burn && uses.count == 1 && state.sale(uses[0])?.kind == .earn
            if !uses.isEmpty && !sharesItsEarn {
                let used = uses.compactMap { state.sale($0) }.map { "\($0.kind.rawValue) \(VisibleText.shortened($0.reference))" }.joined(separator: " and ")
                throw LedgerError(.conflict, field: "external_id",
                                  "\(VisibleText.quoted(external)) is already used (by \(used)): an external id is unique in the program, except that one burn may share the id of its earn")
            }
        }
        guard let reference = request.orderID ?? request.externalID else {
            throw LedgerError(.request, field: "order_id", "required by the ledger to remember the sale (or external_id)")
        }
        if state.sale(reference) == nil { return reference }
        if request.orderID == nil, request.kind == .burn, state.sale(reference + "/burn") == nil { return reference + "/burn" }
        throw LedgerError(.conflict, field: request.orderID == nil ? "external_id" : "order_id", "\(VisibleText.quoted(reference)) is already the reference of another sale")
    }

    /// The entries that complete a sale: what it burns and redeems, then what it credits.
    private func settle(_ sale: Sale, into postings: inout Postings) throws(LedgerError) {
        let effects = sale.effects
        let touchesAccount = effects.pointsBurned > 0 || effects.cashRedeemed > 0 || effects.bonusRedeemed > 0
            || effects.pointsCredited > 0 || effects.bonusCredited > 0
        if touchesAccount {
            guard let customer = sale.customer else {
                throw LedgerError(.request, field: "customer", "required by the ledger: whose balances this sale changes")
            }
            try postings.post(customer, .points, -effects.pointsBurned, "paid \(money(sale.outcome.paidAmount ?? sale.outcome.saleTotal)) with points")
            try postings.post(customer, .cash, -effects.cashRedeemed, "paid with the card's cash")
            try postings.post(customer, .bonus, -effects.bonusRedeemed, "paid with the card's bonus")
            try postings.credit(customer, .points, effects.pointsCredited, "earned")
            try postings.credit(customer, .bonus, effects.bonusCredited, "earned")
        }
        if let pending = sale.outcome.pendingCredit {
            let customer = CustomerID.mobile(pending.mobile)
            try postings.post(customer, .pendingPoints, pending.points, "kept until \(pending.mobile) registers")
            if let vouchers = sale.outcome.vouchers, vouchers.count > 0 {
                guard let value = Checked.multiply(vouchers.count, vouchers.denomination) else {
                    throw LedgerError(.request, "the vouchers' value is too large")
                }
                try postings.post(customer, .vouchers, value, "\(vouchers.count) voucher\(vouchers.count == 1 ? "" : "s") of \(money(vouchers.denomination)) issued")
            }
        }
    }

    // MARK: Scans, refunds, registrations, adjustments

    mutating func scan(_ reference: String, by scanner: CustomerID, at time: Timestamp? = nil) throws(LedgerError) -> LedgerChange {
        var sale = try recorded(reference)
        let time = time ?? clock()
        if let owner = sale.customer, owner != scanner {
            throw LedgerError(.refused, field: "customer", "order \(reference) belongs to \(owner); a scan by \(scanner) is refused")
        }
        guard sale.status == .pending else { return LedgerChange(sale, [], repeated: true) }
        if let expiry = sale.outcome.expiresAt, time >= expiry {
            sale.status = .declined
            sale.reason = "expired: the QR expired at \(expiry), scanned at \(time)"
            try commit(.scan, time: time, sale: sale)
            return LedgerChange(sale, [], repeated: false)
        }
        sale.customer = scanner
        var postings = Postings(state, order: reference, time: time)
        do {
            try settle(sale, into: &postings)
            sale.status = .approved
        } catch where error.kind == .refused {
            postings = Postings(state, order: reference, time: time)
            sale.status = .error
            sale.reason = error.message
        }
        try commit(.scan, time: time, sale: sale, entries: postings.entries)
        return LedgerChange(sale, postings.entries, repeated: false)
    }

    mutating func refund(_ reference: String, amount: Int64? = nil, id: String? = nil, at time: Timestamp? = nil) throws(LedgerError) -> LedgerChange {
        if let id {
            guard !id.isEmpty, id.utf8.count <= Request.maximumTextLength else {
                throw LedgerError(.request, field: "id", id.isEmpty ? "a refund id cannot be empty" : "longer than \(Request.maximumTextLength) bytes")
            }
            if let first = state.refund(id), let sale = first.sale {
                guard ExactID(sale.reference) == ExactID(reference), first.refund?.amount == amount else {
                    throw LedgerError(.conflict, field: "id", "refund \(VisibleText.quoted(id)) was already made of order \(VisibleText.shortened(sale.reference)) with \(asked(first.refund?.amount)) (now order \(VisibleText.shortened(reference)) with \(asked(amount))); a refund id names one refund, and the first one stands")
                }
                return LedgerChange(sale, first.entries, repeated: true)
            }
        }
        let refundID = id.map { LedgerRecord.Refund(id: $0, amount: amount) }
        var sale = try recorded(reference)
        let time = time ?? clock()
        let total = sale.outcome.saleTotal
        let left = total - sale.refunded
        let refund = amount ?? left
        guard refund > 0 else {
            throw LedgerError(.refused, field: "amount", amount == nil ? "order \(reference) has nothing left to refund" : "a refund must be above zero")
        }
        guard refund <= left else {
            throw LedgerError(.refused, field: "amount", "\(money(refund)) is more than the \(money(left)) of order \(reference) left to refund")
        }
        let (status, reason) = sale.status(at: time)
        switch status {
        case .declined, .error:
            throw LedgerError(.refused, "order \(reference) was not completed (\(reason ?? status.rawValue)): nothing to refund")
        case .pending:
            guard refund == total else { throw LedgerError(.refused, field: "amount", "order \(reference) awaits its scan: it can only be refunded whole") }
            sale.status = .declined
            sale.reason = "refunded before its QR was scanned"
            sale.refunded = total
            try commit(.refund, time: time, sale: sale, refund: refundID)
            return LedgerChange(sale, [], repeated: false)
        case .approved:
            break
        }
        let before = sale.refunded
        let after = before + refund
        func share(_ amount: Int64, roundedUp: Bool) -> Int64 {
            func part(_ refunded: Int64) -> Int64 {
                let product = Int128(amount) * Int128(refunded)
                let quotient = product / Int128(total)
                return Int64(roundedUp && product % Int128(total) != 0 ? quotient + 1 : quotient)
            }
            return part(after) - part(before)
        }
        let effects = sale.effects
        var postings = Postings(state, order: reference, time: time)
        let why = "refund of \(money(refund))"
        if let customer = sale.customer {
            try postings.credit(customer, .points, share(effects.pointsBurned, roundedUp: true), why + ": burned points given back")
            try postings.credit(customer, .cash, share(effects.cashRedeemed, roundedUp: true), why + ": cash given back")
            try postings.credit(customer, .bonus, share(effects.bonusRedeemed, roundedUp: true), why + ": bonus given back")
            try postings.takeBack(customer, .points, share(effects.pointsCredited, roundedUp: false), why + ": earned points taken back")
            try postings.takeBack(customer, .bonus, share(effects.bonusCredited, roundedUp: false), why + ": earned bonus taken back")
        }
        if let pending = sale.outcome.pendingCredit {
            try postings.takeBack(.mobile(pending.mobile), .points, share(pending.points, roundedUp: false), from: .pendingPoints,
                                  why + ": pending credit taken back")
        }
        sale.refunded = after
        try commit(.refund, time: time, sale: sale, entries: postings.entries, refund: refundID)
        return LedgerChange(sale, postings.entries, repeated: false)
    }

    mutating func register(_ mobile: MobileNumber, at time: Timestamp? = nil) throws(LedgerError) -> LedgerChange {
        let customer = CustomerID.mobile(mobile)
        guard !state.account(customer).registered else { return LedgerChange(nil, [], repeated: true) }
        let time = time ?? clock()
        var postings = Postings(state, order: nil, time: time)
        let pending = state.account(customer)[.pendingPoints]
        try postings.post(customer, .pendingPoints, -pending, "granted on registration")
        try postings.credit(customer, .points, pending, "pending credit granted on registration")
        try commit(.register, time: time, entries: postings.entries, registered: customer)
        return LedgerChange(nil, postings.entries, repeated: false)
    }

    mutating func adjust(_ customer: CustomerID, _ asset: Asset, by amount: Int64, reason: String, at time: Timestamp? = nil) throws(LedgerError) -> LedgerChange {
        guard [.points, .cash, .bonus].contains(asset) else {
            throw LedgerError(.refused, field: "asset", "only points, cash and bonus are adjusted by hand")
        }
        guard amount != 0 else { throw LedgerError(.refused, field: asset.rawValue, "an adjustment changes the balance") }
        let reason = reason.trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty else { throw LedgerError(.refused, field: "reason", "an adjustment says why") }
        let time = time ?? clock()
        var postings = Postings(state, order: nil, time: time)
        do { try postings.post(customer, asset, amount, reason) } catch { throw LedgerError(error.kind, field: asset.rawValue, error.message) }
        try commit(.adjust, time: time, entries: postings.entries)
        return LedgerChange(nil, postings.entries, repeated: false)
    }

    // MARK: Storing

    private func money(_ minor: Int64) -> String { Money(minorUnits: minor, currency: program.currency).description }

    /// The amount a refund asked for, in words.
    private func asked(_ amount: Int64?) -> String { amount.map { "amount \(money($0))" } ?? "no amount (all that was left)" }

    private func recorded(_ reference: String) throws(LedgerError) -> Sale {
        guard let sale = state.sale(reference) else {
            let known = state.references
            let help = Spelling.suggest(reference, from: known).map { "; did you mean \(VisibleText.quoted($0))?" } ?? ""
            throw LedgerError(.unknownOrder, field: "order_id", "no sale has the reference \(VisibleText.quoted(reference))\(help)")
        }
        return sale
    }

    /// Checks a change whole, stores it, and only then applies it.
    private mutating func commit(_ operation: LedgerRecord.Operation, time: Timestamp, sale: Sale? = nil, entries: [Entry] = [],
                        registered: CustomerID? = nil, refund: LedgerRecord.Refund? = nil) throws(LedgerError) {
        let record = LedgerRecord(sequence: state.sequence + 1, operation: operation, time: time, sale: sale,
                                  entries: entries, registered: registered, refund: refund)
        try state.check(record)
        try store.append(record)
        state.commit(record)
    }
}

extension LedgerChange {
    init(_ sale: Sale?, _ entries: [Entry], repeated: Bool) {
        self.init(sale: sale, entries: entries, repeated: repeated)
    }
}
