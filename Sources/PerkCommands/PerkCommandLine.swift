import Foundation

/// `perk`: the command line of the Perk loyalty rules engine. Each subcommand lives in its
/// own file; this one only dispatches and maps failures to exit codes.
public enum PerkCommandLine {
    /// Runs `perk` with these arguments (without the program's name); returns the exit status.
    public static func run(_ arguments: [String]) -> Int32 {
        let console = Console()
        let rest = Array(arguments.dropFirst())
        let code: ExitCode
        switch arguments.first {
        case "check"?: code = CheckCommand.run(rest, console)
        case "eval"?: code = EvalCommand.run(rest, console)
        case "explain"?: code = ExplainCommand.run(rest, console)
        case "diff"?: code = DiffCommand.run(rest, console)
        case "fmt"?: code = FmtCommand.run(rest, console)
        case "test"?: code = TestCommand.run(rest, console)
        case "ledger"?: code = LedgerCommand.run(rest, console)
        case "repl"?: code = ReplCommand.run(rest, console)
        case "help"?, "--help"?, "-h"?: code = HelpCommand.run(rest, console)
        case "--version"?: console.out("perk \(perkVersion)"); code = .ok
        case nil:
            console.err(HelpCommand.overview)
            code = .usage
        case let other?:
            console.err("error: unknown subcommand `\(other)`" + (HelpCommand.suggest(other).map { "; did you mean `\($0)`?" } ?? ""))
            console.err("run `perk --help` for the list of subcommands")
            code = .usage
        }
        return code.rawValue
    }
}
