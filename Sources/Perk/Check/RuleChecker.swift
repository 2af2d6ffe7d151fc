/// Checks the program's rules and what they read: the time zone, the tiers, the minimum,
/// the named lists, then every rule's conditions and effect, with units and names resolved.
extension Checker {
    /// The weekdays by name, for conditions and "did you mean".
    private static let weekdayNames = Weekday.allCases.map(\.name)

    mutating func checkRules(_ statements: [Statement]) {
        var lists: [String: Int32] = [:]
        var zoneSpan: Span?
        for statement in statements {
            switch statement.kind {
            case .timeZone(let name):
                once("time zone", statement)
                zoneSpan = name.span
                do {
                    program.zone = try TimeZoneRules.load(name.value)
                } catch {
                    diagnostics.append(.unknownTimeZone(error, at: name.span))
                }
            case .tiers(let names):
                once("tiers", statement)
                var seenTiers: [String: Span] = [:]
                for name in names {
                    if let first = seenTiers[name.value] {
                        diagnostics.append(.duplicate("tier \(VisibleText.quoted(name.value))", at: name.span, first: location(first)))
                    }
                    seenTiers[name.value] = name.span
                }
                program.tiers = names.map(\.value)
                if names.count > 64 {
                    diagnostics.append(.outOfRange("a program", "has at most 64 tiers", at: statement.span))
                }
            case .minimum(let syntax):
                once("minimum eligible revenue", statement)
                guard case .money(let minor)? = value(syntax, expecting: .money) else { continue }
                if minor < 0 { diagnostics.append(.outOfRange("the minimum", "cannot be negative", at: syntax.span)) }
                program.minimum = minor
            case .namedList(let name, let entries):
                if lists[name.value] != nil {
                    diagnostics.append(.duplicate("list \(VisibleText.quoted(name.value))", at: name.span, first: location(statement.span)))
                }
                var articles: Set<String> = []
                var eans: Set<String> = []
                for entry in entries where checkEntry(entry.kind.value, entry.value) {
                    if entry.kind.value == .article { articles.insert(entry.value.value) } else { eans.insert(entry.value.value) }
                }
                lists[name.value] = program.predicates.add(list: name.value, articles: articles.sorted(), eans: eans.sorted())
            default:
                break
            }
        }
        let rules = statements.compactMap { statement -> (RuleSyntax, Statement)? in
            if case .rule(let rule) = statement.kind { return (rule, statement) }
            return nil
        }
        var names: [String: Int] = [:]
        for (index, (rule, _)) in rules.enumerated() {
            if rule.name.value.isEmpty { diagnostics.append(.emptyName("rule name", at: rule.name.span)) }
            if names[rule.name.value] != nil {
                diagnostics.append(.duplicate("rule \(VisibleText.quoted(rule.name.value))", at: rule.name.span,
                                              first: location(rules[names[rule.name.value] ?? 0].1.span)))
            } else {
                names[rule.name.value] = index
            }
        }
        var context = RuleContext(names: names, rules: rules.map(\.0), lists: lists, hasZone: zoneSpan != nil)
        var stopper: (name: String, span: Span)?
        for (rule, statement) in rules {
            if let stopper {
                diagnostics.append(.unreachableRule(rule.name.value, at: rule.name.span, stopper: stopper.name, stop: location(stopper.span)))
            }
            guard let checked = checkRule(rule, statement, &context) else { continue }
            program.rules.append(checked)
            if checked.stops, checked.conditions.isEmpty, stopper == nil { stopper = (rule.name.value, statement.span) }
        }
    }

    /// What checking one rule needs to know about the others.
    private struct RuleContext {
        let names: [String: Int]
        let rules: [RuleSyntax]
        /// The named lists, by their number in the program's `LinePredicates`.
        let lists: [String: Int32]
        let hasZone: Bool
    }

    private mutating func checkRule(_ rule: RuleSyntax, _ statement: Statement, _ context: inout RuleContext) -> CheckedRule? {
        var conditions: [Condition] = []
        var effect: Effect?
        var effectSpan: Span?
        var cap: Int64?
        var capSpan: Span?
        var stopSpan: Span?
        var valid = true
        for item in rule.items {
            switch item {
            case .when(let syntax, let span):
                if let condition = checkCondition(syntax, at: span, context) { conditions.append(condition) } else { valid = false }
            case .earn, .setRate, .multiply:
                if let effectSpan {
                    diagnostics.append(.ruleEffect("a rule has one effect", at: item.span,
                                                   help: "the rule's effect is at line \(location(effectSpan).line); write another rule for this one"))
                    valid = false
                    continue
                }
                effectSpan = item.span
                if let checked = checkEffect(item, context) { effect = checked } else { valid = false }
            case .cap(let syntax, let span):
                if let capSpan { diagnostics.append(.duplicate("`cap`", at: span, first: location(capSpan))) }
                capSpan = span
                let expected: Expected = program.reward == .bonus ? .money : .points
                guard let value = value(syntax, expecting: expected) else { valid = false; continue }
                if case .money(let amount) = value { cap = amount }
                if case .points(let amount) = value { cap = amount }
                if let amount = cap, amount < 0 {
                    diagnostics.append(.outOfRange("a cap", "cannot be negative", at: syntax.span))
                    valid = false
                }
            case .stop(let span):
                if let stopSpan { diagnostics.append(.duplicate("`stop`", at: span, first: location(stopSpan))) }
                stopSpan = span
            }
        }
        let stops = stopSpan != nil
        if effectSpan == nil, !stops {
            diagnostics.append(.ruleEffect("rule \(VisibleText.quoted(rule.name.value)) does nothing", at: rule.name.span,
                                           help: "give it an effect such as `earn 100 points`, or `stop`"))
            return nil
        }
        // A cap beside an effect that failed its own check says nothing more.
        if let capSpan, effectSpan == nil || (effect != nil && effect?.earns != true) {
            diagnostics.append(.ruleEffect("only a rule that earns can have a cap", at: capSpan))
            valid = false
        }
        guard valid else { return nil }
        let (line, column) = location(statement.span)
        return CheckedRule(name: rule.name.value, location: ProgramLocation(file: source.name, line: line, column: column),
                           conditions: conditions, effect: effect ?? .none, cap: cap, stops: stops)
    }

    // MARK: Conditions

    private mutating func checkCondition(_ syntax: ConditionSyntax, at span: Span, _ context: RuleContext) -> Condition? {
        switch syntax {
        case .dates(let from, let to):
            guard context.hasZone else { diagnostics.append(.needsTimeZone(at: span)); return nil }
            guard let first = date(from), let last = date(to) else { return nil }
            guard first <= last else { diagnostics.append(.reversedRange("the date range", at: from.span.to(to.span))); return nil }
            return .dates(first: first, last: last)
        case .weekdays(let names):
            guard context.hasZone else { diagnostics.append(.needsTimeZone(at: span)); return nil }
            var mask: UInt8 = 0
            for name in names {
                guard let day = Weekday(name: name.value) else {
                    diagnostics.append(.unknownName("weekday", name.value, at: name.span, known: Checker.weekdayNames))
                    return nil
                }
                mask |= 1 << UInt8(day.rawValue)
            }
            return .weekdays(mask: mask)
        case .hours(let from, let to):
            guard context.hasZone else { diagnostics.append(.needsTimeZone(at: span)); return nil }
            guard let start = minute(from), let end = minute(to) else { return nil }
            guard start != end else { diagnostics.append(.reversedRange("the time window", at: from.span.to(to.span))); return nil }
            return .hours(from: start, to: end)
        case .tier(let names, let orAbove):
            guard !program.tiers.isEmpty else { diagnostics.append(.needsTiers(at: span)); return nil }
            var mask: UInt64 = 0
            var named: UInt64 = 0
            for name in names {
                guard let rank = program.tiers.firstIndex(of: name.value) else {
                    diagnostics.append(.unknownName("tier", name.value, at: name.span, known: program.tiers))
                    return nil
                }
                named |= 1 << UInt64(rank)
                mask |= 1 << UInt64(rank)
                if orAbove { for higher in rank..<program.tiers.count { mask |= 1 << UInt64(higher) } }
            }
            return .tier(mask: mask, named: named, orAbove: orAbove)
        case .tag(let tag):
            guard !tag.value.isEmpty else { diagnostics.append(.emptyName("tag", at: tag.span)); return nil }
            return .tag(program.symbols.number(of: tag.value, .tag))
        case .birthday:
            guard context.hasZone else { diagnostics.append(.needsTimeZone(at: span)); return nil }
            return .birthday
        case .firstPurchase:
            return .firstPurchase
        case .amount(let subject, let comparison, let syntax):
            guard case .money(let minor)? = value(syntax, expecting: .money) else { return nil }
            return .amount(subject, comparison, minor)
        case .place(let field, let names):
            for name in names where name.value.isEmpty { diagnostics.append(.emptyName(field.rawValue, at: name.span)); return nil }
            return .place(field, program.symbols.set(of: names.map(\.value), Symbols.Kind(field)))
        case .tender(let id):
            guard !id.value.isEmpty else { diagnostics.append(.emptyName("tender id", at: id.span)); return nil }
            return .tender(program.symbols.number(of: id.value, .tender))
        }
    }

    private mutating func date(_ text: Located<String>) -> CivilDate? {
        guard let date = CivilDate(text.value) else { diagnostics.append(.invalidDate(text.value, at: text.span)); return nil }
        return date
    }

    /// `22:00` as a minute of the day; `24:00` is the end of the day.
    private mutating func minute(_ text: Located<String>) -> Int32? {
        let parts = text.value.split(separator: ":")
        guard parts.count == 2, let hours = Int32(parts[0]), let minutes = Int32(parts[1]), minutes < 60,
              hours < 24 || (hours == 24 && minutes == 0) else {
            diagnostics.append(.invalidClock(text.value, at: text.span))
            return nil
        }
        return hours * 60 + minutes
    }

    // MARK: Effects

    private mutating func checkEffect(_ item: RuleItem, _ context: RuleContext) -> Effect? {
        switch item {
        case .earn(let syntax, let span):
            return checkEarning(syntax, at: span, context).map { .earn($0) }
        case .setRate(let target, let rateSyntax, _):
            guard let index = targetRule(target, context, needsRate: true),
                  case .percent(let rate)? = value(rateSyntax, expecting: .percent), checkRate(rate, at: rateSyntax.span) else { return nil }
            return .setRate(target: index, rate)
        case .multiply(let target, let factorSyntax, _):
            guard let index = targetRule(target, context, needsRate: false),
                  case .count(let factor)? = value(factorSyntax, expecting: .number) else { return nil }
            // A plain number is read whole; a factor such as 1.5 is read again at the scale of rates.
            guard case .success(let millionths) = DecimalText.parse(factorSyntax.terms.count == 1 ? factorSyntax.terms[0].number : "", scale: 6),
                  factor >= 0, factorSyntax.terms.allSatisfy({ !$0.negative }) else {
                diagnostics.append(.outOfRange("a factor", "must be a number from 0 with at most 6 decimals, such as `2` or `1.5`", at: factorSyntax.span))
                return nil
            }
            return .multiply(target: index, factor: millionths)
        default:
            return nil
        }
    }

    /// The index of the rule a `set rate` or `multiply rate` names: a rule that earns (by a percentage, for `set rate`).
    private mutating func targetRule(_ name: Located<String>, _ context: RuleContext, needsRate: Bool) -> Int? {
        guard let index = context.names[name.value] else {
            diagnostics.append(.unknownName("rule", name.value, at: name.span, known: context.rules.map(\.name.value)))
            return nil
        }
        let earn = context.rules[index].items.lazy.compactMap { item -> EarnSyntax? in
            if case .earn(let earn, _) = item { return earn }
            return nil
        }.first
        guard let earn else {
            diagnostics.append(.ruleEffect("rule \(VisibleText.quoted(name.value)) earns nothing, so it has no rate", at: name.span))
            return nil
        }
        if needsRate, case .rate = earn.kind {} else if needsRate {
            diagnostics.append(.ruleEffect("rule \(VisibleText.quoted(name.value)) does not earn a percentage, so its rate cannot be set", at: name.span))
            return nil
        }
        return index
    }

    private mutating func checkEarning(_ syntax: EarnSyntax, at span: Span, _ context: RuleContext) -> Earning? {
        let reward = program.reward ?? .points
        let rounding = syntax.rounding?.value ?? .down
        switch syntax.kind {
        case .rate(let rateSyntax, let base):
            guard case .percent(let rate)? = value(rateSyntax, expecting: .percent), checkRate(rate, at: rateSyntax.span) else { return nil }
            switch base {
            case .eligibleRevenue(let prices):
                if prices?.value == .full {
                    diagnostics.append(.ruleEffect("`at full prices` is written in the program's `earn` statement, not in a rule", at: span))
                    return nil
                }
                return Earning(kind: .rate(rate, .eligibleRevenue), rounding: rounding)
            case .lines(let lines):
                guard let predicate = linePredicate(lines, context) else { return nil }
                return Earning(kind: .rate(rate, .lines(predicate)), rounding: rounding)
            }
        case .perAmount(let pointsSyntax, let perSyntax, let lines):
            guard requirePoints(reward, at: span), case .points(let points)? = value(pointsSyntax, expecting: .points),
                  case .money(let per)? = value(perSyntax, expecting: .money) else { return nil }
            guard points > 0, per > 0 else {
                diagnostics.append(.outOfRange("points and amount", "must be above zero", at: span))
                return nil
            }
            guard let predicate = linePredicate(lines, context) else { return nil }
            return Earning(kind: .perAmount(points: points, perMinorUnits: per, lines == nil ? .eligibleRevenue : .lines(predicate)),
                           rounding: rounding)
        case .perUnit(let pointsSyntax, let unit, let lines):
            guard requirePoints(reward, at: span), case .points(let points)? = value(pointsSyntax, expecting: .points) else { return nil }
            if Currency(code: unit.value) != nil || unit.value == "point" || unit.value == "points" {
                diagnostics.append(.ruleEffect("`per \(unit.value)` needs a unit of quantity such as `litre` or `kg`", at: unit.span))
                return nil
            }
            guard points > 0 else { diagnostics.append(.outOfRange("points", "must be above zero", at: pointsSyntax.span)); return nil }
            guard let predicate = linePredicate(lines, context) else { return nil }
            return Earning(kind: .perUnit(points: points, unit: program.symbols.number(of: unit.value, .unit), lines: predicate),
                           rounding: rounding)
        case .fixed(let amountSyntax):
            let expected: Expected = reward == .bonus ? .money : .points
            guard let amount = value(amountSyntax, expecting: expected) else { return nil }
            switch amount {
            case .money(let minor), .points(let minor):
                if minor < 0 { diagnostics.append(.outOfRange("what a rule earns", "cannot be negative", at: amountSyntax.span)); return nil }
                return Earning(kind: .fixed(minor), rounding: rounding)
            default:
                return nil
            }
        }
    }

    private mutating func requirePoints(_ reward: RewardKind, at span: Span) -> Bool {
        guard reward == .bonus else { return true }
        diagnostics.append(.rewardMismatch("an earn rule in points in a program whose reward is bonus money", at: span,
                                           help: "write it as a percentage, such as `earn 10% of eligible revenue rounded down`"))
        return false
    }

    /// The root of the predicate of `lines …`, resolved; `.some(nil)` for every eligible line, nil on an error.
    private mutating func linePredicate(_ lines: LinesSyntax?, _ context: RuleContext) -> Int32?? {
        guard let syntax = lines?.predicate else { return .some(nil) }
        guard let resolved = resolve(syntax, context) else { return nil }
        return .some(resolved)
    }

    /// The predicate, added to the program's `LinePredicates`: the number of its root.
    private mutating func resolve(_ syntax: LinePredicateSyntax, _ context: RuleContext) -> Int32? {
        let node: LinePredicate
        switch syntax {
        case .category(let name):
            guard !name.value.isEmpty else { diagnostics.append(.emptyName("category", at: name.span)); return nil }
            node = .category(program.predicates.category(name.value))
        case .list(let name):
            guard let list = context.lists[name.value] else {
                diagnostics.append(.unknownName("list", name.value, at: name.span, known: context.lists.keys.sorted()))
                return nil
            }
            node = .listed(list)
        case .article(let value):
            guard checkEntry(.article, value) else { return nil }
            node = .listed(program.predicates.add(articles: [value.value], eans: []))
        case .ean(let value):
            guard checkEntry(.ean, value) else { return nil }
            node = .listed(program.predicates.add(articles: [], eans: [value.value]))
        case .not(let inner):
            guard let resolved = resolve(inner, context) else { return nil }
            node = .not(resolved)
        case .and(let left, let right):
            guard let l = resolve(left, context), let r = resolve(right, context) else { return nil }
            node = .and(l, r)
        case .or(let left, let right):
            guard let l = resolve(left, context), let r = resolve(right, context) else { return nil }
            node = .or(l, r)
        }
        return program.predicates.add(node)
    }
}
