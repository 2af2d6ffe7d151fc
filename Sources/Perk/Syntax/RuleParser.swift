/// The grammar of rules: `rule "…" { … }` items, their conditions, earnings and line predicates.
extension Parser {
    /// The words that may start a rule's line, for "did you mean" help.
    static let ruleKeywords = ["when", "earn", "set", "multiply", "cap", "stop"]
    /// The words that may follow `when`.
    static let conditionKeywords = ["date", "weekday", "time", "customer", "first", "eligible", "total",
                                    "merchant", "brand", "terminal", "shop", "paid"]

    mutating func parseRuleItem() throws(Failure) -> RuleItem {
        let word = try expectWordToken(Wording.choices(Parser.ruleKeywords))
        switch word.text {
        case "when":
            let condition = try parseCondition()
            return .when(condition, word.span.to(previous))
        case "earn":
            let earn = try parseEarn()
            return .earn(earn, word.span.to(previous))
        case "set":
            try expectKeyword("rate")
            try expectKeyword("of")
            let target = try expectString("the name of the rule whose rate is set, in double quotes")
            try expectKeyword("to")
            let rate = try parseValue()
            return .setRate(target: target, rate: rate, word.span.to(rate.span))
        case "multiply":
            try expectKeyword("rate")
            try expectKeyword("of")
            let target = try expectString("the name of the rule whose rate is multiplied, in double quotes")
            try expectKeyword("by")
            let factor = try parseValue()
            return .multiply(target: target, factor: factor, word.span.to(factor.span))
        case "cap":
            let value = try parseValue()
            return .cap(value, word.span.to(value.span))
        case "stop":
            return .stop(word.span)
        default:
            throw fail(.expectedWord(Parser.ruleKeywords, found: word))
        }
    }

    private mutating func parseCondition() throws(Failure) -> ConditionSyntax {
        let word = try expectWordToken("a condition such as `weekday is Saturday`")
        switch word.text {
        case "date":
            try expectKeyword("from")
            let from = try expectToken(.date, "a date such as `2026-12-01`")
            try expectKeyword("to")
            return .dates(from: from, to: try expectToken(.date, "a date such as `2026-12-24`"))
        case "weekday":
            try expectKeyword("is")
            var days = [try expectName("a weekday such as `Saturday`")]
            while isWord("or") {
                advance()
                days.append(try expectName("a weekday such as `Sunday`"))
            }
            return .weekdays(days)
        case "time":
            try expectKeyword("from")
            let from = try expectToken(.clock, "a time of day such as `22:00`")
            try expectKeyword("to")
            return .hours(from: from, to: try expectToken(.clock, "a time of day such as `02:00`"))
        case "customer":
            let what = try expectWordToken("`tier is`, `has tag` or `birthday is today`")
            switch what.text {
            case "tier":
                try expectKeyword("is")
                var tiers = [try expectName("a tier name")]
                while isWord("or") {
                    advance()
                    if isWord("above") {
                        advance()
                        return .tier(tiers, orAbove: true)
                    }
                    tiers.append(try expectName("a tier name, or `above`"))
                }
                return .tier(tiers, orAbove: false)
            case "has":
                try expectKeyword("tag")
                return .tag(try expectName("a tag such as `\"staff\"`"))
            case "birthday":
                try expectKeyword("is")
                try expectKeyword("today")
                return .birthday
            default:
                throw fail(.expectedWord(["tier", "has", "birthday"], found: what))
            }
        case "first":
            try expectKeyword("purchase")
            return .firstPurchase
        case "eligible", "total":
            if word.text == "eligible" { try expectKeyword("revenue") }
            let subject: AmountSubject = word.text == "total" ? .total : .eligibleRevenue
            let comparison: AmountComparison
            if isWord("below") {
                advance()
                comparison = .below
            } else {
                try expectKeyword("at")
                try expectKeyword("least")
                comparison = .atLeast
            }
            return .amount(subject, comparison, try parseValue())
        case "merchant", "brand", "terminal", "shop":
            try expectKeyword("is")
            var names = [try expectString("the \(word.text) in double quotes")]
            while isWord("or") {
                advance()
                names.append(try expectString("the \(word.text) in double quotes"))
            }
            return .place(PlaceField(rawValue: word.text) ?? .merchant, names)
        case "paid":
            try expectKeyword("with")
            try expectKeyword("tender")
            return .tender(try expectString("the tender id in double quotes"))
        default:
            throw fail(.expectedWord(Parser.conditionKeywords, found: word))
        }
    }

    /// What an `earn` gives: `5% of eligible revenue rounded down`, `2% of lines in category
    /// organic rounded down`, `1 point per 1.00 EUR rounded down`, `5 points per litre of
    /// lines in category fuel rounded down`, `500 points`.
    mutating func parseEarn() throws(Failure) -> EarnSyntax {
        let amount = try parseValue()
        let kind: EarnSyntax.Kind
        if isWord("of") {
            advance()
            if isWord("lines") {
                kind = .rate(amount, .lines(try parseLines()))
            } else {
                try expectKeyword("eligible")
                try expectKeyword("revenue")
                var prices: Located<PriceBasis>?
                if isWord("at") {
                    advance()
                    prices = try expectChoice(PriceBasis.self)
                    try expectKeyword("prices")
                }
                kind = .rate(amount, .eligibleRevenue(prices: prices))
            }
        } else if isWord("per") {
            advance()
            if current.kind == .word {
                let unit = advance()
                kind = .perUnit(points: amount, unit: Located(value: unit.text, span: unit.span), lines: try parseOfLines())
            } else {
                let per = try parseValue()
                kind = .perAmount(points: amount, per: per, lines: try parseOfLines())
            }
        } else {
            kind = .fixed(amount)
        }
        var rounding: Located<Rounding>?
        if case .fixed = kind {
            if isWord("rounded") { rounding = try parseRounding() }
        } else {
            rounding = try parseRounding()
        }
        return EarnSyntax(kind: kind, rounding: rounding)
    }

    /// `of lines …` after `per`, when written.
    private mutating func parseOfLines() throws(Failure) -> LinesSyntax? {
        guard isWord("of") else { return nil }
        advance()
        return try parseLines()
    }

    /// `lines`, then an optional predicate.
    private mutating func parseLines() throws(Failure) -> LinesSyntax {
        let start = try expectKeyword("lines")
        guard isWord("in") || isWord("with") || isWord("not") else { return LinesSyntax(predicate: nil, span: start) }
        let predicate = try parseLinePredicate()
        return LinesSyntax(predicate: predicate, span: start.to(previous))
    }

    /// `a or b`, where `and` binds tighter than `or`. Nesting is bounded by the line's length.
    private mutating func parseLinePredicate() throws(Failure) -> LinePredicateSyntax {
        var result = try parseLineConjunction()
        while isWord("or") {
            advance()
            result = .or(result, try parseLineConjunction())
        }
        return result
    }

    private mutating func parseLineConjunction() throws(Failure) -> LinePredicateSyntax {
        var result = try parseLineTerm()
        while isWord("and") {
            advance()
            result = .and(result, try parseLineTerm())
        }
        return result
    }

    /// `[not] in category organic`, `in list "gift cards"`, `with article 1001`, `with ean 4000000000017`.
    private mutating func parseLineTerm() throws(Failure) -> LinePredicateSyntax {
        if isWord("not") {
            advance()
            return .not(try parseLineTerm())
        }
        let word = try expectWordToken("`in category`, `in list`, `with article` or `with ean`")
        switch word.text {
        case "in":
            let what = try expectWordToken("`category` or `list`")
            switch what.text {
            case "category": return .category(try expectName("a category such as `organic`"))
            case "list": return .list(try expectString("the list's name in double quotes"))
            default: throw fail(.expectedWord(["category", "list"], found: what))
            }
        case "with":
            let kind = try expectChoice(EntryKind.self)
            let value = try parseIdentifier(kind.value == .article ? "an article number" : "an EAN")
            return kind.value == .article ? .article(value) : .ean(value)
        default:
            throw fail(.expectedWord(["in", "with", "not"], found: word))
        }
    }

    // MARK: Tokens

    func isWord(_ text: String) -> Bool { current.kind == .word && current.text == text }

    /// A name written as a word or a string: a tier, a weekday, a category, a tag.
    mutating func expectName(_ what: String) throws(Failure) -> Located<String> {
        guard current.kind == .word || current.kind == .string else {
            throw fail(.expected(what, found: current.shown, at: current.span))
        }
        let token = advance()
        return Located(value: token.text, span: token.span)
    }

    /// A token of `kind`, such as a date or a time of day.
    private mutating func expectToken(_ kind: Token.Kind, _ what: String) throws(Failure) -> Located<String> {
        guard current.kind == kind else { throw fail(.expected(what, found: current.shown, at: current.span)) }
        let token = advance()
        return Located(value: token.text, span: token.span)
    }
}
