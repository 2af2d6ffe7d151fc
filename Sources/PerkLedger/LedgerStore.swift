/// Where a ledger keeps its records. `JournalStore` keeps them in an append-only file;
/// `MemoryLedgerStore` in memory, for tests; a host may keep them in its own database by
/// storing each record's `json` in order.
///
/// A ledger calls `load` once when it opens and `append` once per change, from one task at
/// a time; it applies a change only after `append` returned.
public protocol LedgerStore: AnyObject, Sendable {
    /// Every record stored so far, oldest first.
    func load() throws(LedgerError) -> [LedgerRecord]
    /// Stores one record durably. When it throws, the record must not be stored: the
    /// ledger then reports the error and changes nothing.
    func append(_ record: LedgerRecord) throws(LedgerError)
    /// Where the record at `index` of `load`'s list is kept, for an error that names it;
    /// `record N` unless the store says better (a journal says `FILE:LINE`).
    func location(ofRecord index: Int) -> String
}

extension LedgerStore {
    public func location(ofRecord index: Int) -> String { "record \(index + 1)" }
}
