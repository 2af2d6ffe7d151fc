import Perk

// libFuzzer feeds program files: any bytes go through checking, rendering of the
// diagnostics, compiling and formatting. A program that compiles must format to a program
// that compiles, and formatting must be idempotent. Built and run by `scripts/fuzz.sh`.

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
    return 0
}
