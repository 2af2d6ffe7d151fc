import Foundation

/// A value behind a lock, used as `Synchronization.Mutex` is (`withLock`). It locks a
/// pthread mutex (`NSLock`), which ThreadSanitizer sees; `Mutex` locks with futexes inside
/// the standard library, which ThreadSanitizer does not see, so it reported any two ledger
/// operations on two threads as a race and could not have found a real one.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    /// Runs `body` on the value, alone: no other `withLock` runs until it returns.
    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
