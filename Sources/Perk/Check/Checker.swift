/// Checks a parsed program: resolves names, gives every value its unit (money, percent,
/// points, count, duration) and checks the rules against each other. All problems of the
/// file are collected; the result is usable only when no error was found.
struct Checker {
    let source: Source
    var diagnostics = DiagnosticList()
    var program = CheckedProgram()
    /// Where each top-level setting was first given, to report duplicates.
    var seen: [String: Span] = [:]
    var syntaxErrors = false
    /// Where each offer id was first given, valid or not.
    var offerIDs: [String: Span] = [:]
    /// The `unregistered customers` statements, checked against the reward at the end.
    var unregisteredSpans: [Span] = []

    /// `syntaxErrors`: whether the parser already reported errors; then a missing `program` or
    /// `currency` is most likely a misspelt or broken one, already reported.
    static func check(_ syntax: ProgramSyntax, source: Source, syntaxErrors: Bool) -> (CheckedProgram, DiagnosticList) {
        var checker = Checker(source: source)
        checker.syntaxErrors = syntaxErrors
        checker.run(syntax)
        return (checker.program, checker.diagnostics)
    }

    init(source: Source) { self.source = source }

    mutating func run(_ syntax: ProgramSyntax) {
        // The currency and point value come first: other values are checked against them.
        for statement in syntax.statements {
            if case .currency(let code) = statement.kind { checkCurrency(code, statement) }
        }
        for statement in syntax.statements {
            if case .pointValue(let points, let money) = statement.kind { checkPointValue(points, money, statement) }
        }
        var sectionSeen: [String: Span] = [:]
        var ruleStatements: [Statement] = []
        for statement in syntax.statements {
            switch statement.kind {
            case .currency, .pointValue:
                break
            case .programName(let name):
                once("program", statement)
                if name.value.isEmpty { diagnostics.append(.emptyName("program name", at: name.span)) }
                program.name = name.value
            case .reward(let kind):
                once("reward", statement)
                program.reward = kind.value
            case .credit(let timing):
                once("credit", statement)
                program.credit = timing.value
            case .lineTotals(let rounding):
                once("line totals", statement)
                program.lineRounding = rounding.value
            case .burn(let rounding):
                once("burn", statement)
                program.burnRounding = Stated(value: rounding.value, location: sourceLocation(statement.span))
            case .redeem(let balances):
                once("redeem", statement)
                checkRedeem(balances, statement)
            case .bonusProducts(let products):
                once("bonus products", statement)
                checkBonusProducts(products)
            case .offer(let id, let items):
                checkOffer(id, items, statement)
            case .timeZone, .tiers, .minimum, .namedList, .rule:
                ruleStatements.append(statement)
            case .section(let kind, let name, let body):
                let key = "\(kind.rawValue) \(name.value)"
                if let first = sectionSeen[key] {
                    diagnostics.append(.duplicate("\(kind.rawValue) \"\(name.value)\"", at: name.span, first: location(first)))
                }
                sectionSeen[key] = name.span
                if name.value.isEmpty { diagnostics.append(.emptyName("\(kind.rawValue) name", at: name.span)) }
                var settings = ScopeSettings()
                var statementSeen: [String: Span] = [:]
                for inner in body {
                    scopeStatement(inner, into: &settings, seen: &statementSeen, section: kind.rawValue)
                }
                program.sections.append((kind, name.value, settings))
            default:
                var base = program.base
                var topSeen = seen
                scopeStatement(statement, into: &base, seen: &topSeen, section: nil)
                seen = topSeen
                program.base = base
            }
        }
        checkRules(ruleStatements)
        checkWhole(syntax)
    }

    /// Reports a second top-level statement of the same kind.
    mutating func once(_ key: String, _ statement: Statement) {
        if let first = seen[key] {
            diagnostics.append(.duplicate(VisibleText.quoted(key), at: statement.keyword.span, first: location(first)))
        } else {
            seen[key] = statement.keyword.span
        }
    }

    func location(_ span: Span) -> (line: Int, column: Int) { source.location(of: span.start) }

    func sourceLocation(_ span: Span) -> ProgramLocation {
        let (line, column) = source.location(of: span.start)
        return ProgramLocation(file: source.name, line: line, column: column)
    }

    // MARK: The program as a whole

    mutating func checkWhole(_ syntax: ProgramSyntax) {
        let start = Span(0, 0)
        if seen["program"] == nil, !syntaxErrors {
            diagnostics.append(.missing("name", at: start, help: "add a first line such as `program \"My loyalty program\"`"))
        }
        if seen["currency"] == nil, !syntaxErrors {
            diagnostics.append(.missing("currency", at: start, help: "add a line such as `currency EUR`"))
        }
        let scopes = [program.base] + program.sections.map(\.settings)
        let earnRules = scopes.compactMap(\.earn)
        if let rule = earnRules.first, program.reward == nil {
            diagnostics.append(.missing("reward", at: start, help: "say what the earn rule at line \(rule.location.line) gives: `reward points` or `reward bonus`"))
        }
        for rule in earnRules {
            let span = rule.keywordSpan
            switch (rule.kind, program.reward) {
            case (.perAmount, .bonus?):
                diagnostics.append(.rewardMismatch("an earn rule in points in a program whose reward is bonus money", at: span,
                                                   help: "write the rule as a percentage, such as `earn 10% of eligible revenue rounded down`"))
            case (_, .points?) where program.pointValue == nil && seen["point value"] == nil:
                diagnostics.append(.needsPointValue("a reward in points", at: span))
            default: break
            }
        }
        if program.credit == .sameBuy, program.reward == .points {
            diagnostics.append(.rewardMismatch("`credit same buy` applies bonus money, but the reward is points",
                                               at: span(of: seen["credit"]), help: "use `reward bonus` or `credit next buy`"))
        }
        if program.burnRounding != nil, program.pointValue == nil, seen["point value"] == nil {
            diagnostics.append(.needsPointValue("burning points", at: span(of: seen["burn"])))
        }
        // An override maximum below the rate it overrides could never reach that rate. Check
        // every scope a sale can fall into: the program, each section, each brand with each merchant.
        let brands = program.sections.filter { $0.kind == .brand }.map(\.settings)
        let merchants = program.sections.filter { $0.kind == .merchant }.map(\.settings)
        var chains: [[ScopeSettings]] = [[program.base]]
        chains += brands.map { [$0, program.base] } + merchants.map { [$0, program.base] }
        // A brand with a merchant differs from both alone only where each states an earn rule or overrides.
        let stating = { (settings: ScopeSettings) in settings.earn != nil || settings.overrides != nil }
        chains += brands.filter(stating).flatMap { brand in merchants.filter(stating).map { [$0, brand, program.base] } }
        var reported: Set<Int> = []
        for chain in chains {
            guard let overrides = chain.lazy.compactMap(\.overrides).first, let maximum = overrides.maximumRate,
                  let rate = chain.lazy.compactMap(\.earn).first?.rate, maximum < rate,
                  reported.insert(overrides.keywordSpan.start).inserted else { continue }
            diagnostics.append(.overrideBelowDefault(max: maximum, rate: rate, at: overrides.keywordSpan))
        }
        // Pending credits and vouchers are kept in points.
        for span in unregisteredSpans where program.reward == .bonus {
            diagnostics.append(.rewardMismatch("credit for unregistered customers is kept in points, but the reward is bonus money",
                                               at: span, help: "use `reward points`, or remove this rule"))
        }
    }

    func span(of span: Span?) -> Span { span ?? Span(0, 0) }
}
