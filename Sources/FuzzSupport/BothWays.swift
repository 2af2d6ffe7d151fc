import Perk

/// Evaluates a request with and without its trace, and stops the fuzzer when the two differ
/// in anything but the trace (without one, the plan's index and shortcuts decide which rules
/// are tested). Returns the traced outcome, or nil when both refuse the request alike.
/// `context` names the input in the failure: the program, the request.
public func evaluatedBothWays(_ program: Program, _ request: Request, context: @autoclosure () -> String) -> Outcome? {
    let traced = Result { () throws(EvaluationError) in try program.evaluate(request) }
    let untraced = Result { () throws(EvaluationError) in try program.evaluate(request, trace: false) }
    switch (traced, untraced) {
    case (.success(let outcome), .success(let plain)):
        guard outcome.json(trace: false) == plain.json(trace: false), plain.trace == nil else {
            fatalError("the trace changed the outcome:\n\(context())\n\(outcome.json(trace: false))\n\(plain.json(trace: false))")
        }
        return outcome
    case (.failure(let a), .failure(let b)):
        guard a.description == b.description else { fatalError("the trace changed the error: \(a) / \(b)\n\(context())") }
        return nil
    default:
        fatalError("the trace changed whether the request evaluates:\n\(context())")
    }
}
