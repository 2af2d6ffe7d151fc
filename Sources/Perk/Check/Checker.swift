/// Checks a parsed program: resolves names, gives every value its unit (money, percent,
/// points, count, duration) and checks the rules against each other. All problems of the
/// file are collected; the result is usable only when no error was found.
struct Checker {
    let source: Source
    var diagnostics = DiagnosticList()
    var program = CheckedProgram()
    /// Where each top-level setting was first given, to report duplicates.
    var seen: [String: Span] = [:]
    private var syntaxErrors = false
    /// Where each offer id was first given, valid or not.
    private var offerIDs: [String: Span] = [:]
    /// The `unregistered customers` statements, checked against the reward at the end.
    private var unregisteredSpans: [Span] = []

    /// `syntaxErrors`: whether the parser already reported errors; then a missing `program` or
    /// `currency` is most likely a misspelt or broken one, already reported.
    static func check(_ syntax: ProgramSyntax, source: Source, syntaxErrors: Bool) -> (CheckedProgram, DiagnosticList) {
        var checker = Checker(source: source)
        checker.syntaxErrors = syntaxErrors
        checker.run(syntax)
        return (checker.program, checker.diagnostics)
    }

    private init(source: Source) { self.source = source }

    private mutating func run(_ syntax: ProgramSyntax) {
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

    // MARK: Top-level settings

    private mutating func checkCurrency(_ code: Located<String>, _ statement: Statement) {
        once("currency", statement)
        guard let currency = Currency(code: code.value) else {
            diagnostics.append(.unknownCurrency(code.value, at: code.span))
            return
        }
        if program.currency == nil { program.currency = currency }
    }

    private mutating func checkPointValue(_ points: ValueSyntax, _ money: ValueSyntax, _ statement: Statement) {
        once("point value", statement)
        guard case .points(let count)? = value(points, expecting: .points),
              case .money(let minor)? = value(money, expecting: .money) else { return }
        if count <= 0 { diagnostics.append(.outOfRange("the number of points", "must be above zero", at: points.span)) }
        if minor <= 0 { diagnostics.append(.outOfRange("the value of points", "must be above zero", at: money.span)) }
        if count > 0 && minor > 0 { program.pointValue = PointValue(points: count, minorUnits: minor) }
    }

    private mutating func checkRedeem(_ balances: [Located<BalanceKind>], _ statement: Statement) {
        var order: [BalanceKind] = []
        for balance in balances {
            if order.contains(balance.value) {
                diagnostics.append(.duplicate("balance `\(balance.value.rawValue)`", at: balance.span,
                                              first: location(balances.first { $0.value == balance.value }?.span ?? balance.span)))
            }
            order.append(balance.value)
        }
        program.redeemOrder = Stated(value: order, location: sourceLocation(statement.span))
    }

    private mutating func checkBonusProducts(_ products: [BonusProductSyntax]) {
        var byRate: [Rate: Span] = [:]
        for product in products {
            guard case .percent(let vat)? = value(product.vat, expecting: .percent) else { continue }
            if vat.millionths < 0 || vat.millionths > Rate.scale {
                diagnostics.append(.outOfRange("the VAT rate \(vat)", "must be between 0% and 100%", at: product.vat.span))
            }
            if let first = byRate[vat] {
                diagnostics.append(.duplicate("a bonus product for VAT \(vat)", at: product.vat.span, first: location(first)))
            }
            byRate[vat] = product.vat.span
            checkEntry(EntryKind.article, product.article)
            program.bonusProducts.append(BonusProduct(vat: vat, article: product.article.value,
                                                      description: product.description.value))
        }
    }

    private mutating func checkOffer(_ id: Located<String>, _ items: [OfferItem], _ statement: Statement) {
        if id.value.isEmpty { diagnostics.append(.emptyName("offer id", at: id.span)) }
        if let first = offerIDs[id.value] {
            diagnostics.append(.duplicate("offer \"\(id.value)\"", at: id.span, first: location(first)))
        } else {
            offerIDs[id.value] = id.span
        }
        var merchant: String?
        var benefit: (OfferBenefitKind, Offer.Amount)?
        var minimum: Int64 = 0
        var cap: Int64?
        var offerSeen: [String: Span] = [:]
        func first(_ key: String, _ span: Span, _ checker: inout Checker) -> Bool {
            if let earlier = offerSeen[key] {
                checker.diagnostics.append(.duplicate(VisibleText.quoted(key), at: span, first: checker.location(earlier)))
                return false
            }
            offerSeen[key] = span
            return true
        }
        for item in items {
            switch item {
            case .merchant(let name, let span):
                if name.value.isEmpty { diagnostics.append(.emptyName("merchant id", at: name.span)) }
                if first("merchant", span, &self) { merchant = name.value }
            case .benefit(let kind, let amount, let rounding, let span):
                guard first("cashback or discount", span, &self) else { continue }
                switch value(amount, expecting: .percentOrMoney) {
                case .percent(let rate)?:
                    guard checkRate(rate, at: amount.span) else { continue }
                    guard let rounding else {
                        diagnostics.append(.missingRounding(found: "the end of the line", at: Span(span.end, span.end)))
                        continue
                    }
                    benefit = (kind.value, .rate(rate, rounding.value))
                case .money(let minor)?:
                    if minor <= 0 { diagnostics.append(.outOfRange("the \(kind.value.rawValue)", "must be above zero", at: amount.span)) }
                    if let rounding {
                        diagnostics.append(.noEffect("a fixed amount needs no rounding", at: rounding.span))
                    }
                    benefit = (kind.value, .fixed(minor))
                default: break
                }
            case .minimumSpend(let amount, let span):
                guard first("minimum spend", span, &self), case .money(let minor)? = value(amount, expecting: .money) else { continue }
                if minor < 0 { diagnostics.append(.outOfRange("the minimum spend", "cannot be negative", at: amount.span)) }
                minimum = minor
            case .cap(let amount, let span):
                guard first("cap", span, &self), case .money(let minor)? = value(amount, expecting: .money) else { continue }
                if minor <= 0 { diagnostics.append(.outOfRange("the cap", "must be above zero", at: amount.span)) }
                cap = minor
            }
        }
        guard let merchant else {
            diagnostics.append(.offerIncomplete("offer \"\(id.value)\" names no merchant", at: id.span))
            return
        }
        guard let benefit else {
            diagnostics.append(.offerIncomplete("offer \"\(id.value)\" gives no `cashback` or `discount`", at: id.span))
            return
        }
        program.offers.append(Offer(id: id.value, merchant: merchant, benefit: benefit.0, amount: benefit.1,
                                    minimumSpend: minimum, cap: cap, location: sourceLocation(statement.span)))
    }

    // MARK: Scope settings (top level, brand and merchant sections)

    private mutating func scopeStatement(_ statement: Statement, into settings: inout ScopeSettings,
                                         seen: inout [String: Span], section: String?) {
        func onceInScope(_ key: String, _ checker: inout Checker) {
            if let first = seen[key] {
                checker.diagnostics.append(.duplicate(VisibleText.quoted(key), at: statement.keyword.span, first: checker.location(first)))
            } else {
                seen[key] = statement.keyword.span
            }
        }
        switch statement.kind {
        case .earnRate(let rateSyntax, let prices, let rounding):
            onceInScope("earn", &self)
            guard case .percent(let rate)? = value(rateSyntax, expecting: .percent), checkRate(rate, at: rateSyntax.span) else { return }
            settings.earn = EarnRule(kind: .rate(rate, prices?.value ?? .reduced), rounding: rounding.value,
                                     text: source.text(of: statement.span), location: sourceLocation(statement.span),
                                     keywordSpan: statement.keyword.span)
        case .earnPer(let pointsSyntax, let perSyntax, let rounding):
            onceInScope("earn", &self)
            guard case .points(let points)? = value(pointsSyntax, expecting: .points),
                  case .money(let per)? = value(perSyntax, expecting: .money) else { return }
            if points <= 0 { diagnostics.append(.outOfRange("the points earned", "must be above zero", at: pointsSyntax.span)) }
            if per <= 0 { diagnostics.append(.outOfRange("the amount per points", "must be above zero", at: perSyntax.span)) }
            guard points > 0, per > 0 else { return }
            settings.earn = EarnRule(kind: .perAmount(points: points, perMinorUnits: per), rounding: rounding.value,
                                     text: source.text(of: statement.span), location: sourceLocation(statement.span),
                                     keywordSpan: statement.keyword.span)
        case .overrides(let items):
            onceInScope("overrides", &self)
            settings.overrides = checkOverrides(items, statement)
        case .list(let kind, let entries):
            onceInScope(kind.rawValue, &self)
            let other: ListKind = kind == .whitelist ? .blacklist : .whitelist
            if let first = seen[other.rawValue] {
                diagnostics.append(.whitelistAndBlacklist(at: statement.keyword.span, other: location(first)))
            }
            if entries.count > ArticleList.maximumEntries {
                diagnostics.append(.tooManyEntries(kind, at: entries[ArticleList.maximumEntries].value.span))
            }
            var articles = ArticleTable()
            var eans = ArticleTable()
            for entry in entries.prefix(ArticleList.maximumEntries) {
                guard checkEntry(entry.kind.value, entry.value) else { continue }
                let offset = Int32(clamping: entry.value.span.start)
                let first: Int32?
                switch entry.kind.value {
                case .article: first = articles.insert(entry.value.value, value: offset)
                case .ean: first = eans.insert(entry.value.value, value: offset)
                }
                if let first {
                    diagnostics.append(.duplicateEntry(entry.value.value, at: entry.value.span, first: source.location(of: Int(first))))
                }
            }
            let list = ArticleList(kind: kind, articles: articles, eans: eans, location: sourceLocation(statement.span))
            var lists = settings.lists ?? (nil, nil)
            if kind == .whitelist { lists.whitelist = list } else { lists.blacklist = list }
            settings.lists = lists
        case .unregistered(let syntax):
            onceInScope("unregistered customers", &self)
            unregisteredSpans.append(statement.keyword.span)
            switch syntax {
            case .pendingCredit:
                settings.unregistered = Stated(value: .pendingCredit, location: sourceLocation(statement.span))
            case .vouchers(let amount):
                guard case .money(let minor)? = value(amount, expecting: .money) else { return }
                guard minor > 0 else {
                    diagnostics.append(.outOfRange("a voucher", "must be worth more than zero", at: amount.span))
                    return
                }
                guard let pointValue = program.pointValue else {
                    if seen["point value"] == nil {
                        diagnostics.append(.needsPointValue("turning credit into vouchers", at: amount.span))
                    }
                    return
                }
                let (points, remainder) = (Int128(minor) * Int128(pointValue.points)).quotientAndRemainder(dividingBy: Int128(pointValue.minorUnits))
                guard remainder == 0, let each = Int64(exactly: points) else {
                    diagnostics.append(.voucherNotWholePoints(at: amount.span))
                    return
                }
                settings.unregistered = Stated(value: .vouchers(denomination: minor, pointsEach: each),
                                               location: sourceLocation(statement.span))
            }
        case .message(let kind, let text):
            onceInScope("message \(kind.value.rawValue)", &self)
            guard let template = checkTemplate(text) else { return }
            if kind.value == .qr { settings.qrMessage = template } else { settings.unregisteredMessage = template }
        case .qrValid(let duration):
            onceInScope("qr valid", &self)
            guard case .duration(let seconds)? = value(duration, expecting: .duration) else { return }
            if seconds <= 0 {
                diagnostics.append(.outOfRange("the QR validity", "must be above zero", at: duration.span))
                return
            }
            settings.qrValiditySeconds = Stated(value: seconds, location: sourceLocation(statement.span))
        case .tenderEarnsNothing(let tender):
            if tender.value.isEmpty { diagnostics.append(.emptyName("tender id", at: tender.span)) }
            if let first = settings.noEarnTenders[tender.value] {
                diagnostics.append(.duplicate("tender \"\(tender.value)\"", at: tender.span, first: (first.line, first.column)))
            }
            settings.noEarnTenders[tender.value] = sourceLocation(statement.span)
        case .pointsPaymentsEarnNothing:
            onceInScope("points payments earn nothing", &self)
            settings.pointsPaymentsEarnNothing = sourceLocation(statement.span)
        case .programName, .currency, .pointValue, .reward, .credit, .lineTotals, .bonusProducts, .redeem,
             .burn, .offer, .section, .timeZone, .tiers, .minimum, .namedList, .rule:
            // Only reached inside a section: the top level handles these itself.
            diagnostics.append(.notAllowedIn(statement.keyword.value, section: section ?? "", at: statement.keyword.span))
        }
    }

    private mutating func checkOverrides(_ items: [OverrideItem], _ statement: Statement) -> OverridePolicy {
        var maximumRate: Rate?
        var maximumAmount: Int64?
        var reasonRequired = false
        var itemSeen: [String: Span] = [:]
        for item in items {
            let (key, itemSpan): (String, Span)
            switch item {
            case .rateUpTo(_, let span): (key, itemSpan) = ("rate up to", span)
            case .amountUpTo(_, let span): (key, itemSpan) = ("amount up to", span)
            case .reasonRequired(let span): (key, itemSpan) = ("reason required", span)
            }
            if let first = itemSeen[key] {
                diagnostics.append(.duplicate(VisibleText.quoted(key), at: itemSpan, first: location(first)))
                continue
            }
            itemSeen[key] = itemSpan
            switch item {
            case .rateUpTo(let syntax, _):
                guard case .percent(let rate)? = value(syntax, expecting: .percent), checkRate(rate, at: syntax.span) else { continue }
                maximumRate = rate
            case .amountUpTo(let syntax, _):
                guard case .money(let minor)? = value(syntax, expecting: .money) else { continue }
                if minor <= 0 { diagnostics.append(.outOfRange("the amount override maximum", "must be above zero", at: syntax.span)) }
                maximumAmount = minor
            case .reasonRequired:
                reasonRequired = true
            }
        }
        return OverridePolicy(maximumRate: maximumRate, maximumAmount: maximumAmount, reasonRequired: reasonRequired,
                              keywordSpan: statement.keyword.span)
    }

    /// A rate must lie between 0% and 100%.
    mutating func checkRate(_ rate: Rate, at span: Span) -> Bool {
        if rate.millionths < 0 {
            diagnostics.append(.outOfRange("the rate \(rate)", "cannot be negative", at: span))
            return false
        }
        if rate.millionths > Rate.scale {
            diagnostics.append(.outOfRange("the rate \(rate)", "is above 100%", at: span))
            return false
        }
        return true
    }

    @discardableResult
    mutating func checkEntry(_ kind: EntryKind, _ value: Located<String>) -> Bool {
        let text = value.value
        let valid: Bool
        switch kind {
        case .ean:
            valid = (8...14).contains(text.utf8.count) && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        case .article:
            valid = !text.isEmpty && text.utf8.count <= 64 && text.unicodeScalars.allSatisfy {
                ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == ".")
            }
        }
        if !valid { diagnostics.append(.invalidEntry(text, kind: kind, at: value.span)) }
        return valid
    }

    /// Splits a message into text and `{placeholder}` parts.
    private mutating func checkTemplate(_ text: Located<String>) -> MessageTemplate? {
        var parts: [MessageTemplate.Part] = []
        var literal = ""
        var rest = Substring(text.value)
        var ok = true
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                diagnostics.append(.unclosedPlaceholder(at: text.span))
                return nil
            }
            let name = String(rest[rest.index(after: open)..<close])
            if let placeholder = Placeholder(rawValue: name) {
                if !literal.isEmpty { parts.append(.text(literal)) }
                literal = ""
                parts.append(.placeholder(placeholder))
            } else {
                // Point at the placeholder itself when the string has no escapes to shift offsets.
                var span = text.span
                if source.text(of: text.span) == "\"" + text.value + "\"" {
                    let start = text.span.start + 1 + text.value.utf8.distance(from: text.value.startIndex, to: open)
                    span = Span(start, start + name.utf8.count + 2)
                }
                diagnostics.append(.unknownPlaceholder(name, at: span, known: Placeholder.allCases.map(\.rawValue)))
                ok = false
            }
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.text(literal)) }
        return ok ? MessageTemplate(parts: parts) : nil
    }

    // MARK: The program as a whole

    private mutating func checkWhole(_ syntax: ProgramSyntax) {
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

    private func span(of span: Span?) -> Span { span ?? Span(0, 0) }

    // MARK: Values and units

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

    private enum AddFailure { case unitsDiffer, overflow }

    private func addFailure(_ a: Value, _ b: Value) -> AddFailure {
        switch (a, b) {
        case (.money, .money), (.percent, .percent), (.points, .points), (.duration, .duration), (.count, .count):
            return .overflow
        default:
            return .unitsDiffer
        }
    }

    private func add(_ a: Value, _ b: Value) -> Value? {
        switch (a, b) {
        case let (.money(x), .money(y)): return Checked.add(x, y).map { .money($0) }
        case let (.percent(x), .percent(y)): return Checked.add(x.millionths, y.millionths).map { .percent(Rate(millionths: $0)) }
        case let (.points(x), .points(y)): return Checked.add(x, y).map { .points($0) }
        case let (.duration(x), .duration(y)): return Checked.add(x, y).map { .duration($0) }
        case let (.count(x), .count(y)): return Checked.add(x, y).map { .count($0) }
        default: return nil
        }
    }

    private func describe(_ value: Value, span: Span) -> String {
        let text = VisibleText.quoted(source.text(of: span))
        switch value {
        case .money: return "an amount of money \(text)"
        case .percent: return "a percentage \(text)"
        case .points: return "points \(text)"
        case .duration: return "a duration \(text)"
        case .count: return "a plain number \(text)"
        }
    }

    private static let durations: [String: Int64] = [
        "second": 1, "seconds": 1, "minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86_400, "days": 86_400,
    ]

    /// One quantity: its number read exactly at the scale its unit needs.
    private mutating func quantity(_ term: QuantitySyntax) -> Value? {
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
