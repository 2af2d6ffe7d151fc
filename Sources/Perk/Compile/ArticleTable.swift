#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of article numbers or EANs, each with a value (where the entry is written), made
/// for looking up basket lines fast: the keys' bytes sit in one buffer, the slots in an
/// open-addressing table, and a key is hashed eight bytes at a time. Looking up a key
/// allocates nothing. The keys come from the program, so requests cannot crowd the table.
struct ArticleTable: Sendable {
    private struct Slot {
        /// Where the key's bytes start in `bytes`; -1 for an empty slot.
        var offset: Int32 = -1
        var length: Int32 = 0
        /// The key's hash: its home slot, and a quick test before comparing bytes.
        var hash: UInt32 = 0
        var value: Int32 = 0
    }

    private var bytes: [UInt8] = []
    private var slots = [Slot](repeating: Slot(), count: 8)
    /// The number of keys.
    private(set) var count = 0

    init() {}

    /// Adds a key with its value; when the key is already there, keeps the first value and
    /// returns it.
    @discardableResult
    mutating func insert(_ key: String, value: Int32) -> Int32? {
        let utf8 = Array(key.utf8)
        let (found, hash) = utf8.withUnsafeBufferPointer { buffer in
            let hash = ArticleTable.hash(buffer)
            return (find(buffer, hash: hash), hash)
        }
        if slots[found].offset >= 0 { return slots[found].value }
        slots[found] = Slot(offset: Int32(clamping: bytes.count), length: Int32(clamping: utf8.count), hash: hash, value: value)
        bytes.append(contentsOf: utf8)
        count += 1
        if count * 2 > slots.count { grow() }
        return nil
    }

    /// The value of a key, or nil when it is not in the table.
    func value(of key: String) -> Int32? {
        let slot = key.utf8.withContiguousStorageIfAvailable { find($0, hash: ArticleTable.hash($0)) }
            ?? Array(key.utf8).withUnsafeBufferPointer { find($0, hash: ArticleTable.hash($0)) }
        return slots[slot].offset >= 0 ? slots[slot].value : nil
    }

    /// The slot holding the key, or the empty slot where it would go.
    private func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int {
        let mask = slots.count - 1
        var index = Int(hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { stored in
                while true {
                    let slot = slots[index]
                    if slot.offset < 0 { return index }
                    if slot.hash == hash, Int(slot.length) == key.count, ArticleTable.equal(key, stored, at: Int(slot.offset)) {
                        return index
                    }
                    index = (index + 1) & mask
                }
            }
        }
    }

    /// Whether `key` is the bytes of `stored` from `offset`.
    private static func equal(_ key: UnsafeBufferPointer<UInt8>, _ stored: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard let start = key.baseAddress, let base = stored.baseAddress else { return true }  // empty keys
        return memcmp(start, base + offset, key.count) == 0
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.offset >= 0 {
            var index = Int(slot.hash) & mask
            while slots[index].offset >= 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }

    /// A 32-bit hash of bytes, mixing eight at a time.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var offset = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while offset + 8 <= bytes.count {
                hash = mix(hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
        }
        var word: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            word |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        return UInt32(truncatingIfNeeded: mix(hash ^ word) >> 32)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &* 0xBF58_476D_1CE5_E4B9
        z ^= z >> 31
        z = z &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 29)
    }
}
