/// The steps of a sale that decide what it earns: the eligible revenue (lists, tenders and
/// points payments that earn nothing), then the program's plan of rules.
extension Evaluation {
    /// The revenue the earn rule applies to: the counted lines (and bonus product lines),
    /// less tenders that earn nothing and the part paid with points where the program says so.
    mutating func eligibleRevenue(bonusLines: [Outcome.BonusProductLine]) throws(EvaluationError) -> Int64 {
        var revenue: Int64
        if request.lines.isEmpty {
            revenue = outcome.saleTotal
        } else {
            let fullPrices: Bool
            if case .rate(_, .full)? = scope.earn?.kind { fullPrices = true } else { fullPrices = false }
            revenue = 0
            // The list that decides which lines count. (A method of the evaluation deciding
            // instead would copy the evaluation on every call.)
            let list = scope.whitelist ?? scope.blacklist
            for index in request.lines.indices {
                var amount = lineTotal(index)
                if fullPrices, let full = request.lines[index].fullPrice {
                    amount = try lineTotal(full, 1, request.lines[index].quantityThousandths, line: index, field: "full_price")
                }
                // The line's article number and EAN are read only when a list needs them.
                let decision = list.map { ListMatch(by: $0, line: index, of: requestPointer) } ?? ListMatch()
                lineCounted[index] = decision.counted
                if log != nil {
                    let why = reason(decision, article: request.lines[index].article, ean: request.lines[index].ean)
                    log?.lines.append(.init(line: "lines[\(index)]", amount: amount, counted: decision.counted, reason: why))
                }
                if decision.counted {
                    guard let sum = Checked.add(revenue, amount) else { throw .overflow("lines") }
                    revenue = sum
                }
            }
            for index in bonusLines.indices {
                let amount = bonusLines[index].amount
                let decision = ListMatch(by: list, article: bonusLines[index].article, ean: nil)
                if log != nil {
                    let article = bonusLines[index].article
                    let why = reason(decision, article: article, ean: nil)
                    log?.lines.append(.init(line: "bonus product \(article)", amount: amount, counted: decision.counted, reason: why))
                }
                if decision.counted { revenue = max(0, revenue + amount) }
            }
        }
        // Without bonus products to carry it (and to be listed), a redeemed bonus is simply a discount.
        let redeemed = outcome.bonusRedeemed
        if redeemed > 0 && bonusLines.isEmpty {
            revenue = max(0, revenue - redeemed)
            log?.step("bonus redeemed", applied: true, "the redeemed bonus \(currency.money(redeemed)) is a discount: not revenue")
        }
        if log != nil {
            for (tender, location) in scope.noEarnTenders.sorted(by: { $0.key < $1.key })
            where !request.tenders.contains(where: { $0.id == tender }) {
                log?.step("tender \"\(tender)\" earns nothing", location, applied: false, "no such tender on the receipt")
            }
        }

        for tender in request.tenders {
            guard let location = scope.noEarnTenders[tender.id] else { continue }
            revenue = max(0, revenue - tender.amount)  // both are non-negative: no overflow
            log?.step("tender \"\(tender.id)\" earns nothing", location, applied: true,
                      "\(currency.money(tender.amount)) paid with it is not revenue")
        }
        if let location = scope.pointsPaymentsEarnNothing {
            if amountPaidWithPoints > 0 {
                revenue = max(0, revenue - amountPaidWithPoints)
                log?.step("points payments earn nothing", location, applied: true,
                          "\(currency.money(amountPaidWithPoints)) paid with points is not revenue")
            } else {
                log?.step("points payments earn nothing", location, applied: false, "nothing was paid with points")
            }
        } else if amountPaidWithPoints > 0 {
            log?.step("points payments earn", applied: true,
                      "the program does not say `points payments earn nothing`: \(currency.money(amountPaidWithPoints)) paid with points is revenue")
        }
        return revenue
    }

    /// Why a line counts or not, for the trace.
    func reason(_ decision: ListMatch, article: String?, ean: String?) -> String {
        guard let kind = decision.list, let list = kind == .whitelist ? scope.whitelist : scope.blacklist else {
            return "no article list"
        }
        if let entry = decision.entry {
            let value = (entry.kind == .article ? article : ean) ?? ""
            let line = rules.source.location(of: entry.offset).line
            return "on the \(kind.rawValue): \(entry.kind.rawValue) \(value) (\(list.location.file):\(line))"
        }
        return kind == .whitelist ? "not on the whitelist (\(list.location))" : "not on the blacklist"
    }

    /// The facts the program's rules read, then the rules themselves (the `earn` statements
    /// among them): the points and the bonus earned. Refuses a sale without a time when a
    /// rule reads it, and a tier the program does not have.
    mutating func applyRules(total: Int64, eligible: Int64) throws(EvaluationError) -> (points: Int64, bonus: Int64) {
        if scope.earn == nil { log?.step("earn", applied: false, "the program has no earn rule for this sale") }
        let plan = rules.plan
        guard !plan.steps.isEmpty else { return (0, 0) }
        if plan.readsTime, request.time == nil {
            throw EvaluationError(field: "time", "required: the program's rules read the sale's date and time")
        }
        var tierRank = 0
        if let tier = request.customer?.tier {
            guard let rank = plan.tiers.firstIndex(of: tier) else {
                let known = plan.tiers.isEmpty ? "this program has no tiers" : "the tiers are " + Wording.choices(plan.tiers)
                throw EvaluationError(field: "customer.tier", "unknown tier \(VisibleText.quoted(tier)); "
                                      + (Spelling.help(tier, from: plan.tiers) ?? known))
            }
            tierRank = rank
        }
        let local = request.time.flatMap { time in plan.zone?.localTime(of: time) }
        var reasons: [String?] = []
        var earned: Int64 = 0
        let tracing = log != nil
        let values = try request.lines.withUnsafeBufferPointer { (lines) throws(EvaluationError) in
            let facts = Facts(plan: plan, requestPointer: requestPointer, currency: currency, local: local, tierRank: tierRank,
                              scopeEarn: scope.earnIndex, scopeLabel: tracing ? scope.label : nil, eligibleRevenue: eligible,
                              total: total, lines: lines, lineAmounts: UnsafeBufferPointer(lineTotals),
                              lineCounted: UnsafeBufferPointer(lineCounted),
                              categories: plan.readsCategories ? plan.lines.categories(of: lines, counted: UnsafeBufferPointer(lineCounted)) : 0,
                              places: plan.readsPlaces ? PlaceNumbers(of: requestPointer, in: plan.symbols) : .none)
            let evaluation = RuleEvaluation(facts: facts, reward: rules.reward, pointValue: rules.pointValue, tracing: tracing)
            return try Outcome.RuleValues.make(count: plan.steps.count) { (values) throws(EvaluationError) in
                earned = try evaluation.run(values: values, reasons: &reasons, log: &log)
            }
        }
        outcome.ruleResults = Outcome.PackedRuleResults(table: plan.results, values: values)
        if !reasons.isEmpty { outcome.ruleReasons = reasons }
        switch rules.reward {
        case .points:
            outcome.pointsEarned = earned
            if let pointValue = rules.pointValue { outcome.cashback = try pointValue.worth(earned, field: request.resultField) }
            return (earned, 0)
        case .bonus:
            outcome.bonusEarned = earned
            outcome.cashback = earned
            return (0, earned)
        }
    }
}

/// Whether a basket line counts toward eligible revenue, by the scope's lists: the list
/// that decided, and the entry the line matched. A whitelist counts only its entries, a
/// blacklist counts everything else. Its reason is text only when a trace asks for it.
struct ListMatch {
    /// The list that decided, if the scope has one.
    let list: ListKind?
    let entry: ArticleList.Entry?

    /// The decision of `list` (the scope's whitelist, else its blacklist) on a line.
    init(by list: ArticleList?, article: String?, ean: String?) {
        self.list = list?.kind
        entry = list?.match(article: article, ean: ean)
    }

    /// The decision of `list` on the line at `index` of a request, read in place.
    init(by list: ArticleList, line index: Int, of request: UnsafePointer<Request>) {
        self.list = list.kind
        entry = request.pointee.lines.withUnsafeBufferPointer { lines in
            lines.baseAddress.flatMap { first in list.match(article: first[index].article, ean: first[index].ean) }
        }
    }

    /// The decision when the scope has no list: every line counts.
    init() {
        list = nil
        entry = nil
    }

    var counted: Bool { list == nil || (list == .whitelist) == (entry != nil) }
}
