/// Which rules of a plan can hold for a sale, from what is known of the sale before any rule
/// is tested: its local day and weekday, its merchant and its brand. Built when the program
/// is compiled, as one set of rules (a bit per rule) for each stretch of days between the
/// rules' date ranges, each weekday, and each merchant and brand the rules name.
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

    init(steps: [PlanStep], conditions: [Condition], symbols: Symbols) {
        let words = (steps.count + 63) / 64
        self.words = words
        /// A set of rules holding every rule but those for which `excluded` is true.
        func set(excluding excluded: (Int, ArraySlice<Condition>) -> Bool) -> [UInt64] {
            var set = [UInt64](repeating: 0, count: words)
            for (index, step) in steps.enumerated()
            where !excluded(index, conditions[Int(step.firstCondition)..<Int(step.firstCondition + step.conditionCount)]) {
                set[index / 64] |= 1 << UInt64(index % 64)
            }
            return set
        }
        var starts: Set<Int64> = []
        var readsWeekday = false
        var placeCounts = [Int](repeating: -1, count: PlaceField.allCases.count)
        for condition in conditions {
            switch condition {
            case .dates(let first, let last):
                starts.insert(first.daysSinceEpoch)
                starts.insert(last.daysSinceEpoch + 1)
            case .weekdays:
                readsWeekday = true
            case .place(let field, _):
                placeCounts[field.position] = 0
            default:
                break
            }
        }
        let dayStarts = starts.sorted()
        self.dayStarts = Frozen(dayStarts)
        var daySets: [UInt64] = []
        if let first = dayStarts.first {
            // A stretch is named by its first day; the first stretch has no first day.
            for day in [first - 1] + dayStarts {
                daySets += set { _, conditions in
                    conditions.contains {
                        guard case .dates(let first, let last) = $0 else { return false }
                        return day < first.daysSinceEpoch || day > last.daysSinceEpoch
                    }
                }
            }
        }
        self.daySets = Frozen(daySets)
        weekdaySets = Frozen(!readsWeekday ? [] : Weekday.allCases.sorted { $0.rawValue < $1.rawValue }.flatMap { weekday in
            set { _, conditions in
                conditions.contains {
                    guard case .weekdays(let mask) = $0 else { return false }
                    return mask & (1 << UInt8(weekday.rawValue)) == 0
                }
            }
        })
        let placeSets: [[UInt64]] = PlaceField.allCases.map { field in
            guard placeCounts[field.position] == 0 else { return [] }
            let kind = Symbols.Kind(field)
            // Each name the rules use, then any other name (or none).
            return (0...symbols.names[kind.rawValue].count).flatMap { number in
                set { _, conditions in
                    conditions.contains {
                        guard case .place(field, let names) = $0 else { return false }
                        return !symbols.contains(names, Int32(number))
                    }
                }
            }
        }
        self.placeSets = Frozen(placeSets.flatMap { $0 })
        placeStarts = Frozen(placeSets.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) })
        indexes = !dayStarts.isEmpty || !weekdaySets.isEmpty || !self.placeSets.isEmpty
    }

    /// Writes to `candidates` (`words` words) the rules that can hold for a sale on this local
    /// day and weekday (nil without a time), at the place names with these numbers in the
    /// plan's `Symbols` (merchant, brand, terminal, shop; -1 for a name no rule uses, or none).
    func candidates(day: Int64?, weekday: Weekday?, places: (Int32, Int32, Int32, Int32),
                    into candidates: UnsafeMutableBufferPointer<UInt64>) {
        candidates.initialize(repeating: .max)
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
        for position in 0..<4 where placeStarts[position] < placeStarts[position + 1] {
            let number = position == 0 ? places.0 : position == 1 ? places.1 : position == 2 ? places.2 : places.3
            let (start, end) = (placeStarts[position], placeStarts[position + 1])
            let set = number >= 0 ? Int(number) : (end - start) / words - 1
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
    }
}

extension PlaceField {
    /// The field's place in `allCases`.
    var position: Int {
        switch self {
        case .merchant: 0
        case .brand: 1
        case .terminal: 2
        case .shop: 3
        }
    }
}
