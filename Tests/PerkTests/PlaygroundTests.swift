import Foundation
import Perk
import Testing

/// Every request of `Playground/requests/` is evaluated against its program (the file name
/// up to the first dot names it) and its whole outcome compared with `Playground/expected/`.
/// Run with PERK_RECORD=1 to write the expected outcomes anew after a deliberate change.
@Suite struct PlaygroundTests {
    static let requests = packageRoot.appendingPathComponent("Playground/requests")
    static let expected = packageRoot.appendingPathComponent("Playground/expected")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: requests.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test("playground request", arguments: cases)
    func playground(_ file: String) throws {
        let programName = String(file.prefix { $0 != "." })
        let program = try shippedProgram(programName)
        let json = try String(contentsOf: Self.requests.appendingPathComponent(file), encoding: .utf8)
        let outcome = try evaluate(program, json).json() + "\n"
        let expectedURL = Self.expected.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["PERK_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: Self.expected, withIntermediateDirectories: true)
            try outcome.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        #expect(outcome == (try String(contentsOf: expectedURL, encoding: .utf8)))
    }

    @Test func everyProgramHasARequest() throws {
        let programs = try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("programs").path)
            .filter { $0.hasSuffix(".perk") }.map { String($0.dropLast(5)) }
        let covered = Set(Self.cases.map { String($0.prefix { $0 != "." }) })
        #expect(!programs.isEmpty)
        for program in programs {
            #expect(covered.contains(program), "no Playground request for programs/\(program).perk")
        }
    }

    @Test func everyShippedProgramIsClean() throws {
        let folder = packageRoot.appendingPathComponent("programs")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".perk") {
            let source = Source(name: file, text: try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
            #expect(Program.check(source).isEmpty, "programs/\(file) has diagnostics")
        }
    }
}
