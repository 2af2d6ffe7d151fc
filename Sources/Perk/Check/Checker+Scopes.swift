/// The settings a scope states, at the top level or in a brand or merchant section: the earn
/// statement, lists, overrides, messages, tenders that earn nothing; and the entries, rates and
/// message templates they hold.
extension Checker {
    mutating func scopeStatement(_ statement: Statement, into settings: inout ScopeSettings,
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
            settings.list = ArticleList(kind: kind, articles: articles, eans: eans, location: sourceLocation(statement.span))
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

    mutating func checkOverrides(_ items: [OverrideItem], _ statement: Statement) -> OverridePolicy {
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
    mutating func checkTemplate(_ text: Located<String>) -> MessageTemplate? {
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
}
