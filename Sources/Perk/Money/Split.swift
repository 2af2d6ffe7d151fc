/// Splits `amount` into shares proportional to `weights` by the largest-remainder method:
/// every exact share is floored, then the leftover units go one by one to the largest
/// fractional parts. Ties go to the earlier weight. The shares add up exactly to `amount`.
///
/// `amount` and every weight must be non-negative; nil when the weights sum to zero or overflow.
func largestRemainderSplit(_ amount: Int64, weights: [Int64]) -> [Int64]? {
    guard let total = Checked.sum(weights), total > 0 else { return nil }
    var shares: [Int64] = []
    var remainders: [(index: Int, remainder: Int128)] = []
    shares.reserveCapacity(weights.count)
    var given: Int64 = 0
    for (index, weight) in weights.enumerated() {
        let exact = Int128(amount) * Int128(weight)
        let share = Int64(exact / Int128(total))
        shares.append(share)
        given += share
        remainders.append((index, exact % Int128(total)))
    }
    remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
    var leftover = amount - given
    var next = 0
    while leftover > 0 {
        shares[remainders[next].index] += 1
        leftover -= 1
        next += 1
    }
    return shares
}
