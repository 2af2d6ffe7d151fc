/// The direction in which an exact result is rounded to a whole number of minor units or points.
public enum Rounding: String, Sendable, CaseIterable, BitwiseCopyable {
    /// Toward negative infinity (floor).
    case down
    /// Toward positive infinity (ceiling).
    case up
    /// To the nearest; halves away from zero.
    case halfUp = "half up"
    /// To the nearest; halves to the even neighbour (banker's rounding).
    case halfEven = "half even"

    /// Rounds `numerator / denominator` (denominator > 0) to an integer, or nil when it does not fit in 64 bits.
    func apply(_ numerator: Int128, _ denominator: Int128) -> Int64? {
        precondition(denominator > 0, "rounding needs a positive denominator")
        // Most operands fit in 64 bits, where division is several times cheaper. The commonest
        // denominators need no division instruction at all: one (nothing to round), and the
        // scale of rates, which the compiler divides by with a multiplication.
        if let numerator = Int64(exactly: numerator), let denominator = Int64(exactly: denominator) {
            if denominator == 1 { return numerator }
            if denominator == Rate.scale { return rounded(numerator, Rate.scale) }
            return rounded(numerator, denominator)
        }
        return Int64(exactly: rounded(numerator, denominator))
    }

    /// `numerator / denominator` rounded this way; `denominator` is positive. Always inlined,
    /// so that a constant denominator becomes a multiplication.
    @inline(__always)
    private func rounded<Integer: FixedWidthInteger & SignedInteger>(_ numerator: Integer, _ denominator: Integer) -> Integer {
        var quotient = numerator / denominator
        var remainder = numerator % denominator
        if remainder < 0 {  // make it a floor division
            quotient -= 1
            remainder += denominator
        }
        guard remainder != 0 else { return quotient }
        // Twice the remainder against the denominator: above, at or below one half.
        let (twice, overflow) = remainder.multipliedReportingOverflow(by: 2)
        let aboveHalf = overflow || twice > denominator
        let half = !overflow && twice == denominator
        switch self {
        case .down: return quotient
        case .up: return quotient + 1
        case .halfUp: return aboveHalf || (half && quotient >= 0) ? quotient + 1 : quotient
        case .halfEven: return aboveHalf || (half && quotient % 2 != 0) ? quotient + 1 : quotient
        }
    }
}
