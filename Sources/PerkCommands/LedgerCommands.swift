import Perk
import PerkLedger

/// The ledger commands that `perk ledger` and `perk repl --ledger` share: a command word,
/// operands and `KEY=VALUE` arguments in, the text to print out.
struct LedgerCommands {
    let ledger: Ledger
    private var currency: Currency { ledger.program.currency }

    static let help = """
      scan ORDER customer=C [time=T]       the customer scans the sale's QR code
      register MOBILE [time=T]             the customer registers: pending credit becomes points
      refund ORDER [amount=X] [id=R] [time=T]
                                           refund the sale, whole or in part; a retry
                                           with the same id R is answered, not repeated
      balance CUSTOMER                     the customer's balances
      statement CUSTOMER                   every change of the customer's balances
      status ORDER [time=T]                the sale's status, as the till's polling sees it
      adjust CUSTOMER points=N|cash=X|bonus=X reason=R [time=T]
                                           correct a balance by hand, saying why
    CUSTOMER is a mobile number or card:ID; T an ISO 8601 time (now when left out).
    """

    static let names = ["scan", "register", "refund", "balance", "statement", "status", "adjust"]

    /// A command that could not run: what to print, and what `perk ledger` exits with: 2 for
    /// a wrong command line, 5 when the ledger refused it, or the code of the ledger's error.
    struct Failure: Error {
        let message: String
        let code: ExitCode

        init(message: String, refused: Bool) {
            self.message = message
            code = refused ? .ledgerRefused : .usage
        }

        init(_ error: LedgerError) {
            message = error.description
            code = LedgerCommand.exitCode(error)
        }
    }

    func run(_ command: String, _ words: [String]) -> Result<String, Failure> {
        do {
            var arguments = try Arguments(words)
            let output: String
            switch command {
            case "scan": output = try scan(&arguments)
            case "register": output = try register(&arguments)
            case "refund": output = try refund(&arguments)
            case "balance": output = try balance(&arguments)
            case "statement": output = try statement(&arguments)
            case "status": output = try status(&arguments)
            case "adjust": output = try adjust(&arguments)
            default:
                let hint = Spelling.suggest(command, from: LedgerCommands.names).map { "; did you mean `\($0)`?" } ?? ""
                throw Failure(message: "unknown ledger command \(VisibleText.quoted(command))\(hint)", refused: false)
            }
            try arguments.finish()
            return .success(output)
        } catch let failure as Failure {
            return .failure(failure)
        } catch let error as LedgerError {
            return .failure(Failure(error))
        } catch {
            return .failure(Failure(message: "\(error)", refused: true))
        }
    }

    // MARK: Commands

    private func scan(_ arguments: inout Arguments) throws -> String {
        let order = try arguments.operand("ORDER")
        guard let text = arguments.value("customer") else { throw Failure(message: "scan: customer=MOBILE or customer=card:ID is required", refused: false) }
        let change = try ledger.scan(order, by: try customer(text, argument: "customer"), at: try finalTime(&arguments))
        return describe(change, order: order)
    }

    private func register(_ arguments: inout Arguments) throws -> String {
        let text = try arguments.operand("MOBILE")
        guard let mobile = MobileNumber(text) else { throw Failure(message: "\(VisibleText.quoted(text)) is not a valid mobile number", refused: false) }
        let change = try ledger.register(mobile, at: try finalTime(&arguments))
        return change.repeated ? "\(mobile) was already registered; nothing changed" : (["\(mobile) registered"] + entries(change.entries)).joined(separator: "\n")
    }

    private func refund(_ arguments: inout Arguments) throws -> String {
        let order = try arguments.operand("ORDER")
        let amount = try arguments.value("amount").map(money)
        return describe(try ledger.refund(order, amount: amount, id: arguments.value("id"), at: try finalTime(&arguments)), order: order)
    }

    private func balance(_ arguments: inout Arguments) throws -> String {
        let who = try customer(try arguments.operand("CUSTOMER"))
        return "\(VisibleText.escaped(who.description)): " + balances(ledger.account(who))
    }

    private func statement(_ arguments: inout Arguments) throws -> String {
        let who = try customer(try arguments.operand("CUSTOMER"))
        let lines = ledger.statement(who)
        let name = VisibleText.escaped(who.description)
        guard !lines.isEmpty else { return "\(name): no entries" }
        var rows = [["time", "order", "asset", "change", "reason"]]
        rows += lines.map { [$0.time.description, $0.order ?? "-", $0.asset.rawValue, amount($0.asset, $0.amount), $0.reason] }
        return (["statement of \(name)"] + table(rows) + ["balances: " + balances(ledger.account(who))]).joined(separator: "\n")
    }

    private func status(_ arguments: inout Arguments) throws -> String {
        let order = try arguments.operand("ORDER")
        return try ledger.paymentStatus(order, at: try time(&arguments)).json().text(pretty: true)
    }

    private func adjust(_ arguments: inout Arguments) throws -> String {
        let who = try customer(try arguments.operand("CUSTOMER"))
        let changes: [(Asset, String)] = [(.points, "points"), (.cash, "cash"), (.bonus, "bonus")].compactMap { asset, key in
            arguments.value(key).map { (asset, $0) }
        }
        guard changes.count == 1, let (asset, text) = changes.first else {
            throw Failure(message: "adjust: give exactly one of points=N, cash=X, bonus=X", refused: false)
        }
        guard let reason = arguments.value("reason") else { throw Failure(message: "adjust: reason=\"…\" is required", refused: false) }
        let change: Int64
        if asset == .points {
            guard let points = Int64(text) else { throw Failure(message: "\(VisibleText.quoted(text)) is not a whole number of points", refused: false) }
            change = points
        } else {
            change = try money(text)
        }
        return entries(try ledger.adjust(who, asset, by: change, reason: reason, at: try finalTime(&arguments)).entries).joined(separator: "\n")
    }

    // MARK: Reading values

    /// The customer an argument names; a card id is held to the length of text in a request.
    private func customer(_ text: String, argument: String = "CUSTOMER") throws -> CustomerID {
        guard !text.hasPrefix("card:") || text.utf8.count - "card:".utf8.count <= Request.maximumTextLength else {
            throw Failure(message: "\(argument): longer than \(Request.maximumTextLength) bytes", refused: false)
        }
        guard let id = CustomerID(text) else {
            throw Failure(message: "\(VisibleText.quoted(text)) is neither a mobile number nor card:ID", refused: false)
        }
        return id
    }

    private func money(_ text: String) throws -> Int64 {
        guard let money = Money(text, currency: currency) else {
            throw Failure(message: "\(VisibleText.quoted(text)) is not an amount in \(currency.code)", refused: false)
        }
        return money.minorUnits
    }

    private func time(_ arguments: inout Arguments) throws -> Timestamp? {
        guard let text = arguments.value("time") else { return nil }
        guard let time = Timestamp(text) else { throw Failure(message: "\(VisibleText.quoted(text)) is not an ISO 8601 time such as 2020-02-12T19:20:30+01:00", refused: false) }
        return time
    }

    /// The `time=` argument of a command that changes the ledger, read last: an argument left
    /// over is an error before anything changes.
    private func finalTime(_ arguments: inout Arguments) throws -> Timestamp? {
        let time = try time(&arguments)
        try arguments.finish()
        return time
    }

    // MARK: Writing results

    func describe(_ change: LedgerChange, order: String) -> String {
        guard let sale = change.sale else { return entries(change.entries).joined(separator: "\n") }
        var head = "\(VisibleText.escaped(order)): \(sale.status.rawValue)"
        if let reason = sale.reason { head += " (\(reason))" }
        if sale.refunded > 0 {
            head += ", \(Money(minorUnits: sale.refunded, currency: currency)) of \(Money(minorUnits: sale.outcome.saleTotal, currency: currency)) refunded"
        }
        if change.repeated { head += change.entries.isEmpty ? "; nothing changed" : "; repeated: the first answer, nothing changed" }
        return ([head] + entries(change.entries)).joined(separator: "\n")
    }

    /// One line per entry: who, what, how much, why.
    func entries(_ list: [Entry]) -> [String] {
        table(list.map { ["  " + $0.customer.description, $0.asset.rawValue, amount($0.asset, $0.amount), $0.reason] })
    }

    private func balances(_ account: Account) -> String {
        var parts = ["\(account[.points]) points"]
        if let worth = ledger.program.pointsWorth(account[.points]) { parts[0] += " (worth \(Money(minorUnits: worth, currency: currency)))" }
        parts += [Asset.cash, .bonus].map { "\($0.rawValue) \(Money(minorUnits: account[$0], currency: currency))" }
        for asset in [Asset.pendingPoints, .vouchers, .owedPoints, .owedCash, .owedBonus] where account[asset] != 0 {
            parts.append("\(asset.rawValue.replacingOccurrences(of: "_", with: " ")) \(amount(asset, account[asset]).dropFirst())")
        }
        return parts.joined(separator: ", ") + (account.registered ? "; registered" : "")
    }

    private func amount(_ asset: Asset, _ value: Int64) -> String {
        let sign = value < 0 ? "" : "+"
        return sign + (asset.isMoney ? Money(minorUnits: value, currency: currency).description : String(value))
    }

    /// The rows as lines of aligned columns, the text in them escaped.
    private func table(_ rows: [[String]]) -> [String] {
        let rows = rows.map { $0.map { VisibleText.escaped($0) } }
        guard let columns = rows.first?.count else { return [] }
        let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == columns - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}

/// A ledger command's operands and `KEY=VALUE` arguments; each is taken once, and any left
/// over is an error.
private struct Arguments {
    private var operands: [String] = []
    private var values: [(key: String, value: String)] = []

    init(_ words: [String]) throws {
        for word in words {
            if let equals = word.firstIndex(of: "=") {
                values.append((String(word[..<equals]), String(word[word.index(after: equals)...])))
            } else {
                operands.append(word)
            }
        }
    }

    mutating func operand(_ name: String) throws -> String {
        guard !operands.isEmpty else { throw LedgerCommands.Failure(message: "\(name) is missing", refused: false) }
        return operands.removeFirst()
    }

    mutating func value(_ key: String) -> String? {
        guard let index = values.firstIndex(where: { $0.key == key }) else { return nil }
        return values.remove(at: index).value
    }

    func finish() throws {
        if let extra = operands.first { throw LedgerCommands.Failure(message: "unexpected \(VisibleText.quoted(extra))", refused: false) }
        if let extra = values.first { throw LedgerCommands.Failure(message: "unknown argument \(VisibleText.quoted(extra.key + "="))", refused: false) }
    }
}
