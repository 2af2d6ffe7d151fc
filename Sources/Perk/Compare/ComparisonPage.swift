/// A comparison as one self-contained HTML page (`perk diff --report FILE.html`): the totals,
/// the cost of each rule, a histogram of the per-request changes, what both versions earn
/// day by day, and the two programs side by side with the lines that changed marked. No
/// script and nothing fetched: inline SVG and CSS only, so the page opens anywhere, is safe
/// to mail and prints as it shows.
extension ProgramComparison {
    public func html() -> String {
        let title = old.name == new.name ? "\(old.name): \(old.source.name) → \(new.source.name)" : "\(old.name) → \(new.name)"
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escaped(title)): what the change costs</title>
            <style>
            body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; padding: 0 1em; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ccc; }
            table { border-collapse: collapse; } td, th { padding: .2em .8em; text-align: right; border-bottom: 1px solid #eee; }
            td:first-child, th:first-child { text-align: left; }
            .up { color: #b03a00; } .down { color: #1a6d1a; } .muted { color: #888; }
            .sources { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; } .sources > div { min-width: 0; }
            pre { font: 12px/1.4 ui-monospace, monospace; background: #fafafa; border: 1px solid #ddd; padding: .5em; overflow-x: auto; margin: 0; }
            .changed { background: #fff1c2; display: block; } .removed { background: #ffd9d4; display: block; } .added { background: #d9f5d9; display: block; }
            svg text { font: 11px system-ui, sans-serif; fill: #444; }
            @media print { body { margin: 0; max-width: none; } .sources { grid-template-columns: 1fr 1fr; } h2 { break-after: avoid; } }
            </style>
            </head>
            <body>
            <h1>\(escaped(title))</h1>
            <p>\(requests) requests replayed\(skipped.isEmpty ? "" : ", \(skipped.count) lines skipped (no request)"); \
            \(differences.count) changed.</p>

            """
        page += section("Totals", totalsTable())
        page += section("By rule", rulesTable())
        page += section("Change per request (\(measure.rawValue))", histogram())
        page += section("By day (\(measure.rawValue))", byDay())
        page += section("The programs", sources())
        return page + "</body>\n</html>\n"
    }

    private func section(_ heading: String, _ body: String) -> String {
        "<section>\n<h2>\(escaped(heading))</h2>\n\(body)</section>\n"
    }

    private func totalsTable() -> String {
        let (a, b) = (oldTotals, newTotals)
        let rows = [("points issued", a.pointsIssued, b.pointsIssued, Measure.points),
                    ("bonus issued", a.bonusIssued, b.bonusIssued, .bonus),
                    ("value given away", a.valueGivenAway, b.valueGivenAway, .bonus)]
        var html = "<table>\n<tr><th></th><th>old</th><th>new</th><th>change</th></tr>\n"
        for (name, before, after, unit) in rows {
            html += "<tr><td>\(name)</td><td>\(amount(before, unit))</td><td>\(amount(after, unit))</td>\(changeCell(after &- before, unit))</tr>\n"
        }
        return html + "</table>\n"
    }

    private func rulesTable() -> String {
        var html = "<table>\n<tr><th>rule</th><th>applied (old)</th><th>applied (new)</th><th>gave (old)</th><th>gave (new)</th><th>change</th></tr>\n"
        for cost in rules {
            let unit = cost.measure
            let missing = "<td class=\"muted\">—</td>"
            html += "<tr><td>\(escaped(cost.name))</td>"
                + (cost.inOld ? "<td>\(cost.appliedOld)</td>" : missing) + (cost.inNew ? "<td>\(cost.appliedNew)</td>" : missing)
                + (cost.inOld ? "<td>\(amount(cost.givenOld, unit))</td>" : missing) + (cost.inNew ? "<td>\(amount(cost.givenNew, unit))</td>" : missing)
                + changeCell(cost.change, unit) + "</tr>\n"
        }
        return html + "</table>\n"
    }

    /// One bar per bucket of `distribution`, its count above it and its range below.
    private func histogram() -> String {
        let buckets = distribution
        guard !buckets.isEmpty else { return "<p class=\"muted\">No request was evaluated by both versions.</p>\n" }
        let (width, height, bar) = (760, 220, 760 / buckets.count)
        let largest = max(1, buckets.map(\.count).max() ?? 1)
        var svg = "<svg viewBox=\"0 0 \(width) \(height + 40)\" width=\"\(width)\" height=\"\(height + 40)\" role=\"img\" "
            + "aria-label=\"requests by change\">\n"
        for (index, bucket) in buckets.enumerated() {
            let barHeight = bucket.count == 0 ? 0 : max(2, bucket.count * (height - 20) / largest)
            let x = index * bar
            let color = bucket.low == 0 && bucket.high == 0 ? "#9aa5b1" : ((bucket.low ?? -1) > 0 ? "#d9822b" : "#4c9a4c")
            svg += "<rect x=\"\(x + 6)\" y=\"\(height - barHeight)\" width=\"\(bar - 12)\" height=\"\(barHeight)\" fill=\"\(color)\"/>\n"
            svg += "<text x=\"\(x + bar / 2)\" y=\"\(height - barHeight - 4)\" text-anchor=\"middle\">\(bucket.count)</text>\n"
            svg += "<text x=\"\(x + bar / 2)\" y=\"\(height + 16)\" text-anchor=\"middle\">\(escaped(range(bucket)))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// Both versions' earnings day by day, as two lines; the requests without a time apart.
    private func byDay() -> String {
        let dates = days.keys.sorted()
        var html = ""
        if let first = dates.first, let last = dates.last {
            let (width, height, left, bottom) = (760, 240, 60, 30)
            let span = max(1, Int(last.daysSinceEpoch - first.daysSinceEpoch))
            let largest = max(1, days.values.map { max($0.old, $0.new) }.max() ?? 1)
            func x(_ date: CivilDate) -> Int { left + Int(date.daysSinceEpoch - first.daysSinceEpoch) * (width - left - 10) / span }
            func y(_ value: Int64) -> Int { height - bottom - Int(Int128(value) * Int128(height - bottom - 10) / Int128(largest)) }
            func line(_ value: ((old: Int64, new: Int64)) -> Int64, _ color: String, _ name: String) -> String {
                let points = dates.map { "\(x($0)),\(y(value(days[$0] ?? (0, 0))))" }.joined(separator: " ")
                return "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"><title>\(name)</title></polyline>\n"
            }
            html += "<svg viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"earned by day\">\n"
            html += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 10)\" y2=\"\(height - bottom)\" stroke=\"#999\"/>\n"
            html += "<text x=\"\(left - 6)\" y=\"\(y(largest) + 4)\" text-anchor=\"end\">\(escaped(amount(largest, measure)))</text>\n"
            html += "<text x=\"\(left - 6)\" y=\"\(height - bottom + 4)\" text-anchor=\"end\">0</text>\n"
            html += "<text x=\"\(left)\" y=\"\(height - 8)\">\(first)</text>\n"
            html += "<text x=\"\(width - 10)\" y=\"\(height - 8)\" text-anchor=\"end\">\(last)</text>\n"
            html += line({ $0.old }, "#7a8793", "old") + line({ $0.new }, "#d9822b", "new")
            html += "</svg>\n<p><span style=\"color:#7a8793\">━ old</span> &nbsp; <span style=\"color:#d9822b\">━ new</span> &nbsp; "
                + "days in \(escaped(new.rules.plan.zone?.name ?? "each request's own offset"))</p>\n"
        }
        if undated.requests > 0 {
            html += "<p>\(undated.requests) requests without a time, counted apart: \(escaped(amount(undated.old, measure))) → "
                + "\(escaped(amount(undated.new, measure))).</p>\n"
        }
        return html.isEmpty ? "<p class=\"muted\">No request was evaluated by both versions.</p>\n" : html
    }

    /// The two program texts side by side, the lines that are not in both marked.
    private func sources() -> String {
        // The lines of each text; the end of the last line is no line of its own.
        func lines(_ text: String) -> [String] {
            let all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return all.last == "" ? Array(all.dropLast()) : all
        }
        let (before, after) = (lines(old.source.text), lines(new.source.text))
        let (keptBefore, keptAfter) = Self.commonLines(before, after)
        func column(_ name: String, _ lines: [String], _ kept: Set<Int>, _ mark: String) -> String {
            var html = "<div><p>\(escaped(name))</p><pre>"
            for (index, text) in lines.enumerated() {
                let number = String(index + 1).leftPadded(4)
                let line = "\(number)  \(escaped(text))"
                html += kept.contains(index) ? line + "\n" : "<span class=\"\(mark)\">\(line)</span>"
            }
            return html + "</pre></div>\n"
        }
        return "<div class=\"sources\">\n" + column("old: " + old.source.name, before, keptBefore, "removed")
            + column("new: " + new.source.name, after, keptAfter, "added") + "</div>\n"
    }

    /// The indices of the lines of `a` and of `b` in a longest common subsequence of both.
    static func commonLines(_ a: [String], _ b: [String]) -> (Set<Int>, Set<Int>) {
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var (i, j) = (0, 0)
        var (keptA, keptB) = (Set<Int>(), Set<Int>())
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                keptA.insert(i)
                keptB.insert(j)
                (i, j) = (i + 1, j + 1)
            } else if lengths[i + 1][j] >= lengths[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return (keptA, keptB)
    }

    private func changeCell(_ value: Int64, _ unit: Measure) -> String {
        let text = (value > 0 ? "+" : "") + amount(value, unit)
        return "<td class=\"\(value > 0 ? "up" : value < 0 ? "down" : "muted")\">\(escaped(text))</td>"
    }

    /// Text as HTML: `&`, `<`, `>` and `"` written as entities, control characters as their code.
    private func escaped(_ text: String) -> String {
        var html = ""
        for character in VisibleText.escaped(text) {
            switch character {
            case "&": html += "&amp;"
            case "<": html += "&lt;"
            case ">": html += "&gt;"
            case "\"": html += "&quot;"
            default: html.append(character)
            }
        }
        return html
    }
}

extension String {
    /// The string with spaces before it up to `width` characters.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
