import Foundation

/// A ledger store in an append-only file, one record per line: the record's CRC-32 in 8 hex
/// digits, a space, the record's JSON. `append` writes the line and fsyncs the file before
/// it returns, so an acknowledged change survives a crash of the process or the machine.
///
/// Opening reads every record and checks its checksum. A damaged *last* record is what a
/// crash in the middle of a write leaves: it is cut off (`recovery` says so) and the
/// ledger opens without it. A damaged record followed by good ones is not a torn write:
/// opening fails with the line number, and the file is left as it is. The file is locked
/// while open, so that two processes never write one journal.
public final class JournalStore: LedgerStore, @unchecked Sendable {
    public let path: String
    /// What opening had to repair, if anything, for the operator to read.
    public private(set) var recovery: String?
    private let descriptor: Int32
    private let lock = NSLock()
    private var size: Int64 = 0

    /// Opens the journal at `path`, creating an empty one when there is none.
    public init(path: String) throws(LedgerError) {
        self.path = path
        let existed = FileManager.default.fileExists(atPath: path)
        descriptor = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw JournalStore.failure("cannot open \(path)") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw LedgerError(.storage, "\(path) is in use by another process")
        }
        if !existed { JournalStore.syncDirectory(of: path) }
    }

    deinit { close(descriptor) }

    public func load() throws(LedgerError) -> [LedgerRecord] {
        lock.lock()
        defer { lock.unlock() }
        let bytes = try readAll()
        var records: [LedgerRecord] = []
        var start = 0
        var line = 0
        while start < bytes.count {
            line += 1
            let newline = bytes[start...].firstIndex(of: 10)
            let end = newline ?? bytes.count
            let isLast = end + 1 >= bytes.count
            do throws(LedgerError) {
                guard newline != nil else { throw LedgerError(.corrupt, "the record has no end") }
                records.append(try JournalStore.record(bytes[start..<end]))
            } catch {
                guard isLast else { throw LedgerError(.corrupt, "\(path):\(line): \(error.message); the journal is damaged before its end and was left as it is") }
                try cut(at: start, line: line, reason: error.message)
                break
            }
            start = end + 1
        }
        size = Int64(start)
        return records
    }

    public func append(_ record: LedgerRecord) throws(LedgerError) {
        let json = Array(record.json.utf8)
        let line = Array(JournalStore.hex(CRC32.checksum(json)).utf8) + [32] + json + [10]
        lock.lock()
        defer { lock.unlock() }
        var written = 0
        while written < line.count {
            let count = line[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let failure = JournalStore.failure("cannot write \(path)")
                _ = ftruncate(descriptor, off_t(size))
                throw failure
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            let failure = JournalStore.failure("cannot flush \(path) to disk")
            _ = ftruncate(descriptor, off_t(size))
            throw failure
        }
        size += Int64(line.count)
    }

    /// One line without its newline: checksum, space, JSON.
    private static func record(_ line: ArraySlice<UInt8>) throws(LedgerError) -> LedgerRecord {
        guard line.count > 9, line[line.startIndex + 8] == 32,
              let stored = UInt32(String(decoding: line.prefix(8), as: UTF8.self), radix: 16) else {
            throw LedgerError(.corrupt, "the record does not start with its checksum")
        }
        let json = line.dropFirst(9)
        guard CRC32.checksum(json) == stored else { throw LedgerError(.corrupt, "the record's checksum does not match") }
        return try LedgerRecord(json: String(decoding: json, as: UTF8.self))
    }

    private func readAll() throws(LedgerError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var offset: off_t = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw JournalStore.failure("cannot read \(path)") }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
            offset += off_t(count)
        }
    }

    /// Cuts a torn last record off the file.
    private func cut(at offset: Int, line: Int, reason: String) throws(LedgerError) {
        guard ftruncate(descriptor, off_t(offset)) == 0, fsync(descriptor) == 0 else {
            throw JournalStore.failure("cannot cut the torn last record of \(path)")
        }
        recovery = "\(path):\(line): cut a torn last record (\(reason)); it was never acknowledged"
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    private static func failure(_ what: String) -> LedgerError {
        LedgerError(.storage, "\(what): \(String(cString: strerror(errno)))")
    }

    /// Makes a new file's directory entry durable too.
    private static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let handle = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        guard handle >= 0 else { return }
        _ = fsync(handle)
        close(handle)
    }
}
