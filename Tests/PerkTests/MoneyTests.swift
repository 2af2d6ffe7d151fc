@testable import Perk
import Testing

@Suite struct MoneyTests {
    @Test(arguments: [
        ("12.45", 2, Int64(1245)), ("0", 2, 0), ("-3", 2, -300), ("1245e-2", 2, 1245), ("1.5e2", 0, 150),
        ("12.450", 2, 1245), ("9223372036854775807", 0, Int64.max), ("0.000001", 6, 1),
    ])
    func decimalTextReadsExactly(_ text: String, _ scale: Int, _ expected: Int64) {
        #expect(DecimalText.parse(text, scale: scale) == .success(expected))
    }

    @Test(arguments: [
        ("12.455", 2, DecimalText.Failure.tooManyDecimals), ("9223372036854775808", 0, .tooLarge),
        ("92233720368547758.08", 2, .tooLarge), ("12abc", 2, .malformed), ("", 2, .malformed), (".5", 2, .malformed),
        ("5.", 2, .malformed), ("1e", 2, .malformed), ("1e99999", 2, .tooLarge), ("--1", 2, .malformed),
    ])
    func decimalTextRejects(_ text: String, _ scale: Int, _ failure: DecimalText.Failure) {
        #expect(DecimalText.parse(text, scale: scale) == .failure(failure))
    }

    @Test func roundingDirections() {
        #expect(Rounding.down.apply(776, 10) == 77)
        #expect(Rounding.up.apply(776, 10) == 78)
        #expect(Rounding.halfUp.apply(775, 10) == 78)
        #expect(Rounding.halfUp.apply(-775, 10) == -78)
        #expect(Rounding.halfEven.apply(785, 10) == 78)
        #expect(Rounding.halfEven.apply(775, 10) == 78)
        #expect(Rounding.down.apply(-1, 10) == -1)
        #expect(Rounding.down.apply(Int128(Int64.max) * 4, 2) == nil)
    }

    @Test func largestRemainderSplitsExactly() {
        // Scenario A8: 50 over 85 / 349 / 198 gives 7 / 27 / 16, where rounding each share would give 51.
        #expect(split(50, [85, 349, 198]) == [7, 27, 16])
        #expect(split(20, [598, 198]) == [15, 5])
        // Ties go to the earlier weight.
        #expect(split(1, [1, 1]) == [1, 0])
        #expect(split(10, [0, 0]) == nil)
        #expect(split(Int64.max, [Int64.max - 1, 1]) == [Int64.max - 1, 1])
        #expect(split(5, [Int64.max, 1]) == nil)
        // Products past 64 bits for some weights and not for others, and for all of them.
        #expect(split(1 << 40, [1 << 30, 1, 1 << 25]) == [1_066_193_092_638, 993, 33_318_534_145])
        #expect(split((1 << 62) + 7, [3, 5, 7]) == [922_337_203_685_477_582, 1_537_228_672_809_129_304, 2_152_120_141_932_781_025])
    }

    /// `largestRemainderSplit` over arrays.
    private func split(_ amount: Int64, _ weights: [Int64]) -> [Int64]? {
        var shares = [Int64](repeating: -1, count: weights.count)
        let split = weights.withUnsafeBufferPointer { weights in
            shares.withUnsafeMutableBufferPointer { largestRemainderSplit(amount, weights: weights, into: $0) }
        }
        return split ? shares : nil
    }

    @Test func moneyFormatsWithTheCurrencyDecimals() throws {
        let eur = try #require(Currency(code: "EUR"))
        let jpy = try #require(Currency(code: "JPY"))
        let kwd = try #require(Currency(code: "KWD"))
        #expect(Money(minorUnits: 796, currency: eur).description == "7.96 EUR")
        #expect(Money(minorUnits: -5, currency: eur).description == "-0.05 EUR")
        #expect(Money(minorUnits: 1500, currency: jpy).description == "1500 JPY")
        #expect(Money(minorUnits: 1, currency: kwd).description == "0.001 KWD")
        #expect(Currency(code: "XXX") == nil)
    }

    @Test func checkedArithmeticReportsOverflow() {
        #expect(Checked.add(Int64.max, 1) == nil)
        #expect(Checked.subtract(Int64.min, 1) == nil)
        #expect(Checked.multiply(Int64.max, 2) == nil)
        #expect(Checked.sum([Int64.max, 1]) == nil)
        #expect(Checked.sum([1, 2, 3]) == 6)
    }
}

@Suite struct RequestFieldTests {
    @Test(arguments: [
        ("+212611223344", "+212611223344"), ("0611223344", "+212611223344"), ("0761234567", "+212761234567"),
        ("+4915123456789", "+4915123456789"),
    ])
    func mobileNumbersNormalize(_ text: String, _ e164: String) {
        #expect(MobileNumber(text)?.e164 == e164)
    }

    @Test(arguments: ["0511223344", "+2126112233", "06 11 22 33 44", "+212-611223344", "061122334", "+0611223344", "06112233445", "+212511223344", "abc", "", "+"])
    func mobileNumbersRejected(_ text: String) {
        #expect(MobileNumber(text) == nil)
    }

    @Test func timestampsKeepTheirOffset() throws {
        let time = try #require(Timestamp("2020-02-12T19:20:30+01:00"))
        #expect(time.adding(seconds: 300)?.description == "2020-02-12T19:25:30+01:00")
        #expect(Timestamp("2020-12-31T23:58:00Z")?.adding(seconds: 300)?.description == "2021-01-01T00:03:00Z")
        #expect(Timestamp("2024-02-29T10:00:00.250-05:30")?.description == "2024-02-29T10:00:00.250-05:30")
        // Fractions as written, leading and trailing zeros kept, down to nanoseconds.
        #expect(Timestamp("2024-02-29T10:00:00.007Z")?.adding(seconds: 1)?.description == "2024-02-29T10:00:01.007Z")
        #expect(Timestamp("2024-02-29T10:00:00.000000100Z")?.description == "2024-02-29T10:00:00.000000100Z")
        // A time past 9999-12-31 where it is written could not be read back: there is none.
        #expect(Timestamp("9999-12-31T20:00:00+14:00")?.adding(seconds: 3 * 3600)?.description == "9999-12-31T23:00:00+14:00")
        #expect(Timestamp("9999-12-31T20:00:00+14:00")?.adding(seconds: 4 * 3600) == nil)
        #expect(Timestamp("9999-12-31T20:00:00-05:00")?.adding(seconds: 4 * 3600 - 1)?.description == "9999-12-31T23:59:59-05:00")
        #expect(Timestamp("9999-12-31T20:00:00-05:00")?.adding(seconds: 4 * 3600) == nil)
        #expect(Timestamp("2024-02-29T10:00:00.0Z") != Timestamp("2024-02-29T10:00:00.00Z"))
        #expect(Timestamp("2020-02-12T19:20:30+01:00")?.epochSeconds == 1_581_531_630)
    }

    @Test(arguments: ["2020-02-30T10:00:00Z", "2023-02-29T10:00:00Z", "2020-02-12 19:20:30Z", "2020-02-12T19:20:30",
                      "2020-02-12T24:00:00Z", "2020-02-12T19:20:30+1:00", "yesterday",
                      "2020-02-12T19:20:30.Z", "2020-02-12T19:20:30.1234567890Z"])
    func timestampsRejected(_ text: String) {
        #expect(Timestamp(text) == nil)
    }

    @Test func jsonParserIsStrict() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("{\"a\": 1,}") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("{\"a\": 1, \"a\": 2}") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("[01]") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("\"\\ud800\"") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(String(repeating: "[", count: 100)) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
        #expect((try? JSONParser.parse("{\"a\": [1.50, \"\\u00e9\", true, null]}")) == .object([
            (key: "a", value: .array([.number("1.50"), .string("é"), .bool(true), .null])),
        ]))
    }

    @Test func jsonErrorsGiveLineAndColumn() {
        #expect(throws: JSONSyntaxError(message: "expected `,` or `}`", line: 2, column: 3)) {
            try JSONParser.parse("{\"a\": 1\n  \"b\": 2}")
        }
    }

    /// Rounding against a plain reference, on both sides of every half and whole, for the
    /// denominators with their own fast paths (1, the rate scale) and for others.
    @Test(arguments: [Int128(1), 1_000_000, 7, 2_000_000, 100_000_000_000_000_000_000])
    func roundingMatchesTheReference(_ denominator: Int128) {
        var numerators: [Int128] = []
        for whole in Int128(-3)...3 {
            for offset in [Int128(0), 1, -1] {
                numerators += [whole * denominator + offset, whole * denominator + denominator / 2 + offset]
            }
        }
        // Past 64 bits on either side, and results that do not fit (expected nil).
        numerators += [Int128(Int64.max), Int128(Int64.min), Int128(Int64.max) + 1, Int128(Int64.min) - 1]
        for limit in [Int128(Int64.max), Int128(Int64.min)] {
            let (edge, overflow) = limit.multipliedReportingOverflow(by: denominator)
            if !overflow { numerators += [edge - 1, edge + 1] }
        }
        for numerator in numerators {
            let floor = numerator >= 0 ? numerator / denominator : -((-numerator + denominator - 1) / denominator)
            let twice = 2 * (numerator - floor * denominator)  // from 0 up to 2 × denominator, exclusive
            let nearestUp = twice > denominator || (twice == denominator && floor >= 0)
            let nearestEven = twice > denominator || (twice == denominator && floor % 2 != 0)
            let expected: [Rounding: Int128] = [
                .down: floor, .up: twice == 0 ? floor : floor + 1,
                .halfUp: nearestUp ? floor + 1 : floor, .halfEven: nearestEven ? floor + 1 : floor,
            ]
            for (rounding, value) in expected {
                #expect(rounding.apply(numerator, denominator) == Int64(exactly: value), "\(numerator) / \(denominator) \(rounding)")
            }
        }
    }
}
