import Foundation
@testable import PerkCommands
import Testing

/// The REPL's line editor, fed keys through a pipe rather than a terminal.
@Suite struct LineEditorTests {
    /// What `read` gives for each line of input typed as `keys`, and what it drew.
    static func read(_ keys: [UInt8], lines: Int = 1, history: [String] = [],
                     complete: (String) -> ReplCompletion.Candidates = { _ in .init(start: 0, words: []) }) throws -> (inputs: [LineEditor.Input], drawn: String) {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        keys.withUnsafeBytes { _ = write(descriptors[1], $0.baseAddress, $0.count) }
        close(descriptors[1])
        defer { close(descriptors[0]) }
        let drawing = FileManager.default.temporaryDirectory.appendingPathComponent("perk-editor-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: drawing) }
        let output = open(drawing.path, O_WRONLY | O_CREAT, 0o600)
        defer { close(output) }
        let editor = LineEditor(input: descriptors[0], output: output)
        let inputs = (0..<lines).map { _ in editor.read(prompt: "> ", history: history, complete: complete) }
        return (inputs, try String(contentsOf: drawing, encoding: .utf8))
    }

    static func read(_ keys: String, lines: Int = 1, history: [String] = []) throws -> [LineEditor.Input] {
        try read(Array(keys.utf8), lines: lines, history: history).inputs
    }

    @Test func keysMoveTheCursorAndEdit() throws {
        #expect(try Self.read("ab\u{1B}[DX\u{01}Y\u{05}Z\r") == [.line("YaXbZ")])
        #expect(try Self.read("abc\u{7F}\u{1B}[H\u{1B}[3~\u{1B}OF!\u{02}\u{02}\u{06}-\n") == [.line("b-!")])
        #expect(try Self.read("abcd\u{02}\u{02}\u{0B}\u{02}\u{15}\r") == [.line("b")])
        #expect(try Self.read("ab\u{01}\u{04}\r") == [.line("b")])
    }

    @Test func utf8IsInsertedAndInvalidBytesIgnored() throws {
        // 0xFF, and 0xC3 with the byte that breaks its sequence, are dropped; the combining
        // accent joins its letter, so that one Backspace removes both.
        let keys = Array("é€".utf8) + [0xFF, 0xC3, 0x41] + Array("e\u{301}x\u{02}\u{7F}\r".utf8)
        #expect(try Self.read(keys).inputs == [.line("é€x")])
    }

    @Test func ctrlCGivesUpTheLineAndCtrlDEnds() throws {
        let (inputs, drawn) = try Self.read(Array("half\u{03}next\r\u{04}".utf8), lines: 3)
        #expect(inputs == [.cancelled, .line("next"), .end])
        #expect(drawn.contains("^C\r\n"))
        #expect(try Self.read("", lines: 2) == [.end, .end])
    }

    @Test func upAndDownWalkTheHistory() throws {
        let history = ["one", "two"]
        #expect(try Self.read("dr\u{1B}[A\u{1B}[A\u{1B}[A\u{1B}[B\r", history: history) == [.line("two")])
        #expect(try Self.read("dr\u{1B}[A\u{1B}[A\u{1B}[B\u{1B}[B\u{1B}[B\r", history: history) == [.line("dr")])
        #expect(try Self.read("\u{10}!\r", history: history) == [.line("two!")])
        #expect(try Self.read("\u{1B}[B\r", history: history) == [.line("")])
    }

    /// An input that ends in the middle of a line (a terminal closed while typing) ends the
    /// session: before, the editor took the end for Ctrl-D on the pending text and read
    /// again, forever, at full speed (a REPL left behind by a killed tmux session did).
    @Test func anInputThatEndsMidLineEndsTheSession() throws {
        #expect(try Self.read(":lin", lines: 2) == [.end, .end])
        #expect(try Self.read("ab\u{04}\r") == [.line("ab")])  // Ctrl-D on text deletes as before
    }

    @Test func tabCompletesAndASecondTabLists() throws {
        let completion = ReplCompletion(program: try shippedProgram("secucard-blacklist"), ledger: false)
        // `:lin` Tab, `art` Tab, Tab for what the articles share, Tab to list them, `19` Tab.
        let (inputs, drawn) = try Self.read(Array(":lin\tart\t\t\t19\t\r".utf8), complete: completion.candidates(before:))
        #expect(inputs == [.line(":line article=111000019 ")])
        #expect(drawn.contains("\r\n111000000  111000007  111000019\r\n"))
        #expect(!drawn.contains("\u{07}"))
        let (nothing, bell) = try Self.read(Array(":x\t\r".utf8), complete: completion.candidates(before:))
        #expect(nothing == [.line(":x")])
        #expect(bell.contains("\u{07}"))
    }
}
