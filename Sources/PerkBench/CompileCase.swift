import Foundation
import Perk

/// Compiling a program with a large article list: the time, and the memory it takes at its peak.
struct CompileCase {
    let entries: Int

    /// The program text: a whitelist of `entries` entries, article numbers and EANs, some described.
    func programText() -> String {
        var text = "program \"large list\"\ncurrency EUR\nreward bonus\nearn 3% of eligible revenue rounded down\nwhitelist {\n"
        text.reserveCapacity(entries * 32)
        for index in 0..<entries {
            if index % 4 == 3 {
                text += "  ean \(4_000_000_000_000 + index)\n"
            } else if index % 10 == 0 {
                text += "  article \(1_000_000 + index) \"article number \(index)\"\n"
            } else {
                text += "  article \(1_000_000 + index)\n"
            }
        }
        return text + "}\n"
    }

    /// The median compile time in nanoseconds over `samples` compiles, and the growth of the
    /// process's peak resident memory during the first, in bytes. Run it before anything else
    /// in the process, so that the peak is this compile's.
    func measure(samples: Int) throws -> (nanoseconds: Double, peakBytes: Int) {
        let text = programText()
        let before = Memory.residentBytes()
        var first = true
        var peak = 0
        let time = try Stopwatch.median(samples: samples, units: 1) {
            let program = try Program(text: text, name: "large-list.perk")
            if first {
                peak = Memory.peakResidentBytes() - before
                first = false
            }
            keep(program)
        }
        return (time, peak)
    }
}

/// The process's memory, as the kernel counts it.
enum Memory {
    /// The resident memory now (Linux: /proc/self/statm).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The most resident memory the process has had.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
