import Foundation
import Perk
import Testing

@Suite struct ProgramTestFileTests {
    /// The seed scenarios are also written as program managers' tests beside the programs.
    @Test func shippedProgramTestsPass() throws {
        let folder = packageRoot.appendingPathComponent("programs")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".perktest") }
        #expect(files.count >= 8)
        var total = 0
        for file in files {
            let tests = try TestFile(name: file, text: try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
            let run = TestRun(tests, program: try shippedProgram(String(file.dropLast(".perktest".count))))
            for result in run.results where !result.passed {
                Issue.record("\(file): \(result.name): \(result.failures.joined(separator: "; "))")
            }
            total += run.results.count
        }
        #expect(total >= 40)
    }

    @Test func aFailureNamesExpectedAndActual() throws {
        let tests = try TestFile(name: "f.perktest", text: try packageFile("Tests/PerkTests/Fixtures/failing.perktest"))
        let run = TestRun(tests, program: try shippedProgram("convercus"))
        #expect(run.passed == 1)
        #expect(run.failed == 1)
        #expect(run.results[1].failures == ["points_earned: expected 30, got 29 (line 7)"])
        #expect(run.results[1].explanation.contains("[applied] earn 1 point per 1.00 EUR rounded down"))
    }

    @Test func errorsAreExpectedByField() throws {
        let tests = try TestFile(name: "e.perktest", text: """
            test "refused"
            request {"type": "burn", "amount": 12.35, "customer": {"balances": {"points": 1234}}}
            expect error customer.balances.points

            test "refused for another field"
            request {"type": "burn", "amount": 12.35, "customer": {"balances": {"points": 1234}}}
            expect error amount
            """)
        let run = TestRun(tests, program: try shippedProgram("convercus"))
        #expect(run.results.map(\.passed) == [true, false])
        #expect(run.results[1].failures == [
            "expected an error naming amount, got: customer.balances.points: insufficient points: 1235 needed, 1234 available (line 7)",
        ])
    }

    @Test(arguments: [
        ("request {\"amount\": 1}", "t.perktest:1: `request` before any `test`"),
        ("test \"a\"\nexpect points_earned 1", "t.perktest:1: test \"a\" has no `request` line"),
        ("test \"a\"\nrequest {}", "t.perktest:1: test \"a\" expects nothing"),
        ("test a", "t.perktest:1: expected the test's name in double quotes: test \"name\""),
        ("test \"a\"\nreqest {}", "t.perktest:2: expected `test`, `request` or `expect`, found `reqest`; did you mean `request`?"),
        ("test \"a\"\nrequest {}\nexpect points_earned", "t.perktest:3: expected a value after `points_earned`"),
    ])
    func testFileMistakesNameTheLine(_ text: String, _ message: String) {
        #expect(throws: TestFile.SyntaxError.self) { try TestFile(name: "t.perktest", text: text) }
        do {
            _ = try TestFile(name: "t.perktest", text: text)
        } catch {
            #expect(error.description == message)
        }
    }
}
