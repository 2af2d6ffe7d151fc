/// The steps of a sale that decide what it earns: the program's plan of rules (the list that
/// decides which lines count, those that take tenders and points payments off the revenue
/// of the lines, then those that earn).
extension Evaluation {
    /// The revenue of the lines (and bonus product lines) that `list` counts, before the rules
    /// take tenders and points payments off it, and how many of them it counts.
    mutating func linesRevenue(bonusLines: [Outcome.BonusProductLine],
                               list: ArticleList?) throws(EvaluationError) -> (revenue: Int64, counted: Int) {
        var revenue: Int64
        var counted = 0
        if request.lines.isEmpty {
            revenue = outcome.saleTotal
        } else {
            let fullPrices: Bool
            if case .rate(_, .full)? = scope.earn?.kind { fullPrices = true } else { fullPrices = false }
            revenue = 0
            for index in request.lines.indices {
                var amount = lineTotal(index)
                if fullPrices, let full = request.lines[index].fullPrice {
                    amount = try lineTotal(full, 1, request.lines[index].quantityThousandths, line: index, field: "full_price")
                }
                // The line's article number and EAN are read only when a list needs them.
                let decision = list.map { ListMatch(by: $0, line: index, of: requestPointer) } ?? ListMatch()
                lineCounted[index] = decision.counted
                if log != nil {
                    let why = reason(decision, list, article: request.lines[index].article, ean: request.lines[index].ean)
                    log?.lines.append(.init(line: "lines[\(index)]", amount: amount, counted: decision.counted, reason: why))
                }
                if decision.counted {
                    guard let sum = Checked.add(revenue, amount) else { throw .overflow("lines") }
                    revenue = sum
                    counted += 1
                }
            }
            for index in bonusLines.indices {
                let amount = bonusLines[index].amount
                let decision = ListMatch(by: list, article: bonusLines[index].article, ean: nil)
                if log != nil {
                    let article = bonusLines[index].article
                    let why = reason(decision, list, article: article, ean: nil)
                    log?.lines.append(.init(line: "bonus product \(article)", amount: amount, counted: decision.counted, reason: why))
                }
                if decision.counted {
                    revenue = max(0, revenue + amount)
                    counted += 1
                }
            }
        }
        // Without bonus products to carry it (and to be listed), a redeemed bonus is simply a discount.
        let redeemed = outcome.bonusRedeemed
        if redeemed > 0 && bonusLines.isEmpty {
            revenue = max(0, revenue - redeemed)
            log?.step("bonus redeemed", applied: true, "the redeemed bonus \(currency.money(redeemed)) is a discount: not revenue")
        }
        return (revenue, counted)
    }

    /// Why a line counts or not by `list`, for the trace.
    func reason(_ decision: ListMatch, _ list: ArticleList?, article: String?, ean: String?) -> String {
        guard let kind = decision.list, let list else { return "no article list" }
        if let entry = decision.entry {
            let value = (entry.kind == .article ? article : ean) ?? ""
            let line = rules.source.location(of: entry.offset).line
            return "on the \(kind.rawValue): \(entry.kind.rawValue) \(value) (\(list.location.file):\(line))"
        }
        return kind == .whitelist ? "not on the whitelist (\(list.location))" : "not on the blacklist"
    }

    /// The plan's stages after the payment: the list that decides which lines count, so that
    /// the lines (and `bonusLines`) give the revenue; the revenue stage, which takes tenders
    /// and points payments off it and leaves the eligible revenue; then the points and the
    /// bonus earned. Refuses a sale without a time when a rule reads it, and a tier the
    /// program does not have.
    mutating func applyRules(_ evaluation: inout RuleEvaluation,
                             bonusLines: [Outcome.BonusProductLine]) throws(EvaluationError) -> (points: Int64, bonus: Int64) {
        let plan = rules.plan
        // Only earning rules read the time and the tier: a program whose plan holds nothing
        // but offers, lists, tenders and points payments takes any.
        var tierRank = 0
        if plan.earns {
            if plan.readsTime, request.time == nil {
                throw EvaluationError(field: "time", "required: the program's rules read the sale's date and time")
            }
            if let tier = request.customer?.tier {
                guard let rank = plan.tiers.firstIndex(of: tier) else {
                    let known = plan.tiers.isEmpty ? "this program has no tiers" : "the tiers are " + Wording.choices(plan.tiers)
                    throw EvaluationError(field: "customer.tier", "unknown tier \(VisibleText.quoted(tier)); "
                                          + (Spelling.help(tier, from: plan.tiers) ?? known))
                }
                tierRank = rank
            }
        }
        evaluation.afterPayment(tierRank: tierRank, paidWithPoints: amountPaidWithPoints)
        let listRule = plan.listRules.isEmpty ? nil : evaluation.listRule()
        let (revenue, counted) = try linesRevenue(bonusLines: bonusLines, list: listRule.flatMap { plan.list(of: $0) })
        if tracing, let listRule {
            evaluation.reasons[listRule] = "\(counted) of \(request.lines.count + bonusLines.count) lines count"
        }
        evaluation.lines(revenue: revenue)
        // Every rule of the revenue stage needs a tender or a points payment: without
        // either, none applies (and only a trace wants to hear why).
        if !plan.revenueRules.isEmpty, tracing || !request.tenders.isEmpty || amountPaidWithPoints > 0 {
            evaluation.revenue(log: &log)
        }
        noteEarnings(eligible: evaluation.facts.eligibleRevenue)
        let earned = plan.steps.isEmpty ? 0 : try evaluation.run(log: &log)
        if let inspect = outcome.inspectedRule { outcome.inspection = evaluation.checks(of: inspect) }
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

    /// Sets the eligible revenue, and says in the trace what the program does not: that a
    /// part paid with points is revenue, and that nothing earns when the sale's scope has no
    /// `earn`.
    mutating func noteEarnings(eligible: Int64) {
        outcome.eligibleRevenue = eligible
        if scope.pointsPaymentsEarnNothing == nil, amountPaidWithPoints > 0 {
            log?.step("points payments earn", applied: true,
                      "the program does not say `points payments earn nothing`: \(currency.money(amountPaidWithPoints)) paid with points is revenue")
        }
        // A program whose named rules earn needs no `earn` statement: the step is for one
        // that has neither.
        if scope.earn == nil, !rules.plan.namedRulesEarn {
            log?.step("earn", applied: false, "the program has no earn rule for this sale")
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
