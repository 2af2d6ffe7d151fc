/// Splits `amount` into shares proportional to `weights` by the largest-remainder method:
/// every exact share is floored, then the leftover units go one by one to the largest
/// fractional parts. Ties go to the earlier weight. The shares add up exactly to `amount`.
///
/// `amount` and every weight must be non-negative; nil when the weights sum to zero or overflow.
func largestRemainderSplit(_ amount: Int64, weights: [Int64]) -> [Int64]? {
    guard let total = Checked.sum(weights), total > 0 else { return nil }
    var shares = weights
    var given: Int64 = 0
    for index in shares.indices {
        let share = Int64(Int128(amount) * Int128(weights[index]) / Int128(total))
        shares[index] = share
        given += share
    }
    // The leftover is less than the number of weights: each unit goes to the next largest
    // remainder (the earlier weight first among equals), found by looking through them all,
    // as there are few.
    var previous: (index: Int, remainder: Int128)?
    for _ in 0..<(amount - given) {
        var best: (index: Int, remainder: Int128)?
        for index in weights.indices {
            let remainder = Int128(amount) * Int128(weights[index]) % Int128(total)
            if let previous, remainder > previous.remainder || (remainder == previous.remainder && index <= previous.index) {
                continue  // already served
            }
            if best == nil || remainder > best?.remainder ?? 0 { best = (index, remainder) }
        }
        guard let chosen = best else { break }
        shares[chosen.index] += 1
        previous = chosen
    }
    return shares
}
