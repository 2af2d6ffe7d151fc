import Foundation
import Perk
import PerkLedger

/// The state of a `perk repl` session: the program, and the request being built as JSON
/// members (so that `:load` and `:save` are exact and every value is checked by the same
/// decoder as `perk eval`). Each command returns the text to print.
struct ReplSession {
    /// How a command's key maps to a JSON member, and what kind of value it takes.
    typealias Key = (json: String, kind: RequestField.Form)

    /// Shorter names for some fields, beside their JSON keys (`qty` for `quantity`).
    private static let shortNames = [
        "description": "desc", "quantity": "qty", "unit_price": "price", "full_price": "full", "vat_rate": "vat",
        "order_id": "order", "terminal_id": "terminal", "agent_id": "agent", "paid_amount": "paid",
        "cashback_rate_override": "rate", "cashback_amount_override": "cashback", "cashback_override_reason": "reason",
        "linked_offers": "offers",
    ]
    /// The keys of `fields`, each under its JSON key and its short name, from the request's
    /// own description: every field a request takes can be set.
    private static func keys(_ fields: [RequestField]) -> [String: Key] {
        var keys: [String: Key] = [:]
        for field in fields {
            keys[field.key] = (field.key, field.form)
            if let short = shortNames[field.key] { keys[short] = (field.key, field.form) }
        }
        return keys
    }
    private static let lineKeys = keys(Request.lineFields)
    private static let saleKeys = keys(Request.saleFields)
    /// The customer's own keys and their balances' (`balanceMembers`), in one table so that
    /// a mistake is judged against every key `:customer` takes.
    private static let customerKeys = keys(Request.customerFields + Request.balanceFields)
    private static let balanceMembers = Set(Request.balanceFields.map(\.key))

    /// The keys `:line`, `:sale` and `:customer` take; nil for another command.
    static func keys(of command: String) -> [String: Key]? {
        switch command {
        case ":line": lineKeys
        case ":sale": saleKeys
        case ":customer": customerKeys
        default: nil
        }
    }

    /// The commands, without the ledger's unless `ledger` (`:help` lists them all).
    static func commands(ledger: Bool) -> [String] {
        [":help", ":quit", ":line", ":basket", ":remove", ":clear", ":reset", ":sale", ":at", ":customer",
         ":earn", ":pay", ":burn", ":why", ":list", ":json", ":load", ":save", ":reload", ":program"] + (ledger ? LedgerCommands.names.map { ":" + $0 } : [])
    }

    static let help = """
    commands (values with spaces in double quotes; `key=` with nothing removes a value):
      :line KEY=VALUE…      add a basket line: \(keyList(Request.lineFields, column: 43))
      :basket               show the basket and the sale
      :remove N             remove line N
      :clear                empty the basket (the sale and customer stay)
      :sale KEY=VALUE…      set the sale: \(keyList(Request.saleFields, column: 38))
      :at TIME              set the sale's time: :at 2026-11-28T10:00+01:00 (seconds optional)
      :customer KEY=VALUE…  set the customer: \(keyList(Request.customerFields, column: 42))
                            \(keyList(Request.balanceFields, column: 24)) (balances);
                            a list is comma-separated: tags=staff,vip
      :earn                 evaluate the request as an earn and explain the outcome
      :pay                  evaluate the request as a payment and explain the outcome
      :burn                 evaluate paying `amount` with points
      :why RULE             one rule on the basket as an earn: each condition, whether it
                            holds and the value it read (:why "Saturdays double")
      :list NAME            a named list of the program, and the basket's lines on it
      :json                 print the request as JSON
      :load FILE            load a request from a JSON file
      :save FILE            save the request as JSON
      :reload               compile the program file again (the basket stays) and say what
                            that changes in the basket's outcome, rule by rule
      :program FILE         the same with another program file, used from now on
      :reset                forget the basket, the sale and the customer
      :help                 this list
      :quit                 leave (Ctrl-D on an empty line too)
    on a terminal: Tab completes commands, keys, the article numbers and EANs of the program's
    lists, its tiers, and the tags and categories its rules read (a second Tab lists the choices); Up and Down recall earlier lines; Ctrl-C gives up
    the line being typed.
    with --ledger FILE, :earn :pay :burn are recorded in the ledger, which keeps the balances
    (set them with :adjust, not :customer), and these commands work on it:
      :scan ORDER customer=C [time=T]     the customer scans the sale's QR code
      :register MOBILE [time=T]           the customer registers: pending credit becomes points
      :refund ORDER [amount=X] [id=R] [time=T]
                                          refund the sale, whole or in part; a retry
                                          with the same id R is answered, not repeated
      :balance CUSTOMER                   the customer's balances
      :statement CUSTOMER                 every change of the customer's balances
      :status ORDER [time=T]              the sale's status, as the till's polling sees it
      :adjust CUSTOMER points=N|cash=X|bonus=X reason=R [time=T]
                                          correct a balance by hand, saying why
    CUSTOMER is a mobile number or card:ID; T an ISO 8601 time (now when left out).
    """

    private(set) var programPath: String
    private(set) var program: Program
    private var sale: [(key: String, value: String)] = []
    private var lines: [[(key: String, value: String)]] = []
    private var customer: [(key: String, value: String)] = []
    private var balances: [(key: String, value: String)] = []
    /// The completions for the program, made at the first Tab after it was loaded.
    private var completion: ReplCompletion?

    /// The ledger that records requests and answers the ledger commands, if any.
    let ledger: Ledger?

    init(programPath: String, program: Program, ledger: Ledger? = nil) {
        self.programPath = programPath
        self.program = program
        self.ledger = ledger
    }

    /// What Tab offers for the word before the cursor; `line` is the text before it.
    mutating func complete(_ line: String) -> ReplCompletion.Candidates {
        let completion = self.completion ?? ReplCompletion(program: program, ledger: ledger != nil)
        self.completion = completion
        return completion.candidates(before: line)
    }

    /// Runs one command line; returns what to print and whether the session goes on.
    mutating func run(_ input: String) -> (output: String, goOn: Bool) {
        let words: [String]
        switch ReplSession.split(input) {
        case .success(let split): words = split
        case .failure(let problem): return ("error: \(problem.message)", true)
        }
        guard let command = words.first else { return ("", true) }
        let arguments = Array(words.dropFirst())
        switch command {
        case ":help": return (ReplSession.help, true)
        case ":quit", ":q", ":exit": return ("", false)
        case ":line": return (addLine(arguments), true)
        case ":basket": return (basket(), true)
        case ":remove": return (remove(arguments), true)
        case ":clear":
            lines = []
            return ("basket emptied", true)
        case ":reset":
            (sale, lines, customer, balances) = ([], [], [], [])
            return ("request forgotten", true)
        case ":sale": return (set(arguments, ReplSession.saleKeys, into: &sale, what: "sale"), true)
        case ":at": return (at(arguments), true)
        case ":customer": return (setCustomer(arguments), true)
        case ":earn": return (evaluate(type: "earn"), true)
        case ":pay": return (evaluate(type: "payment"), true)
        case ":burn": return (evaluate(type: "burn"), true)
        case ":why": return (why(arguments.joined(separator: " ")), true)
        case ":list": return (list(arguments.joined(separator: " ")), true)
        case ":json": return (json(type: nil), true)
        case ":load": return (load(arguments), true)
        case ":save": return (save(arguments), true)
        case ":reload": return (switchProgram(to: programPath, saying: "reloaded \(programPath)"), true)
        case ":program":
            guard arguments.count == 1 else { return ("error: expected a program file: :program FILE", true) }
            return (switchProgram(to: arguments[0], saying: "now using \(arguments[0])"), true)
        case let name where LedgerCommands.names.contains(String(name.dropFirst())) && name.hasPrefix(":"):
            guard let ledger else { return ("error: `\(name)` needs a ledger: start the session with `perk repl PROGRAM --ledger FILE`", true) }
            switch LedgerCommands(ledger: ledger).run(String(name.dropFirst()), arguments) {
            case .success(let output): return (output, true)
            case .failure(let failure): return ("error: \(failure.message)", true)
            }
        default:
            let hint = Spelling.suggest(command, from: ReplSession.commands(ledger: true)).map { "; did you mean `\($0)`?" } ?? "; `:help` lists the commands"
            return ("error: unknown command \(VisibleText.quoted(command))\(hint)", true)
        }
    }

    // MARK: Building the request

    private mutating func addLine(_ arguments: [String]) -> String {
        var line: [(key: String, value: String)] = []
        let result = set(arguments, ReplSession.lineKeys, into: &line, what: "line")
        guard !result.hasPrefix("error") else { return result }
        guard line.contains(where: { $0.key == "unit_price" }) else { return "error: a line needs a price (price=3.49)" }
        lines.append(line)
        return "line \(lines.count) added"
    }

    private mutating func remove(_ arguments: [String]) -> String {
        guard arguments.count == 1, let number = Int(arguments[0]), lines.indices.contains(number - 1) else {
            return "error: expected a line number from 1 to \(lines.count): :remove N"
        }
        lines.remove(at: number - 1)
        return "line \(number) removed; \(lines.count) left"
    }

    /// Sets the customer's own members and balances in one step: both or neither change.
    private mutating func setCustomer(_ arguments: [String]) -> String {
        var members = customer + balances
        let result = set(arguments, ReplSession.customerKeys, into: &members, what: "customer")
        guard !result.hasPrefix("error") else { return result }
        customer = members.filter { !ReplSession.balanceMembers.contains($0.key) }
        balances = members.filter { ReplSession.balanceMembers.contains($0.key) }
        return result
    }

    /// Applies `key=value` arguments to a list of JSON members; nothing changes on an error.
    private func set(_ arguments: [String], _ keys: [String: Key], into members: inout [(key: String, value: String)],
                     what: String) -> String {
        let expected = "expected KEY=VALUE with a \(what) key: " + ReplSession.names(keys).joined(separator: ", ")
        guard !arguments.isEmpty else { return "error: \(expected)" }
        var updated = members
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else {
                return "error: \(VisibleText.quoted(argument)) has no `=`; \(expected)"
            }
            let name = String(argument[..<equals])
            let value = String(argument[argument.index(after: equals)...])
            guard !name.isEmpty else { return "error: `\(argument)` has no key before `=`; \(expected)" }
            guard let key = keys[name] else {
                let hint = Spelling.suggest(name, from: keys.keys.sorted()).map { "did you mean `\($0)`?" } ?? expected
                return "error: unknown \(what) key \(VisibleText.quoted(name)); \(hint)"
            }
            updated.removeAll { $0.key == key.json }
            if value.isEmpty { continue }
            switch key.kind {
            case .text:
                updated.append((key.json, JSON.quoted(value)))
            case .number:
                guard value.first.map({ $0 == "-" || $0.isNumber }) == true, value.allSatisfy({ $0.isNumber || ".-+eE".contains($0) }) else {
                    return "error: \(name): \(VisibleText.quoted(value)) is not a number"
                }
                updated.append((key.json, value))
            case .flag:
                switch value {
                case "true", "yes": updated.append((key.json, "true"))
                case "false", "no": updated.append((key.json, "false"))
                default: return "error: \(name): expected true or false, found \(VisibleText.quoted(value))"
                }
            case .list:
                let items = value.split(separator: ",").map { JSON.quoted(String($0)) }
                updated.append((key.json, "[" + items.joined(separator: ", ") + "]"))
            }
        }
        members = updated
        return "\(what) set"
    }

    /// A table's keys, each member under its shortest name (`qty`, not `quantity`), sorted.
    static func names(_ keys: [String: Key]) -> [String] {
        var shortest: [String: String] = [:]
        for (name, key) in keys where shortest[key.json].map({ name.count < $0.count || (name.count == $0.count && name < $0) }) ?? true {
            shortest[key.json] = name
        }
        return shortest.values.sorted()
    }

    /// The keys of `fields` by their shortest names, in the fields' order, for `:help`, the
    /// first line starting at `column`: lines of at most 92 characters, the next ones
    /// indented under the commands' descriptions.
    static func keyList(_ fields: [RequestField], column: Int) -> String {
        let indent = 24
        var lines = [""]
        for field in fields {
            let name = shortNames[field.key] ?? field.key
            let used = (lines.count == 1 ? column : indent) + lines[lines.count - 1].count
            if !lines[lines.count - 1].isEmpty && used + 1 + name.count > 92 { lines.append("") }
            lines[lines.count - 1] += (lines[lines.count - 1].isEmpty ? "" : " ") + name
        }
        return lines.joined(separator: "\n" + String(repeating: " ", count: indent))
    }

    // MARK: Showing and evaluating

    private func basket() -> String {
        var text = lines.isEmpty ? "basket: empty\n" : "basket:\n"
        for (index, line) in lines.enumerated() {
            text += "  \(index + 1). " + line.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + "\n"
        }
        text += "sale: " + (sale.isEmpty ? "nothing set" : sale.map { "\($0.key)=\($0.value)" }.joined(separator: " ")) + "\n"
        let who = customer + balances
        text += "customer: " + (who.isEmpty ? "nothing set" : who.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        return text
    }

    /// The request as JSON; `type` replaces the sale's type when given.
    private func json(type: String?) -> String {
        var members = sale.filter { type == nil || $0.key != "type" }
        if let type { members.insert(("type", JSON.quoted(type)), at: 0) }
        if !lines.isEmpty {
            members.append(("lines", "[\n" + lines.map { "    " + ReplJSON.object($0) }.joined(separator: ",\n") + "\n  ]"))
        }
        var who = customer
        if !balances.isEmpty { who.append(("balances", ReplJSON.object(balances))) }
        if !who.isEmpty { members.append(("customer", ReplJSON.object(who))) }
        guard !members.isEmpty else { return "{}" }
        return "{\n" + members.map { "  \(JSON.quoted($0.key)): \($0.value)" }.joined(separator: ",\n") + "\n}"
    }

    private func evaluate(type: String) -> String {
        do {
            let request = try Request(json: json(type: type), currency: program.currency)
            guard let ledger else { return try program.evaluate(request).explained() }
            let reply = try ledger.apply(request)
            guard let sale = reply.sale else { return reply.outcome.explained() }
            let head = "ledger: \(VisibleText.escaped(sale.reference)) \(sale.status.rawValue)" + (reply.repeated ? " (repeated request: the first answer, nothing changed)" : "")
            return ([reply.outcome.explained(), head] + LedgerCommands(ledger: ledger).entries(reply.entries)).joined(separator: "\n")
        } catch {
            return "error: \(error)"
        }
    }

    /// One rule on the basket as an earn, condition by condition.
    private func why(_ name: String) -> String {
        guard !name.isEmpty else { return "error: expected a rule's name: :why RULE" }
        do {
            let request = try Request(json: json(type: "earn"), currency: program.currency)
            guard let inspection = try program.inspect(rule: name, request) else {
                let names = program.ruleNames
                return "error: the program has no rule \(VisibleText.quoted(name))"
                    + (Spelling.suggest(name, from: names).map { "; did you mean \(VisibleText.quoted($0))?" } ?? "")
            }
            let rule = inspection.rule
            var text = "rule \(VisibleText.quoted(rule.name)) (\(inspection.location)): "
            let row = RulesTable.Row(rule, currency: program.currency)
            text += rule.applied ? "applied" + (row.gives.isEmpty ? "" : ", \(row.gives)") : "not applied"
            if let reason = rule.reason { text += "\n  " + VisibleText.escaped(reason) }
            guard !inspection.checks.isEmpty else { return text + "\n  (no conditions: it applies to every sale)" }
            let width = inspection.checks.map(\.needs.count).max() ?? 0
            for check in inspection.checks {
                text += "\n  \(check.holds ? "yes" : "no ")  \(check.needs.padding(toLength: width, withPad: " ", startingAt: 0))  \(check.seen)"
            }
            return text
        } catch {
            return "error: \(error)"
        }
    }

    /// A named list of the program (`list "gift cards" { … }`), and which basket lines are on it.
    private func list(_ name: String) -> String {
        let lists = program.namedLists
        guard let list = lists.first(where: { $0.name == name }) else {
            guard !lists.isEmpty else { return "error: the program has no named list" }
            let names = lists.map(\.name)
            return "error: the program has no list \(VisibleText.quoted(name)); "
                + (Spelling.suggest(name, from: names).map { "did you mean \(VisibleText.quoted($0))?" }
                   ?? "its lists are " + names.map { VisibleText.quoted($0) }.joined(separator: ", "))
        }
        var text = "list \(VisibleText.quoted(list.name)):"
        for article in list.articles { text += "\n  article \(VisibleText.escaped(article))" }
        for ean in list.eans { text += "\n  ean \(VisibleText.escaped(ean))" }
        // A line is on the list by its article number or its EAN, as `lines in list` reads it.
        let on = lines.indices.filter { index in
            lines[index].contains { field in
                guard field.key == "article" || field.key == "ean", case .string(let value)? = try? JSONParser.parse(field.value) else { return false }
                return (field.key == "article" ? list.articles : list.eans).contains(value)
            }
        }
        text += "\n" + (on.isEmpty ? "no line of the basket is on it" : "on it: line" + (on.count == 1 ? " " : "s ")
                                                                           + on.map { String($0 + 1) }.joined(separator: ", "))
        return text
    }

    private mutating func load(_ arguments: [String]) -> String {
        guard arguments.count == 1 else { return "error: expected a file: :load FILE" }
        let text: String
        switch readText(arguments[0]) {
        case .success(let contents): text = contents
        case .failure(let problem): return problem.message
        }
        do {
            _ = try Request(json: text, currency: program.currency)
            guard case .object(let members) = try JSONParser.parse(text) else { return "error: not a JSON object" }
            var (newSale, newLines, newCustomer, newBalances): ([(key: String, value: String)], [[(key: String, value: String)]],
                                                               [(key: String, value: String)], [(key: String, value: String)]) = ([], [], [], [])
            for member in members {
                switch (member.key, member.value) {
                case ("lines", .array(let elements)):
                    for case .object(let line) in elements { newLines.append(line.map { ($0.key, $0.value.text) }) }
                case ("customer", .object(let fields)):
                    for field in fields {
                        if field.key == "balances", case .object(let money) = field.value {
                            newBalances = money.map { ($0.key, $0.value.text) }
                        } else {
                            newCustomer.append((field.key, field.value.text))
                        }
                    }
                case ("customer", .string(let mobile)):
                    newCustomer = [("mobile", JSON.quoted(mobile))]
                default:
                    newSale.append((member.key, member.value.text))
                }
            }
            (sale, lines, customer, balances) = (newSale, newLines, newCustomer, newBalances)
            return "loaded \(arguments[0]): \(lines.count) line\(lines.count == 1 ? "" : "s")"
        } catch let error as EvaluationError {
            return "error: \(arguments[0]): \(error)"
        } catch {
            return "error: \(arguments[0]): \(error)"
        }
    }

    private func save(_ arguments: [String]) -> String {
        guard arguments.count == 1 else { return "error: expected a file: :save FILE" }
        guard FileManager.default.createFile(atPath: arguments[0], contents: Data((json(type: nil) + "\n").utf8)) else {
            return "error: cannot write `\(arguments[0])`"
        }
        return "saved \(arguments[0])"
    }

    /// Sets the sale's time; the seconds may be left out (`2026-11-28T10:00+01:00`).
    private mutating func at(_ arguments: [String]) -> String {
        guard arguments.count == 1 else { return "error: expected a time: :at 2026-11-28T10:00+01:00" }
        var text = arguments[0]
        // `…T10:00+01:00` or `…T10:00Z`: the seconds added, as ISO 8601 allows leaving them out.
        if let t = text.firstIndex(of: "T"), text[t...].dropFirst().prefix { $0 != "+" && $0 != "-" && $0 != "Z" }.count == 5 {
            text.insert(contentsOf: ":00", at: text.index(t, offsetBy: 6, limitedBy: text.endIndex) ?? text.endIndex)
        }
        guard Timestamp(text) != nil else {
            return "error: time: `\(VisibleText.escaped(arguments[0]))` is not an ISO 8601 time such as `2026-11-28T10:00+01:00`"
        }
        sale.removeAll { $0.key == "time" }
        sale.append(("time", JSON.quoted(text)))
        return "time set: \(text)"
    }

    /// Compiles the program at `path` and uses it from now on, the basket kept: the file
    /// being edited (`:reload`), or another version of it (`:program FILE`).
    private mutating func switchProgram(to path: String, saying done: String) -> String {
        switch readBytes(path) {
        case .failure(let problem):
            return problem.message + "\nthe previous version of the program stays in use"
        case .success(let bytes):
            do {
                let reloaded = try Program(bytes: bytes, name: path)
                if let ledger {
                    do { try ledger.replaceProgram(reloaded) } catch { return "error: \(error)\nthe previous version of the program stays in use" }
                }
                let changes = changesOfTheBasket(from: program, to: reloaded)
                program = reloaded
                programPath = path
                completion = nil
                return done + (changes.map { "\n" + $0 } ?? "")
            } catch {
                return DiagnosticRenderer(source: error.source, color: false).render(error.diagnostics)
                    + "the previous version of the program stays in use"
            }
        }
    }

    /// What a new version of the program changes in the basket's outcome as an earn: each
    /// number, then each rule whose result changed; nil for an empty basket.
    private func changesOfTheBasket(from old: Program, to new: Program) -> String? {
        guard !lines.isEmpty || !sale.isEmpty, var comparison = try? ProgramComparison(old: old, new: new) else { return nil }
        comparison.add(json: json(type: "earn"), label: "the basket")
        if let (_, error) = comparison.skipped.first { return "the basket is no request: \(error)" }
        var text: [String] = []
        let changes = comparison.differences.first?.changes ?? []
        text.append(changes.isEmpty ? "the basket's numbers are the same"
                                    : "the basket: " + changes.map { "\($0.name) \($0.old) → \($0.new)" }.joined(separator: ", "))
        for rule in comparison.rules {
            let name = "rule \(VisibleText.quoted(rule.name))"
            func amount(_ value: Int64) -> String {
                rule.unit == .points ? "\(value) point\(value == 1 ? "" : "s")" : Money(minorUnits: value, currency: new.currency).description
            }
            switch (rule.inOld, rule.inNew) {
            case (false, true):
                // A rule that modifies another or only stops gives nothing of its own.
                let gave = rule.givenNew == 0 ? "" : ", \(amount(rule.givenNew))"
                text.append("  \(name) is new: " + (rule.appliedNew > 0 ? "applied\(gave)" : "not applied"))
            case (true, false): text.append("  \(name) is gone" + (rule.appliedOld > 0 ? " (it gave \(amount(rule.givenOld)))" : ""))
            default:
                if rule.appliedOld != rule.appliedNew {
                    text.append("  \(name): " + (rule.appliedNew > 0 ? "now applies, \(amount(rule.givenNew))" : "no longer applies"))
                } else if rule.givenOld != rule.givenNew {
                    text.append("  \(name): \(amount(rule.givenOld)) → \(amount(rule.givenNew))")
                }
            }
        }
        return text.joined(separator: "\n")
    }

    /// Splits a command line into words; double quotes keep spaces (`desc="Fruit salad"`).
    static func split(_ input: String) -> Result<[String], FileProblem> {
        var words: [String] = []
        var word = ""
        var quoted = false
        var started = false
        for character in input {
            if character == "\"" {
                quoted.toggle()
                started = true
            } else if character == " " && !quoted {
                if started { words.append(word) }
                word = ""
                started = false
            } else {
                word.append(character)
                started = true
            }
        }
        if quoted { return .failure(FileProblem(message: "a double quote is not closed")) }
        if started { words.append(word) }
        return .success(words)
    }
}

/// JSON text for the REPL's request members.
enum ReplJSON {
    /// Members already written as JSON text, as one object on one line.
    static func object(_ members: [(key: String, value: String)]) -> String {
        "{ " + members.map { "\(JSON.quoted($0.key)): \($0.value)" }.joined(separator: ", ") + " }"
    }
}
