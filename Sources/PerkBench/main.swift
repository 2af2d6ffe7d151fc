import Foundation

// PerkBench: how fast Perk evaluates, compiles and serves JSON, next to hand-written Swift
// of the same rules in the same binary. Run it with `swift run -c release PerkBench`;
// docs/performance.md holds the figures and what they are measured on.

/// Why the benchmark could not give its figures: the engine and the hand-written Swift
/// disagree, or perk failed.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
}

// `--quick`: fewer samples; `--case N`: only case N (1 to 7); `--profile N`: only N
// evaluations of the engine without trace for the cases chosen, for a profiler to watch;
// `--evaluation KEY`: with `--profile`, only the evaluation case of that key (A1, blacklist,
// B1, B11, E1, E100, F1), as scripts/speed-check.sh counts them; `--hand`: with `--profile`, the
// hand-written Swift instead of the engine.
let arguments = CommandLine.arguments
let quick = arguments.contains("--quick")
let samples = quick ? 5 : 51
let only = arguments.firstIndex(of: "--case").flatMap { $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil }
func runs(_ number: Int) -> Bool { only == nil || only == number }
/// The case number of each evaluation case, in the order `Workload.evaluationCases` gives them.
let caseNumbers = [1, 2, 3, 3, 6, 6, 6]
let profile = arguments.firstIndex(of: "--profile").flatMap { $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil }
let evaluationKey = arguments.firstIndex(of: "--evaluation").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }

func nanoseconds(_ value: Double) -> String {
    value >= 1_000_000 ? String(format: "%.1f ms", value / 1_000_000)
        : value >= 1000 ? String(format: "%.2f µs", value / 1000) : String(format: "%.0f ns", value)
}

func perSecond(_ value: Double) -> String {
    value >= 1_000_000 ? String(format: "%.2f M/s", value / 1_000_000) : String(format: "%.0f k/s", value / 1000)
}

func verdict(_ met: Bool) -> String { met ? "met" : "MISSED" }

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

do {
    if let profile {
        let cases = try Workload.evaluationCases()
        if let evaluationKey, !cases.contains(where: { $0.key == evaluationKey }) {
            throw BenchmarkFailure(description: "no evaluation case `\(evaluationKey)`; the cases are "
                                   + cases.map(\.key).joined(separator: ", "))
        }
        for (number, evaluation) in zip(caseNumbers, cases) where runs(number) && (evaluationKey ?? evaluation.key) == evaluation.key {
            try evaluation.profile(evaluations: profile, handWritten: arguments.contains("--hand"))
        }
        exit(0)
    }
    print("Perk benchmark — medians of \(samples) samples\(quick ? " (quick run)" : "")\n")
    if runs(4) {  // first, so that the process's peak memory is the compile's
        let compile = CompileCase(entries: 100_000)
        let (compileTime, compilePeak) = try compile.measure(samples: quick ? 3 : 11)
        let megabytes = Double(compilePeak) / 1_048_576
        print("4. compile a program with \(compile.entries) list entries: \(nanoseconds(compileTime)), "
              + String(format: "peak memory +%.1f MB", megabytes)
              + " — target < 100 ms and < 50 MB: \(verdict(compileTime < 100_000_000 && megabytes < 50))\n")
    }

    let cases = try Workload.evaluationCases()
    for evaluation in cases { try evaluation.verify() }
    if runs(1) || runs(2) || runs(3) || runs(6) { print("\(pad("case", 50)) \(pad("engine", 9)) \(pad("evals/s", 10)) \(pad("traced", 9)) \(pad("hand", 8)) ratio  < 1 µs, ≤ 1.5×") }
    for (number, evaluation) in zip(caseNumbers, cases) where runs(number) {
        let (engine, traced, hand) = try evaluation.measure(samples: samples, evaluationsPerSample: quick ? 2_000 : 20_000)
        let ratio = engine / hand
        print("\(pad("\(number). \(evaluation.name)", 50)) \(pad(nanoseconds(engine), 9)) \(pad(perSecond(1e9 / engine), 10)) "
              + "\(pad(nanoseconds(traced), 9)) \(pad(nanoseconds(hand), 8)) \(pad(String(format: "%.2f×", ratio), 6)) "
              + "\(verdict(engine < 1000)), \(verdict(ratio <= 1.5))")
    }
    if runs(1) || runs(2) || runs(3) || runs(6) {
        print("   (engine: evaluate(_:trace: false); traced: with the trace that explains every number;")
        print("    hand: hand-written Swift of the same rules; every result checked identical)\n")
    }

    guard runs(5) || runs(7) else { exit(0) }
    let perk = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("perk")
    guard let perk, FileManager.default.isExecutableFile(atPath: perk.path) else {
        throw BenchmarkFailure(description: "perk is not built beside PerkBench: run `swift build -c release` first")
    }
    if runs(5) {
        let batch = BatchCase(requests: 100_000)
        let program = Workload.root.appendingPathComponent("programs/kenzup.perk")
        for options in [["--no-trace"], []] {
            let rate = try batch.measure(perk: perk, program: program, samples: quick ? 1 : 5, options: options)
            print("5. perk eval --batch \(pad(options.joined(separator: " "), 11)) over \(batch.requests) KENZ'UP requests: "
                  + "\(perSecond(rate)) — target ≥ 100 k/s: \(verdict(rate >= 100_000))")
        }
    }
    if runs(7) {
        let (requests, seconds) = try DiffCase().measure(perk: perk, samples: quick ? 1 : 5)
        print("7. perk diff over \(requests) Marché Vert requests, two versions: "
              + String(format: "%.2f s", seconds) + " — target < 2 s: \(verdict(seconds < 2))")
    }
} catch {
    FileHandle.standardError.write(Data("PerkBench: \(error)\n".utf8))
    exit(1)
}
