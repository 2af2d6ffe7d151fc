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

    /// What one rule gave under each version, over the requests both versions evaluated.
    public struct RuleCost: Sendable, Equatable {
        public let name: String
        /// What `givenOld` and `givenNew` count: points, or minor units of bonus money.
        public let unit: RewardKind
        /// Whether each version has the rule.
        public var inOld: Bool { oldIndex != nil }
        public var inNew: Bool { newIndex != nil }
        /// Where the rule is among each version's rules.
        let oldIndex: Int?
        let newIndex: Int?
        /// In how many requests it applied under each version.
        public var appliedOld = 0
        public var appliedNew = 0
        /// What it gave in all, after its caps.
        public var givenOld: Int64 = 0
        public var givenNew: Int64 = 0
        public var change: Int64 { givenNew &- givenOld }
        /// `unit` as the report counts it.
        var measure: Measure { unit == .points ? .points : .bonus }
    }

    /// What a request's change is counted in: the points earned when both versions give
    /// points, the bonus earned when both give bonus money, else the value given away.
    public enum Measure: String, Sendable {
        case points, bonus
        case value = "value given away"
    }

    /// How much more (or less) one request earned under the new version, in `measure`.
    public struct RequestChange: Sendable, Equatable {
        public let label: String
        public let orderID: String?
        public let change: Int64
    }

    /// Requests whose change falls between `low` and `high` (either open when nil).
    public struct Bucket: Sendable, Equatable {
        public let low: Int64?
        public let high: Int64?
        public var count = 0
    }

    public let old: Program
    public let new: Program
    public let measure: Measure
    public private(set) var requests = 0
    public private(set) var differences: [Difference] = []
    public private(set) var oldTotals = Totals()
    public private(set) var newTotals = Totals()
    /// Every rule of either version: the old version's in its order, then those only the new has.
    public private(set) var rules: [RuleCost]
    /// The change of every request both versions evaluated, in the order they were added.
    public private(set) var changes: [RequestChange] = []
    /// The lines that are no request at all (not JSON, or a field neither version could read),
    /// with why: skipped, the others replayed.
    public private(set) var skipped: [(label: String, error: EvaluationError)] = []
    /// What the requests both versions evaluated earned each day (in `measure`), the day read
    /// in the new version's time zone (or the request's own offset when it has none).
    public private(set) var days: [CivilDate: (old: Int64, new: Int64)] = [:]
    /// What the requests without a time earned, and how many there were: no day to count them on.
    public private(set) var undated: (requests: Int, old: Int64, new: Int64) = (0, 0, 0)

    /// Both programs must be in the same currency, so that one request means the same to both.
    public init(old: Program, new: Program) throws(EvaluationError) {
        guard old.currency == new.currency else {
            throw EvaluationError(field: nil, "the programs are in different currencies (\(old.currency.code) and \(new.currency.code))")
        }
        self.old = old
        self.new = new
        measure = old.reward != new.reward ? .value : (new.reward == .points ? .points : .bonus)
        let (oldNames, newNames) = (old.ruleNames, new.ruleNames)
        rules = (oldNames + newNames.filter { !oldNames.contains($0) }).map { name in
            RuleCost(name: name, unit: newNames.contains(name) ? new.reward : old.reward,
                     oldIndex: oldNames.firstIndex(of: name), newIndex: newNames.firstIndex(of: name))
        }
    }

    /// The requests that changed most, up to `count`: largest change first (up or down),
    /// in the order they were added when two changed as much.
    public func mostChanged(_ count: Int = 10) -> [RequestChange] {
        Array(changes.enumerated().filter { $0.element.change != 0 }
            .sorted { ($0.element.change.magnitude, $1.offset) > ($1.element.change.magnitude, $0.offset) }
            .prefix(count).map(\.element))
    }

    /// How many requests changed by how much, in powers of ten either side of no change:
    /// from the first bucket that has a request to the last.
    public var distribution: [Bucket] {
        let edges: [Int64] = [1, 11, 101, 1_001, 10_001, 100_001]
        var buckets = [Bucket(low: nil, high: -edges[edges.count - 1])]
        for index in stride(from: edges.count - 1, to: 0, by: -1) { buckets.append(Bucket(low: -(edges[index] - 1), high: -edges[index - 1])) }
        buckets.append(Bucket(low: 0, high: 0))
        for index in 0..<edges.count - 1 { buckets.append(Bucket(low: edges[index], high: edges[index + 1] - 1)) }
        buckets.append(Bucket(low: edges[edges.count - 1], high: nil))
        for change in changes {
            let index = buckets.firstIndex { ($0.low ?? .min) <= change.change && change.change <= ($0.high ?? .max) } ?? 0
            buckets[index].count += 1
        }
        guard let first = buckets.firstIndex(where: { $0.count > 0 }), let last = buckets.lastIndex(where: { $0.count > 0 }) else { return [] }
        return Array(buckets[first...last])
    }

    /// Evaluates one request (JSON text) with both programs and records what differs.
    /// A request that one program refuses and the other accepts is a difference too; a line
    /// that is no request (`skipped`) is not replayed.
    public mutating func add(json: String, label: String) {
        let request = Result { () throws(EvaluationError) in try Request(json: json, currency: old.currency) }
        if case .failure(let error) = request {
            skipped.append((label, error))
            return
        }
        requests += 1
        // Without a trace: the numbers and each rule's result are the same, and come faster.
        let before = request.flatMap { request in Result { () throws(EvaluationError) in try old.evaluate(request, trace: false) } }
        let after = request.flatMap { request in Result { () throws(EvaluationError) in try new.evaluate(request, trace: false) } }
        if case .success(let outcome) = before { oldTotals.add(outcome) }
        if case .success(let outcome) = after { newTotals.add(outcome) }
        var changes: [(name: String, old: String, new: String)] = []
        switch (before, after) {
        case (.success(let a), .success(let b)):
            count(a, b)
            let (earnedOld, earnedNew) = (measured(a), measured(b))
            let change = earnedNew &- earnedOld  // two sums of non-negative 64-bit amounts
            self.changes.append(RequestChange(label: label, orderID: a.orderID, change: change))
            if let time = try? request.get().time {
                let local = new.rules.plan.zone?.localTime(of: time) ?? LocalTime(epochSeconds: time.epochSeconds, offsetSeconds: time.offsetSeconds)
                let day = days[local.date] ?? (0, 0)
                days[local.date] = (Checked.add(day.old, earnedOld) ?? .max, Checked.add(day.new, earnedNew) ?? .max)
            } else {
                undated = (undated.requests + 1, Checked.add(undated.old, earnedOld) ?? .max, Checked.add(undated.new, earnedNew) ?? .max)
            }
            changes = a.comparedDifferences(b, old.currency)
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

    /// What an outcome earned, in `measure`.
    private func measured(_ outcome: Outcome) -> Int64 {
        guard outcome.status != .declined else { return 0 }
        switch measure {
        case .points: return outcome.pointsEarned
        case .bonus: return outcome.bonusEarned
        case .value: return Checked.sum([outcome.cashback, outcome.offerCashback, outcome.discount]) ?? .max
        }
    }

    /// Adds each rule's result under both versions to its cost.
    private mutating func count(_ before: Outcome, _ after: Outcome) {
        let (oldValues, newValues) = (before.ruleResults?.values, after.ruleResults?.values)
        for index in rules.indices {
            if let position = rules[index].oldIndex, let values = oldValues, position < values.count, values[position].applied {
                rules[index].appliedOld += 1
                guard let sum = Checked.add(rules[index].givenOld, values[position].amount) else { oldTotals.overflowed = true; continue }
                rules[index].givenOld = sum
            }
            if let position = rules[index].newIndex, let values = newValues, position < values.count, values[position].applied {
                rules[index].appliedNew += 1
                guard let sum = Checked.add(rules[index].givenNew, values[position].amount) else { newTotals.overflowed = true; continue }
                rules[index].givenNew = sum
            }
        }
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
