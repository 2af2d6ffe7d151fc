import Foundation
import Perk

let perkVersion = "0.1.0"

/// The exit codes of `perk`, listed in `perk --help`.
enum ExitCode: Int32, Error {
    /// Success: the program is clean, the outcome was printed.
    case ok = 0
    /// A program file has errors (diagnostics were printed).
    case programErrors = 1
    /// The command line is wrong.
    case usage = 2
    /// A file could not be read.
    case unreadable = 3
    /// The request is invalid or could not be evaluated (the error names the field).
    case requestError = 4
    /// The ledger refused the operation: a conflicting or duplicate order, an unknown order,
    /// a balance too small, a scan by another customer.
    case ledgerRefused = 5
    /// The ledger's journal could not be read or written, or is damaged.
    case storageError = 6
}

/// Standard output and error, and whether colors may be used on each.
struct Console {
    let colorOut: Bool
    let colorErr: Bool

    /// The width of the terminal standard output is, to fit tables to; nil when it is a
    /// pipe or a file (nothing is wrapped then).
    let width: Int?

    init() {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        colorOut = !noColor && isatty(STDOUT_FILENO) == 1
        colorErr = !noColor && isatty(STDERR_FILENO) == 1
        width = isatty(STDOUT_FILENO) == 1 ? terminalColumns(STDOUT_FILENO) : nil
    }

    func out(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    func err(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
}

/// The width of the terminal `descriptor` is; 80 when it cannot be told.
func terminalColumns(_ descriptor: Int32) -> Int {
    var size = winsize()
    guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
}

/// A message for the user about a file that cannot be used.
struct FileProblem: Error {
    let message: String
}

/// The largest request, test or journal input Perk reads, from a file or standard input.
let maximumInputSize = 64 << 20

/// Reads a file's bytes, or says why it cannot. A file over `limit` bytes (by default the
/// largest program, `Source.maximumSize`) is refused after reading `limit + 1` of them, so
/// that neither a huge file nor an endless one such as /dev/zero exhausts memory.
func readBytes(_ path: String, limit: Int = Source.maximumSize) -> Result<[UInt8], FileProblem> {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        return .failure(FileProblem(message: "error: cannot read `\(path)`: no such file or not readable"))
    }
    defer { try? handle.close() }
    let data: Data?
    do {
        data = try handle.read(upToCount: limit + 1)  // nil at the end of the file: an empty file
    } catch {
        return .failure(FileProblem(message: "error: cannot read `\(path)`: not a readable file"))
    }
    return bounded([UInt8](data ?? Data()), limit: limit, from: "`\(path)`")
}

/// Reads a file as text, or says why it cannot.
func readText(_ path: String) -> Result<String, FileProblem> {
    readBytes(path, limit: maximumInputSize).flatMap { text($0, from: "`\(path)`") }
}

/// The bytes of a requests file, or of standard input for `-`, or why they cannot be used.
func readInput(_ path: String) -> Result<[UInt8], FileProblem> {
    guard path == "-" else { return readBytes(path, limit: maximumInputSize) }
    let data = try? FileHandle.standardInput.read(upToCount: maximumInputSize + 1)
    return bounded([UInt8](data ?? Data()), limit: maximumInputSize, from: "standard input")
}

/// One request from a file, or from standard input for `-`, as text: refused when it is
/// empty or not UTF-8.
func readRequest(_ path: String) -> Result<String, FileProblem> {
    let source = path == "-" ? "standard input" : "`\(path)`"
    return readInput(path).flatMap { bytes in
        bytes.isEmpty ? .failure(FileProblem(message: "error: \(source) is empty: it holds no request")) : text(bytes, from: source)
    }
}

/// What a line of requests that is not UTF-8 is answered.
let invalidUTF8Line = "the line is not valid UTF-8"

/// The lines of a file of one request per line, numbered from 1 as editors number them, each
/// as text, or nil when its bytes are not UTF-8 (the other lines are read all the same).
/// Lines end in LF or CRLF.
func numberedLines(_ bytes: [UInt8]) -> [(number: Int, text: String?)] {
    bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated().map { ($0.offset + 1, lineText($0.element)) }
}

/// One line of requests as text, without the CR of a CRLF line end; nil when its bytes are
/// not UTF-8.
func lineText(_ bytes: ArraySlice<UInt8>) -> String? {
    String(validating: bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes, as: UTF8.self)
}

/// The bytes, unless there are more than `limit` of them (they were read up to `limit + 1`).
private func bounded(_ bytes: [UInt8], limit: Int, from source: String) -> Result<[UInt8], FileProblem> {
    guard bytes.count <= limit else {
        return .failure(FileProblem(message: "error: \(source) is larger than \(limit >> 20) MiB, the most Perk reads"))
    }
    return .success(bytes)
}

/// Bytes read from `source` as text: bytes that are not UTF-8 are refused, not replaced.
private func text(_ bytes: [UInt8], from source: String) -> Result<String, FileProblem> {
    guard let text = String(validating: bytes, as: UTF8.self) else {
        return .failure(FileProblem(message: "error: \(source) is not valid UTF-8"))
    }
    return .success(text)
}

/// Reads a program file's source and its diagnostics (E0004 for bytes that are not UTF-8).
func readProgramSource(_ path: String) -> Result<(Source, [Diagnostic]), FileProblem> {
    readBytes(path).map { bytes in
        let (source, invalid) = Source.decoding(name: path, bytes: bytes)
        return (source, invalid.map { [$0] } ?? Program.check(source))
    }
}

/// Loads and compiles a program file; prints its diagnostics on failure.
func loadProgram(_ path: String, _ console: Console) -> Result<Program, ExitCode> {
    switch readBytes(path) {
    case .failure(let problem):
        console.err(problem.message)
        return .failure(.unreadable)
    case .success(let bytes):
        do {
            return .success(try Program(bytes: bytes, name: path))
        } catch {
            console.err(DiagnosticRenderer(source: error.source, color: console.colorErr).render(error.diagnostics))
            return .failure(.programErrors)
        }
    }
}

/// Splits a subcommand's arguments into the options it knows and its operands (`-` is an
/// operand: standard input); on an unknown option prints it with the usage and returns nil.
func splitArguments(_ arguments: [String], options known: Set<String>, usage: String,
                    _ console: Console) -> (options: Set<String>, operands: [String])? {
    var options: Set<String> = []
    var operands: [String] = []
    for argument in arguments {
        guard argument.hasPrefix("-"), argument != "-" else {
            operands.append(argument)
            continue
        }
        guard known.contains(argument) else {
            console.err("error: unknown option `\(argument)`\n\(usage)")
            return nil
        }
        options.insert(argument)
    }
    return (options, operands)
}
