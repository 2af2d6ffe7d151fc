/// An outcome's rules as a table for people, one row per rule in program order: whether it
/// applied, what it gave (or which rule it modifies), its cap and what the cap cut, and why
/// it applied or not. `perk explain`, the REPL and a failing rule assertion of `perk test`
/// print it.
///
/// ```
/// rule               applied  gives      why
/// base               yes      16 points  1% of 16.76 EUR: 16.76 points exactly, rounded down to 16 points
/// Saturdays double   no                  weekday is Tuesday; the rule needs Saturday
/// ```
public struct RulesTable: Sendable, Equatable {
    /// One rule's row, each cell as text (empty when there is nothing to say).
    public struct Row: Sendable, Equatable {
        public let rule: String
        /// `yes`, `yes, stops` (it stopped the rules after it) or `no`.
        public let applied: String
        /// What it gave (`16 points`, `2.50 EUR`), or `modifies "base"`; empty when it did not apply.
        public let gives: String
        /// Its cap, and what the cap cut when it cut something: `100 points, cut 12`.
        public let cap: String
        /// Why it did not apply, or how its amount was computed; empty without a trace.
        public let why: String

        public init(rule: String, applied: String, gives: String, cap: String, why: String) {
            self.rule = rule
            self.applied = applied
            self.gives = gives
            self.cap = cap
            self.why = why
        }

        /// The row of one rule's result; amounts in `currency` when the rule gives bonus money.
        public init(_ result: Outcome.RuleResult, currency: Currency) {
            func amount(_ value: Int64) -> String {
                result.unit == .bonus ? Money(minorUnits: value, currency: currency).description
                                      : "\(value) point\(value == 1 ? "" : "s")"
            }
            rule = VisibleText.escaped(result.name)
            applied = result.applied ? (result.stopped ? "yes, stops" : "yes") : "no"
            if result.applied {
                gives = result.modifies.map { "modifies \(VisibleText.quoted($0))" } ?? amount(result.amount)
            } else {
                gives = ""
            }
            if let cap = result.cap {
                self.cap = amount(cap) + (result.capCut > 0 ? ", cut \(amount(result.capCut))" : "")
            } else {
                self.cap = ""
            }
            why = VisibleText.escaped(result.reason ?? "")
        }

        var cells: [String] { [rule, applied, gives, cap, why] }
    }

    /// The row of column titles.
    public static let header = Row(rule: "rule", applied: "applied", gives: "gives", cap: "cap", why: "why")

    public let rows: [Row]

    /// The table of `outcome`'s rules (no row for a program without rules).
    public init(_ outcome: Outcome) {
        rows = outcome.rules.map { Row($0, currency: outcome.currency) }
    }

    /// The table under its titles, `indent` spaces in. Each column is as wide as its widest
    /// cell; a column empty in every row (`cap` in a program without caps) is left out. Given
    /// the terminal's `width`, the reasons wrap to what the other columns leave (20 at
    /// least); with `color`, whether a rule applied is shown in green or dimmed.
    public func text(width: Int? = nil, color: Bool = false, indent: Int = 0) -> String {
        Self.render([(nil, Self.header)] + rows.map { (nil, $0) }, width: width, color: color, indent: indent)
    }

    /// Rows under the titles, each after its label when one has a label (`expected`, `actual`).
    public static func render(_ rows: [(label: String?, row: Row)], width: Int? = nil, color: Bool = false,
                              indent: Int = 0) -> String {
        let labels = rows.map { $0.label ?? "" }
        let labelWidth = labels.map(\.count).max() ?? 0
        let cells = rows.map(\.row.cells)
        let columns = cells.first?.count ?? 0
        // A column is shown when a row other than the titles has something in it (`why` always).
        let shown = (0..<columns).filter { column in
            column == 0 || column == columns - 1 || cells.dropFirst().contains { !$0[column].isEmpty }
        }
        let widths = shown.map { column in cells.map { $0[column].count }.max() ?? 0 }
        let lead = indent + (labelWidth > 0 ? labelWidth + 2 : 0)
        let fixed = lead + widths.dropLast().reduce(0) { $0 + $1 + 2 }
        let whyWidth = width.map { max(20, $0 - fixed) }
        var text = ""
        for (index, row) in cells.enumerated() {
            var line = String(repeating: " ", count: indent)
            if labelWidth > 0 { line += labels[index].padding(labelWidth) + "  " }
            for (position, column) in shown.dropLast().enumerated() {
                let cell = row[column].padding(widths[position])
                line += (color && index > 0 && column == 1 ? Self.colored(cell, applied: row[1].hasPrefix("yes")) : cell) + "  "
            }
            let why = row[columns - 1]
            let parts = whyWidth.map { wrap(why, $0) } ?? [why]
            line += parts.first ?? ""
            for part in parts.dropFirst() { line += "\n" + String(repeating: " ", count: fixed) + part }
            // No spaces left at the end of a line whose last cells are empty.
            while line.hasSuffix(" ") { line.removeLast() }
            text += line + "\n"
        }
        return text
    }

    /// `cell` in green when the rule applied, dimmed when not (ANSI escapes).
    private static func colored(_ cell: String, applied: Bool) -> String {
        (applied ? "\u{1B}[32m" : "\u{1B}[2m") + cell + "\u{1B}[0m"
    }

    /// `text` cut at spaces into lines of at most `width` characters (a longer word alone).
    private static func wrap(_ text: String, _ width: Int) -> [String] {
        guard text.count > width else { return [text] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines
    }
}
