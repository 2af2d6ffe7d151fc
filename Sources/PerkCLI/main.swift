import Foundation

// `perk`: the command line of the Perk loyalty rules engine. Each subcommand lives in its
// own file; this one only dispatches and maps failures to exit codes.

let arguments = Array(CommandLine.arguments.dropFirst())
let console = Console()
let code: ExitCode
switch arguments.first {
case "check"?: code = CheckCommand.run(Array(arguments.dropFirst()), console)
case "eval"?: code = EvalCommand.run(Array(arguments.dropFirst()), console)
case "explain"?: code = ExplainCommand.run(Array(arguments.dropFirst()), console)
case "diff"?: code = DiffCommand.run(Array(arguments.dropFirst()), console)
case "fmt"?: code = FmtCommand.run(Array(arguments.dropFirst()), console)
case "test"?: code = TestCommand.run(Array(arguments.dropFirst()), console)
case "ledger"?: code = LedgerCommand.run(Array(arguments.dropFirst()), console)
case "repl"?: code = ReplCommand.run(Array(arguments.dropFirst()), console)
case "help"?, "--help"?, "-h"?: code = HelpCommand.run(Array(arguments.dropFirst()), console)
case "--version"?: console.out("perk \(perkVersion)"); code = .ok
case nil:
    console.err(HelpCommand.overview)
    code = .usage
case let other?:
    console.err("error: unknown subcommand `\(other)`" + (HelpCommand.suggest(other).map { "; did you mean `\($0)`?" } ?? ""))
    console.err("run `perk --help` for the list of subcommands")
    code = .usage
}
exit(code.rawValue)
