import Foundation
import FuzzSupport
import Perk
import PerkLedger
@testable import PerkCommands

// libFuzzer feeds REPL scripts: each line of the input is a command for a session on the
// KENZ'UP program with a ledger in memory. `:save`, `:load` and `:program` are skipped, so
// that the fuzzer never writes or reads a file of its choosing. Run from the package root by
// `scripts/fuzz.sh`.

let path = "programs/kenzup.perk"
let start = Timestamp(utcEpochSeconds: 1_790_000_000)
let program = ShippedPrograms.named(path)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRepl(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let ledger = try? Ledger(program: program, store: MemoryLedgerStore(), clock: { start ?? Ledger.systemClock() }) else {
        fatalError("an empty ledger does not open")
    }
    var session = ReplSession(programPath: path, program: program, ledger: ledger)
    // As `perk repl` reads lines: up to a line feed, without a carriage return before it.
    for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
        let command = (try? ReplSession.split(trimmed).get())?.first
        if command == ":save" || command == ":load" || command == ":program" { continue }
        guard session.run(trimmed).goOn else { break }
    }
    return 0
}
