import Foundation
import Perk

/// The package's root folder, found from this file's path.
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The text of a file below the package root.
func packageFile(_ relativePath: String) throws -> String {
    try String(contentsOf: packageRoot.appendingPathComponent(relativePath), encoding: .utf8)
}

/// A program of `programs/`, compiled; `name` is its file name without `.perk`.
func shippedProgram(_ name: String) throws -> Program {
    try Program(text: try packageFile("programs/\(name).perk"), name: "programs/\(name).perk")
}

/// Evaluates a JSON request against a program.
func evaluate(_ program: Program, _ json: String) throws -> Outcome {
    try program.evaluate(try Request(json: json, currency: program.currency))
}

/// A small seeded random generator (SplitMix64), so that a failing run can be repeated.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
