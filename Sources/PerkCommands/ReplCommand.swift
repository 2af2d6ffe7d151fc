import Foundation
import Perk
import PerkLedger

/// `perk repl PROGRAM`: try baskets against a program, line by line.
enum ReplCommand {
    static let usage = "usage: perk repl PROGRAM [--ledger JOURNAL]"

    static func run(_ arguments: [String], _ console: Console) -> ExitCode {
        var arguments = arguments
        var journal: String?
        if let index = arguments.firstIndex(of: "--ledger") {
            guard index + 1 < arguments.count else {
                console.err("error: --ledger needs a journal file\n\(usage)")
                return .usage
            }
            journal = arguments[index + 1]
            arguments.removeSubrange(index...index + 1)
        }
        guard let (_, arguments) = splitArguments(arguments, options: [], usage: usage, console) else { return .usage }
        guard arguments.count == 1 else {
            console.err("error: expected one program file\n\(usage)")
            return .usage
        }
        let program: Program
        switch loadProgram(arguments[0], console) {
        case .success(let compiled): program = compiled
        case .failure(let code): return code
        }
        var ledger: Ledger?
        if let journal {
            switch LedgerCommand.openLedger(journal, program, console) {
            case .success(let opened): ledger = opened
            case .failure(let code): return code
            }
        }
        var session = ReplSession(programPath: arguments[0], program: program, ledger: ledger)
        /// Runs a line; whether the session goes on. A script's transcript shows each command
        /// before its output.
        func run(_ line: String, echo: Bool) -> Bool {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { return true }
            if echo { console.out("> " + VisibleText.escaped(trimmed)) }
            let (output, goOn) = session.run(trimmed)
            if !output.isEmpty { console.out(output) }
            return goOn
        }
        guard isatty(STDIN_FILENO) == 1 else {
            while let read = LineReader.read() {
                switch read {
                case .success(let line): guard run(line, echo: true) else { return .ok }
                case .failure(let problem): console.out(problem.message)
                }
            }
            return .ok
        }
        console.out("perk repl: \(program.name) (\(program.currency.code)). `:help` lists the commands, `:quit` leaves.")
        let history = ReplHistory(file: ReplHistory.file(environment: ProcessInfo.processInfo.environment))
        if let warning = history.load() { console.err(warning) }
        let editor = LineEditor()
        while true {
            switch editor.read(prompt: "perk> ", history: history.entries, complete: { session.complete($0) }) {
            case .end: return .ok
            case .cancelled: continue
            case .line(let line):
                if let warning = history.add(line) { console.err(warning) }
                guard run(line, echo: false) else { return .ok }
            }
        }
    }
}

/// Reads the lines of a script on standard input (not a terminal: `LineEditor` reads those).
enum LineReader {
    /// The longest line read; the rest of a longer line is skipped.
    static let maximumLineLength = 1 << 20

    /// The next line, or nil at the end of the input. A line that is not UTF-8 or is too long
    /// is a failure, never replaced or cut silently.
    static func read() -> Result<String, FileProblem>? {
        var bytes: [UInt8] = []
        var tooLong = false
        while true {
            let character = getchar()
            if character == EOF {
                if bytes.isEmpty && !tooLong { return nil }
                break
            }
            if character == 10 { break }
            if bytes.count < maximumLineLength { bytes.append(UInt8(truncatingIfNeeded: character)) } else { tooLong = true }
        }
        if tooLong {
            return .failure(FileProblem(message: "error: the line is longer than \(maximumLineLength >> 20) MiB; it was skipped"))
        }
        if bytes.last == 13 { bytes.removeLast() }
        guard let line = String(validating: bytes, as: UTF8.self) else {
            return .failure(FileProblem(message: "error: the line is not valid UTF-8; it was skipped"))
        }
        return .success(line)
    }
}
