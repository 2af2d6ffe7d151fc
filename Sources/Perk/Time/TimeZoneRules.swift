import Foundation

/// A time zone's offsets from UTC, compiled once from the system's zone data (TZif files,
/// RFC 8536, as in /usr/share/zoneinfo) into one sorted table of transitions: finding the
/// offset of an instant is a binary search, with no calendar or formatter involved.
/// Transitions after the file's last one follow its POSIX TZ rule, computed up to the
/// year 2200 when the zone is loaded.
public final class TimeZoneRules: Sendable {
    /// The IANA name: `Europe/Paris`.
    public let name: String
    /// Instants (seconds since 1970, UTC) at which the offset changes, ascending.
    private let transitions: [Int64]
    /// The offset in force from each transition on (seconds east of UTC).
    private let offsets: [Int32]
    /// The offset before the first transition.
    private let initialOffset: Int32

    /// The last year whose transitions a POSIX rule adds.
    static let lastRuleYear = 2200

    /// Loads a zone by its IANA name from `directory`. A name not shaped like one is refused
    /// without touching the file system; a missing zone gets the nearest known name.
    public static func load(_ name: String, directory: String = "/usr/share/zoneinfo") throws(TimeZoneError) -> TimeZoneRules {
        guard isValidName(name) else { throw .invalidName(name) }
        let path = directory + "/" + name
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else {
            throw .unknown(name, suggestion: Spelling.suggest(name, from: knownNames(directory: directory)))
        }
        return try TimeZoneRules(name: name, tzif: [UInt8](data))
    }

    /// Compiles TZif bytes.
    public init(name: String, tzif bytes: [UInt8]) throws(TimeZoneError) {
        self.name = name
        var reader = TZifReader(bytes: bytes)
        do throws(TZifReader.Failure) {
            let table = try reader.read()
            var transitions = table.transitions
            var offsets = table.offsets
            if let footer = table.footer, !footer.isEmpty {
                guard let rule = PosixZoneRule(footer) else { throw TZifReader.Failure("unreadable TZ rule \(VisibleText.quoted(footer))") }
                let after = transitions.last ?? Int64.min
                for (instant, offset) in rule.transitions(through: TimeZoneRules.lastRuleYear) where instant > after {
                    transitions.append(instant)
                    offsets.append(offset)
                }
                initialOffset = table.transitions.isEmpty ? rule.standardOffset : table.initialOffset
            } else {
                initialOffset = table.initialOffset
            }
            self.transitions = transitions
            self.offsets = offsets
        } catch {
            throw .malformed(name, reason: error.reason)
        }
    }

    /// The offset from UTC, in seconds east, at an instant.
    public func offset(atEpochSeconds seconds: Int64) -> Int32 {
        // The last transition at or before `seconds`.
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= seconds { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? initialOffset : offsets[low - 1]
    }

    /// The wall-clock time of an instant in this zone.
    public func localTime(atEpochSeconds seconds: Int64) -> LocalTime {
        LocalTime(epochSeconds: seconds, offset: offset(atEpochSeconds: seconds))
    }

    /// The zones in `directory`: files that start as TZif files, outside `posix/` and `right/`.
    /// Only for "did you mean" help, so it is read when needed, not kept.
    public static func knownNames(directory: String = "/usr/share/zoneinfo") -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var names: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path == "posix" || path == "right" || path.hasPrefix("posix/") || path.hasPrefix("right/") {
                enumerator.skipDescendants()
                continue
            }
            guard isValidName(path), let handle = FileHandle(forReadingAtPath: directory + "/" + path) else { continue }
            let magic = (try? handle.read(upToCount: 4)) ?? Data()
            try? handle.close()
            if magic == Data("TZif".utf8) { names.append(path) }
        }
        return names.sorted()
    }

    /// An IANA-shaped name: 1 to 64 bytes of letters, digits, `/`, `_`, `-` and `+`, not
    /// absolute, without empty or `.`-led parts.
    static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 64, bytes.first != UInt8(ascii: "/"), bytes.last != UInt8(ascii: "/") else { return false }
        for part in name.split(separator: "/", omittingEmptySubsequences: false) where part.isEmpty || part.hasPrefix(".") {
            return false
        }
        return bytes.allSatisfy { byte in
            (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
                || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
        }
    }
}

/// Reads the transitions of a TZif file: the 64-bit block of a version 2 or later file,
/// else the 32-bit block of version 1, and the POSIX TZ footer. Every read is bounds-checked.
struct TZifReader {
    struct Failure: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    struct Table {
        var transitions: [Int64] = []
        var offsets: [Int32] = []
        var initialOffset: Int32 = 0
        var footer: String?
    }

    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func read() throws(Failure) -> Table {
        let version = try header()
        let v1 = try counts()
        if version == 0 { return try block(v1, timeSize: 4) }
        // Skip the version 1 block, then read the 64-bit one and the footer.
        try skip(v1.timecnt * 5 + v1.typecnt * 6 + v1.charcnt + v1.leapcnt * 8 + v1.isstdcnt + v1.isutcnt)
        guard try header() == version else { throw Failure("the second header differs from the first") }
        var table = try block(try counts(), timeSize: 8)
        guard position < bytes.count, bytes[position] == 10 else { throw Failure("no footer") }
        position += 1
        guard let end = bytes[position...].firstIndex(of: 10) else { throw Failure("the footer does not end") }
        table.footer = String(decoding: bytes[position..<end], as: UTF8.self)
        position = end + 1
        return table
    }

    private struct Counts {
        var isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0
    }

    /// The magic and version; returns 0 for version 1, else the version's digit value.
    private mutating func header() throws(Failure) -> Int {
        guard position + 20 <= bytes.count, bytes[position..<position + 4].elementsEqual("TZif".utf8) else {
            throw Failure("not a TZif file")
        }
        let version = bytes[position + 4]
        position += 20
        switch version {
        case 0: return 0
        case UInt8(ascii: "2")...UInt8(ascii: "4"): return Int(version - UInt8(ascii: "0"))
        default: throw Failure("unknown TZif version")
        }
    }

    private mutating func counts() throws(Failure) -> Counts {
        var values: [Int] = []
        for _ in 0..<6 {
            let value = try integer(4)
            guard value >= 0, value <= 1 << 20 else { throw Failure("a count out of range") }
            values.append(Int(value))
        }
        let counts = Counts(isutcnt: values[0], isstdcnt: values[1], leapcnt: values[2], timecnt: values[3],
                            typecnt: values[4], charcnt: values[5])
        guard counts.typecnt >= 1 else { throw Failure("no local time type") }
        return counts
    }

    private mutating func block(_ counts: Counts, timeSize: Int) throws(Failure) -> Table {
        var times: [Int64] = []
        for _ in 0..<counts.timecnt { times.append(try integer(timeSize)) }
        var indices: [Int] = []
        for _ in 0..<counts.timecnt { indices.append(Int(try integer(1))) }
        var types: [Int32] = []
        for _ in 0..<counts.typecnt {
            let offset = try integer(4)
            guard abs(offset) < 26 * 3600 else { throw Failure("an offset out of range") }
            types.append(Int32(offset))
            try skip(2)
        }
        try skip(counts.charcnt + counts.leapcnt * (timeSize + 4) + counts.isstdcnt + counts.isutcnt)
        var table = Table()
        table.initialOffset = types[0]
        for (time, index) in zip(times, indices) {
            guard index < types.count else { throw Failure("a transition names no local time type") }
            guard table.transitions.last.map({ $0 < time }) ?? true else { throw Failure("transitions out of order") }
            table.transitions.append(time)
            table.offsets.append(types[index])
        }
        return table
    }

    private mutating func skip(_ count: Int) throws(Failure) {
        guard count >= 0, count <= bytes.count - position else { throw Failure("the file is cut short") }
        position += count
    }

    /// A big-endian signed integer of `size` bytes (1, 4 or 8); one byte is read unsigned.
    private mutating func integer(_ size: Int) throws(Failure) -> Int64 {
        guard size <= bytes.count - position else { throw Failure("the file is cut short") }
        var value: UInt64 = 0
        for byte in bytes[position..<position + size] { value = value << 8 | UInt64(byte) }
        position += size
        switch size {
        case 1: return Int64(value)
        case 4: return Int64(Int32(truncatingIfNeeded: value))
        default: return Int64(bitPattern: value)
        }
    }
}
