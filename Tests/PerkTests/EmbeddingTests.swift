import Foundation
import Perk
import Testing

/// The README's embedding example, compiled and run as it is printed there.
@Test func readmeEmbeddingExample() throws {
    // README example begins
    let program = try Program(text: """
        program "Coffee club"
        currency EUR
        100 points = 1.00 EUR
        reward points
        earn 1 point per 1.00 EUR rounded down
        """)
    let request = try Request(json: #"{"amount": 29.99, "customer": {"balances": {"points": 120}}}"#,
                              currency: program.currency)
    let outcome = try program.evaluate(request)
    print(outcome.pointsEarned, outcome.balancesAfter?.points ?? 0)  // 29 149
    // README example ends
    #expect(outcome.pointsEarned == 29)
    #expect(outcome.balancesAfter?.points == 149)
}

/// A compiled program is a `Sendable` value: many tasks may evaluate with it at once.
@Test func evaluatesConcurrently() async throws {
    let program = try shippedProgram("secucard")
    let json = try packageFile("Playground/requests/secucard.pay-with-card.json")
    let request = try Request(json: json, currency: program.currency)
    let reference = try program.evaluate(request)
    let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
        for _ in 0..<64 { group.addTask { try program.evaluate(request) } }
        return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(outcomes.count == 64)
    #expect(outcomes.allSatisfy { $0 == reference })
}

/// The README shows exactly the example above, so that what newcomers copy compiles and runs.
@Test func readmeShowsTheTestedExample() throws {
    let test = try packageFile("Tests/PerkTests/EmbeddingTests.swift")
    let lines = test.split(separator: "\n", omittingEmptySubsequences: false)
    guard let begin = lines.firstIndex(where: { $0.hasSuffix("// README example begins") }),
          let end = lines.firstIndex(where: { $0.hasSuffix("// README example ends") }) else {
        Issue.record("the example markers are missing")
        return
    }
    let example = lines[(begin + 1)..<end].map { $0.hasPrefix("    ") ? String($0.dropFirst(4)) : String($0) }
    let readme = try packageFile("README.md")
    #expect(readme.contains(example.joined(separator: "\n")))
}

/// Without its trace an outcome is the same outcome: every Playground request gives the same
/// numbers, messages and lines either way, and no trace, which its JSON leaves out.
@Test func evaluatingWithoutTraceChangesOnlyTheTrace() throws {
    let folder = packageRoot.appendingPathComponent("Playground/requests")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
    #expect(files.count >= 10)
    for file in files {
        let program = try shippedProgram(String(file.prefix { $0 != "." }))
        let request = try Request(json: try packageFile("Playground/requests/\(file)"), currency: program.currency)
        let traced = try program.evaluate(request)
        let untraced = try program.evaluate(request, trace: false)
        #expect(untraced.trace == nil, "\(file)")
        #expect(traced.trace?.steps.isEmpty == false, "\(file)")
        #expect(untraced.json(trace: false) == traced.json(trace: false), "\(file)")
        // Nothing to write is not written: no empty `"trace"` for an outcome without one.
        #expect(untraced.json() == traced.json(trace: false), "\(file)")
        #expect(!untraced.json().contains("\"trace\""), "\(file)")
    }
}
