import Foundation

/// A ledger store in memory: nothing survives the process. For tests and trials.
public final class MemoryLedgerStore: LedgerStore, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [LedgerRecord]

    public init(records: [LedgerRecord] = []) { stored = records }

    /// The records appended so far.
    public var records: [LedgerRecord] { lock.withLock { stored } }

    public func load() throws(LedgerError) -> [LedgerRecord] { records }

    public func append(_ record: LedgerRecord) throws(LedgerError) {
        lock.withLock { stored.append(record) }
    }
}
