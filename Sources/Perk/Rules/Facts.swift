/// What the rules of a plan read about a sale, computed once per request: the local time in
/// the program's zone, the customer's tier rank, the sale's amounts and each line's amount.
/// It reads the line amounts where the evaluation keeps them: valid only while it runs.
struct Facts {
    let request: Request
    let currency: Currency
    /// The sale's local time, when the request gives a time and the program a zone.
    let local: LocalTime?
    let zoneName: String?
    /// The customer's tier as a rank (0 is the lowest) and its name.
    let tierRank: Int
    let tierName: String
    /// The plan index of the `earn` statement of the sale's scope, and how the trace names the scope.
    let scopeEarn: Int?
    let scopeLabel: String
    let eligibleRevenue: Int64
    let total: Int64
    /// Each line's amount, and whether it counts toward eligible revenue.
    let lineAmounts: UnsafeBufferPointer<Int64>
    /// Empty unless some rule reads lines.
    let lineCounted: [Bool]

    var customer: Request.Customer? { request.customer }

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
