import Foundation
import Testing

/// What the README and the Playground pages tell a newcomer to type, run as it is written,
/// and every file they name, present: a page that names a missing file or shows a command
/// that fails is a broken first ten minutes.
@Suite struct DocumentationTests {
    /// The pages a newcomer reads first.
    static let pages: [String] = {
        let playground = (try? FileManager.default.subpathsOfDirectory(atPath: packageRoot.appendingPathComponent("Playground").path)) ?? []
        return ["README.md"] + playground.filter { $0.hasSuffix(".md") }.sorted().map { "Playground/\($0)" }
    }()

    /// Paths the pages name that are the reader's own files, not the repository's: the host
    /// package of the embedding example.
    static let readersFiles: Set<String> = ["Sources/CoffeeTill/main.swift"]

    /// Words that stand for a name in a path (`programs/NAME.perk`).
    static let placeholders = ["NAME", "FILE", "PROGRAM", "TARGET", "SECONDS", "JOURNAL", "REQUEST"]

    /// The extensions of the files a page may name without their folder.
    static let namedExtensions: Set<String> = ["perk", "perktest", "json", "jsonl", "repl", "transcript", "md", "py", "sh"]

    @Test func pagesExist() {
        #expect(Self.pages.contains("Playground/README.md"))
    }

    @Test("every file a page names exists", arguments: pages)
    func namedFilesExist(_ page: String) throws {
        let text = try packageFile(page)
        let folder = URL(fileURLWithPath: page).deletingLastPathComponent().relativePath
        let allFiles = Set(repositoryFiles().map { URL(fileURLWithPath: $0).lastPathComponent })
        var checked = 0
        let pathCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_./*-"))
        for word in text.unicodeScalars.split(whereSeparator: { !pathCharacters.contains($0) }) {
            var name = String(String.UnicodeScalarView(word))
            while name.hasSuffix(".") { name.removeLast() }
            guard !name.hasPrefix(".."), !name.hasPrefix("/"), !Self.readersFiles.contains(name), !name.hasPrefix(".build"),
                  !Self.placeholders.contains(where: { name.contains($0) }) else { continue }
            if name.contains("/") {
                // A path counts when its first folder is one of the repository's.
                let first = String(name.prefix { $0 != "/" })
                guard let base = [".", folder].first(where: { isDirectory("\($0)/\(first)") }) else { continue }
                checked += 1
                let exists = !glob("\(base)/\(name)").isEmpty
                #expect(exists, "\(page) names `\(name)`, which does not exist")
            } else if !name.contains("*"), let dot = name.lastIndex(of: "."),
                      Self.namedExtensions.contains(String(name[name.index(after: dot)...])) {
                checked += 1
                let exists = allFiles.contains(name)
                #expect(exists, "\(page) names `\(name)`, which is no file of the repository")
            }
        }
        #expect(checked > 0, "\(page) names no file at all")
    }

    @Test("every command a page shows runs", arguments: pages)
    func commandsRun(_ page: String) throws {
        let commands = Self.commands(in: try packageFile(page))
        #expect(!commands.isEmpty, "\(page) shows no command")
        // In a copy of what the pages use, so that commands that write files (a journal,
        // `perk fmt`) leave the repository as it is.
        let fileManager = FileManager.default
        let folder = fileManager.temporaryDirectory.appendingPathComponent("perk-docs-\(UUID().uuidString)")
        defer { try? fileManager.removeItem(at: folder) }
        try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        for item in ["programs", "Playground"] {
            try fileManager.copyItem(at: packageRoot.appendingPathComponent(item), to: folder.appendingPathComponent(item))
        }
        for command in commands {
            let run = try shell(command.line.replacingOccurrences(of: "perk ", with: CLITests.binary.path + " ", options: .anchored),
                                stdin: command.replInput, in: folder)
            #expect(run.status == command.status, "\(page): `\(command.line)` exited with \(run.status):\n\(run.err)")
            guard command.status == 0 else { continue }
            let errors = (run.out + run.err).split(separator: "\n").filter { $0.hasPrefix("error") }
            #expect(errors.isEmpty, "\(page): `\(command.line)` printed \(errors.joined(separator: "\n"))")
        }
    }

    /// A command shown on a page, the REPL lines typed after it (`perk> …`), and its exit
    /// status: 0, unless its comment says otherwise (`# …; exit 4: …`).
    struct Command {
        var line: String
        var replInput = ""
        var status: Int32 {
            line.firstMatch(of: /#.*\bexit (\d+)/).flatMap { Int32($0.1) } ?? 0
        }
    }

    /// The `perk` commands of a page: the lines of its `sh` blocks (`swift run perk` read as
    /// `perk`, continued lines joined) and inline spans such as `` `perk help test` ``. Other
    /// commands (`swift build`, `swift test`) are what the tests themselves do.
    static func commands(in text: String) -> [Command] {
        var commands: [Command] = []
        for block in text.components(separatedBy: "```sh\n").dropFirst() {
            let body = block.components(separatedBy: "\n```")[0].replacingOccurrences(of: "\\\n", with: " ")
            for rawLine in body.split(separator: "\n") {
                var line = rawLine.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("perk> ") {
                    commands[commands.count - 1].replInput += line.dropFirst(6) + "\n"
                    continue
                }
                if line.hasPrefix("swift run perk ") { line.removeFirst("swift run ".count) }
                if line.hasPrefix("perk ") { commands.append(Command(line: line)) }
            }
        }
        for span in text.matches(of: /`(perk [^`]+)`/) {
            let line = span.output.1.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            // A subcommand named alone (`perk diff`) is a name in a sentence, not a command.
            if line.split(separator: " ").count >= 3 { commands.append(Command(line: line)) }
        }
        return commands
    }
}

private func isDirectory(_ path: String) -> Bool {
    var directory: ObjCBool = false
    return FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent(path).path, isDirectory: &directory)
        && directory.boolValue
}

/// The paths below the package root that match a pattern (`programs/*.perk`).
private func glob(_ pattern: String) -> [String] {
    var found = glob_t()
    defer { globfree(&found) }
    guard Glibc.glob(packageRoot.appendingPathComponent(pattern).path, 0, nil, &found) == 0 else { return [] }
    return (0..<Int(found.gl_pathc)).compactMap { found.gl_pathv[$0].flatMap { String(validatingCString: $0) } }
}

/// The repository's files (not what builds write), relative to the package root.
private func repositoryFiles() -> [String] {
    ((try? FileManager.default.subpathsOfDirectory(atPath: packageRoot.path)) ?? [])
        .filter { !$0.hasPrefix(".build") && !$0.hasPrefix(".git/") }
}

/// Runs a command line with `/bin/sh` in a folder, with this text on standard input.
private func shell(_ line: String, stdin: String, in folder: URL) throws -> ProgramRun {
    try runProgram(URL(fileURLWithPath: "/bin/sh"), ["-c", line], stdin: Array(stdin.utf8), in: folder)
}
