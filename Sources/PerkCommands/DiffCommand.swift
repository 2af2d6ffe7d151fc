import Foundation
import Perk

/// `perk diff OLD.perk NEW.perk REQUESTS.jsonl`: what a program change does to real requests.
enum DiffCommand {
    static let usage = "usage: perk diff [--all] OLD.perk NEW.perk REQUESTS.jsonl"
    /// How many differing requests are listed without `--all`.
    static let shown = 20

    static func run(_ arguments: [String], _ console: Console) -> ExitCode {
        guard let (options, files) = splitArguments(arguments, options: ["--all"], usage: usage, console) else { return .usage }
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
        let listed = all ? comparison.differences : Array(comparison.differences.prefix(shown))
        for difference in listed {
            let order = difference.orderID.map { " (order \(VisibleText.escaped($0)))" } ?? ""
            let changes = difference.changes.map { "\($0.name) \($0.old) → \($0.new)" }.joined(separator: ", ")
            console.out("\(difference.label)\(order): \(changes)")
        }
        if listed.count < comparison.differences.count {
            console.out("… and \(comparison.differences.count - listed.count) more requests that differ (--all lists them)")
        }
        if !listed.isEmpty { console.out("") }
        let currency = old.currency
        func money(_ minor: Int64) -> String { Money(minorUnits: minor, currency: currency).description }
        func signed(_ text: String, _ delta: Int64) -> String { delta >= 0 ? "+" + text : text }
        let (a, b) = (comparison.oldTotals, comparison.newTotals)
        let rows = [
            ("requests", "\(comparison.requests)"),
            ("affected", "\(comparison.differences.count)"),
            ("points issued", "\(a.pointsIssued) → \(b.pointsIssued) (\(signed(String(b.pointsIssued &- a.pointsIssued), b.pointsIssued &- a.pointsIssued)))"),
            ("bonus issued", "\(money(a.bonusIssued)) → \(money(b.bonusIssued)) (\(signed(money(b.bonusIssued &- a.bonusIssued), b.bonusIssued &- a.bonusIssued)))"),
            ("value given away", "\(money(a.valueGivenAway)) → \(money(b.valueGivenAway)) (\(signed(money(b.valueGivenAway &- a.valueGivenAway), b.valueGivenAway &- a.valueGivenAway)))"),
        ]
        for (name, value) in rows { console.out(name.padding(toLength: 16, withPad: " ", startingAt: 0) + "  " + value) }
        if a.overflowed || b.overflowed { console.out("warning: a total went past 64 bits; the totals are incomplete") }
        return .ok
    }
}
