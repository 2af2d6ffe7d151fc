/// `perk explain PROGRAM REQUEST.json`: the outcome and its trace for people (`eval --explain`).
enum ExplainCommand {
    static let usage = "usage: perk explain PROGRAM REQUEST.json"

    static func run(_ arguments: [String], _ console: Console) -> ExitCode {
        guard splitArguments(arguments, options: [], usage: usage, console) != nil else { return .usage }
        return EvalCommand.run(["--explain"] + arguments, console)
    }
}
