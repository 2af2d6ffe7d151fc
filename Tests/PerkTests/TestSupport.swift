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

/// What a program run by a test did: its exit status, standard output and standard error.
struct ProgramRun: Equatable {
    var status: Int32
    var out: String
    var err: String
}

/// Runs a program in `folder` with `NO_COLOR` set and these bytes on standard input (which
/// may be anything, even not UTF-8). Standard error is read while standard output is, so
/// that a program writing much to both never waits on a full pipe.
func runProgram(_ executable: URL, _ arguments: [String], stdin: [UInt8]?, in folder: URL = packageRoot) throws -> ProgramRun {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    nonisolated(unsafe) var errData = Data()
    let errorDone = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        errorDone.signal()
    }
    if let stdin { input.fileHandleForWriting.write(Data(stdin)) }
    try input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    errorDone.wait()
    process.waitUntilExit()
    return ProgramRun(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                      err: String(decoding: errData, as: UTF8.self))
}

/// Each rule's result in one line: `name: applied, reason` or `name: not applied, reason`.
func ruleSummary(_ outcome: Outcome) -> [String] {
    outcome.rules.map { "\($0.name): \($0.applied ? "applied" : "not applied")" + ($0.reason.map { ", \($0)" } ?? "") }
}
