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
        var bytes: [UInt8] = []
        appendDecimal(value, exponent: exponent, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value / 10^exponent` in decimal with exactly `exponent` decimals (at most 10),
    /// as UTF-8 bytes: what `decimalString` gives, for writers of many amounts.
    static func appendDecimal(_ value: Int64, exponent: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // At most 20 digits, a point, and zeros up to the exponent: 31 bytes.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digits in
            var count = 0
            repeat {
                if exponent > 0 && count == exponent {
                    digits[count] = UInt8(ascii: ".")
                    count += 1
                }
                digits[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0 || count <= exponent
            while count > 0 {
                count -= 1
                bytes.append(digits[count])
            }
        }
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
