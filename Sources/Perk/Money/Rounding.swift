/// The direction in which an exact result is rounded to a whole number of minor units or points.
public enum Rounding: String, Sendable, CaseIterable {
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
        if let numerator = Int64(exactly: numerator), let denominator = Int64(exactly: denominator) {
            return apply(numerator, denominator)
        }
        var quotient = numerator / denominator
        var remainder = numerator % denominator
        if remainder < 0 {  // make it a floor division
            quotient -= 1
            remainder += denominator
        }
        if remainder != 0 {
            switch self {
            case .down: break
            case .up: quotient += 1
            case .halfUp:
                let twice = remainder * 2
                if twice > denominator || (twice == denominator && quotient >= 0) { quotient += 1 }
            case .halfEven:
                let twice = remainder * 2
                if twice > denominator || (twice == denominator && quotient % 2 != 0) { quotient += 1 }
            }
        }
        return Int64(exactly: quotient)
    }

    /// The same in 64 bits, for the common case of operands that fit (always representable).
    private func apply(_ numerator: Int64, _ denominator: Int64) -> Int64 {
        var quotient = numerator / denominator
        var remainder = numerator % denominator
        if remainder < 0 {
            quotient -= 1
            remainder += denominator
        }
        guard remainder != 0 else { return quotient }
        switch self {
        case .down: return quotient
        case .up: return quotient + 1
        case .halfUp:
            let twice = remainder.multipliedReportingOverflow(by: 2)
            return twice.overflow || twice.partialValue > denominator || (twice.partialValue == denominator && quotient >= 0) ? quotient + 1 : quotient
        case .halfEven:
            let twice = remainder.multipliedReportingOverflow(by: 2)
            return twice.overflow || twice.partialValue > denominator || (twice.partialValue == denominator && quotient % 2 != 0) ? quotient + 1 : quotient
        }
    }
}
