/// An exact non-integral intermediate result `numerator / denominator`, kept so that a trace
/// can show the value before rounding.
public struct Exact: Sendable, Hashable, CustomStringConvertible {
    public let numerator: Int128
    public let denominator: Int128

    init(_ numerator: Int128, _ denominator: Int128) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The value as a decimal with up to six decimals, `…` marking a cut; `77.6`, `0.333333…`.
    public var description: String { decimal(shift: 0) }

    /// The value divided by 10^shift as a decimal, for showing minor units in major units.
    func decimal(shift: Int) -> String {
        var den = denominator
        for _ in 0..<shift { den *= 10 }
        let negative = numerator < 0
        let num = negative ? -numerator : numerator
        var text = String(num / den)
        var rest = num % den
        if rest != 0 {
            text += "."
            var count = 0
            while rest != 0 && count < 6 + shift {
                rest *= 10
                text += String(rest / den)
                rest %= den
                count += 1
            }
            if rest != 0 { text += "…" }
        }
        return negative ? "-" + text : text
    }
}

extension Int128 {
    /// `self × factor`, or nil when it does not fit in 128 bits. When `self` fits in 64 bits,
    /// as it mostly does, the product cannot overflow and costs one machine multiplication.
    func times(_ factor: Int64) -> Int128? {
        if let small = Int64(exactly: self) { return Int128(small) &* Int128(factor) }
        let (product, overflow) = multipliedReportingOverflow(by: Int128(factor))
        return overflow ? nil : product
    }
}
