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
