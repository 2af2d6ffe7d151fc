import Perk

/// A benchmark case that evaluates requests: the engine against the hand-written Swift of
/// the same rules, over the same requests.
struct EvaluationCase {
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
        for _ in 0..<samples {
            engine.append(try Stopwatch.median(samples: 1, units: units) {
                for _ in 0..<rounds { for request in requests { keep(try program.evaluate(request, trace: false)) } }
            })
            traced.append(try Stopwatch.median(samples: 1, units: units) {
                for _ in 0..<rounds { for request in requests { keep(try program.evaluate(request)) } }
            })
            hand.append(Stopwatch.median(samples: 1, units: units) {
                for _ in 0..<rounds { for request in requests { keep(handWritten(request)) } }
            })
        }
        return (Stopwatch.median(engine), Stopwatch.median(traced), Stopwatch.median(hand))
    }
}
