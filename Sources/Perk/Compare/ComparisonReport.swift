/// A comparison of two versions of a program for people (`perk diff`) and for a host's own
/// dashboards (`perk diff --json`): the requests that differ, the totals, what each rule
/// gave under each version, the requests that changed most and how many changed by how much.
extension ProgramComparison {
    /// The report as text; the differing requests listed up to `listed` (all when nil).
    public func text(listed: Int?) -> String {
        var lines: [String] = []
        let shown = listed.map { Array(differences.prefix($0)) } ?? differences
        for difference in shown {
            let order = difference.orderID.map { " (order \(VisibleText.escaped($0)))" } ?? ""
            let changes = difference.changes.map { "\($0.name) \($0.old) → \($0.new)" }.joined(separator: ", ")
            lines.append("\(difference.label)\(order): \(changes)")
        }
        if shown.count < differences.count {
            lines.append("… and \(differences.count - shown.count) more requests that differ (--all lists them)")
        }
        if !shown.isEmpty { lines.append("") }
        let (a, b) = (oldTotals, newTotals)
        let totals = [
            ("requests", "\(requests)" + (skipped.isEmpty ? "" : " (\(skipped.count) more line\(skipped.count == 1 ? "" : "s") skipped: no request)")),
            ("affected", "\(differences.count)"),
            ("points issued", "\(a.pointsIssued) → \(b.pointsIssued) (\(signed(b.pointsIssued &- a.pointsIssued, .points)))"),
            ("bonus issued", "\(money(a.bonusIssued)) → \(money(b.bonusIssued)) (\(signed(b.bonusIssued &- a.bonusIssued, .bonus)))"),
            ("value given away", "\(money(a.valueGivenAway)) → \(money(b.valueGivenAway)) (\(signed(b.valueGivenAway &- a.valueGivenAway, .bonus)))"),
        ]
        lines += totals.map { $0.0.padding(16) + "  " + $0.1 }
        if a.overflowed || b.overflowed { lines.append("warning: a total went past 64 bits; the totals are incomplete") }
        if !rules.isEmpty {
            lines.append("")
            lines.append("by rule:")
            let rows = [["rule", "applied old → new", "gave old → new", "change"]] + rules.map { cost in
                let unit = cost.measure
                return [VisibleText.escaped(cost.name),
                        "\(cost.inOld ? String(cost.appliedOld) : "—") → \(cost.inNew ? String(cost.appliedNew) : "—")",
                        "\(cost.inOld ? amount(cost.givenOld, unit) : "—") → \(cost.inNew ? amount(cost.givenNew, unit) : "—")",
                        signed(cost.change, unit)]
            }
            lines += table(rows)
        }
        let most = mostChanged()
        if !most.isEmpty {
            lines.append("")
            lines.append("most changed (\(measure.rawValue)):")
            lines += table(most.map { [$0.label + ($0.orderID.map { " (order \(VisibleText.escaped($0)))" } ?? ""), signed($0.change, measure)] })
        }
        let buckets = distribution
        if !buckets.isEmpty {
            lines.append("")
            lines.append("change per request (\(measure.rawValue)):")
            let largest = buckets.map(\.count).max() ?? 1
            lines += table(buckets.map { bucket in
                [range(bucket), String(bucket.count), String(repeating: "█", count: bucket.count == 0 ? 0 : max(1, bucket.count * 30 / largest))]
            })
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as JSON: amounts as numbers, money with the currency's decimals.
    public func json(pretty: Bool = true) -> String {
        func number(_ value: Int64, _ unit: Measure) -> JSON {
            .number(unit == .points ? String(value) : Money.decimalString(value, exponent: old.currency.exponent))
        }
        func totals(_ totals: Totals) -> JSON {
            .object([("points_issued", number(totals.pointsIssued, .points)), ("bonus_issued", number(totals.bonusIssued, .bonus)),
                     ("value_given_away", number(totals.valueGivenAway, .bonus))])
        }
        func optional(_ present: Bool, _ value: JSON) -> JSON { present ? value : .null }
        let report: JSON = .object([
            ("currency", .string(old.currency.code)),
            ("requests", .number(String(requests))),
            ("skipped", .array(skipped.map { .object([("label", .string($0.label)), ("error", .string($0.error.description))]) })),
            ("affected", .number(String(differences.count))),
            ("totals", .object([("old", totals(oldTotals)), ("new", totals(newTotals)), ("complete", .bool(!oldTotals.overflowed && !newTotals.overflowed))])),
            ("rules", .array(rules.map { cost in
                let unit = cost.measure
                return .object([("name", .string(cost.name)), ("unit", .string(cost.unit.rawValue)),
                                ("applied_old", optional(cost.inOld, .number(String(cost.appliedOld)))),
                                ("applied_new", optional(cost.inNew, .number(String(cost.appliedNew)))),
                                ("gave_old", optional(cost.inOld, number(cost.givenOld, unit))),
                                ("gave_new", optional(cost.inNew, number(cost.givenNew, unit))),
                                ("change", number(cost.change, unit))])
            })),
            ("measure", .string(measure.rawValue)),
            ("most_changed", .array(mostChanged().map { change in
                .object([("label", .string(change.label)), ("order_id", change.orderID.map(JSON.string) ?? .null),
                         ("change", number(change.change, measure))])
            })),
            ("distribution", .array(distribution.map { bucket in
                .object([("from", bucket.low.map { number($0, measure) } ?? .null), ("to", bucket.high.map { number($0, measure) } ?? .null),
                         ("requests", .number(String(bucket.count)))])
            })),
            ("differences", .array(differences.map { difference in
                .object([("label", .string(difference.label)), ("order_id", difference.orderID.map(JSON.string) ?? .null),
                         ("changes", .array(difference.changes.map { change in
                             .object([("field", .string(change.name)), ("old", .string(change.old)), ("new", .string(change.new))])
                         }))])
            })),
        ])
        return report.text(pretty: pretty) + "\n"
    }

    private func money(_ minor: Int64) -> String { Money(minorUnits: minor, currency: old.currency).description }

    /// An amount in `unit`: `562` points, `5.62 MAD`.
    func amount(_ value: Int64, _ unit: Measure) -> String { unit == .points ? String(value) : money(value) }

    /// A change with its sign: `+112`, `-0.50 MAD`, `+0`.
    private func signed(_ value: Int64, _ unit: Measure) -> String { (value >= 0 ? "+" : "") + amount(value, unit) }

    /// A bucket's range: `no change`, `+11 to +100`, `-1000 or less`, `+100001 or more`.
    func range(_ bucket: Bucket) -> String {
        switch (bucket.low, bucket.high) {
        case (let low?, let high?) where low == high: low == 0 ? "no change" : signed(low, measure)
        case (let low?, let high?): "\(signed(low, measure)) to \(signed(high, measure))"
        case (nil, let high?): "\(signed(high, measure)) or less"
        case (let low?, nil): "\(signed(low, measure)) or more"
        case (nil, nil): "any"
        }
    }

    /// Rows of cells as lines, each column as wide as its widest cell, two spaces in.
    private func table(_ rows: [[String]]) -> [String] {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            var line = "  " + zip(row, widths).dropLast().map { $0.padding($1) + "  " }.joined() + (row.last ?? "")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
