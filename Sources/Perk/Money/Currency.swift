/// An ISO 4217 currency: its code and the number of decimals of its minor unit.
public struct Currency: Sendable, Hashable, CustomStringConvertible {
    /// The three-letter ISO 4217 code, for example `EUR`.
    public let code: String
    /// How many decimals the minor unit has: 2 for EUR (cents), 0 for JPY, 3 for KWD.
    public let exponent: Int

    /// The currency with this ISO 4217 code, or nil when Perk does not know it.
    public init?(code: String) {
        guard let exponent = Currency.exponents[code] else { return nil }
        self.code = code
        self.exponent = exponent
    }

    public var description: String { code }

    /// Every code Perk knows, for spelling suggestions.
    public static var knownCodes: [String] { exponents.keys.sorted() }

    private static let exponents: [String: Int] = [
        "AED": 2, "AUD": 2, "BHD": 3, "BRL": 2, "CAD": 2, "CHF": 2, "CNY": 2, "CZK": 2,
        "DKK": 2, "DZD": 2, "EGP": 2, "EUR": 2, "GBP": 2, "HKD": 2, "HUF": 2, "IDR": 2,
        "ILS": 2, "INR": 2, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3, "MAD": 2,
        "MXN": 2, "NOK": 2, "NZD": 2, "OMR": 3, "PLN": 2, "QAR": 2, "RON": 2, "SAR": 2,
        "SEK": 2, "SGD": 2, "THB": 2, "TND": 3, "TRY": 2, "USD": 2, "XOF": 0, "ZAR": 2,
    ]
}
