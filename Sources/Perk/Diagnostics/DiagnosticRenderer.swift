/// Renders diagnostics for people: the rich form quotes the source line with a caret
/// under the offending text; the short form is one `file:line:col: error: message` line.
public struct DiagnosticRenderer: Sendable {
    public let source: Source
    /// Whether to use ANSI colors (only on a terminal, never when NO_COLOR is set).
    public let color: Bool

    public init(source: Source, color: Bool) {
        self.source = source
        self.color = color
    }

    /// All diagnostics in the rich form, separated by blank lines, then a count.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        var blocks = diagnostics.map(render)
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        var summary: [String] = []
        if errors > 0 { summary.append(errors == 1 ? "1 error" : "\(errors) errors") }
        if warnings > 0 { summary.append(warnings == 1 ? "1 warning" : "\(warnings) warnings") }
        if !summary.isEmpty { blocks.append("\(source.name): " + summary.joined(separator: ", ")) }
        return blocks.joined(separator: "\n\n") + (blocks.isEmpty ? "" : "\n")
    }

    /// One diagnostic in the rich form.
    public func render(_ diagnostic: Diagnostic) -> String {
        let (line, column) = source.location(of: diagnostic.span.start)
        // Lines over the limit are an error of their own (E0006): show their start only.
        let text = source.lineText(line, limit: Source.maximumLineLength)
        let gutter = String(repeating: " ", count: String(line).count)
        let severity = paint("\(diagnostic.severity.rawValue)[\(diagnostic.code)]",
                             diagnostic.severity == .error ? "1;31" : "1;33")
        var out = "\(severity)\(paint(": \(diagnostic.message)", "1"))\n"
        out += "\(gutter)\(paint("-->", "34")) \(source.name):\(line):\(column)\n"
        out += "\(gutter) \(paint("|", "34"))\n"
        out += "\(paint(String(line), "34")) \(paint("|", "34")) \(Self.shown(text))\n"
        let lineEnd = text.count + 1
        let (endLine, endColumnRaw) = source.location(of: diagnostic.span.end)
        let endColumn = endLine == line ? endColumnRaw : lineEnd
        let marked = text.dropFirst(column - 1).prefix(max(0, min(endColumn, lineEnd) - column))
        let width = max(1, Self.shown(marked).count)
        let padding = String(Self.shown(text.prefix(column - 1)).map { $0 == "\t" ? "\t" : " " })
        let caret = paint(String(repeating: "^", count: width), diagnostic.severity == .error ? "1;31" : "1;33")
        out += "\(gutter) \(paint("|", "34")) \(padding)\(caret)"
        out += diagnostic.label.isEmpty ? "\n" : " \(diagnostic.label)\n"
        if !diagnostic.notes.isEmpty || diagnostic.help != nil {
            out += "\(gutter) \(paint("|", "34"))\n"
        }
        for note in diagnostic.notes { out += "\(gutter) \(paint("=", "34")) note: \(note)\n" }
        if let help = diagnostic.help { out += "\(gutter) \(paint("=", "34")) help: \(help)\n" }
        return String(out.dropLast())
    }

    /// One diagnostic as a single line: `programs/a.perk:3:7: error[E0301]: message`.
    public func renderShort(_ diagnostic: Diagnostic) -> String {
        let (line, column) = source.location(of: diagnostic.span.start)
        return "\(source.name):\(line):\(column): \(diagnostic.severity.rawValue)[\(diagnostic.code)]: \(diagnostic.message)"
    }

    /// Source text as the rich form quotes it: control characters escaped, except for tabs,
    /// which the caret's padding repeats so that it lines up; backslashes as written.
    private static func shown(_ text: some StringProtocol) -> String {
        text.split(separator: "\t", omittingEmptySubsequences: false).map { VisibleText.escaped($0, backslashes: false) }
            .joined(separator: "\t")
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
