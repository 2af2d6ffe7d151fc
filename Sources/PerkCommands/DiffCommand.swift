import Foundation
import Perk

/// `perk diff OLD.perk NEW.perk REQUESTS.jsonl`: what a program change does to real requests.
enum DiffCommand {
    static let usage = "usage: perk diff [--all] [--json] OLD.perk NEW.perk REQUESTS.jsonl"
    /// How many differing requests are listed without `--all`.
    static let shown = 20

    static func run(_ arguments: [String], _ console: Console) -> ExitCode {
        guard let (options, files) = splitArguments(arguments, options: ["--all", "--json"], usage: usage, console) else { return .usage }
        let all = options.contains("--all")
        guard files.count == 3 else {
            console.err("error: expected two program files and a requests file\n\(usage)")
            return .usage
        }
        let old: Program, new: Program
        switch (loadProgram(files[0], console), loadProgram(files[1], console)) {
        case (.success(let a), .success(let b)): (old, new) = (a, b)
        case (.failure(let code), _), (_, .failure(let code)): return code
        }
        let bytes: [UInt8]
        switch readBytes(files[2], limit: maximumInputSize) {
        case .success(let contents): bytes = contents
        case .failure(let problem):
            console.err(problem.message)
            return .unreadable
        }
        var comparison: ProgramComparison
        do {
            comparison = try ProgramComparison(old: old, new: new)
        } catch {
            console.err("error: \(error)")
            return .usage
        }
        for (number, line) in numberedLines(bytes) {
            guard let line else {
                console.err("\(files[2]):\(number): error: \(invalidUTF8Line)")
                return .unreadable
            }
            if !line.allSatisfy(\.isWhitespace) { comparison.add(json: line, label: "\(files[2]):\(number)") }
        }
        // A line that is no request is named, and the others are still replayed: one bad line
        // of a month's export should not hide what the change costs on the rest.
        for (label, error) in comparison.skipped { console.err("\(label): error: \(error)") }
        let report = options.contains("--json") ? comparison.json() : comparison.text(listed: all ? nil : shown)
        console.out(String(report.dropLast()))
        return comparison.skipped.isEmpty ? .ok : .requestError
    }
}
