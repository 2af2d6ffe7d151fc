/// Which rules of a plan can hold for a sale, from what is known of the sale before any rule
/// is tested: its local day and weekday, its merchant, brand, terminal and shop. Built when
/// the program is compiled, as one set of rules (a bit per rule) for each stretch of days
/// between the rules' date ranges, each weekday, and each place name the rules use.
///
/// A rule the index leaves out has a condition that cannot hold for the sale, so testing only
/// the rules it gives finds the same rules as testing them all, at a cost that does not grow
/// with the rules that cannot apply: a campaign of another month, another merchant's offer.
struct PlanIndex: Sendable {
    /// The 64-bit words of one set of rules.
    let words: Int
    /// The first day of each stretch after the first (days since 1970-01-01), ascending;
    /// empty when no rule has a date range.
    private let dayStarts: Frozen<Int64>
    /// The rules that can hold in each stretch of days: `dayStarts.count + 1` sets.
    private let daySets: Frozen<UInt64>
    /// The rules that can hold on each weekday (`Weekday.rawValue`); empty when no rule reads the weekday.
    private let weekdaySets: Frozen<UInt64>
    /// For each place field (`PlaceField.allCases` order): the rules that can hold at each
    /// name the rules use (by its number in `Symbols`), then at any other; no sets when no
    /// rule reads that field. The sets of field `p` are those from `placeStarts[p]` to
    /// `placeStarts[p + 1]`.
    private let placeSets: Frozen<UInt64>
    private let placeStarts: Frozen<Int>
    /// Whether any of the sets above can leave a rule out.
    private let indexes: Bool
    /// The rules of the earning stage, where every sale's candidates start from.
    private let earning: Frozen<UInt64>

    /// Built in time proportional to the rules times the stretches of days, plus the names:
    /// each rule's bit is cleared where one of its conditions cannot hold, never found by
    /// testing every rule for every stretch.
    init(steps: [PlanStep], conditions: [Condition], symbols: Symbols) {
        let words = (steps.count + 63) / 64
        self.words = words
        var every = [UInt64](repeating: 0, count: words)
        for index in steps.indices { every[index / 64] |= 1 << UInt64(index % 64) }
        var earning = every
        for index in steps.indices where steps[index].stage != .earning { earning[index / 64] &= ~(1 << UInt64(index % 64)) }
        self.earning = Frozen(earning)
        /// Each earning rule's conditions, with the rule's index: only those rules are candidates.
        let ruleConditions = steps.indices.lazy.filter { steps[$0].stage == .earning }.flatMap { index in
            steps[index].conditionRange.map { (index, conditions[$0]) }
        }
        func clear(_ sets: inout [UInt64], set: Int, rule: Int) { sets[set * words + rule / 64] &= ~(1 << UInt64(rule % 64)) }

        // Days: a stretch is named by its first day; the first stretch has none.
        var starts: Set<Int64> = []
        for case .dates(let first, let last) in conditions {
            starts.insert(first.daysSinceEpoch)
            starts.insert(last.daysSinceEpoch + 1)
        }
        let dayStarts = starts.sorted()
        let position = Dictionary(uniqueKeysWithValues: dayStarts.enumerated().map { ($1, $0) })
        var daySets: [UInt64] = []
        if !dayStarts.isEmpty {
            let stretches = dayStarts.count + 1
            daySets = Array(repeating: every, count: stretches).flatMap { $0 }
            for case (let rule, .dates(let first, let last)) in ruleConditions {
                // The stretches from the one starting on `first` to the one before `last + 1`.
                let from = (position[first.daysSinceEpoch] ?? 0) + 1
                let to = (position[last.daysSinceEpoch + 1] ?? dayStarts.count) + 1
                for stretch in 0..<stretches where stretch < from || stretch >= to { clear(&daySets, set: stretch, rule: rule) }
            }
        }
        self.dayStarts = Frozen(dayStarts)
        self.daySets = Frozen(daySets)

        // Weekdays, Monday first.
        var weekdaySets: [UInt64] = []
        if conditions.contains(where: { if case .weekdays = $0 { true } else { false } }) {
            weekdaySets = Array(repeating: every, count: 7).flatMap { $0 }
            for case (let rule, .weekdays(let mask)) in ruleConditions {
                for weekday in Weekday.allCases where mask & (1 << UInt8(weekday.rawValue)) == 0 {
                    clear(&weekdaySets, set: weekday.rawValue - 1, rule: rule)
                }
            }
        }
        self.weekdaySets = Frozen(weekdaySets)

        // Places: for each field, the rules without a condition on it, plus at each name the
        // rules that name it (in every condition they have on the field).
        var placeSets: [UInt64] = []
        var placeStarts = [0]
        for field in PlaceField.allCases {
            var allowed: [Int: Set<Int32>] = [:]
            for case (let rule, .place(field, let names)) in ruleConditions {
                let numbers = Set((0..<names.count).map { symbols.sets[Int(names.first + $0)] })
                allowed[rule] = allowed[rule].map { $0.intersection(numbers) } ?? numbers
            }
            if !allowed.isEmpty {
                var unconditional = every
                for rule in allowed.keys { unconditional[rule / 64] &= ~(1 << UInt64(rule % 64)) }
                // Each name the rules use, then any other name (or none).
                var sets = Array(repeating: unconditional, count: symbols.names[Symbols.Kind(field).rawValue].count + 1).flatMap { $0 }
                for (rule, numbers) in allowed {
                    for number in numbers { sets[Int(number) * words + rule / 64] |= 1 << UInt64(rule % 64) }
                }
                placeSets += sets
            }
            placeStarts.append(placeSets.count)
        }
        self.placeSets = Frozen(placeSets)
        self.placeStarts = Frozen(placeStarts)
        indexes = !dayStarts.isEmpty || !weekdaySets.isEmpty || !placeSets.isEmpty
    }

    /// Writes to `rules` (`words` words) every rule of the earning stage.
    func earningRules(into rules: UnsafeMutableBufferPointer<UInt64>) {
        for word in 0..<words { rules.initializeElement(at: word, to: earning[word]) }
    }

    /// Writes to `candidates` (`words` words) the rules of the earning stage that can hold
    /// for a sale on this local day and weekday (nil without a time), at the place names
    /// with these numbers.
    func candidates(day: Int64?, weekday: Weekday?, places: PlaceNumbers,
                    into candidates: UnsafeMutableBufferPointer<UInt64>) {
        earningRules(into: candidates)
        guard indexes else { return }
        if let day, !dayStarts.isEmpty {
            var (low, high) = (0, dayStarts.count)  // the number of stretches that start on or before `day`
            while low < high {
                let middle = (low + high) / 2
                if dayStarts[middle] <= day { low = middle + 1 } else { high = middle }
            }
            intersect(candidates, daySets, at: low)
        }
        if let weekday, !weekdaySets.isEmpty { intersect(candidates, weekdaySets, at: weekday.rawValue - 1) }
        // The fields in `PlaceField.allCases` order, as the sets are.
        for position in 0..<4 where placeStarts[position] < placeStarts[position + 1] {
            let (start, end) = (placeStarts[position], placeStarts[position + 1])
            let set = places[position: position].map(Int.init) ?? (end - start) / words - 1  // else: any other name
            for word in 0..<words { candidates[word] &= placeSets[start + set * words + word] }
        }
    }

    private func intersect(_ candidates: UnsafeMutableBufferPointer<UInt64>, _ sets: Frozen<UInt64>, at position: Int) {
        for word in 0..<words { candidates[word] &= sets[position * words + word] }
    }

    /// Gives the sets' memory back; only the plan that owns the index calls this.
    func free() {
        dayStarts.free()
        daySets.free()
        weekdaySets.free()
        placeSets.free()
        placeStarts.free()
        earning.free()
    }
}
