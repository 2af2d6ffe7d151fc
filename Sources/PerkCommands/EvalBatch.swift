import Foundation
import Perk

/// `perk eval --batch PROGRAM REQUESTS.jsonl`: one JSON request per line in, one JSON outcome
/// per line out, in order, for pipes and large files. Blank lines are skipped. A line that
/// cannot be evaluated prints `{"error": …, "line": N}` in its place (and the error, with
/// the file and line, on standard error); the batch goes on, and exits with 4.
struct EvalBatch {
    let program: Program
    let path: String
    let trace: Bool
    let console: Console

    /// The line numbers of the order ids seen: an order id twice in one batch is an error.
    private var orders: [ExactID: Int] = [:]
    private var output: [UInt8] = []
    private var failures = 0

    init(program: Program, path: String, trace: Bool, console: Console) {
        self.program = program
        self.path = path
        self.trace = trace
        self.console = console
    }

    mutating func run() -> ExitCode {
        let input = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard input >= 0 else {
            console.err("error: cannot read `\(path)`: \(String(cString: strerror(errno)))")
            return .unreadable
        }
        defer { if input != STDIN_FILENO { close(input) } }
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var lineNumber = 0
        /// Set while skipping the rest of a line that is already too long.
        var overlong = false
        while true {
            flush()  // answers are out before waiting for more requests
            let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                console.err("error: cannot read `\(path)`: \(String(cString: strerror(errno)))")
                return .unreadable
            }
            if count == 0 { break }
            pending.append(contentsOf: chunk[0..<count])
            var start = 0
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                lineNumber += 1
                if overlong {
                    overlong = false
                } else {
                    evaluate(pending[start..<newline], line: lineNumber)
                }
                start = newline + 1
            }
            pending.removeFirst(start)
            if pending.count > Request.maximumSize {
                if !overlong { fail("request larger than \(Request.maximumSize) bytes", line: lineNumber + 1) }
                overlong = true
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty && !overlong { evaluate(pending[...], line: lineNumber + 1) }
        flush()
        return failures == 0 ? .ok : .requestError
    }

    private mutating func evaluate(_ bytes: ArraySlice<UInt8>, line: Int) {
        guard let text = lineText(bytes) else { return fail(invalidUTF8Line, line: line) }
        guard !text.allSatisfy(\.isWhitespace) else { return }
        do {
            let request = try Request(json: text, currency: program.currency)
            if let order = request.orderID {
                if let first = orders[ExactID(order)] {
                    throw EvaluationError(field: "order_id", "\(VisibleText.quoted(order)) is already the order id of line \(first)")
                }
                orders[ExactID(order)] = line
            }
            let outcome = try program.evaluate(request, trace: trace)
            outcome.writeJSON(to: &output, trace: trace)
            output.append(UInt8(ascii: "\n"))
        } catch {
            fail("\(error)", line: line)
        }
    }

    private mutating func fail(_ message: String, line: Int) {
        failures += 1
        output.append(contentsOf: JSON.object([("error", .string(message)), ("line", .number(String(line)))]).text(pretty: false).utf8)
        output.append(UInt8(ascii: "\n"))
        flush()
        console.err("\(path == "-" ? "<stdin>" : path):\(line): error: \(message)")
    }

    /// Writes what is buffered to standard output.
    private mutating func flush() {
        var written = 0
        while written < output.count {
            let count = output[written...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            written += count
        }
        output.removeAll(keepingCapacity: true)
    }
}
