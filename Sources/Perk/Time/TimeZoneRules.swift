import Foundation

/// The UTC offsets of one IANA time zone, such as `Europe/Paris`, in which a program reads
/// dates, weekdays and hours. Compiled once from the zone's TZif file (RFC 8536) into sorted
/// arrays, so that finding the offset of an instant is a binary search: no Calendar, no
/// DateFormatter, no Foundation.TimeZone. Instants after the file's last transition follow
/// its footer rule, listed to 2100 when loading and computed arithmetically after.
public final class TimeZoneRules: Sendable {
    /// The zone's IANA name, as the program declared it.
    public let name: String
    /// The instants at which the offset changes, ascending: the file's own transitions, then
    /// its footer's before `footerFrom`.
    private let times: [Int64]
    /// The UTC offset from each of `times` on.
    private let offsets: [Int32]
    /// The offset before the first of `times`.
    private let initialOffset: Int32
    /// The footer's rule, which gives the offset from `footerFrom` on; nil without a footer.
    private let footer: PosixTimeZone?
    private let footerFrom: Int64

    /// Where the system keeps its zones.
    public static let systemDirectory = "/usr/share/zoneinfo"

    /// Loads the zone from the file `<directory>/<name>`. A name not shaped like an IANA
    /// zone name is refused before the file system is looked at; a name with no readable file
    /// is unknown, with the closest known name as a suggestion.
    public static func load(_ name: String, directory: String = systemDirectory) throws(TimeZoneError) -> TimeZoneRules {
        guard isZoneShaped(name) else { throw .invalidName(name) }
        guard isZoneName(name), let data = FileManager.default.contents(atPath: directory + "/" + name) else {
            throw .unknown(name, suggestion: Spelling.suggest(name, from: knownNames(directory: directory)))
        }
        return try TimeZoneRules(name: name, tzif: [UInt8](data))
    }

    /// Compiles the zone `name` from the bytes of a TZif file, for tests and fuzzing as well
    /// as `load`.
    public init(name: String, tzif: [UInt8]) throws(TimeZoneError) {
        self.name = name
        let file: TZifFile
        let footer: PosixTimeZone?
        do {
            file = try TZifFile(tzif)
        } catch {
            throw .malformed(name, reason: error.reason)
        }
        do {
            footer = file.footer.isEmpty ? nil : try PosixTimeZone(file.footer)
        } catch {
            throw .malformed(name, reason: "footer \(VisibleText.quoted(file.footer)): \(error.reason)")
        }
        var times = file.times
        var offsets = file.offsets
        initialOffset = file.initialOffset
        self.footer = footer
        if let footer, let last = times.last {
            // As in tzcode, the footer's own switches follow the last transition (whose offset
            // holds until the first of them). They are listed to about 2100 (for 300 years at
            // most), so that most instants take a binary search only; from the first switch
            // after those, the footer is computed for the instant's year.
            let firstYear = CivilDate(daysSinceEpoch: last.floorDivided(by: 86_400)).year - 1
            let lastYear = min(max(firstYear, 2100), firstYear + 300) + 3
            let cutoff = CivilDate.days(year: lastYear - 1, month: 1, day: 1).flatMap { Checked.multiply($0, 86_400) } ?? .max
            var from = Int64.max
            for (time, offset) in footer.transitions(years: firstYear...lastYear) where time > last {
                if time >= cutoff {
                    from = time
                    break
                }
                if offset != offsets.last {
                    times.append(time)
                    offsets.append(offset)
                }
            }
            footerFrom = from
        } else {
            // A footer without transitions gives the offset at all times (RFC 9636); without
            // a footer, this is not read.
            footerFrom = .min
        }
        self.times = times
        self.offsets = offsets
    }

    /// The names of the zones installed in `directory`, sorted, for suggestions when a name
    /// is unknown. Only errors need them; those of the system's folder are read once per
    /// process (a program checked again and again, as the fuzzer does, walks the tree once).
    public static func knownNames(directory: String = systemDirectory) -> [String] {
        directory == systemDirectory ? systemNames : names(in: directory)
    }

    /// The zones of the system's folder, read on first use.
    private static let systemNames = names(in: systemDirectory)

    private static func names(in directory: String) -> [String] {
        var names: [String] = []
        // Zone names have at most three parts (`America/Argentina/Buenos_Aires`).
        func walk(_ folder: String, depth: Int) {
            guard depth < 3, let entries = try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + folder) else { return }
            for entry in entries {
                let name = folder.isEmpty ? entry : folder + "/" + entry
                var isFolder: ObjCBool = false
                guard isZoneName(name), FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue { walk(name, depth: depth + 1) } else { names.append(name) }
            }
        }
        walk("", depth: 0)
        return names.sorted()
    }

    /// The UTC offset in seconds (east of Greenwich) at an instant, in seconds since
    /// 1970-01-01T00:00:00Z.
    public func offset(atEpochSeconds epochSeconds: Int64) -> Int32 {
        if let footer, epochSeconds >= footerFrom { return footer.offset(at: epochSeconds) }
        // The number of transitions at or before the instant.
        var low = 0
        var high = times.count
        while low < high {
            let middle = low + (high - low) / 2
            if times[middle] <= epochSeconds { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? initialOffset : offsets[low - 1]
    }

    /// The date, weekday and time of day in this zone at an instant, in seconds since
    /// 1970-01-01T00:00:00Z.
    public func localTime(atEpochSeconds epochSeconds: Int64) -> LocalTime {
        LocalTime(epochSeconds: epochSeconds, offsetSeconds: offset(atEpochSeconds: epochSeconds))
    }

    /// Whether `name` is shaped like an IANA zone name: 1 to 64 bytes of parts separated by
    /// `/`, each made of ASCII letters, digits, `.`, `_`, `+` and `-` and starting with
    /// neither `.` nor `-`, and no `..` anywhere. Such a name cannot leave the zone folder.
    static func isZoneShaped(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count), !name.contains("..") else { return false }
        return bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy { part in
            guard let first = part.first, first != UInt8(ascii: "."), first != UInt8(ascii: "-") else { return false }
            return part.allSatisfy { byte in
                (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "._+-".utf8.contains(byte)
            }
        }
    }

    /// Whether `name` is zone-shaped and each of its parts starts with a capital letter, as in
    /// every zone's name; the lowercase names in the zone folder are tables (`zone.tab`), the
    /// copies in `posix/` and `right/`, and the machine's own `localtime`.
    static func isZoneName(_ name: String) -> Bool {
        isZoneShaped(name) && name.utf8.split(separator: UInt8(ascii: "/")).allSatisfy { part in
            part.first.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) } ?? false
        }
    }
}
