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
        if let outcome = evaluatedBothWays(program, request, context: String(decoding: bytes, as: UTF8.self)) {
            let text = outcome.json()
            guard let json = try? JSONParser.parse(text), let read = try? Outcome(json: json), read == outcome else {
                fatalError("the outcome does not read back from its JSON:\n\(text)")
            }
        }
        // The request's own JSON must read back as the same request.
        let encoded = request.json(currency: program.currency).text
        guard let again = try? Request(json: encoded, currency: program.currency), again == request else {
            fatalError("the request does not read back from its JSON:\n\(encoded)")
        }
    }
    return 0
}
