/// Builds the syntax tree of a program from its tokens. A statement with a syntax error
/// is reported and skipped up to the end of its line (or its block), and parsing goes on,
/// so that one run reports every error of the file.
public struct Parser {
    /// The words that may start a statement, for "did you mean" help.
    static let statementKeywords = [
        "program", "currency", "reward", "credit", "earn", "line", "overrides", "whitelist", "blacklist",
        "bonus", "redeem", "burn", "tender", "points", "unregistered", "message", "qr", "offer", "brand", "merchant",
        "time", "tiers", "minimum", "list", "rule",
    ]

    /// The tokens, read one at a time: the file's tokens are never all in memory at once.
    private var lexer: Lexer
    private(set) var current: Token
    /// The span of the last token taken (of the first token, before any is taken).
    private(set) var previous: Span
    private var diagnostics = DiagnosticList()
    /// The section being parsed, if any: sections do not nest, so parsing never recurses deeper.
    private var section: String?

    /// Parses a program file; the diagnostics hold lexical and syntax errors, in source order.
    public static func parse(_ source: Source) -> (syntax: ProgramSyntax, diagnostics: [Diagnostic]) {
        let (syntax, diagnostics) = collect(source)
        return (syntax, diagnostics.final)
    }

    /// Parses a program file that is at most `Source.maximumSize` bytes (larger ones get
    /// E0005 alone and an empty syntax tree).
    static func collect(_ source: Source) -> (syntax: ProgramSyntax, diagnostics: DiagnosticList) {
        guard source.bytes.count <= Source.maximumSize else {
            var diagnostics = DiagnosticList()
            diagnostics.append(.programTooLarge(at: Span(Source.maximumSize, source.bytes.count)))
            return (ProgramSyntax(statements: []), diagnostics)
        }
        var parser = Parser(source: source)
        let statements = parser.parseBlockBody(topLevel: true)
        var diagnostics = parser.lexer.diagnostics
        diagnostics.append(contentsOf: parser.diagnostics)
        return (ProgramSyntax(statements: statements), diagnostics)
    }

    private init(source: Source) {
        lexer = Lexer(source)
        current = lexer.next()
        previous = current.span
    }

    struct Failure: Error {}

    /// Takes the current token and reads the next; the end of the file is never passed.
    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if token.kind != .end {
            previous = token.span
            current = lexer.next()
        }
        return token
    }

    mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    // MARK: Blocks and statements

    /// Statements up to `}` (not consumed) or the end of the file.
    mutating func parseBlockBody(topLevel: Bool) -> [Statement] {
        var statements: [Statement] = []
        while true {
            skipNewlines()
            switch current.kind {
            case .end:
                return statements
            case .rightBrace:
                if !topLevel { return statements }
                diagnostics.append(.unmatchedBrace(at: current.span))
                advance()
            default:
                do {
                    statements.append(try parseStatement())
                } catch {
                    recover()
                }
            }
        }
    }

    /// Skips the rest of a broken statement: up to the end of its line, over whole blocks.
    mutating func recover() {
        var nesting = 0
        while current.kind != .end {
            switch current.kind {
            case .leftBrace: nesting += 1
            case .rightBrace:
                if nesting == 0 { return }
                nesting -= 1
            case .newline where nesting == 0:
                return
            default: break
            }
            advance()
        }
    }

    mutating func parseStatement() throws(Failure) -> Statement {
        let first = current
        if first.kind == .number {
            let points = try parseValue()
            try expect(.equals, "`=` between the points and their value, as in `1 point = 0.01 MAD`")
            let money = try parseValue()
            return try finish(.pointValue(points: points, money: money), first, keyword: "point value")
        }
        guard first.kind == .word else {
            throw fail(.expectedStatement(found: first.shown, at: first.span, suggestion: nil))
        }
        advance()
        let kind: StatementKind
        switch first.text {
        case "program":
            kind = .programName(try expectString("the program's name in double quotes"))
        case "currency":
            let code = try expectWordToken("a currency code such as `EUR`")
            kind = .currency(Located(value: code.text, span: code.span))
        case "reward":
            kind = .reward(try expectChoice(RewardKind.self))
        case "credit":
            kind = .credit(try expectTwoWordChoice(CreditTiming.self))
        case "earn":
            kind = try parseEarnStatement()
        case "line":
            try expectKeyword("totals")
            kind = .lineTotals(try parseRounding())
        case "overrides":
            kind = .overrides(try parseBlock { (p: inout Parser) throws(Failure) in try p.parseOverrideItem() })
        case "whitelist", "blacklist":
            let listKind: ListKind = first.text == "whitelist" ? .whitelist : .blacklist
            kind = .list(listKind, try parseBlock { (p: inout Parser) throws(Failure) in try p.parseListEntry() })
        case "bonus":
            try expectKeyword("products")
            kind = .bonusProducts(try parseBlock { (p: inout Parser) throws(Failure) in try p.parseBonusProduct() })
        case "redeem":
            var balances = [try expectChoice(BalanceKind.self)]
            while current.kind == .word, current.text == "then" {
                advance()
                balances.append(try expectChoice(BalanceKind.self))
            }
            kind = .redeem(balances)
        case "burn":
            kind = .burn(try parseRounding())
        case "tender":
            let tender = try expectString("the tender id in double quotes, as in `tender \"PayWithPoints\" earns nothing`")
            try expectKeyword("earns")
            try expectKeyword("nothing")
            kind = .tenderEarnsNothing(tender)
        case "points":
            try expectKeyword("payments")
            try expectKeyword("earn")
            try expectKeyword("nothing")
            kind = .pointsPaymentsEarnNothing
        case "unregistered":
            try expectKeyword("customers")
            try expectKeyword("get")
            let what = try expectWordToken("`pending credit` or `vouchers of` an amount")
            switch what.text {
            case "pending":
                try expectKeyword("credit")
                kind = .unregistered(.pendingCredit)
            case "vouchers":
                try expectKeyword("of")
                kind = .unregistered(.vouchers(try parseValue()))
            default:
                throw fail(.expectedWord(["pending", "vouchers"], found: what))
            }
        case "message":
            let messageKind = try expectChoice(MessageKind.self)
            kind = .message(messageKind, try expectString("the message text in double quotes"))
        case "qr":
            try expectKeyword("valid")
            kind = .qrValid(try parseValue())
        case "offer":
            let id = try expectString("the offer id in double quotes")
            kind = .offer(id, try parseBlock { (p: inout Parser) throws(Failure) in try p.parseOfferItem() })
        case "time":
            try expectKeyword("zone")
            kind = .timeZone(try expectString("the time zone's IANA name in double quotes, as in `time zone \"Europe/Paris\"`"))
        case "tiers":
            var tiers = [try expectName("a tier name such as `basic`")]
            while current.kind == .word || current.kind == .string { tiers.append(try expectName("a tier name")) }
            kind = .tiers(tiers)
        case "minimum":
            try expectKeyword("eligible")
            try expectKeyword("revenue")
            kind = .minimum(try parseValue())
        case "list":
            let name = try expectString("the list's name in double quotes")
            kind = .namedList(name, try parseBlock { (p: inout Parser) throws(Failure) in try p.parseListEntry() })
        case "rule":
            if let section { throw fail(.notAllowedIn(first.text, section: section, at: first.span)) }
            let name = try expectString("the rule's name in double quotes, as in `rule \"Saturdays double\" {`")
            kind = .rule(RuleSyntax(name: name, items: try parseBlock { (p: inout Parser) throws(Failure) in try p.parseRuleItem() }))
        case "brand", "merchant":
            let sectionKind: SectionKind = first.text == "brand" ? .brand : .merchant
            if let section { throw fail(.notAllowedIn(first.text, section: section, at: first.span)) }
            let name = try expectString("the \(first.text) name in double quotes")
            try expect(.leftBrace, "`{` to open the \(first.text) section")
            section = first.text
            let body = parseBlockBody(topLevel: false)
            section = nil
            try expect(.rightBrace, "`}` to close the \(first.text) section")
            kind = .section(sectionKind, name, body)
        default:
            throw fail(.expectedStatement(found: first.shown, at: first.span,
                                          suggestion: Spelling.help(first.text, from: Parser.statementKeywords)))
        }
        return try finish(kind, first, keyword: first.text)
    }

    /// Checks that the statement ends here: at the end of the line, before `}` or at the end of the file.
    mutating func finish(_ kind: StatementKind, _ first: Token, keyword: String) throws(Failure) -> Statement {
        let end = previous
        switch current.kind {
        case .newline, .rightBrace, .end: break
        default: throw fail(.expectedEndOfStatement(keyword: keyword, found: current.shown, at: current.span))
        }
        return Statement(kind: kind, span: first.span.to(end), keyword: Located(value: keyword, span: first.span))
    }

    /// A top-level or section `earn`: of eligible revenue, or points per amount of it.
    private mutating func parseEarnStatement() throws(Failure) -> StatementKind {
        let start = current.span
        let earn = try parseEarn()
        switch earn.kind {
        case .rate(let rate, .eligibleRevenue(let prices)):
            if let rounding = earn.rounding { return .earnRate(rate: rate, prices: prices, rounding: rounding) }
        case .perAmount(let points, let per, nil):
            if let rounding = earn.rounding { return .earnPer(points: points, per: per, rounding: rounding) }
        default:
            throw fail(.earnOnlyInRule(at: start.to(previous)))
        }
        throw fail(.missingRounding(found: current.shown, at: current.span))
    }

    /// `rounded down`, `rounded up`, `rounded half up`, `rounded half even`.
    mutating func parseRounding() throws(Failure) -> Located<Rounding> {
        guard current.kind == .word, current.text == "rounded" else {
            throw fail(.missingRounding(found: current.shown, at: current.span))
        }
        advance()
        return try expectTwoWordChoice(Rounding.self)
    }

    mutating func parseOverrideItem() throws(Failure) -> OverrideItem {
        let word = try expectWordToken("`rate up to`, `amount up to` or `reason required`")
        switch word.text {
        case "rate", "amount":
            try expectKeyword("up")
            try expectKeyword("to")
            let value = try parseValue()
            return word.text == "rate" ? .rateUpTo(value, word.span.to(value.span)) : .amountUpTo(value, word.span.to(value.span))
        case "reason":
            let required = try expectKeyword("required")
            return .reasonRequired(word.span.to(required))
        default:
            throw fail(.expectedWord(["rate", "amount", "reason"], found: word))
        }
    }

    mutating func parseListEntry() throws(Failure) -> ListEntry {
        let kind = try expectChoice(EntryKind.self)
        let value = try parseIdentifier("an article number or EAN")
        var description: Located<String>?
        if current.kind == .string {
            let token = advance()
            description = Located(value: token.text, span: token.span)
        }
        return ListEntry(kind: kind, value: value, description: description)
    }

    mutating func parseBonusProduct() throws(Failure) -> BonusProductSyntax {
        let start = try expectKeyword("vat")
        let vat = try parseValue()
        try expectKeyword("article")
        let article = try parseIdentifier("the bonus product's article number")
        let description = try expectString("the bonus product's description in double quotes")
        return BonusProductSyntax(vat: vat, article: article, description: description, span: start.to(description.span))
    }

    /// An article number or EAN: a string, or unquoted digits and letters. An unquoted value
    /// such as `12AB` lexes as a number then a word, so the tokens that touch are glued.
    mutating func parseIdentifier(_ what: String) throws(Failure) -> Located<String> {
        guard current.kind == .number || current.kind == .string || current.kind == .word else {
            throw fail(.expected(what, found: current.shown, at: current.span))
        }
        let first = advance()
        var value = Located(value: first.text, span: first.span)
        guard first.kind != .string else { return value }
        while current.kind == .number || current.kind == .word, current.span.start == value.span.end {
            let token = advance()
            value = Located(value: value.value + token.text, span: value.span.to(token.span))
        }
        return value
    }

    mutating func parseOfferItem() throws(Failure) -> OfferItem {
        let word = try expectWordToken("`merchant`, `cashback`, `discount`, `minimum spend` or `cap`")
        switch word.text {
        case "merchant":
            let merchant = try expectString("the merchant id in double quotes")
            return .merchant(merchant, word.span.to(merchant.span))
        case "cashback", "discount":
            let benefit: OfferBenefitKind = word.text == "cashback" ? .cashback : .discount
            let value = try parseValue()
            var rounding: Located<Rounding>?
            if current.kind == .word, current.text == "rounded" { rounding = try parseRounding() }
            return .benefit(Located(value: benefit, span: word.span), value, rounding, word.span.to(value.span))
        case "minimum":
            try expectKeyword("spend")
            let value = try parseValue()
            return .minimumSpend(value, word.span.to(value.span))
        case "cap":
            let value = try parseValue()
            return .cap(value, word.span.to(value.span))
        default:
            throw fail(.expectedWord(["merchant", "cashback", "discount", "minimum", "cap"], found: word))
        }
    }

    /// `{`, then one item per line, then `}`.
    mutating func parseBlock<Item>(_ item: (inout Parser) throws(Failure) -> Item) throws(Failure) -> [Item] {
        try expect(.leftBrace, "`{` to open the block")
        var items: [Item] = []
        while true {
            skipNewlines()
            if current.kind == .rightBrace { advance(); return items }
            if current.kind == .end {
                throw fail(.expected("`}` to close the block", found: current.shown, at: current.span))
            }
            let first = current
            do {
                items.append(try item(&self))
                switch current.kind {
                case .newline, .rightBrace: break
                default: throw fail(.expectedEndOfStatement(keyword: first.text, found: current.shown, at: current.span))
                }
            } catch {
                recover()
            }
        }
    }

    // MARK: Values

    /// A quantity, or a sum of quantities: `5%`, `0.01 MAD`, `-3 MAD`, `5% + 3 MAD`.
    mutating func parseValue() throws(Failure) -> ValueSyntax {
        var terms = [try parseQuantity(negative: false)]
        while current.kind == .plus || current.kind == .minus {
            let negative = advance().kind == .minus
            terms.append(try parseQuantity(negative: negative))
        }
        return ValueSyntax(terms: terms, span: terms[0].span.to(terms[terms.count - 1].span))
    }

    /// Words that may follow a value in some statement, and so are never read as its unit.
    private static let wordsAfterValues: Set<String> = ["of", "per", "rounded", "article", "then"]

    mutating func parseQuantity(negative: Bool) throws(Failure) -> QuantitySyntax {
        var negative = negative
        var start = current.span
        if current.kind == .minus {
            negative.toggle()
            start = advance().span
        }
        guard current.kind == .number else {
            throw fail(.expected("a number such as `5%`, `0.01 MAD` or `5 minutes`", found: current.shown, at: current.span))
        }
        let number = advance()
        var unit: Located<String>?
        if current.kind == .percent {
            unit = Located(value: "%", span: advance().span)
        } else if current.kind == .word, !Parser.wordsAfterValues.contains(current.text) {
            let word = advance()
            unit = Located(value: word.text, span: word.span)
        }
        return QuantitySyntax(number: number.text, negative: negative, unit: unit,
                              span: start.to(unit?.span ?? number.span))
    }

    // MARK: Expectations

    mutating func fail(_ diagnostic: Diagnostic) -> Failure {
        diagnostics.append(diagnostic)
        return Failure()
    }

    mutating func expect(_ kind: Token.Kind, _ what: String) throws(Failure) {
        guard current.kind == kind else { throw fail(.expected(what, found: current.shown, at: current.span)) }
        advance()
    }

    @discardableResult
    mutating func expectKeyword(_ word: String) throws(Failure) -> Span {
        guard current.kind == .word, current.text == word else {
            let help = current.kind == .word ? Spelling.help(current.text, from: [word]) : nil
            throw fail(.expected("`\(word)`", found: current.shown, at: current.span, help: help))
        }
        return advance().span
    }

    mutating func expectWordToken(_ what: String) throws(Failure) -> Token {
        guard current.kind == .word else { throw fail(.expected(what, found: current.shown, at: current.span)) }
        return advance()
    }

    mutating func expectString(_ what: String) throws(Failure) -> Located<String> {
        guard current.kind == .string else { throw fail(.expected(what, found: current.shown, at: current.span)) }
        let token = advance()
        return Located(value: token.text, span: token.span)
    }

    /// One word naming a case of `T`, such as `points` for `RewardKind`.
    mutating func expectChoice<T: RawRepresentable & CaseIterable>(_: T.Type) throws(Failure) -> Located<T>
    where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        guard current.kind == .word else { throw fail(.expected(Wording.choices(names), found: current.shown, at: current.span)) }
        let word = advance()
        guard let value = T(rawValue: word.text) else { throw fail(.expectedWord(names, found: word)) }
        return Located(value: value, span: word.span)
    }

    /// A case of `T` whose name may take two words, such as `half up` or `same buy`.
    mutating func expectTwoWordChoice<T: RawRepresentable & CaseIterable>(_: T.Type) throws(Failure) -> Located<T>
    where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        guard current.kind == .word else { throw fail(.expected(Wording.choices(names), found: current.shown, at: current.span)) }
        let first = advance()
        if let value = T(rawValue: first.text) { return Located(value: value, span: first.span) }
        if current.kind == .word, let value = T(rawValue: first.text + " " + current.text) {
            let second = advance()
            return Located(value: value, span: first.span.to(second.span))
        }
        let firstWords = Array(Set(names.map { String($0.split(separator: " ")[0]) })).sorted()
        if firstWords.contains(first.text) {
            throw fail(.expected(Wording.choices(names), found: current.shown, at: current.span))
        }
        throw fail(.expectedWord(names, found: first))
    }
}
