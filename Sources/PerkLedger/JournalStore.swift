import Foundation

/// A ledger store in an append-only file, one record per line: the record's CRC-32 in 8 hex
/// digits, a space, the record's JSON. `append` writes the line and fsyncs the file before
/// it returns, so an acknowledged change survives a crash of the process or the machine.
///
/// Opening reads every record and checks its checksum. A last record whose checksum does
/// not match its bytes is what a crash in the middle of a write leaves: it is cut off
/// (`recovery` says so) and the ledger opens without it. A record whose checksum matches was
/// written whole: a last one that lost only its newline gets it back, and one that cannot
/// be read is damage, wherever it is. Damage, and a damaged record followed by others, fail
/// opening with the file and line, and the file is left as it is. The file is locked while
/// open, so that two processes never write one journal.
public final class JournalStore: LedgerStore, @unchecked Sendable {
    public let path: String
    /// The longest line a journal holds, in bytes without its newline: far more than the
    /// largest record (a request of 1 MiB makes one of a few MiB). `append` refuses a longer
    /// record, and opening refuses a journal with a longer line.
    public static let maximumLineLength = 64 << 20
    /// What opening had to repair, if anything, for the operator to read.
    public private(set) var recovery: String?
    private let descriptor: Int32
    private let lock = NSLock()
    private var size: Int64 = 0

    /// Opens the journal at `path`, creating an empty one when there is none.
    public init(path: String) throws(LedgerError) {
        self.path = path
        let existed = FileManager.default.fileExists(atPath: path)
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
        descriptor = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK, 0o644)
        guard descriptor >= 0 else { throw JournalStore.failure("cannot open \(path)") }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw LedgerError(.storage, "\(path) is not a regular file: a journal is one")
        }
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
        var records: [LedgerRecord] = []
        /// The bytes read and not yet taken as lines, from file offset `start`; those before
        /// `searched` hold no newline.
        var pending: [UInt8] = []
        var start = 0
        var searched = 0
        var line = 0
        /// A line whose checksum does not match its bytes: a torn write, if nothing follows it.
        var torn: (offset: Int, line: Int, reason: String)?
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(start + pending.count)) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw JournalStore.failure("cannot read \(path)") }
            if count == 0 { break }
            pending += chunk[0..<count]
            var next = 0
            while let newline = JournalStore.newline(in: pending, from: searched) {
                line += 1
                if let torn { throw damaged(torn.line, torn.reason) }
                try checkLength(newline - next, line: line)
                if let reason = JournalStore.mismatch(pending[next..<newline]) {
                    torn = (start + next, line, reason)
                } else {
                    records.append(try decode(pending[(next + 9)..<newline], line: line))
                }
                next = newline + 1
                searched = next
            }
            start += next
            pending.removeFirst(next)
            searched = pending.count
            try checkLength(pending.count, line: line + 1)
        }
        var end = start + pending.count
        if !pending.isEmpty {
            // A last line without its newline: torn, unless its checksum matches (only the
            // newline was lost), in which case the record was written whole and is kept.
            line += 1
            if let torn { throw damaged(torn.line, torn.reason) }
            if JournalStore.mismatch(pending[...]) != nil {
                torn = (start, line, "the record has no end")
            } else {
                records.append(try decode(pending[9...], line: line))
                try complete(line: line)
                end += 1
            }
        }
        if let torn {
            try cut(at: torn.offset, line: torn.line, reason: torn.reason)
            end = torn.offset
        }
        size = Int64(end)
        return records
    }

    public func append(_ record: LedgerRecord) throws(LedgerError) {
        let json = Array(record.json.utf8)
        guard json.count + 9 <= JournalStore.maximumLineLength else {
            throw LedgerError(.storage, "the record is \(json.count) bytes long, more than a journal line holds (\(JournalStore.maximumLineLength >> 20) MiB)")
        }
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

    /// Every record is one line.
    public func location(ofRecord index: Int) -> String { "\(path):\(index + 1)" }

    /// Why a line (without its newline) does not carry the checksum of its JSON, or nil when
    /// it does: 8 hex digits, a space, the JSON.
    private static func mismatch(_ line: ArraySlice<UInt8>) -> String? {
        guard line.count > 9, line[line.startIndex + 8] == 32,
              let stored = UInt32(String(decoding: line.prefix(8), as: UTF8.self), radix: 16) else {
            return "the record does not start with its checksum"
        }
        return CRC32.checksum(line.dropFirst(9)) == stored ? nil : "the record's checksum does not match"
    }

    /// The record of a line whose checksum matches: it was written whole, so a record that
    /// cannot be read is damage, never a torn write.
    private func decode(_ json: ArraySlice<UInt8>, line: Int) throws(LedgerError) -> LedgerRecord {
        do {
            return try LedgerRecord(json: String(decoding: json, as: UTF8.self))
        } catch {
            throw LedgerError(.corrupt, "\(path):\(line): \(error.message); the record is whole (its checksum matches), so the journal was left as it is")
        }
    }

    private func checkLength(_ length: Int, line: Int) throws(LedgerError) {
        guard length <= JournalStore.maximumLineLength else {
            throw LedgerError(.corrupt, "\(path):\(line): the line is longer than \(JournalStore.maximumLineLength >> 20) MiB, the longest record a journal holds; the journal was left as it is")
        }
    }

    /// The index of the first newline at or after `start` (`memchr`: a journal line may be
    /// megabytes long).
    private static func newline(in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard start < buffer.count, let base = buffer.baseAddress,
                  let found = memchr(base + start, 10, buffer.count - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The error for a damaged line that more bytes follow.
    private func damaged(_ line: Int, _ reason: String) -> LedgerError {
        LedgerError(.corrupt, "\(path):\(line): \(reason); the journal is damaged before its end and was left as it is")
    }

    /// Writes the newline that a whole last record lacks.
    private func complete(line: Int) throws(LedgerError) {
        var newline: UInt8 = 10
        var written = 0
        repeat { written = write(descriptor, &newline, 1) } while written < 0 && errno == EINTR
        guard written == 1, fsync(descriptor) == 0 else {
            throw JournalStore.failure("cannot add the newline after the last record of \(path)")
        }
        recovery = "\(path):\(line): added the newline the last record lacked; the record was whole"
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
