import Foundation
@testable import PerkCommands
import Testing

/// The REPL's history file: where it is, what it keeps, and a file that cannot be used.
@Suite struct ReplHistoryTests {
    /// A new empty folder, removed by the caller.
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("perk-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func theFileIsInTheStateFolder() {
        #expect(ReplHistory.file(environment: ["XDG_STATE_HOME": "/state", "HOME": "/home/a"]) == "/state/perk/history")
        #expect(ReplHistory.file(environment: ["XDG_STATE_HOME": "", "HOME": "/home/a"]) == "/home/a/.local/state/perk/history")
        #expect(ReplHistory.file(environment: ["XDG_STATE_HOME": "state", "HOME": "/home/a"]) == "/home/a/.local/state/perk/history")
        #expect(ReplHistory.file(environment: ["HOME": "/home/a"]) == "/home/a/.local/state/perk/history")
        #expect(ReplHistory.file(environment: ["HOME": ""]) == nil)
        #expect(ReplHistory.file(environment: [:]) == nil)
    }

    @Test func linesAreKeptForTheNextSession() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("perk/history").path
        let first = ReplHistory(file: file)
        #expect(first.load() == nil)
        for line in [":line price=1", "  ", ":basket ", ":basket", ":earn"] { #expect(first.add(line) == nil) }
        #expect(first.entries == [":line price=1", ":basket", ":earn"])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == ":line price=1\n:basket\n:earn\n")
        let permissions = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        let second = ReplHistory(file: file)
        #expect(second.load() == nil)
        #expect(second.entries == [":line price=1", ":basket", ":earn"])
    }

    @Test func theFileKeepsTheLastLines() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("history").path
        var bytes = Array((1...2_500).map { ":line price=\($0)\n" }.joined().utf8)
        bytes += [0xFF, 0x0A]  // a line that is not UTF-8 is left out
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let history = ReplHistory(file: file)
        #expect(history.load() == nil)
        #expect(history.entries.count == ReplHistory.limit)
        #expect(history.entries.first == ":line price=1501")
        #expect(history.entries.last == ":line price=2500")
        let lines = { try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n") }
        #expect(try lines().count == ReplHistory.limit)
        for number in 1...ReplHistory.limit { _ = history.add(":sale amount=\(number)") }
        #expect(try lines().count == 2 * ReplHistory.limit)
        _ = history.add(":earn")
        #expect(try lines().count == ReplHistory.limit)
        #expect(try lines().last == ":earn")
        #expect(history.entries.count == ReplHistory.limit)
    }

    @Test func aFileThatCannotBeWrittenIsReportedOnce() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notAFolder = folder.appendingPathComponent("state")
        try Data().write(to: notAFolder)
        let file = ReplHistory.file(environment: ["XDG_STATE_HOME": notAFolder.path])
        let history = ReplHistory(file: file)
        #expect(history.load() == nil)
        #expect(history.add(":basket")
            == "warning: the history is kept for this session only: cannot write `\(notAFolder.path)/perk/history`: Not a directory")
        #expect(history.add(":earn") == nil)
        #expect(history.entries == [":basket", ":earn"])
    }

    @Test func aFileThatCannotBeReadIsReportedOnce() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = ReplHistory(file: folder.path)
        #expect(history.load() == "warning: the history is kept for this session only: cannot read `\(folder.path)`: not a readable file")
        #expect(history.add(":basket") == nil)
        #expect(history.entries == [":basket"])
    }
}
