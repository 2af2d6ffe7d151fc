import Foundation
import Testing

/// `perk repl` in a real terminal: tmux runs it, types keys, and reads the screen.
@Suite(.enabled(if: Terminal.tmux != nil, "tmux is not installed (Debian package `tmux`): the REPL's terminal tests are skipped"))
struct ReplTerminalTests {
    @Test func tabCompletesAndCtrlCGivesUpTheLine() throws {
        let state = try ReplHistoryTests.folder()
        defer { try? FileManager.default.removeItem(at: state) }
        let terminal = try Terminal(state: state)
        defer { terminal.close() }
        try terminal.waitFor("perk>")
        try terminal.type(":lin")
        try terminal.press("Tab")
        try terminal.waitFor("perk> :line")
        try terminal.type("pr")
        try terminal.press("Tab")
        try terminal.type("1.00")
        try terminal.press("Enter")
        try terminal.waitFor("perk> :line price=1.00\nline 1 added\nperk>")
        try terminal.type(":sa")
        try terminal.press("Tab", "Tab")
        try terminal.waitFor("perk> :sa\n:sale  :save\nperk> :sa")
        try terminal.type("le amount=5")
        try terminal.press("C-c")
        try terminal.waitFor("perk> :sale amount=5^C\nperk>")
        try terminal.type(":basket")
        try terminal.press("Enter")
        try terminal.waitFor("basket:\n  1. unit_price=1.00\nsale: nothing set\ncustomer: nothing set\nperk>")
        try terminal.press("C-d")
        try terminal.waitFor("exit status 0\nisig\nicanon\necho")
    }

    @Test func historyIsRecalledInTheNextSession() throws {
        let state = try ReplHistoryTests.folder()
        defer { try? FileManager.default.removeItem(at: state) }
        let first = try Terminal(state: state)
        defer { first.close() }
        try first.waitFor("perk>")
        try first.type(":sale amount=12.34")
        try first.press("Enter")
        try first.waitFor("sale set\nperk>")
        try first.type(":quit")
        try first.press("Enter")
        try first.waitFor("exit status 0")
        let second = try Terminal(state: state)
        defer { second.close() }
        try second.waitFor("perk>")
        try second.press("Up")
        try second.waitFor("perk> :quit")
        try second.press("Up")
        try second.waitFor("perk> :sale amount=12.34")
        try second.press("Enter")
        try second.waitFor("perk> :sale amount=12.34\nsale set\nperk>")
        try second.type(":basket")
        try second.press("Enter")
        try second.waitFor("sale: amount=12.34")
    }
}

/// A tmux server of its own running a command: by default `perk repl programs/secucard.perk`
/// with its history in `state`; after perk ends, the shell shows its exit status and the
/// terminal's modes.
final class Terminal {
    /// The tmux executable, when one is on the PATH.
    static let tmux: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { $0 + "/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    private let socket = "perk-test-\(UUID().uuidString)"

    convenience init(state: URL) throws {
        try self.init(command: "env XDG_STATE_HOME='\(state.path)' '\(CLITests.binary.path)' repl programs/secucard.perk; "
            + "echo \"exit status $?\"; stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(isig|icanon|echo)'; cat")
    }

    /// A terminal `width` columns wide running the shell `command` in the package's folder.
    init(command: String, width: Int = 120) throws {
        try tmux(["new-session", "-d", "-s", "perk", "-x", "\(width)", "-y", "40", "-c", packageRoot.path, command])
    }

    /// Types text as it is.
    func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }

    /// Presses keys named as tmux names them: `Tab`, `Enter`, `Up`, `C-c`…
    func press(_ keys: String...) throws { try tmux(["send-keys"] + keys) }

    /// Waits until the screen shows `text` (with its colors as escapes when `escapes`), or
    /// records the screen and throws after 30 s.
    func waitFor(_ text: String, escapes: Bool = false) throws {
        let deadline = Date().addingTimeInterval(30)
        var screen = ""
        while Date() < deadline {
            screen = try tmux(["capture-pane", "-p"] + (escapes ? ["-e"] : []))
            if screen.contains(text) { return }
            usleep(50_000)
        }
        Issue.record("the screen never showed \(text.debugDescription):\n\(screen)")
        throw CancellationError()
    }

    /// Ends the session, and with it the server (tmux 3.3a's `kill-server` left the server
    /// and the session's processes running, one set per test, after every run).
    func close() { _ = try? tmux(["kill-session", "-t", "perk"]) }

    /// Runs a tmux command on this server and returns its output. Spawned and waited for
    /// directly, with its output in a file: the server that `new-session` starts keeps what
    /// it inherited, so a pipe would never end, and Foundation's `Process` waits forever.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-output")
        defer { try? FileManager.default.removeItem(at: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let path = Terminal.tmux ?? "tmux"
        let words = [path, "-L", socket, "-f", "/dev/null"] + arguments
        let pointers = words.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, nil, pointers, environ) == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }
}
