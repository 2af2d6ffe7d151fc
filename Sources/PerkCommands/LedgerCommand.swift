import Foundation
import Perk
import PerkLedger

/// `perk ledger COMMAND PROGRAM JOURNAL …`: applies requests to a ledger kept in a journal
/// file, and scans, registers, refunds, and reads balances, statements and statuses.
enum LedgerCommand {
    static let usage = """
    usage: perk ledger apply [--lines] [--no-trace] PROGRAM JOURNAL REQUEST.json
           perk ledger COMMAND PROGRAM JOURNAL ARGUMENTS…
    """

    static func run(_ arguments: [String], _ console: Console) -> ExitCode {
        guard let (options, operands) = splitArguments(arguments, options: ["--lines", "--no-trace"], usage: usage, console) else {
            return .usage
        }
        guard operands.count >= 3 else {
            console.err("error: expected a command, a program file and a journal file\n\(usage)")
            return .usage
        }
        let (command, programPath, journalPath) = (operands[0], operands[1], operands[2])
        guard command == "apply" || LedgerCommands.names.contains(command) else {
            let hint = Spelling.suggest(command, from: ["apply"] + LedgerCommands.names).map { "; did you mean `\($0)`?" } ?? ""
            console.err("error: unknown ledger command `\(command)`\(hint)\n\(usage)")
            return .usage
        }
        let program: Program
        switch loadProgram(programPath, console) {
        case .success(let compiled): program = compiled
        case .failure(let code): return code
        }
        let ledger: Ledger
        switch openLedger(journalPath, program, console) {
        case .success(let opened): ledger = opened
        case .failure(let code): return code
        }
        let rest = Array(operands.dropFirst(3))
        guard command == "apply" else {
            switch LedgerCommands(ledger: ledger).run(command, rest) {
            case .success(let output):
                console.out(output)
                return .ok
            case .failure(let failure):
                console.err("error: \(failure.message)")
                return failure.code
            }
        }
        guard rest.count == 1 else {
            console.err("error: expected one request file (`-` for standard input)\n\(usage)")
            return .usage
        }
        let trace = !options.contains("--no-trace")
        guard options.contains("--lines") else {
            let text: String
            switch readRequest(rest[0]) {
            case .success(let read): text = read
            case .failure(let problem):
                console.err(problem.message)
                return .unreadable
            }
            let (output, code) = apply(text, ledger, trace: trace, pretty: true)
            if code == .ok { console.out(output) } else { console.err("error: \(rest[0]): \(output)") }
            return code
        }
        // One request per line, one answer per line, each printed once it is stored; an error
        // names its line, on both outputs, as `perk eval --batch` does.
        let bytes: [UInt8]
        switch readInput(rest[0]) {
        case .success(let read): bytes = read
        case .failure(let problem):
            console.err(problem.message)
            return .unreadable
        }
        var worst = ExitCode.ok
        for (number, line) in numberedLines(bytes) where !(line?.allSatisfy(\.isWhitespace) ?? false) {
            let (output, code) = line.map { apply($0, ledger, trace: trace, pretty: false) } ?? (invalidUTF8Line, .requestError)
            if code == .ok {
                console.out(output)
            } else {
                console.out(JSON.object([("error", .string(output)), ("line", .number(String(number)))]).text(pretty: false))
                console.err("\(rest[0] == "-" ? "<stdin>" : rest[0]):\(number): error: \(output)")
                if worst == .ok || code == .storageError { worst = code }
                if code == .storageError { break }
            }
        }
        return worst
    }

    /// Opens the journal, printing what its opening repaired.
    static func openLedger(_ path: String, _ program: Program, _ console: Console) -> Result<Ledger, ExitCode> {
        do {
            let store = try JournalStore(path: path)
            let ledger = try Ledger(program: program, store: store)
            if let recovery = store.recovery { console.err("warning: \(recovery)") }
            return .success(ledger)
        } catch {
            console.err("error: \(error)")
            return .failure(exitCode(error))
        }
    }

    /// Applies one JSON request; the reply as JSON, or the error and its exit code.
    private static func apply(_ text: String, _ ledger: Ledger, trace: Bool, pretty: Bool) -> (String, ExitCode) {
        do {
            return (try ledger.apply(json: Array(text.utf8)).json(trace: trace).text(pretty: pretty), .ok)
        } catch {
            return (error.description, exitCode(error))
        }
    }

    /// 4 for a bad request, 6 for a journal that cannot be read or written or is damaged, 5
    /// for the ledger's refusals.
    static func exitCode(_ error: LedgerError) -> ExitCode {
        switch error.kind {
        case .request: return .requestError
        case .storage, .corrupt: return .storageError
        case .conflict, .unknownOrder, .refused: return .ledgerRefused
        }
    }
}
