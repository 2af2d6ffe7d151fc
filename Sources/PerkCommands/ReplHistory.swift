#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The lines entered in `perk repl` on a terminal, kept from one session to the next in a
/// file of the user's state folder (see `file(environment:)`), one line each, the newest
/// last. The file is created readable by its owner alone, since lines may hold customers'
/// numbers. When it cannot be read or written, the session goes on with the history of
/// this session alone, and says so once.
final class ReplHistory {
    /// The most lines kept; the file is trimmed back to them when it holds twice as many,
    /// and when a session starts.
    static let limit = 1_000

    /// Where the history is kept: `$XDG_STATE_HOME/perk/history` when XDG_STATE_HOME is an
    /// absolute path (the XDG base directory rule; a relative one is ignored), else
    /// `$HOME/.local/state/perk/history`; nil without either.
    static func file(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/perk/history" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/perk/history" }
        return nil
    }

    /// The lines, oldest first.
    private(set) var entries: [String] = []
    /// The file, until it could not be used.
    private(set) var file: String?
    /// The lines the file holds.
    private var fileLines = 0

    init(file: String?) {
        self.file = file
    }

    /// Reads the history file, when there is one; returns a warning when it cannot be read.
    func load() -> String? {
        guard let file, FileManager.default.fileExists(atPath: file) else { return nil }
        switch readBytes(file, limit: maximumInputSize) {
        case .failure(let problem):
            return giveUp(problem.message.replacingOccurrences(of: "error: ", with: ""))
        case .success(let bytes):
            let lines = bytes.split(separator: UInt8(ascii: "\n")).compactMap { String(validating: $0, as: UTF8.self) }
            entries = Array(lines.suffix(ReplHistory.limit))
            fileLines = lines.count
            return fileLines > ReplHistory.limit ? rewrite() : nil
        }
    }

    /// Adds an entered line (not a blank one, nor the last one again) and appends it to the
    /// file; returns a warning when the file cannot be written.
    func add(_ line: String) -> String? {
        let entry = line.trimmingCharacters(in: .whitespaces)
        guard !entry.isEmpty, entry != entries.last else { return nil }
        entries.append(entry)
        if entries.count > ReplHistory.limit { entries.removeFirst(entries.count - ReplHistory.limit) }
        guard let file else { return nil }
        fileLines += 1
        if fileLines > 2 * ReplHistory.limit { return rewrite() }
        return save(Array((entry + "\n").utf8), to: file, flags: O_APPEND)
    }

    /// Writes the file anew with the lines kept.
    private func rewrite() -> String? {
        guard let file else { return nil }
        fileLines = entries.count
        return save(Array(entries.map { $0 + "\n" }.joined().utf8), to: file, flags: O_TRUNC)
    }

    /// Writes bytes to the file, creating it and its folder when missing.
    private func save(_ bytes: [UInt8], to file: String, flags: Int32) -> String? {
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let descriptor = open(file, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0o600)
        guard descriptor >= 0 else { return giveUp("cannot write `\(file)`: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { return giveUp("cannot write `\(file)`: \(String(cString: strerror(errno)))") }
        return nil
    }

    /// Stops using the file; the warning to show.
    private func giveUp(_ reason: String) -> String {
        file = nil
        return "warning: the history is kept for this session only: \(reason)"
    }
}
