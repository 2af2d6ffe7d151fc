import Foundation
import Perk

/// `perk diff OLD.perk NEW.perk REQUESTS.jsonl`: what a program change does to real requests.
enum DiffCommand {
    static let usage = "usage: perk diff [--all] [--json] [--report FILE.html] OLD.perk NEW.perk REQUESTS.jsonl"
    /// How many differing requests are listed without `--all`.
    static let shown = 20

    static func run(_ arguments: [String], _ console: Console) -> ExitCode {
        var arguments = arguments
        var reportPath: String?
        if let at = arguments.firstIndex(of: "--report") {
            guard at + 1 < arguments.count, !arguments[at + 1].hasPrefix("-") else {
                console.err("error: --report needs the path of the page to write: --report FILE.html\n\(usage)")
                return .usage
            }
            reportPath = arguments[at + 1]
            arguments.removeSubrange(at...at + 1)
        }
        guard let (options, files) = splitArguments(arguments, options: ["--all", "--json"], usage: usage, console) else { return .usage }
        let all = options.contains("--all")
        guard files.count == 3 else {
            console.err("error: expected two program files and a requests file\n\(usage)")
            return .usage
        }
        // A page that plainly cannot be written is said before anything is replayed.
        if let reportPath, let problem = unwritable(reportPath) {
            console.err("error: cannot write the report to `\(VisibleText.escaped(reportPath))`: \(problem)")
            return .unreadable
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
        if let reportPath {
            // Written whole or not at all: a page that cannot be written leaves nothing behind.
            do {
                try Data(comparison.html().utf8).write(to: URL(fileURLWithPath: reportPath), options: .atomic)
            } catch {
                console.err("error: cannot write the report to `\(VisibleText.escaped(reportPath))`: \(error.localizedDescription)")
                return .unreadable
            }
        }
        let report = options.contains("--json") ? comparison.json() : comparison.text(listed: all ? nil : shown)
        console.out(String(report.dropLast()))
        return comparison.skipped.isEmpty ? .ok : .requestError
    }
}

/// Why a file cannot be written at `path`, in words, when it plainly cannot.
private func unwritable(_ path: String) -> String? {
    let files = FileManager.default
    var isFolder: ObjCBool = false
    if files.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { return "it is a folder" }
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    guard files.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
        return "there is no folder `\(VisibleText.escaped(folder))`"
    }
    return files.isWritableFile(atPath: folder) ? nil : "the folder `\(VisibleText.escaped(folder))` is not writable"
}
