import FuzzSupport
import Perk

// libFuzzer feeds requests: any bytes are decoded as a request for each shipped program and
// evaluated with and without a trace. The two outcomes must differ in their trace alone,
// and an outcome's JSON must read back as the same outcome. Run from the package root by
// `scripts/fuzz.sh`.

let programs = ShippedPrograms.all()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for program in programs {
        guard let request = try? Request(json: bytes, currency: program.currency) else { continue }
        let traced = Result { () throws(EvaluationError) in try program.evaluate(request) }
        let untraced = Result { () throws(EvaluationError) in try program.evaluate(request, trace: false) }
        switch (traced, untraced) {
        case (.success(let outcome), .success(let plain)):
            let text = outcome.json()
            guard let json = try? JSONParser.parse(text), let read = try? Outcome(json: json), read == outcome else {
                fatalError("the outcome does not read back from its JSON:\n\(text)")
            }
            guard outcome.json(trace: false) == plain.json(trace: false), plain.trace == nil else {
                fatalError("the trace changed the outcome:\n\(text)")
            }
        case (.failure(let a), .failure(let b)):
            guard a.description == b.description else { fatalError("the trace changed the error: \(a) / \(b)") }
        default:
            fatalError("the trace changed whether the request evaluates")
        }
        // The request's own JSON must read back as the same request.
        let encoded = request.json(currency: program.currency).text
        guard let again = try? Request(json: encoded, currency: program.currency), again == request else {
            fatalError("the request does not read back from its JSON:\n\(encoded)")
        }
    }
    return 0
}
