extension Program {
    /// Evaluates a request against this program. A pure function: no clock, no I/O, the
    /// same request always gives the same outcome, and it may run on many threads at once.
    /// On error nothing is credited, burned or redeemed: there is no partial outcome.
    ///
    /// With `trace: false` the outcome's trace stays empty and evaluating costs no text at
    /// all: the choice for a payment path that needs the numbers, not why they are what they are.
    public func evaluate(_ request: Request, trace: Bool = true) throws(EvaluationError) -> Outcome {
        try evaluate(request, trace: trace, inspect: nil)
    }

    /// One rule's conditions on a request, each with whether it holds and the value of the
    /// sale it read, beside the rule's result: why it applied or not, condition by condition.
    /// Nil when the program has no rule of that name.
    public func inspect(rule name: String, _ request: Request) throws(EvaluationError) -> RuleInspection? {
        guard let index = ruleNames.firstIndex(of: name) else { return nil }
        let outcome = try evaluate(request, trace: true, inspect: index)
        guard index < outcome.rules.count else { return nil }  // a declined payment's outcome holds no rules
        return RuleInspection(rule: outcome.rules[index], location: rules.plan.rules[index].location, checks: outcome.inspection)
    }

    /// `evaluate`, and with `inspect`, the checks of that rule's conditions in the outcome.
    @inline(__always)  // the public `evaluate` is this, with no call between
    func evaluate(_ request: Request, trace: Bool, inspect: Int?) throws(EvaluationError) -> Outcome {
        try request.validate()
        var outcome = Outcome(kind: request.kind, currency: rules.currency)
        // Asked of the outcome's rare parts, so that an ordinary evaluation carries nothing more.
        if let inspect { outcome.inspectedRule = inspect }
        // The request is read and the outcome written in place; the lines' totals, whether
        // each counts toward eligible revenue and (with a trace) the rules' reasons are kept
        // on the stack.
        try withUnsafePointer(to: request) { (request) throws(EvaluationError) in
            try withUnsafeMutablePointer(to: &outcome) { (outcome) throws(EvaluationError) in
                let count = request.pointee.lines.count
                try withUnsafeTemporaryAllocation(of: Int64.self, capacity: count) { (lineTotals) throws(EvaluationError) in
                    try withUnsafeTemporaryAllocation(of: Bool.self, capacity: count) { (lineCounted) throws(EvaluationError) in
                        lineCounted.initialize(repeating: false)
                        let rules = trace ? self.rules.plan.steps.count : 0
                        try withUnsafeTemporaryAllocation(of: String?.self, capacity: rules) { (ruleReasons) throws(EvaluationError) in
                            ruleReasons.initialize(repeating: nil)
                            defer { ruleReasons.deinitialize() }
                            var evaluation = Evaluation.start(rules: self.rules, request: request, outcome: outcome, lineTotals: lineTotals,
                                                              lineCounted: lineCounted, ruleReasons: ruleReasons, tracing: trace)
                            try evaluation.run()
                        }
                    }
                }
            }
        }
        return outcome
    }
}
