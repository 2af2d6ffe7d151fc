import Foundation
import Perk

let perkVersion = "0.1.0"

/// The exit codes of `perk`, listed in `perk --help`.
enum ExitCode: Int32, Error {
    /// Success: the program is clean, the outcome was printed.
    case ok = 0
    /// A program file has errors (diagnostics were printed).
    case programErrors = 1
    /// The command line is wrong.
    case usage = 2
    /// A file could not be read.
    case unreadable = 3
    /// The request is invalid or could not be evaluated (the error names the field).
    case requestError = 4
}

/// Standard output and error, and whether colors may be used on each.
struct Console {
    let colorOut: Bool
    let colorErr: Bool

    init() {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        colorOut = !noColor && isatty(STDOUT_FILENO) == 1
        colorErr = !noColor && isatty(STDERR_FILENO) == 1
    }

    func out(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    func err(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
}

/// A message for the user about a file that cannot be used.
struct FileProblem: Error {
    let message: String
}

/// Reads a file as UTF-8 text, or says why it cannot.
func readText(_ path: String) -> Result<String, FileProblem> {
    guard let data = FileManager.default.contents(atPath: path) else {
        return .failure(FileProblem(message: "error: cannot read `\(path)`: no such file or not readable"))
    }
    guard let text = String(data: data, encoding: .utf8) else {
        return .failure(FileProblem(message: "error: `\(path)` is not valid UTF-8"))
    }
    return .success(text)
}

/// Loads and compiles a program file; prints its diagnostics (and warnings) on failure.
func loadProgram(_ path: String, _ console: Console) -> Result<Program, ExitCode> {
    switch readText(path) {
    case .failure(let problem):
        console.err(problem.message)
        return .failure(.unreadable)
    case .success(let text):
        do {
            return .success(try Program(text: text, name: path))
        } catch {
            console.err(DiagnosticRenderer(source: error.source, color: console.colorErr).render(error.diagnostics))
            return .failure(.programErrors)
        }
    }
}
