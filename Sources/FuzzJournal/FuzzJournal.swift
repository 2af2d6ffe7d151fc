import Foundation
import FuzzSupport
import Perk
@testable import PerkLedger

// libFuzzer feeds ledger journals. The first byte chooses how the rest is written to the
// journal file: as it is (so damaged checksums and torn lines are tried), or with a valid
// checksum put before each line (so that the records' JSON and their replay are tried).
// The journal is opened with the KENZ'UP program: it must open, or fail with a ledger
// error, never crash. When it opens, one more sale is recorded and the journal must open
// again. Run from the package root by `scripts/fuzz.sh`.

let path = "programs/kenzup.perk"
let program = ShippedPrograms.named(path)
let journal = "/dev/shm/perk-fuzz-\(getpid()).journal"
let sale = Array(#"{"order_id": "FUZZ-1", "time": "2020-02-12T19:20:30+01:00", "force": true, "amount": 12.45, "customer": "+212611223344"}"#.utf8)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJournal(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let mode = input.first else { return 0 }
    let rest = input.dropFirst()
    var bytes: [UInt8] = []
    if mode & 1 == 0 {
        bytes = Array(rest)
    } else {
        for line in rest.split(separator: 10, omittingEmptySubsequences: false).dropLast() {
            bytes += Array(String(format: "%08x", CRC32.checksum(line)).utf8) + [32] + line + [10]
        }
    }
    guard FileManager.default.createFile(atPath: journal, contents: Data(bytes)) else { fatalError("cannot write \(journal)") }
    defer { unlink(journal) }
    do {
        let ledger = try Ledger(program: program, store: try JournalStore(path: journal))
        _ = try? ledger.apply(json: sale)
    } catch {
        return 0
    }
    do {
        _ = try Ledger(program: program, store: try JournalStore(path: journal))
    } catch {
        fatalError("a journal that opened does not open again after one more sale: \(error)")
    }
    return 0
}
