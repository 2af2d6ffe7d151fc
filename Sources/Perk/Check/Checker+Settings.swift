/// The top-level settings of a program: currency, point value, redeem order, bonus
/// products and card-linked offers.
extension Checker {
    mutating func checkCurrency(_ code: Located<String>, _ statement: Statement) {
        once("currency", statement)
        guard let currency = Currency(code: code.value) else {
            diagnostics.append(.unknownCurrency(code.value, at: code.span))
            return
        }
        if program.currency == nil { program.currency = currency }
    }

    mutating func checkPointValue(_ points: ValueSyntax, _ money: ValueSyntax, _ statement: Statement) {
        once("point value", statement)
        guard case .points(let count)? = value(points, expecting: .points),
              case .money(let minor)? = value(money, expecting: .money) else { return }
        if count <= 0 { diagnostics.append(.outOfRange("the number of points", "must be above zero", at: points.span)) }
        if minor <= 0 { diagnostics.append(.outOfRange("the value of points", "must be above zero", at: money.span)) }
        if count > 0 && minor > 0 { program.pointValue = PointValue(points: count, minorUnits: minor) }
    }

    mutating func checkRedeem(_ balances: [Located<BalanceKind>], _ statement: Statement) {
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

    mutating func checkBonusProducts(_ products: [BonusProductSyntax]) {
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

    mutating func checkOffer(_ id: Located<String>, _ items: [OfferItem], _ statement: Statement) {
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
}
