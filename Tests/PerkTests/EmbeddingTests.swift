import Foundation
import Perk
import Testing

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

/// The README's embedding example as a newcomer uses it: its `Package.swift` and its
/// `main.swift`, exactly as printed, in a host package beside a copy of Perk, built with
/// `swift build` and run.
@Test func readmeEmbeddingExampleBuildsAndRuns() throws {
    let readme = try packageFile("README.md")
    guard let section = readme.components(separatedBy: "\n## ").first(where: { $0.hasPrefix("Embedding\n") }) else {
        Issue.record("the README has no Embedding section")
        return
    }
    let blocks = section.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] + "\n" }
    let manifest = blocks.first { $0.hasPrefix("// swift-tools-version") }
    let main = blocks.first { $0.hasPrefix("import Perk") }
    let mainPath = section.firstMatch(of: /`(Sources\/[^`]+\.swift)`/).map { String($0.1) }
    guard let manifest, let main, let mainPath else {
        Issue.record("the Embedding section shows no Package.swift, main.swift or its path")
        return
    }
    let fileManager = FileManager.default
    let folder = fileManager.temporaryDirectory.appendingPathComponent("perk-host-\(UUID().uuidString)")
    defer { try? fileManager.removeItem(at: folder) }
    let perk = folder.appendingPathComponent("perk"), host = folder.appendingPathComponent("host")
    try fileManager.createDirectory(at: perk, withIntermediateDirectories: true)
    for item in ["Package.swift", "Sources", "Tests"] {
        try fileManager.copyItem(at: packageRoot.appendingPathComponent(item), to: perk.appendingPathComponent(item))
    }
    let mainURL = host.appendingPathComponent(mainPath)
    try fileManager.createDirectory(at: mainURL.deletingLastPathComponent(), withIntermediateDirectories: true)
    try manifest.write(to: host.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
    try main.write(to: mainURL, atomically: true, encoding: .utf8)

    let build = try run("/usr/bin/env", ["swift", "build", "--package-path", host.path], in: host)
    #expect(build.status == 0, "swift build failed:\n\(build.output)")
    let target = mainURL.deletingLastPathComponent().lastPathComponent
    let ran = try run(host.appendingPathComponent(".build/debug/\(target)").path, [], in: host)
    #expect(ran.status == 0)
    #expect(ran.output == "29 149\n")
}

/// Runs a program and returns its exit status and its standard output, then its error.
private func run(_ executable: String, _ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
    let run = try runProgram(URL(fileURLWithPath: executable), arguments, stdin: [], in: folder)
    return (run.status, run.out + run.err)
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
        // It explains itself: in its trace's steps, or (a program of named rules) in its rules' reasons.
        #expect(traced.trace?.steps.isEmpty == false || traced.rules.contains { $0.reason != nil }, "\(file)")
        #expect(untraced.json(trace: false) == traced.json(trace: false), "\(file)")
        // Nothing to write is not written: no empty `"trace"` for an outcome without one.
        #expect(untraced.json() == traced.json(trace: false), "\(file)")
        #expect(!untraced.json().contains("\"trace\""), "\(file)")
    }
}
