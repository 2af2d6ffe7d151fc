/// `perk explain PROGRAM REQUEST.json`: the outcome and its trace for people (`eval --explain`).
enum ExplainCommand {
    static let usage = "usage: perk explain PROGRAM REQUEST.json"

    static func run(_ arguments: [String], _ console: Console) -> ExitCode {
        if let option = arguments.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            console.err("error: unknown option `\(option)`\n\(usage)")
            return .usage
        }
        return EvalCommand.run(["--explain"] + arguments, console)
    }
}
