/// Splits `amount` into shares proportional to `weights` by the largest-remainder method:
/// every exact share is floored, then the leftover units go one by one to the largest
/// fractional parts. Ties go to the earlier weight. The shares, written into `shares` (as
/// many as there are weights), add up exactly to `amount`.
///
/// `amount` and every weight must be non-negative; false (and `shares` untouched) when the
/// weights sum to zero or overflow. Allocates nothing.
func largestRemainderSplit(_ amount: Int64, weights: UnsafeBufferPointer<Int64>, into shares: UnsafeMutableBufferPointer<Int64>) -> Bool {
    guard let total = Checked.sum(weights), total > 0, shares.count == weights.count else { return false }
    /// The floored share of weight `index` and what the floor left over, in 64 bits when
    /// `amount × weight` fits (the common case), else in 128.
    func exact(_ index: Int) -> (share: Int64, remainder: Int64) {
        let (product, overflow) = amount.multipliedReportingOverflow(by: weights[index])
        if !overflow { return (product / total, product % total) }
        let wide = Int128(amount) * Int128(weights[index])
        // The share is at most `amount` and the remainder below `total`: both fit in 64 bits.
        return (Int64(wide / Int128(total)), Int64(wide % Int128(total)))
    }
    var given: Int64 = 0
    for index in weights.indices {
        let share = exact(index).share
        shares[index] = share
        given += share
    }
    // The leftover is less than the number of weights: each unit goes to the next largest
    // remainder (the earlier weight first among equals), found by looking through them all,
    // as there are few.
    var previous: (index: Int, remainder: Int64)?
    for _ in 0..<(amount - given) {
        var best: (index: Int, remainder: Int64)?
        for index in weights.indices {
            let remainder = exact(index).remainder
            if let previous, remainder > previous.remainder || (remainder == previous.remainder && index <= previous.index) {
                continue  // already served
            }
            if best == nil || remainder > best?.remainder ?? 0 { best = (index, remainder) }
        }
        guard let chosen = best else { break }
        shares[chosen.index] += 1
        previous = chosen
    }
    return true
}
