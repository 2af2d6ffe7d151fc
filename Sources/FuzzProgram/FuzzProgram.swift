import FuzzSupport
import Perk

// libFuzzer feeds program files: any bytes go through checking, rendering of the
// diagnostics, compiling and formatting. A program that compiles must format to a program
// that compiles, and formatting must be idempotent; and it must give a few sales the same
// results with and without a trace (without one, the plan's index and shortcuts decide
// which rules are tested). Built and run by `scripts/fuzz.sh`.

/// Sales that reach many conditions: dates on either side of a year's end, a Saturday,
/// merchants and brands, a tier, tags, a birthday, categories and lists.
let sales = [
    #"{"time": "2026-12-24T23:30:00+01:00", "merchant": "M1", "brand": "B1", "lines": [{"article": "1", "category": "fuel", "quantity": 21.739, "unit_price": 2}, {"ean": "4000000000017", "category": "organic", "quantity": 1, "unit_price": 20}], "customer": {"tags": ["staff"], "birthday": "12-24", "first_purchase": true}}"#,
    #"{"time": "2027-01-02T10:00:00+01:00", "merchant": "58725", "lines": [{"category": "dairy", "quantity": 2, "unit_price": 1}, {"quantity": 1, "unit_price": 100}], "tenders": [{"tender_id": "voucher", "amount": 1}]}"#,
    #"{"amount": 50}"#,
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProgram(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let (source, invalid) = Source.decoding(name: "fuzz.perk", bytes: bytes)
    let diagnostics = invalid.map { [$0] } ?? Program.check(source)
    _ = DiagnosticRenderer(source: source, color: false).render(diagnostics)
    guard invalid == nil, let program = try? Program(source: source) else { return 0 }
    _ = program.pointsWorth(Int64.max)
    guard let formatted = try? Formatter.format(source) else {
        fatalError("a program that compiles does not format")
    }
    let again = Source(name: "fuzz.perk", text: formatted)
    guard (try? Program(source: again)) != nil else { fatalError("the formatted program does not compile:\n\(formatted)") }
    guard (try? Formatter.format(again)) == formatted else { fatalError("formatting is not idempotent:\n\(formatted)") }
    for sale in sales {
        guard let request = try? Request(json: sale, currency: program.currency) else { continue }
        _ = evaluatedBothWays(program, request, context: "\(source.text)\n\(sale)")
    }
    return 0
}
