/// A rate such as `5%` or a VAT rate of `7%`, held exactly in millionths of one
/// (5% is 50 000, 0.1 is 100 000), so percentages with up to four decimals are exact.
public struct Rate: Sendable, Hashable, Comparable, CustomStringConvertible, BitwiseCopyable {
    /// The rate in millionths of one.
    public let millionths: Int64

    public init(millionths: Int64) { self.millionths = millionths }

    /// A rate of a whole percentage from 0 to 100: `Rate(percent: 7)` is 7%.
    public init?(percent: Int64) {
        guard (0...100).contains(percent) else { return nil }
        millionths = percent * 10_000
    }

    /// The number of millionths in one: a rate of `scale` is 100%.
    public static let scale: Int64 = 1_000_000
    /// How many decimals a rate written as a fraction of one may have (`0.052500`).
    public static let fractionDecimals = 6

    public static func < (lhs: Rate, rhs: Rate) -> Bool { lhs.millionths < rhs.millionths }

    /// The rate as a percentage without trailing zeros: `7%`, `5.5%`.
    public var description: String {
        var text = Money.decimalString(millionths, exponent: 4)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + "%"
    }
}
