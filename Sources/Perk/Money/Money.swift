/// An exact amount of money: a count of minor units (cents, centimes) in one currency.
///
/// Arithmetic never traps: every operation that can overflow reports it as an error.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The amount in minor units: 796 is 7.96 EUR.
    public let minorUnits: Int64
    /// The currency of the amount.
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Reads an amount written in major units (`12.45`, `5`), exactly; nil when it is not a
    /// number, has more decimals than the currency or does not fit.
    public init?(_ text: String, currency: Currency) {
        guard case .success(let minor) = DecimalText.parse(text, scale: currency.exponent) else { return nil }
        self.init(minorUnits: minor, currency: currency)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.minorUnits < rhs.minorUnits }

    /// The amount in major units with exactly the currency's decimals, for example `7.96`.
    public var decimalString: String { Money.decimalString(minorUnits, exponent: currency.exponent) }

    /// `7.96 EUR`.
    public var description: String { "\(decimalString) \(currency.code)" }

    /// Formats a count of minor units with `exponent` decimals.
    static func decimalString(_ value: Int64, exponent: Int) -> String {
        let negative = value < 0
        let magnitude = value.magnitude
        var digits = String(magnitude)
        if exponent > 0 {
            if digits.count <= exponent {
                digits = String(repeating: "0", count: exponent - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -exponent))
        }
        return negative ? "-" + digits : digits
    }
}

/// Overflow-checked arithmetic on minor units; nil means the result does not fit in 64 bits.
public enum Checked {
    public static func add(_ a: Int64, _ b: Int64) -> Int64? {
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : value
    }

    public static func subtract(_ a: Int64, _ b: Int64) -> Int64? {
        let (value, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? nil : value
    }

    public static func multiply(_ a: Int64, _ b: Int64) -> Int64? {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : value
    }

    /// The sum of all values, or nil on overflow.
    public static func sum<S: Sequence>(_ values: S) -> Int64? where S.Element == Int64 {
        var total: Int64 = 0
        for value in values {
            guard let next = add(total, value) else { return nil }
            total = next
        }
        return total
    }
}
