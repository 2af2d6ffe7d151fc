/// The result of evaluating a request: every number the till or the payment engine needs,
/// and a trace of why each is what it is. Amounts are minor units of the program's currency.
public struct Outcome: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        /// Done: what was earned is credited (or kept as a pending credit) with this request.
        case approved
        /// Awaiting the customer's QR scan before `expires_at`; credited then.
        case pending
        /// Refused, with `declineReason`; nothing is earned, burned or redeemed.
        case declined
    }

    /// A bonus product line that carries part of the bonus for one VAT rate (negative price).
    public struct BonusProductLine: Sendable, Equatable {
        public internal(set) var article: String
        public internal(set) var description: String
        /// Negative: the bonus this line takes off the basket.
        public internal(set) var amount: Int64
        public internal(set) var vatRate: Rate
    }

    /// A card-linked offer and what it gave, or why not.
    public struct OfferResult: Sendable, Equatable {
        public internal(set) var id: String
        public internal(set) var applied: Bool
        public internal(set) var cashback: Int64
        public internal(set) var discount: Int64
        /// Why it applied or not, for people.
        public internal(set) var reason: String
    }

    /// What one rule of the program did for this sale: whether it applied, what it gave,
    /// what its cap cut, the rule it modifies, and why it did not apply.
    public struct RuleResult: Sendable, Equatable {
        public internal(set) var name: String
        public internal(set) var applied: Bool
        /// What `amount` and `cap` count: points, or minor units of bonus money.
        public internal(set) var unit: RewardKind
        /// Points (or minor units of bonus money) the rule gave, after its cap; 0 for a rule
        /// that modifies another or only stops.
        public internal(set) var amount: Int64
        /// The rule's cap, when it has one, and how much it cut (0 when it cut nothing).
        public internal(set) var cap: Int64?
        public internal(set) var capCut: Int64
        /// For a rule that sets or multiplies another's rate: that rule's name.
        public internal(set) var modifies: String?
        /// Whether it stopped the rules after it.
        public internal(set) var stopped: Bool
        /// Why it did not apply (the first condition that failed, with the value seen), or
        /// how its amount was computed; nil when the outcome was evaluated without a trace.
        public internal(set) var reason: String?
    }

    /// A credit kept for an unregistered customer, granted when they register.
    public struct PendingCredit: Sendable, Equatable {
        public internal(set) var mobile: MobileNumber
        public internal(set) var points: Int64
    }

    /// Vouchers issued instead of credit.
    public struct Vouchers: Sendable, Equatable {
        public internal(set) var count: Int64
        /// The value of one voucher.
        public internal(set) var denomination: Int64
    }

    public internal(set) var kind: Request.Kind
    public internal(set) var currency: Currency
    public internal(set) var status: Status = .approved
    public internal(set) var declineReason: String? {
        get { rare?.parts.declineReason }
        set { updateRare { $0.declineReason = newValue } }
    }
    public internal(set) var orderID: String?
    /// The sale total: the sum of the lines, or the amount given.
    public internal(set) var saleTotal: Int64 = 0
    /// The revenue the earn rule was applied to.
    public internal(set) var eligibleRevenue: Int64 = 0
    public internal(set) var pointsEarned: Int64 = 0
    public internal(set) var bonusEarned: Int64 = 0
    /// The money value of the reward: the bonus, or the points times the point value (rounded down).
    public internal(set) var cashback: Int64 = 0
    public internal(set) var cashRedeemed: Int64 = 0
    public internal(set) var bonusRedeemed: Int64 = 0
    /// Bonus earned by this sale and applied to it at once (`credit same buy`).
    public internal(set) var bonusApplied: Int64 = 0
    public internal(set) var pointsBurned: Int64 = 0
    /// The bonus product lines to add to the basket, one per VAT rate.
    public internal(set) var bonusProducts: [BonusProductLine] = []
    /// What is left to pay by other means.
    public internal(set) var missingSum: Int64 = 0
    /// Discounts from card-linked offers.
    public internal(set) var discount: Int64 = 0
    /// Cashback from card-linked offers.
    public internal(set) var offerCashback: Int64 = 0
    public internal(set) var offers: [OfferResult] {
        get { rare?.parts.offers ?? [] }
        set { updateRare { $0.offers = newValue } }
    }
    /// payment: the amount paid in-app.
    public internal(set) var paidAmount: Int64?
    public internal(set) var pendingCredit: PendingCredit? {
        get { rare?.parts.pendingCredit }
        set { updateRare { $0.pendingCredit = newValue } }
    }
    public internal(set) var vouchers: Vouchers? {
        get { rare?.parts.vouchers }
        set { updateRare { $0.vouchers = newValue } }
    }
    public internal(set) var message: String?
    public internal(set) var expiresAt: Timestamp?
    /// The customer's balances once this outcome is complete (for a pending sale: once scanned).
    public internal(set) var balancesAfter: Request.Balances?
    /// The value of the points balance after, in money (rounded down).
    public internal(set) var pointsValue: Int64?
    /// One result per rule of the program, in program order; empty for a program without rules.
    public internal(set) var rules: [RuleResult] {
        get {
            guard let ruleResults else { return [] }
            let (table, values) = (ruleResults.table, ruleResults.values)
            let reasons = ruleReasons
            return (0..<values.count).map { index in
                let value = values[index]
                return RuleResult(name: table.names[index], applied: value.applied, unit: table.unit, amount: value.amount,
                                  cap: table.caps[index], capCut: value.capCut, modifies: table.modifies[index],
                                  stopped: value.stopped, reason: reasons.isEmpty ? nil : reasons[index])
            }
        }
        set {
            ruleResults = newValue.isEmpty ? nil : PackedRuleResults(
                table: RuleTable(names: newValue.map(\.name), caps: newValue.map(\.cap), modifies: newValue.map(\.modifies),
                                 unit: newValue[0].unit),
                values: RuleValues.make(count: newValue.count) { values in
                    for (index, result) in newValue.enumerated() {
                        values[index] = RuleValue(amount: result.amount, capCut: result.capCut, applied: result.applied,
                                                  stopped: result.stopped)
                    }
                })
            ruleReasons = newValue.map(\.reason)
        }
    }
    /// The rules' results as evaluating writes them; nil for a program without rules.
    var ruleResults: PackedRuleResults?
    /// Why each rule did or did not apply, beside `ruleResults`; empty without a trace.
    var ruleReasons: [String?] {
        get { rare?.parts.ruleReasons ?? [] }
        set { updateRare { $0.ruleReasons = newValue.allSatisfy { $0 == nil } ? [] : newValue } }
    }
    /// Warnings about the request that did not stop it, such as a brand that is probably misspelt.
    public internal(set) var warnings: [String] {
        get { rare?.parts.warnings ?? [] }
        set { updateRare { $0.warnings = newValue } }
    }
    /// The rule `Program.inspect` asks about, and the checks of its conditions.
    var inspectedRule: Int? {
        get { rare?.parts.inspectedRule }
        set { updateRare { $0.inspectedRule = newValue } }
    }
    var inspection: [RuleInspection.Check] {
        get { rare?.parts.inspection ?? [] }
        set { updateRare { $0.inspection = newValue } }
    }
    /// Why the numbers are what they are; nil when evaluated without a trace.
    public internal(set) var trace: Trace? {
        get { rare?.parts.trace }
        set { updateRare { $0.trace = newValue } }
    }

    /// The parts most outcomes leave empty, behind one reference (nil while all are empty),
    /// so that an ordinary outcome stays small to build, move and destroy.
    private var rare: Rare?

    private struct RareParts: Sendable, Equatable {
        var declineReason: String?
        var offers: [OfferResult] = []
        var pendingCredit: PendingCredit?
        var vouchers: Vouchers?
        var warnings: [String] = []
        var trace: Trace?
        var ruleReasons: [String?] = []
        var inspectedRule: Int?
        var inspection: [RuleInspection.Check] = []
    }

    private indirect enum Rare: Sendable, Equatable {
        case parts(RareParts)

        var parts: RareParts {
            switch self { case .parts(let parts): parts }
        }
    }

    /// Changes the rare parts, keeping `rare` nil while they are all empty, so that outcomes
    /// with the same parts compare equal however they were set.
    private mutating func updateRare(_ change: (inout RareParts) -> Void) {
        var parts = rare?.parts ?? RareParts()
        change(&parts)
        rare = parts == RareParts() ? nil : .parts(parts)
    }

    init(kind: Request.Kind, currency: Currency) {
        self.kind = kind
        self.currency = currency
    }
}

extension Outcome {
    /// The part of every rule's result that is the same in every outcome of a program (its
    /// name, cap, the rule it modifies), made once when the program is compiled: an outcome
    /// holds it by one reference, beside the few numbers of what each rule did.
    final class RuleTable: Sendable, Equatable {
        let names: [String]
        let caps: [Int64?]
        let modifies: [String?]
        let unit: RewardKind

        init(names: [String], caps: [Int64?], modifies: [String?], unit: RewardKind) {
            self.names = names
            self.caps = caps
            self.modifies = modifies
            self.unit = unit
        }

        static func == (a: RuleTable, b: RuleTable) -> Bool {
            a === b || (a.names == b.names && a.caps == b.caps && a.modifies == b.modifies && a.unit == b.unit)
        }
    }

    /// The results of a program's rules in one sale: what each rule is, shared by every
    /// outcome of the program, and what each did here, as plain values.
    struct PackedRuleResults: Sendable, Equatable {
        let table: RuleTable
        let values: RuleValues
    }

    /// What one rule did in a sale: a plain value, so that an outcome's results are one
    /// allocation and nothing to release one by one.
    struct RuleValue: Sendable, Equatable {
        /// Points (or minor units of bonus money) given, after the cap.
        var amount: Int64 = 0
        var capCut: Int64 = 0
        var applied = false
        var stopped = false
    }

    /// What each rule did in a sale, one `RuleValue` per rule, in one allocation (whose
    /// header is the count). Written once, by whoever makes it, then only read: so it may be
    /// shared between threads, which `ManagedBuffer` itself does not declare.
    struct RuleValues: @unchecked Sendable, Equatable {
        private final class Storage: ManagedBuffer<Int, RuleValue> {}
        private let storage: Storage

        /// `count` values, each "not applied" until `fill` writes them.
        static func make<Failure: Error>(count: Int, _ fill: (UnsafeMutableBufferPointer<RuleValue>) throws(Failure) -> Void)
            throws(Failure) -> RuleValues {
            let storage = unsafeDowncast(Storage.create(minimumCapacity: count) { _ in count }, to: Storage.self)
            try storage.withUnsafeMutablePointerToElements { (elements) throws(Failure) in
                elements.initialize(repeating: RuleValue(), count: count)
                try fill(UnsafeMutableBufferPointer(start: elements, count: count))
            }
            return RuleValues(storage: storage)
        }

        var count: Int { storage.header }

        subscript(index: Int) -> RuleValue {
            precondition(index >= 0 && index < count, "a rule's index out of range")
            return storage.withUnsafeMutablePointerToElements { $0[index] }
        }

        static func == (a: RuleValues, b: RuleValues) -> Bool {
            a.storage === b.storage || (a.count == b.count && (0..<a.count).allSatisfy { a[$0] == b[$0] })
        }
    }
}

/// Why the numbers of an outcome are what they are.
public struct Trace: Sendable, Equatable {
    /// Whether a basket line counted toward eligible revenue, and what decided it.
    public struct LineDecision: Sendable, Equatable {
        /// `lines[0]`, or `bonus product 111000007`.
        public internal(set) var line: String
        /// The amount the line contributes when counted (full or reduced price).
        public internal(set) var amount: Int64
        public internal(set) var counted: Bool
        public internal(set) var reason: String
    }

    /// A rule or computation step: whether it applied and, if not, why; rounding steps give
    /// the exact value before rounding.
    public struct Step: Sendable, Equatable {
        public internal(set) var rule: String
        /// Where the rule is written in the program, when it comes from one.
        public internal(set) var location: ProgramLocation?
        public internal(set) var applied: Bool
        public internal(set) var detail: String
    }

    /// The scope that applied: `program`, or a brand or merchant section.
    public internal(set) var scope = "program"
    public internal(set) var lines: [LineDecision] = []
    public internal(set) var steps: [Step] = []

    mutating func step(_ rule: String, _ location: ProgramLocation? = nil, applied: Bool, _ detail: String) {
        steps.append(Step(rule: rule, location: location, applied: applied, detail: detail))
    }
}
