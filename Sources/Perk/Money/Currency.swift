/// A currency Perk knows: its ISO 4217 code and how many decimals its minor unit has.
/// A plain value of a few bytes (an index into Perk's table), cheap to copy.
public struct Currency: Sendable, Hashable, CustomStringConvertible {
    /// Where the currency is in `known`.
    private let index: UInt8
    /// How many decimals the minor unit has: 2 for EUR (cents), 0 for JPY, 3 for KWD.
    public let exponent: Int

    /// The currency with this ISO 4217 code, or nil when Perk does not know it.
    public init?(code: String) {
        guard let index = Currency.known.firstIndex(where: { $0.code == code }) else { return nil }
        self.index = UInt8(index)
        exponent = Currency.known[index].exponent
    }

    /// The three-letter ISO 4217 code, for example `EUR`.
    public var code: String { Currency.known[Int(index)].code }

    public var description: String { code }

    /// Every code Perk knows, for spelling suggestions.
    public static var knownCodes: [String] { known.map(\.code) }

    /// The currencies Perk knows, by code.
    private static let known: [(code: String, exponent: Int)] = [
        ("AED", 2), ("AUD", 2), ("BHD", 3), ("BRL", 2), ("CAD", 2), ("CHF", 2), ("CNY", 2), ("CZK", 2),
        ("DKK", 2), ("DZD", 2), ("EGP", 2), ("EUR", 2), ("GBP", 2), ("HKD", 2), ("HUF", 2), ("IDR", 2),
        ("ILS", 2), ("INR", 2), ("ISK", 0), ("JOD", 3), ("JPY", 0), ("KRW", 0), ("KWD", 3), ("MAD", 2),
        ("MXN", 2), ("NOK", 2), ("NZD", 2), ("OMR", 3), ("PLN", 2), ("QAR", 2), ("RON", 2), ("SAR", 2),
        ("SEK", 2), ("SGD", 2), ("THB", 2), ("TND", 3), ("TRY", 2), ("USD", 2), ("XOF", 0), ("ZAR", 2),
    ]
}

extension Currency {
    /// An amount of minor units as text: `7.96 EUR`.
    func money(_ minor: Int64) -> String { Money(minorUnits: minor, currency: self).description }

    /// An exact amount of minor units in major units, with at least the currency's decimals.
    func exactMoney(_ exact: Exact) -> String {
        var text = exact.decimal(shift: exponent)
        let decimals = text.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
        if exponent > 0 && decimals == 0 { text += "." }
        if decimals < exponent { text += String(repeating: "0", count: exponent - decimals) }
        return "\(text) \(code)"
    }
}
