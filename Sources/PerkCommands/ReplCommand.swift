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
        while let line = reader.read(prompt: "perk> ") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            // A script's transcript shows each command before its output.
            if !interactive { console.out("> " + trimmed) }
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

    /// The next line, or nil at the end of the input.
    func read(prompt: String) -> String? {
        guard let readline, let addHistory else {
            if isatty(STDIN_FILENO) == 1 {
                FileHandle.standardOutput.write(Data(prompt.utf8))
            }
            return readLine()
        }
        guard let pointer = prompt.withCString({ readline($0) }) else { return nil }
        defer { free(pointer) }
        let line = String(cString: pointer)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty { _ = addHistory(pointer) }
        return line
    }
}
