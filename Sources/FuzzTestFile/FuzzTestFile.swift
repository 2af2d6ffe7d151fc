import FuzzSupport
import Perk

// libFuzzer feeds program managers' test files (`*.perktest`): any bytes are read as a test
// file and, when it reads, run against each shipped program. Reading must give a test file
// or a syntax error naming a line of the input; running must give one result per test.
// Run from the package root by `scripts/fuzz.sh`.

let programs = ShippedPrograms.all()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let file: TestFile
    do {
        file = try TestFile(name: "fuzz.perktest", text: text)
    } catch {
        // Counted in bytes, not as the reader splits, so that a line the reader missed shows.
        let lines = text.utf8.reduce(1) { $1 == 10 ? $0 + 1 : $0 }
        guard (1...lines).contains(error.line) else { fatalError("a syntax error names line \(error.line) of \(lines): \(error)") }
        return 0
    }
    for program in programs {
        let run = TestRun(file, program: program)
        guard run.results.count == file.cases.count else { fatalError("\(file.cases.count) tests gave \(run.results.count) results") }
    }
    return 0
}
