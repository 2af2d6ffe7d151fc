/// Replays requests through two versions of a program and adds up what changes: the
/// answer to "what will this change cost?". Feed it requests one by one with `add`, then
/// read `differences` and the totals.
public struct ProgramComparison: Sendable {
    /// One request whose numbers differ between the two programs.
    public struct Difference: Sendable, Equatable {
        /// Where the request came from, such as `line 12`.
        public let label: String
        public let orderID: String?
        /// Each number that changed: its name, the old and the new value as text.
        public let changes: [(name: String, old: String, new: String)]

        public static func == (lhs: Difference, rhs: Difference) -> Bool {
            lhs.label == rhs.label && lhs.orderID == rhs.orderID
                && lhs.changes.map { "\($0.name)|\($0.old)|\($0.new)" } == rhs.changes.map { "\($0.name)|\($0.old)|\($0.new)" }
        }
    }

    /// Sums over all requests that both programs evaluated.
    public struct Totals: Sendable, Equatable {
        public var pointsIssued: Int64 = 0
        public var bonusIssued: Int64 = 0
        /// Cashback (the value of points and bonus earned), offer cashback and offer discounts, in minor units.
        public var valueGivenAway: Int64 = 0
        /// Whether a sum went past 64 bits (the sums then stop at their last value).
        public var overflowed = false
    }

    public let old: Program
    public let new: Program
    public private(set) var requests = 0
    public private(set) var differences: [Difference] = []
    public private(set) var oldTotals = Totals()
    public private(set) var newTotals = Totals()

    /// Both programs must be in the same currency, so that one request means the same to both.
    public init(old: Program, new: Program) throws(EvaluationError) {
        guard old.currency == new.currency else {
            throw EvaluationError(field: nil, "the programs are in different currencies (\(old.currency.code) and \(new.currency.code))")
        }
        self.old = old
        self.new = new
    }

    /// Evaluates one request (JSON text) with both programs and records what differs.
    /// A request that one program refuses and the other accepts is a difference too.
    public mutating func add(json: String, label: String) {
        requests += 1
        let request = Result { () throws(EvaluationError) in try Request(json: json, currency: old.currency) }
        let before = request.flatMap { request in Result { () throws(EvaluationError) in try old.evaluate(request) } }
        let after = request.flatMap { request in Result { () throws(EvaluationError) in try new.evaluate(request) } }
        if case .success(let outcome) = before { oldTotals.add(outcome) }
        if case .success(let outcome) = after { newTotals.add(outcome) }
        var changes: [(name: String, old: String, new: String)] = []
        switch (before, after) {
        case (.success(let a), .success(let b)):
            let oldNumbers = a.comparedValues(old.currency)
            let newNumbers = b.comparedValues(new.currency)
            for (entry, other) in zip(oldNumbers, newNumbers) where entry.value != other.value {
                changes.append((entry.name, entry.value, other.value))
            }
        default:
            let describe = { (result: Result<Outcome, EvaluationError>) -> String in
                switch result {
                case .success(let outcome): return outcome.status.rawValue
                case .failure(let error): return "error: \(error)"
                }
            }
            if describe(before) != describe(after) { changes.append(("result", describe(before), describe(after))) }
        }
        guard !changes.isEmpty else { return }
        let orderID = (try? request.get())?.orderID
        differences.append(Difference(label: label, orderID: orderID, changes: changes))
    }
}

extension ProgramComparison.Totals {
    mutating func add(_ outcome: Outcome) {
        guard outcome.status != .declined, !overflowed else { return }
        guard let points = Checked.add(pointsIssued, outcome.pointsEarned),
              let bonus = Checked.add(bonusIssued, outcome.bonusEarned),
              let value = Checked.sum([valueGivenAway, outcome.cashback, outcome.offerCashback, outcome.discount]) else {
            overflowed = true
            return
        }
        (pointsIssued, bonusIssued, valueGivenAway) = (points, bonus, value)
    }
}
