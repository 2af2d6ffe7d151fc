#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of article numbers or EANs, each with a value (where the entry is written), made
/// for looking up basket lines fast. A key of at most 16 bytes, as article numbers and EANs
/// are, is kept in its slot as two machine words and compared as such; a longer key's
/// bytes sit in one buffer. The slots form one open-addressing table. Looking up a key
/// allocates nothing. The keys come from the program, so requests cannot crowd the table.
struct ArticleTable: Sendable {
    private struct Slot {
        /// A short key's bytes (see `ShortKey`); zero for a long key.
        var key = ShortKey(first: 0, second: 0)
        /// Where a long key starts in `bytes` (0 for a short key); -1 for an empty slot.
        var offset: Int32 = -1
        var length: Int32 = 0
        /// The key's hash: its home slot, and a quick test before comparing bytes.
        var hash: UInt32 = 0
        var value: Int32 = 0
    }

    /// A key of at most 16 bytes as two words, read straight from its bytes. Together with
    /// the key's length they tell any two such keys apart.
    private struct ShortKey: Equatable {
        static let maximumLength = 16
        let first: UInt64
        let second: UInt64

        init(first: UInt64, second: UInt64) {
            self.first = first
            self.second = second
        }

        /// The key's bytes, read as words that overlap when the key is not a multiple of
        /// their size; nil for a key longer than 16 bytes.
        init?(_ key: UnsafeBufferPointer<UInt8>) {
            guard key.count <= ShortKey.maximumLength else { return nil }
            guard let base = key.baseAddress.map(UnsafeRawPointer.init), key.count > 0 else {
                self.init(first: 0, second: 0)
                return
            }
            switch key.count {
            case 8...ShortKey.maximumLength:
                self.init(first: base.loadUnaligned(as: UInt64.self),
                          second: base.loadUnaligned(fromByteOffset: key.count - 8, as: UInt64.self))
            case 4..<8:
                self.init(first: UInt64(base.loadUnaligned(as: UInt32.self)),
                          second: UInt64(base.loadUnaligned(fromByteOffset: key.count - 4, as: UInt32.self)))
            default:
                self.init(first: UInt64(key[0]) | UInt64(key[key.count / 2]) << 8 | UInt64(key[key.count - 1]) << 16, second: 0)
            }
        }

        /// The key's bytes, read back from the words: `length` tells which bytes they hold.
        func bytes(length: Int) -> [UInt8] {
            func memory<Word>(_ word: Word) -> [UInt8] { withUnsafeBytes(of: word) { Array($0) } }
            switch length {
            case 8...ShortKey.maximumLength:
                return memory(first) + memory(second).suffix(length - 8)
            case 4..<8:
                return memory(UInt32(truncatingIfNeeded: first)) + memory(UInt32(truncatingIfNeeded: second)).suffix(length - 4)
            default:
                // The first, middle and last bytes: for up to three bytes, all of them.
                return [UInt8(truncatingIfNeeded: first), UInt8(truncatingIfNeeded: first >> 8),
                        UInt8(truncatingIfNeeded: first >> 16)].prefix(length).map { $0 }
            }
        }

        func hash(length: Int) -> UInt32 {
            UInt32(truncatingIfNeeded: ArticleTable.mix(ArticleTable.mix(first ^ UInt64(length)) ^ second) >> 32)
        }
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
        let found = utf8.withUnsafeBufferPointer(find)
        if slots[found].offset >= 0 { return slots[found].value }
        slots[found] = utf8.withUnsafeBufferPointer { buffer in
            if let short = ShortKey(buffer) {
                return Slot(key: short, offset: 0, length: Int32(buffer.count), hash: short.hash(length: buffer.count), value: value)
            }
            return Slot(offset: Int32(clamping: bytes.count), length: Int32(clamping: buffer.count), hash: ArticleTable.hash(buffer), value: value)
        }
        if utf8.count > ShortKey.maximumLength { bytes.append(contentsOf: utf8) }
        count += 1
        if count * 2 > slots.count { grow() }
        return nil
    }

    /// The value of a key, or nil when it is not in the table.
    func value(of key: String) -> Int32? {
        let length = key.utf8.count
        let slot: Int
        // A short key is read by a closure that captures nothing: one over the table, such as
        // `find`, would retain its arrays on every lookup.
        if length <= ShortKey.maximumLength, let short = key.utf8.withContiguousStorageIfAvailable(ShortKey.init) ?? nil {
            slot = find(short, length: length)
        } else {
            slot = key.utf8.withContiguousStorageIfAvailable(find) ?? Array(key.utf8).withUnsafeBufferPointer(find)
        }
        return slots[slot].offset >= 0 ? slots[slot].value : nil
    }

    /// Every key, in no particular order, read back from the slots.
    var keys: [String] {
        slots.filter { $0.offset >= 0 }.map { slot in
            let length = Int(slot.length)
            let start = Int(slot.offset)
            let bytes = length > ShortKey.maximumLength ? Array(self.bytes[start..<start + length]) : slot.key.bytes(length: length)
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The slot holding a short key, or the empty slot where it would go.
    private func find(_ key: ShortKey, length: Int) -> Int {
        let mask = slots.count - 1
        var index = Int(key.hash(length: length)) & mask
        while slots[index].offset >= 0 {
            if slots[index].key == key && Int(slots[index].length) == length { return index }
            index = (index + 1) & mask
        }
        return index
    }

    /// The slot holding a key, or the empty slot where it would go.
    private func find(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        if let short = ShortKey(key) { return find(short, length: key.count) }
        let hash = ArticleTable.hash(key)
        let mask = slots.count - 1
        var index = Int(hash) & mask
        return bytes.withUnsafeBufferPointer { stored in
            while slots[index].offset >= 0 {
                let slot = slots[index]
                if slot.hash == hash, Int(slot.length) == key.count, ArticleTable.equal(key, stored, at: Int(slot.offset)) {
                    return index
                }
                index = (index + 1) & mask
            }
            return index
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
