/// What the rules of a plan read about a sale, computed once per request: the local time in
/// the program's zone, the customer's tier rank, the sale's amounts and each line's amount.
/// It reads the request, the lines' amounts and whether they count where the evaluation keeps
/// them: valid only while it runs, and copied without a reference count.
struct Facts {
    /// The plan being run, which outlives the facts: read without a reference count.
    unowned(unsafe) let plan: Plan
    /// The request, read where the evaluation keeps it.
    let requestPointer: UnsafePointer<Request>
    var request: Request { unsafeAddress { requestPointer } }
    let currency: Currency
    /// The sale's local time, when the request gives a time and the program a zone.
    let local: LocalTime?
    /// The customer's tier as a rank (0 is the lowest); set once the sale is paid (the tier
    /// is checked then, and only the earning rules read it).
    var tierRank: Int
    /// The plan indices of the statements in force in the sale's scope, ascending
    /// (`Scope.statements`).
    let statements: Frozen<Int32>
    /// The eligible revenue: after the lines stage, of the lines it counts; after the revenue
    /// stage, less what its rules took off.
    var eligibleRevenue: Int64
    let total: Int64
    /// The part of the sale paid with points; set once the sale is paid.
    var paidWithPoints: Int64
    /// The request's lines, read in place.
    let lines: UnsafeBufferPointer<Request.Line>
    /// Each line's amount, and whether it counts toward eligible revenue.
    let lineAmounts: UnsafeBufferPointer<Int64>
    let lineCounted: UnsafeBufferPointer<Bool>
    /// The categories of the eligible lines (a bit per number in the plan's `LinePredicates`),
    /// when some earning counts only lines of some categories; set once the lines stage has
    /// decided which lines count.
    var categories: UInt64
    /// The numbers in the plan's `Symbols` of the sale's merchant, brand, terminal and shop.
    let places: PlaceNumbers

    var customer: Request.Customer? { request.customer }

    /// The program's time zone, for reasons.
    var zoneName: String? { plan.zone?.name }

    /// The customer's tier by name, for reasons.
    var tierName: String { plan.tiers.isEmpty ? "none" : plan.tiers[tierRank] }

    /// The request's merchant, brand, terminal or shop.
    func place(_ field: PlaceField) -> String? {
        switch field {
        case .merchant: return request.merchant
        case .brand: return request.brand
        case .terminal: return request.terminalID
        case .shop: return request.shop
        }
    }

    /// An amount as text: `8.27 EUR`.
    func money(_ minor: Int64) -> String { Money(minorUnits: minor, currency: currency).description }
}
