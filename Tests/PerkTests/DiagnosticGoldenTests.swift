import Foundation
@testable import Perk
import Testing

/// Golden tests of the parser and checker: each `Golden/NAME.perk` holds a program with
/// mistakes, and `Golden/NAME.expected` the exact diagnostics a user sees for it.
/// Run with PERK_RECORD=1 to write the expected files anew after a deliberate change.
@Suite struct DiagnosticGoldenTests {
    static let folder = packageRoot.appendingPathComponent("Tests/PerkTests/Golden")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".perk") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test("golden diagnostics", arguments: cases)
    func golden(_ name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name + ".perk"), encoding: .utf8)
        let source = Source(name: "\(name).perk", text: text)
        let rendered = DiagnosticRenderer(source: source, color: false).render(Program.check(source))
        let expectedURL = Self.folder.appendingPathComponent(name + ".expected")
        if ProcessInfo.processInfo.environment["PERK_RECORD"] == "1" {
            try rendered.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(rendered == expected)
        #expect(!rendered.isEmpty, "a golden program must have diagnostics")
    }

    @Test func goldenCasesExist() {
        #expect(Self.cases.count >= 15)
    }

    /// Every diagnostic code Perk can give is shown by a golden file, or (for the limits on
    /// whole files, which a golden file cannot hold) asserted by a test: a code that nothing
    /// triggers is either untested or dead.
    @Test func everyCodeIsTriggered() throws {
        let messages = try packageFile("Sources/Perk/Diagnostics/Messages.swift")
        let codes = Set(messages.matches(of: /"([EW]\d{4})"/).map { String($0.1) })
        #expect(codes.count >= 30)
        let goldens = try Self.cases.map { try String(contentsOf: Self.folder.appendingPathComponent($0 + ".expected"), encoding: .utf8) }
            .joined()
        let tests = try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Tests/PerkTests").path)
            .filter { $0.hasSuffix(".swift") && $0 != "DiagnosticGoldenTests.swift" }
            .map { try packageFile("Tests/PerkTests/\($0)") }.joined()
        for code in codes.sorted() {
            let triggered = goldens.contains("[\(code)]") || tests.contains("\"\(code)\"") || tests.contains("[\(code)]")
            #expect(triggered, "no golden file or test gives \(code)")
        }
    }

    /// Two diagnostics are equal only when everything a user reads of them is: the label,
    /// notes and help as well as the code, message and place.
    @Test func diagnosticsDifferingInAnyPartAreNotEqual() {
        let base = Diagnostic(.error, "E0201", "unknown currency `EUT`", at: Span(9, 12), label: "here", notes: ["a"], help: "b")
        #expect(base == Diagnostic(.error, "E0201", "unknown currency `EUT`", at: Span(9, 12), label: "here", notes: ["a"], help: "b"))
        #expect(base != Diagnostic(.warning, "E0201", "unknown currency `EUT`", at: Span(9, 12), label: "here", notes: ["a"], help: "b"))
        #expect(base != Diagnostic(.error, "E0201", "unknown currency `EUT`", at: Span(9, 12), label: "there", notes: ["a"], help: "b"))
        #expect(base != Diagnostic(.error, "E0201", "unknown currency `EUT`", at: Span(9, 12), label: "here", notes: [], help: "b"))
        #expect(base != Diagnostic(.error, "E0201", "unknown currency `EUT`", at: Span(9, 12), label: "here", notes: ["a"], help: nil))
    }

    @Test func shortFormNamesFileLineAndColumn() throws {
        let source = Source(name: "x.perk", text: "program \"X\"\ncurrency EUT\n")
        let diagnostics = Program.check(source)
        let renderer = DiagnosticRenderer(source: source, color: false)
        #expect(diagnostics.map(renderer.renderShort) == ["x.perk:2:10: error[E0201]: unknown currency `EUT`"])
    }

    @Test func invalidUTF8IsReportedWhereItStands() {
        let bytes: [UInt8] = Array("program \"Caf".utf8) + [0xE9] + Array("\"\ncurrency EUR\n".utf8)
        do {
            _ = try Program(bytes: bytes, name: "cafe.perk")
            Issue.record("a program with invalid UTF-8 compiled")
        } catch {
            let renderer = DiagnosticRenderer(source: error.source, color: false)
            #expect(error.diagnostics.map(renderer.renderShort) == ["cafe.perk:1:13: error[E0004]: the file is not valid UTF-8"])
        }
    }

    @Test func compilingAProgramWithErrorsThrowsAllOfThem() {
        #expect(throws: ProgramError.self) { try Program(text: "curency MAD\nreward pionts\n") }
        do {
            _ = try Program(text: "curency MAD\nreward pionts\n")
        } catch {
            #expect(error.diagnostics.map(\.code) == ["E0102", "E0105"])
        }
    }
}
