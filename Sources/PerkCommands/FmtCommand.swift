import Foundation
import Perk

/// `perk fmt [--check] FILE…`: rewrites program files in the canonical layout.
enum FmtCommand {
    static let usage = "usage: perk fmt [--check] FILE…"

    static func run(_ arguments: [String], _ console: Console) -> ExitCode {
        guard let (options, files) = splitArguments(arguments, options: ["--check"], usage: usage, console) else { return .usage }
        let check = options.contains("--check")
        guard !files.isEmpty else {
            console.err("error: no program file given\n\(usage)")
            return .usage
        }
        var result = ExitCode.ok
        for file in files {
            switch readBytes(file) {
            case .failure(let problem):
                console.err(problem.message)
                result = .unreadable
            case .success(let bytes):
                let (source, invalidUTF8) = Source.decoding(name: file, bytes: bytes)
                let formatted: String
                do throws(ProgramError) {
                    if let invalidUTF8 { throw ProgramError(source: source, diagnostics: [invalidUTF8]) }
                    formatted = try Formatter.format(source)
                } catch {
                    console.err(DiagnosticRenderer(source: error.source, color: console.colorErr).render(error.diagnostics))
                    if result == .ok { result = .programErrors }
                    continue
                }
                guard formatted != source.text else { continue }
                if check {
                    console.out(file)
                    if result == .ok { result = .programErrors }
                } else if FileManager.default.createFile(atPath: file, contents: Data(formatted.utf8)) {
                    console.out("formatted \(file)")
                } else {
                    console.err("error: cannot write `\(file)`")
                    result = .unreadable
                }
            }
        }
        return result
    }
}
