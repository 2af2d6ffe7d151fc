import Perk

/// `perk eval PROGRAM REQUEST.json`: evaluates one request and prints the outcome as JSON
/// (or, with `--explain`, as a table with its trace); with `--batch`, a file of requests,
/// one per line.
enum EvalCommand {
    static let usage = """
    usage: perk eval [--explain] [--compact] [--no-trace] PROGRAM REQUEST.json
           perk eval --batch [--no-trace] PROGRAM REQUESTS.jsonl
    """

    static func run(_ arguments: [String], _ console: Console) -> ExitCode {
        guard let (options, files) = splitArguments(arguments, options: ["--explain", "--compact", "--no-trace", "--batch"],
                                                    usage: usage, console) else { return .usage }
        guard files.count == 2 else {
            console.err("error: expected a program file and a request file\n\(usage)")
            return .usage
        }
        if options.contains("--batch"), options.contains("--explain") {
            console.err("error: --explain prints one request at a time; it cannot be used with --batch\n\(usage)")
            return .usage
        }
        let program: Program
        switch loadProgram(files[0], console) {
        case .success(let compiled): program = compiled
        case .failure(let code): return code
        }
        if options.contains("--batch") {
            var batch = EvalBatch(program: program, path: files[1], trace: !options.contains("--no-trace"), console: console)
            return batch.run()
        }
        let requestText: String
        switch readRequest(files[1]) {
        case .success(let text): requestText = text
        case .failure(let problem):
            console.err(problem.message)
            return .unreadable
        }
        do {
            let request = try Request(json: requestText, currency: program.currency)
            let outcome = try program.evaluate(request)
            if options.contains("--explain") {
                console.out(outcome.explained(width: console.width, color: console.colorOut))
            } else {
                console.out(outcome.json(pretty: !options.contains("--compact"), trace: !options.contains("--no-trace")))
            }
            return .ok
        } catch {
            console.err("error: \(files[1]): \(error)")
            return .requestError
        }
    }
}
