import Perk

/// A benchmark case that evaluates requests: the engine against the hand-written Swift of
/// the same rules, over the same requests.
struct EvaluationCase {
    /// A short name for the command line and the instruction baseline (`A1`, `B11`).
    let key: String
    let name: String
    let program: Program
    let requests: [Request]
    let handWritten: (Request) -> Figures

    /// Fails unless the engine (with and without its trace) and the hand-written Swift give
    /// the same figures for every request.
    func verify() throws {
        for (index, request) in requests.enumerated() {
            let expected = handWritten(request)
            for trace in [false, true] {
                let engine: Figures
                do {
                    engine = Figures(try program.evaluate(request, trace: trace))
                } catch {
                    throw BenchmarkFailure(description: "\(name), request \(index): the engine failed: \(error)")
                }
                guard engine == expected else {
                    throw BenchmarkFailure(description: "\(name), request \(index)\(trace ? " (traced)" : ""):\n"
                                   + "  engine:       \(engine)\n  hand-written: \(expected)")
                }
            }
        }
    }

    /// The median nanoseconds per evaluation of the engine (without and with its trace) and
    /// of the hand-written Swift, measured in alternation so that all three see the same machine.
    func measure(samples: Int, evaluationsPerSample: Int) throws -> (engine: Double, traced: Double, handWritten: Double) {
        let rounds = max(1, evaluationsPerSample / requests.count)
        let units = rounds * requests.count
        var engine: [Double] = [], traced: [Double] = [], hand: [Double] = []
        // What each run adds up from its results, so that none of the work can be left out.
        var checksum: Int64 = 0
        try requests.withUnsafeBufferPointer { requests throws in
            /// The time per request of `evaluate`, round after round over the requests.
            func time(_ evaluate: (Request) throws -> Int64) rethrows -> Double {
                try Stopwatch.time(units: units) {
                    for _ in 0..<rounds {
                        for index in requests.indices { checksum &+= try evaluate(requests[index]) }
                    }
                }
            }
            for _ in 0..<samples {
                engine.append(try time { try Figures.sum(program.evaluate($0, trace: false)) })
                traced.append(try time { try Figures.sum(program.evaluate($0)) })
                hand.append(time { Figures.sum(handWritten($0)) })
            }
        }
        keep(checksum)
        return (Stopwatch.median(engine), Stopwatch.median(traced), Stopwatch.median(hand))
    }

    /// Evaluates the requests round after round without trace, `evaluations` times in all:
    /// the engine alone, or the hand-written Swift alone, for a profiler.
    func profile(evaluations: Int, handWritten useHandWritten: Bool = false) throws {
        var checksum: Int64 = 0
        try requests.withUnsafeBufferPointer { requests throws in
            for round in 0..<evaluations {
                if useHandWritten {
                    checksum &+= Figures.sum(handWritten(requests[round % requests.count]))
                } else {
                    checksum &+= try Figures.sum(program.evaluate(requests[round % requests.count], trace: false))
                }
            }
        }
        keep(checksum)
    }
}
