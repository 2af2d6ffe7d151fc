import Foundation

/// Pricing a change: `perk diff` replaying 100,000 requests through two versions of a
/// program, timed from start to exit (reading, parsing, evaluating both and the report).
struct DiffCase {
    /// How many times the Playground's 5000 December baskets are replayed.
    let copies = 20

    /// The median seconds of `perk diff` over `samples` runs of Marché Vert against its
    /// Christmas week; throws when perk fails or replays another number of requests.
    func measure(perk: URL, samples: Int) throws -> (requests: Int, seconds: Double) {
        let baskets = try String(contentsOf: Workload.root.appendingPathComponent("Playground/diff/marche-vert-requests.jsonl"), encoding: .utf8)
        let requests = baskets.split(separator: "\n").count * copies
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("perk-bench-diff-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("requests.jsonl")
        let output = folder.appendingPathComponent("report.txt")
        try String(repeating: baskets, count: copies).write(to: input, atomically: false, encoding: .utf8)
        var times: [Double] = []
        for _ in 0..<samples {
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            let process = Process()
            process.executableURL = perk
            process.arguments = ["diff", Workload.root.appendingPathComponent("programs/marche-vert.perk").path,
                                 Workload.root.appendingPathComponent("Playground/diff/marche-vert-christmas.perk").path, input.path]
            process.standardOutput = try FileHandle(forWritingTo: output)
            let start = Stopwatch.now()
            try process.run()
            process.waitUntilExit()
            times.append(Double(Stopwatch.now() - start) / 1e9)
            guard process.terminationStatus == 0 else { throw BenchmarkFailure(description: "perk diff exited with \(process.terminationStatus)") }
            let report = try String(contentsOf: output, encoding: .utf8)
            guard report.contains("\nrequests          \(requests)\n") else {
                throw BenchmarkFailure(description: "perk diff did not replay \(requests) requests:\n\(report)")
            }
        }
        return (requests, Stopwatch.median(times))
    }
}
