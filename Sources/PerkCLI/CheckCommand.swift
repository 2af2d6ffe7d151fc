import Perk

/// `perk check FILE…`: reports every diagnostic of each program file.
enum CheckCommand {
    static let usage = "usage: perk check [--short] FILE…"

    static func run(_ arguments: [String], _ console: Console) -> ExitCode {
        let short = arguments.contains("--short")
        let files = arguments.filter { $0 != "--short" }
        if let option = files.first(where: { $0.hasPrefix("-") }) {
            console.err("error: unknown option `\(option)`\n\(usage)")
            return .usage
        }
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
