#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one line at a time from a terminal, with editing: typed text (UTF-8) is inserted at
/// the cursor; Backspace and Delete remove a character; Left and Right (Ctrl-B, Ctrl-F) move
/// the cursor, Home and End (Ctrl-A, Ctrl-E) to either end; Up and Down (Ctrl-P, Ctrl-N) walk
/// the history; Ctrl-U deletes what is before the cursor, Ctrl-K what is after it; Tab
/// completes, and a second Tab lists the candidates; Enter ends the line;
/// Ctrl-C gives it up; Ctrl-D on an empty line ends the input, elsewhere deletes a character.
///
/// The terminal is in raw mode only while a line is read, so that Ctrl-C reaches the editor
/// rather than ending the process; its settings are put back before `read` returns, and when
/// SIGTERM or SIGHUP ends the process meanwhile. A line is one row that scrolls sideways
/// when it is wider than the terminal; every character counts as one column.
final class LineEditor {
    /// How reading a line ended.
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C: the line was given up.
        case cancelled
        /// Ctrl-D on an empty line, or the end of the input.
        case end
    }

    private enum Key: Equatable {
        /// `closed`: the input ended or failed (a closed terminal, a hangup), as no key can.
        case text(String), enter, interrupt, endOfInput, closed, backspace, delete
        case left, right, home, end, up, down, tab, deleteBefore, deleteAfter, ignored
    }

    /// The most candidates a second Tab lists.
    static let listedCandidates = 100

    private let input: Int32
    private let output: Int32

    private var prompt = ""
    private var buffer: [Character] = []
    private var cursor = 0

    /// An editor that reads keys from `input` and draws on `output`. When `input` is not a
    /// terminal, as in tests, its bytes are read as keys all the same.
    init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.input = input
        self.output = output
        for number in [SIGTERM, SIGHUP] { _ = signal(number, restoreAndDie) }
    }

    /// Reads a line after `prompt`; Up and Down walk `history` (oldest first), Tab asks
    /// `complete` for the candidates of the text before the cursor.
    func read(prompt: String, history: [String], complete: (String) -> ReplCompletion.Candidates) -> Input {
        let original = RawMode.enter(input)
        defer { RawMode.leave(input, original) }
        self.prompt = prompt
        buffer = []
        cursor = 0
        var position = history.count
        var draft: [Character] = []
        var tabs = 0
        refresh()
        while true {
            let key = nextKey()
            tabs = key == .tab ? tabs + 1 : 0
            switch key {
            case .text(let text): insert(text)
            case .enter:
                draw("\r\n")
                return .line(String(buffer))
            case .interrupt:
                draw("^C\r\n")
                return .cancelled
            // Nothing more will come: the line being typed is given up, whatever it holds
            // (read again, a closed input would end nothing and spin).
            case .endOfInput where buffer.isEmpty, .closed:
                draw("\r\n")
                return .end
            case .endOfInput, .delete:
                guard cursor < buffer.count else { break }
                buffer.remove(at: cursor)
            case .backspace:
                guard cursor > 0 else { break }
                cursor -= 1
                buffer.remove(at: cursor)
            case .deleteBefore:
                buffer.removeSubrange(..<cursor)
                cursor = 0
            case .deleteAfter: buffer.removeSubrange(cursor...)
            case .left: cursor = max(0, cursor - 1)
            case .right: cursor = min(buffer.count, cursor + 1)
            case .home: cursor = 0
            case .end: cursor = buffer.count
            case .up where position > 0, .down where position < history.count:
                if position == history.count { draft = buffer }
                position += key == .up ? -1 : 1
                buffer = position == history.count ? draft : Array(history[position])
                cursor = buffer.count
            case .tab: completeWord(complete(String(buffer[..<cursor])), listing: tabs > 1)
            case .up, .down, .ignored: break
            }
            refresh()
        }
    }

    // MARK: Editing

    private func insert(_ text: String) {
        guard String(buffer).utf8.count + text.utf8.count <= LineReader.maximumLineLength else { return bell() }
        // Built as one string, so that a combining mark joins the character before it.
        let head = String(buffer[..<cursor]) + text
        buffer = Array(head + String(buffer[cursor...]))
        cursor = min(head.count, buffer.count)
    }

    /// Puts in what all candidates share; when that adds nothing, a second Tab lists them.
    private func completeWord(_ candidates: ReplCompletion.Candidates, listing: Bool) {
        guard let first = candidates.words.first, candidates.start <= cursor else { return bell() }
        let shared = candidates.words.dropFirst().reduce(first) { String($0.commonPrefix(with: $1)) }
        if shared.count > cursor - candidates.start {
            buffer.replaceSubrange(candidates.start..<cursor, with: Array(shared))
            cursor = candidates.start + shared.count
        } else if listing {
            list(candidates.words)
        } else {
            bell()
        }
    }

    private func list(_ words: [String]) {
        let shown = words.prefix(LineEditor.listedCandidates).map { $0.hasSuffix(" ") ? String($0.dropLast()) : $0 }
        let width = (shown.map(\.count).max() ?? 0) + 2
        let perRow = max(1, columns() / width)
        var text = "\r\n"
        for (index, word) in shown.enumerated() {
            let last = index % perRow == perRow - 1 || index == shown.count - 1
            text += last ? word + "\r\n" : word + String(repeating: " ", count: width - word.count)
        }
        if words.count > shown.count { text += "… and \(words.count - shown.count) more\r\n" }
        draw(text)
    }

    // MARK: Keys

    private func nextKey() -> Key {
        guard let byte = nextByte() else { return .closed }
        switch byte {
        case 0x01: return .home
        case 0x02: return .left
        case 0x03: return .interrupt
        case 0x04: return .endOfInput
        case 0x05: return .end
        case 0x06: return .right
        case 0x08, 0x7F: return .backspace
        case 0x09: return .tab
        case 0x0A, 0x0D: return .enter
        case 0x0B: return .deleteAfter
        case 0x0E: return .down
        case 0x10: return .up
        case 0x15: return .deleteBefore
        case 0x1B: return escapeSequence()
        case 0x20..<0x7F: return .text(String(UnicodeScalar(byte)))
        case 0xC2...0xF4: return multibyte(byte)
        default: return .ignored
        }
    }

    /// The key of an escape sequence: `ESC [` or `ESC O`, parameters, a final byte.
    private func escapeSequence() -> Key {
        guard let opener = nextByte(), opener == UInt8(ascii: "[") || opener == UInt8(ascii: "O") else { return .ignored }
        var parameters = ""
        while let byte = nextByte() {
            guard (0x40...0x7E).contains(byte) else {
                parameters.append(Character(UnicodeScalar(byte)))
                continue
            }
            switch (UnicodeScalar(byte), parameters) {
            case ("A", _): return .up
            case ("B", _): return .down
            case ("C", _): return .right
            case ("D", _): return .left
            case ("H", _), ("~", "1"), ("~", "7"): return .home
            case ("F", _), ("~", "4"), ("~", "8"): return .end
            case ("~", "3"): return .delete
            default: return .ignored
            }
        }
        return .ignored
    }

    /// A character of two to four UTF-8 bytes; an invalid sequence is ignored, up to the
    /// byte that broke it.
    private func multibyte(_ lead: UInt8) -> Key {
        let count = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var bytes = [lead]
        while bytes.count < count, let byte = nextByte() {
            bytes.append(byte)
            if byte & 0xC0 != 0x80 { return .ignored }
        }
        return String(validating: bytes, as: UTF8.self).map(Key.text) ?? .ignored
    }

    private func nextByte() -> UInt8? { readByte(input) }

    // MARK: Drawing

    /// Draws the prompt and the part of the line around the cursor, then places the cursor.
    private func refresh() {
        let room = max(1, columns() - prompt.count - 1)
        let first = max(0, cursor - room)
        let shown = String(buffer[first..<min(buffer.count, first + room)])
        let column = prompt.count + cursor - first
        draw("\r" + prompt + shown + "\u{1B}[0K\r" + (column > 0 ? "\u{1B}[\(column)C" : ""))
    }

    private func bell() { draw("\u{07}") }

    private func draw(_ text: String) { writeAll(output, Array(text.utf8)) }

    /// The terminal's width; 80 when it cannot be told.
    private func columns() -> Int { terminalColumns(output) }
}

/// The next byte of a file, or nil at its end or on an error.
private func readByte(_ descriptor: Int32) -> UInt8? {
    var byte: UInt8 = 0
    while true {
        let count = read(descriptor, &byte, 1)
        if count == 1 { return byte }
        if count < 0 && errno == EINTR { continue }
        return nil
    }
}

/// Writes all the bytes, unless the file refuses them.
private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
    var rest = bytes[...]
    while !rest.isEmpty {
        let written = rest.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return }
        rest = rest.dropFirst(written)
    }
}

/// The terminal settings to put back should a signal end the process while a line is read.
nonisolated(unsafe) private var settingsToRestore: (descriptor: Int32, settings: termios)?

/// Puts the terminal back and dies of the signal, as the process would have.
private func restoreAndDie(_ number: Int32) {
    if var saved = settingsToRestore { tcsetattr(saved.descriptor, TCSANOW, &saved.settings) }
    _ = signal(number, SIG_DFL)
    raise(number)
}

/// A terminal's raw mode: each key as it is typed, no echo, Ctrl-C and Ctrl-D as bytes.
private enum RawMode {
    /// Puts the terminal in raw mode; its settings before, or nil when it is not a terminal.
    static func enter(_ descriptor: Int32) -> termios? {
        var original = termios()
        guard isatty(descriptor) == 1, tcgetattr(descriptor, &original) == 0 else { return nil }
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        settingsToRestore = (descriptor, original)
        tcsetattr(descriptor, TCSADRAIN, &raw)
        return original
    }

    /// Puts back the settings `enter` returned.
    static func leave(_ descriptor: Int32, _ original: termios?) {
        guard var original else { return }
        tcsetattr(descriptor, TCSADRAIN, &original)
        settingsToRestore = nil
    }
}
