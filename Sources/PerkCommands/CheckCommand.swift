import Perk

/// `perk check FILE…`: reports every diagnostic of each program file.
enum CheckCommand {
    static let usage = "usage: perk check [--short] FILE…"

    static func run(_ arguments: [String], _ console: Console) -> ExitCode {
        guard let (options, files) = splitArguments(arguments, options: ["--short"], usage: usage, console) else { return .usage }
        let short = options.contains("--short")
        guard !files.isEmpty else {
            console.err("error: no program file given\n\(usage)")
            return .usage
        }
        var result = ExitCode.ok
        for file in files {
            switch readProgramSource(file) {
            case .failure(let problem):
                console.err(problem.message)
                result = .unreadable
            case .success(let (source, diagnostics)):
                let renderer = DiagnosticRenderer(source: source, color: console.colorErr)
                if !diagnostics.isEmpty {
                    console.err(short ? diagnostics.map(renderer.renderShort).joined(separator: "\n") : renderer.render(diagnostics))
                }
                if diagnostics.contains(where: { $0.severity == .error }) {
                    if result == .ok { result = .programErrors }
                } else {
                    console.out("\(file): ok")
                }
            }
        }
        return result
    }
}
