import Foundation

/// The JSON path end to end: `perk eval --batch` over a file of requests, one JSON per line,
/// timed from start to exit, so reading, parsing, evaluating and printing all count.
struct BatchCase {
    let requests: Int

    /// KENZ'UP requests from a fixed seed: earns of 0.01 to 500.00 MAD, and every fourth a
    /// hybrid payment with part of the sale paid with points.
    func requestLines() -> String {
        var random = SplitMix64(seed: 7)
        var text = ""
        text.reserveCapacity(requests * 260)
        for index in 0..<requests {
            let amount = 1 + random.next() % 50_000
            let mobile = "+2126\(10_000_000 + random.next() % 89_999_999)"
            if index % 4 == 3 {
                let inApp = random.next() % (amount + 1)
                text += """
                    {"type": "payment", "order_id": "BATCH_\(index)", "time": "2020-02-12T19:20:30+01:00", "currency": "MAD", \
                    "sale_amount": \(decimal(amount)), "amount": \(decimal(inApp)), "paid_with": "points", \
                    "customer": {"mobile": "\(mobile)", "balances": {"points": \(inApp + random.next() % 10_000)}}}\n
                    """
            } else {
                text += """
                    {"type": "earn", "order_id": "BATCH_\(index)", "time": "2020-02-12T19:20:30+01:00", "currency": "MAD", \
                    "terminal_id": "POS_123456789", "amount": \(decimal(amount)), "customer": {"mobile": "\(mobile)", "registered": true}}\n
                    """
            }
        }
        return text
    }

    private func decimal(_ minor: UInt64) -> String {
        let cents = minor % 100
        return "\(minor / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// The median requests per second of `perk eval --batch` over `samples` runs, with
    /// `options` (such as `--no-trace`); throws when perk fails or prints the wrong number of lines.
    func measure(perk: URL, program: URL, samples: Int, options: [String]) throws -> Double {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("perk-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("requests.jsonl")
        let output = folder.appendingPathComponent("outcomes.jsonl")
        try requestLines().write(to: input, atomically: false, encoding: .utf8)
        var rates: [Double] = []
        for _ in 0..<samples {
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            let process = Process()
            process.executableURL = perk
            process.arguments = ["eval", "--batch"] + options + [program.path, input.path]
            process.standardOutput = try FileHandle(forWritingTo: output)
            let start = Stopwatch.now()
            try process.run()
            process.waitUntilExit()
            let seconds = Double(Stopwatch.now() - start) / 1e9
            guard process.terminationStatus == 0 else {
                throw BenchmarkFailure(description: "perk eval --batch exited with \(process.terminationStatus)")
            }
            let printed = try Data(contentsOf: output).reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            guard printed == requests else {
                throw BenchmarkFailure(description: "perk eval --batch printed \(printed) lines for \(requests) requests")
            }
            rates.append(Double(requests) / seconds)
        }
        return Stopwatch.median(rates)
    }
}
