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
        let interactive = isatty(STDIN_FILENO) == 1
        let reader = LineReader(interactive: interactive)
        if interactive {
            console.out("perk repl: \(program.name) (\(program.currency.code)). `:help` lists the commands, `:quit` leaves.")
        }
        while let read = reader.read(prompt: "perk> ") {
            let line: String
            switch read {
            case .success(let text): line = text
            case .failure(let problem):
                console.out(problem.message)
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            // A script's transcript shows each command before its output.
            if !interactive { console.out("> " + VisibleText.escaped(trimmed)) }
            let (output, goOn) = session.run(trimmed)
            if !output.isEmpty { console.out(output) }
            if !goOn { break }
        }
        return .ok
    }
}

/// Reads input lines: with libedit's line editing and history on a terminal when the library
/// is there (loaded at run time, so the package keeps no dependency), else with `readLine()`.
final class LineReader {
    private typealias ReadlineFunction = @convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?
    private typealias AddHistoryFunction = @convention(c) (UnsafePointer<CChar>?) -> Int32

    private let readline: ReadlineFunction?
    private let addHistory: AddHistoryFunction?

    init(interactive: Bool) {
        guard interactive, let library = dlopen("libedit.so.2", RTLD_NOW) ?? dlopen("libedit.so", RTLD_NOW),
              let readline = dlsym(library, "readline"), let addHistory = dlsym(library, "add_history") else {
            self.readline = nil
            self.addHistory = nil
            return
        }
        self.readline = unsafeBitCast(readline, to: ReadlineFunction.self)
        self.addHistory = unsafeBitCast(addHistory, to: AddHistoryFunction.self)
    }

    /// The longest line read; the rest of a longer line is skipped.
    static let maximumLineLength = 1 << 20

    /// The next line, or nil at the end of the input. A line that is not UTF-8 or is too long
    /// is a failure, never replaced or cut silently.
    func read(prompt: String) -> Result<String, FileProblem>? {
        guard let readline, let addHistory else {
            if isatty(STDIN_FILENO) == 1 {
                FileHandle.standardOutput.write(Data(prompt.utf8))
            }
            return readPlainLine()
        }
        guard let pointer = prompt.withCString({ readline($0) }) else { return nil }
        defer { free(pointer) }
        guard let line = String(validatingCString: pointer) else {
            return .failure(FileProblem(message: "error: the line is not valid UTF-8; it was skipped"))
        }
        if !line.trimmingCharacters(in: .whitespaces).isEmpty { _ = addHistory(pointer) }
        return .success(line)
    }

    private func readPlainLine() -> Result<String, FileProblem>? {
        var bytes: [UInt8] = []
        var tooLong = false
        while true {
            let character = getchar()
            if character == EOF {
                if bytes.isEmpty && !tooLong { return nil }
                break
            }
            if character == 10 { break }
            if bytes.count < LineReader.maximumLineLength { bytes.append(UInt8(truncatingIfNeeded: character)) } else { tooLong = true }
        }
        if tooLong {
            return .failure(FileProblem(message: "error: the line is longer than \(LineReader.maximumLineLength >> 20) MiB; it was skipped"))
        }
        if bytes.last == 13 { bytes.removeLast() }
        guard let line = String(validating: bytes, as: UTF8.self) else {
            return .failure(FileProblem(message: "error: the line is not valid UTF-8; it was skipped"))
        }
        return .success(line)
    }
}
