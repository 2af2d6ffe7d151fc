extension Outcome {
    /// The outcome and its trace for people: the numbers, then (when the outcome has a trace)
    /// each line with what decided whether it counted, then each rule with whether it applied
    /// and why (rounding steps show the exact value before rounding). The rules' table
    /// (`RulesTable`) wraps its reasons to a terminal's `width` and, with `color`, colors
    /// whether each rule applied.
    public func explained(width: Int? = nil, color: Bool = false) -> String {
        func money(_ minor: Int64) -> String { Money(minorUnits: minor, currency: currency).description }
        let rows = wireRows(currency)
        let labelWidth = rows.map(\.0.count).max() ?? 0
        var text = rows.map { $0.0.padding(labelWidth) + "  " + VisibleText.escaped($0.1) }.joined(separator: "\n")
        if !rules.isEmpty { text += "\n\nby rule:\n" + RulesTable(self).text(width: width, color: color, indent: 2).dropLast() }
        guard let trace else { return text + "\n" }
        text += "\n\nscope: \(trace.scope)\n"
        if !trace.lines.isEmpty {
            text += "\nlines:\n"
            let names = trace.lines.map { VisibleText.escaped($0.line) }
            let lineWidth = names.map(\.count).max() ?? 0
            let amountWidth = trace.lines.map { money($0.amount).count }.max() ?? 0
            for (line, name) in zip(trace.lines, names) {
                let amount = money(line.amount)
                text += "  \(name.padding(lineWidth))  \(String(repeating: " ", count: amountWidth - amount.count))\(amount)  "
                text += "\(line.counted ? "counted    " : "not counted")  \(VisibleText.escaped(line.reason))\n"
            }
        }
        if !trace.steps.isEmpty {
            text += "\nrules:\n"
            for step in trace.steps {
                text += "  \(step.applied ? "[applied]" : "[skipped]") \(step.rule)"
                if let location = step.location { text += "  (\(location))" }
                text += "\n      \(VisibleText.escaped(step.detail))\n"
            }
        }
        return text
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
