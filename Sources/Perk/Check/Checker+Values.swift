/// Values and their units: money, percent, points, durations and counts, and sums of them.
extension Checker {
    enum Expected {
        case money, percent, points, duration, percentOrMoney, number

        var name: String {
            switch self {
            case .money: return "an amount of money"
            case .percent: return "a percentage"
            case .points: return "points"
            case .duration: return "a duration"
            case .percentOrMoney: return "a percentage or an amount of money"
            case .number: return "a plain number"
            }
        }
    }

    enum Value {
        case money(Int64), percent(Rate), points(Int64), duration(Int64), count(Int64)
    }

    /// The value of a quantity or a sum of quantities, with its unit checked against what is expected.
    mutating func value(_ syntax: ValueSyntax, expecting expected: Expected) -> Value? {
        var total: Value?
        var totalSpan = syntax.terms[0].span
        for term in syntax.terms {
            guard let next = quantity(term) else { return nil }
            guard let sum = total else {
                total = next
                continue
            }
            guard let added = add(sum, next) else {
                if case .unitsDiffer = addFailure(sum, next) {
                    diagnostics.append(.mixedUnits(describe(sum, span: totalSpan), describe(next, span: term.span),
                                                   at: syntax.span))
                } else {
                    diagnostics.append(.tooLarge(at: syntax.span))
                }
                return nil
            }
            total = added
            totalSpan = totalSpan.to(term.span)
        }
        guard let total else { return nil }
        switch (expected, total) {
        case (.money, .money), (.percent, .percent), (.points, .points), (.duration, .duration),
             (.percentOrMoney, .money), (.percentOrMoney, .percent), (.number, .count):
            return total
        default:
            let help: String?
            switch expected {
            case .percent: help = "write a percentage such as `5%`"
            case .points: help = "write a number of points such as `100 points`"
            case .money: help = program.currency.map { "write an amount such as `1.00 \($0.code)`" }
            case .duration: help = "write a duration such as `5 minutes`"
            default: help = nil
            }
            diagnostics.append(.wrongUnit(expected: expected.name, found: describe(total, span: syntax.span),
                                          at: syntax.span, help: help))
            return nil
        }
    }

    enum AddFailure { case unitsDiffer, overflow }

    func addFailure(_ a: Value, _ b: Value) -> AddFailure {
        switch (a, b) {
        case (.money, .money), (.percent, .percent), (.points, .points), (.duration, .duration), (.count, .count):
            return .overflow
        default:
            return .unitsDiffer
        }
    }

    func add(_ a: Value, _ b: Value) -> Value? {
        switch (a, b) {
        case let (.money(x), .money(y)): return Checked.add(x, y).map { .money($0) }
        case let (.percent(x), .percent(y)): return Checked.add(x.millionths, y.millionths).map { .percent(Rate(millionths: $0)) }
        case let (.points(x), .points(y)): return Checked.add(x, y).map { .points($0) }
        case let (.duration(x), .duration(y)): return Checked.add(x, y).map { .duration($0) }
        case let (.count(x), .count(y)): return Checked.add(x, y).map { .count($0) }
        default: return nil
        }
    }

    func describe(_ value: Value, span: Span) -> String {
        let text = VisibleText.quoted(source.text(of: span))
        switch value {
        case .money: return "an amount of money \(text)"
        case .percent: return "a percentage \(text)"
        case .points: return "points \(text)"
        case .duration: return "a duration \(text)"
        case .count: return "a plain number \(text)"
        }
    }

    static let durations: [String: Int64] = [
        "second": 1, "seconds": 1, "minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86_400, "days": 86_400,
    ]

    /// One quantity: its number read exactly at the scale its unit needs.
    mutating func quantity(_ term: QuantitySyntax) -> Value? {
        let unit = term.unit?.value
        let scale: Int
        let what: String
        var currency: Currency?
        switch unit {
        case "%"?:
            scale = 4
            what = "a percentage"
        case let code? where code.count == 3 && code.allSatisfy({ $0.isUppercase && $0.isASCII }):
            guard let known = Currency(code: code) else {
                diagnostics.append(.unknownCurrency(code, at: term.unit?.span ?? term.span))
                return nil
            }
            if let programCurrency = program.currency, programCurrency != known {
                diagnostics.append(.wrongCurrency(code, programCurrency: programCurrency.code, at: term.span))
                return nil
            }
            currency = known
            scale = known.exponent
            what = code
        case nil, "point"?, "points"?:
            scale = 0
            what = unit == nil ? "a plain number" : "points"
        case let word? where Checker.durations[word] != nil:
            scale = 0
            what = "a duration"
        case let word?:
            diagnostics.append(.unknownUnit(word, at: term.unit?.span ?? term.span))
            return nil
        }
        let magnitude: Int64
        switch DecimalText.parse(term.number, scale: scale) {
        case .success(let value):
            magnitude = value
        case .failure(.tooManyDecimals):
            diagnostics.append(.tooPrecise(term.number, decimals: scale, what: what, at: term.span))
            return nil
        case .failure:
            diagnostics.append(.tooLarge(at: term.span))
            return nil
        }
        let signed = term.negative ? -magnitude : magnitude
        switch unit {
        case "%"?: return .percent(Rate(millionths: signed))
        case "point"?, "points"?: return .points(signed)
        case nil: return .count(signed)
        case let word? where currency == nil:
            guard let seconds = Checked.multiply(signed, Checker.durations[word] ?? 1) else {
                diagnostics.append(.tooLarge(at: term.span))
                return nil
            }
            return .duration(seconds)
        default: return .money(signed)
        }
    }
}
