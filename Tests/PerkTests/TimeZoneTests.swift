import Foundation
@testable import Perk
@testable import PerkBench
import Testing

/// Program time zones: offsets and local times read from the system's TZif files (and from
/// files written here), the footer rules that run past the last transition, civil dates and
/// weekdays, and the refusal of bad names and bad bytes. Expected offsets come from
/// `zdump -v` on tzdata 2025b.
@Suite struct TimeZoneTests {
    /// The bytes of an installed zone's file (the tests need the tzdata package).
    static func zoneFile(_ name: String) throws -> [UInt8] {
        try #require(FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + name)).map { $0 }
    }

    /// Seconds since the epoch of a time written in ISO 8601.
    static func epoch(_ text: String) throws -> Int64 {
        try #require(Timestamp(text)).epochSeconds
    }

    /// The local time at `time` as `YYYY-MM-DD HH:MM:SS Weekday`.
    static func local(_ zone: TimeZoneRules, _ time: String) throws -> String {
        describe(zone.localTime(atEpochSeconds: try epoch(time)))
    }

    static func describe(_ time: LocalTime) -> String {
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let second = time.secondOfDay
        return "\(time.date) \(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60)) \(time.weekday.name)"
    }

    // MARK: Europe/Paris

    /// On 2026-03-29 Paris moves from +01:00 to +02:00 at 01:00Z: local time jumps from
    /// 01:59:59 to 03:00:00, and no instant reads 02:xx that day.
    @Test func parisSpringGap() throws {
        let paris = try TimeZoneRules.load("Europe/Paris")
        #expect(try paris.offset(atEpochSeconds: Self.epoch("2026-03-29T00:59:59Z")) == 3600)
        #expect(try paris.offset(atEpochSeconds: Self.epoch("2026-03-29T01:00:00Z")) == 7200)
        #expect(try Self.local(paris, "2026-03-29T00:59:59Z") == "2026-03-29 01:59:59 Sunday")
        #expect(try Self.local(paris, "2026-03-29T01:00:00Z") == "2026-03-29 03:00:00 Sunday")
        // A request written in the old offset is read in the new one.
        #expect(try Self.local(paris, "2026-03-29T02:30:00+01:00") == "2026-03-29 03:30:00 Sunday")
        let date = CivilDate("2026-03-29")
        for minute in stride(from: try Self.epoch("2026-03-28T22:00:00Z"), to: try Self.epoch("2026-03-29T04:00:00Z"), by: 60) {
            let time = paris.localTime(atEpochSeconds: minute)
            #expect(!(time.date == date && (120..<180).contains(time.minuteOfDay)), "\(Self.describe(time))")
        }
    }

    /// On 2026-10-25 Paris moves back from +02:00 to +01:00 at 01:00Z: 02:30 local happens
    /// twice, an hour apart.
    @Test func parisAutumnOverlap() throws {
        let paris = try TimeZoneRules.load("Europe/Paris")
        #expect(try paris.offset(atEpochSeconds: Self.epoch("2026-10-25T00:59:59Z")) == 7200)
        #expect(try paris.offset(atEpochSeconds: Self.epoch("2026-10-25T01:00:00Z")) == 3600)
        #expect(try paris.offset(atEpochSeconds: Self.epoch("2026-10-25T00:30:00Z")) == 7200)
        #expect(try paris.offset(atEpochSeconds: Self.epoch("2026-10-25T01:30:00Z")) == 3600)
        let first = paris.localTime(atEpochSeconds: try Self.epoch("2026-10-25T00:30:00Z"))
        let second = paris.localTime(atEpochSeconds: try Self.epoch("2026-10-25T01:30:00Z"))
        #expect(Self.describe(first) == "2026-10-25 02:30:00 Sunday")
        #expect(first == second)
    }

    /// The last second of a day and the first of the next, in winter time.
    @Test func parisMidnight() throws {
        let paris = try TimeZoneRules.load("Europe/Paris")
        #expect(try Self.local(paris, "2026-12-24T22:59:59Z") == "2026-12-24 23:59:59 Thursday")
        #expect(try Self.local(paris, "2026-12-24T23:00:00Z") == "2026-12-25 00:00:00 Friday")
        let christmas = paris.localTime(atEpochSeconds: try Self.epoch("2026-12-24T23:30:00Z"))
        #expect(Self.describe(christmas) == "2026-12-25 00:30:00 Friday")
        #expect(christmas.minuteOfDay == 30 && christmas.secondOfDay == 1800)
        #expect(try Self.local(paris, "2026-11-23T23:30:00Z") == "2026-11-24 00:30:00 Tuesday")
        // The request's own offset does not matter, only the instant.
        let request = try #require(Timestamp("2026-11-23T18:30:00-05:00"))
        #expect(Self.describe(paris.localTime(of: request)) == "2026-11-24 00:30:00 Tuesday")
    }

    /// Past 2037, the last transition the file lists, Paris follows its footer
    /// `CET-1CEST,M3.5.0,M10.5.0/3`.
    @Test func parisFarFuture() throws {
        let paris = try TimeZoneRules.load("Europe/Paris")
        #expect(paris.offset(atEpochSeconds: try Self.epoch("2090-07-01T12:00:00Z")) == 7200)
        #expect(paris.offset(atEpochSeconds: try Self.epoch("2090-01-01T12:00:00Z")) == 3600)
        #expect(try Self.local(paris, "2090-03-26T01:00:00Z") == "2090-03-26 03:00:00 Sunday")
    }

    // MARK: Africa/Casablanca

    /// Morocco keeps +01 but drops to +00 for Ramadan: in 2026 from 02:00Z on February 15
    /// to 02:00Z on March 22 (`zdump -v -c 2026,2027 Africa/Casablanca`).
    @Test func casablancaRamadan() throws {
        let casablanca = try TimeZoneRules.load("Africa/Casablanca")
        #expect(try casablanca.offset(atEpochSeconds: Self.epoch("2026-02-15T01:59:59Z")) == 3600)
        #expect(try casablanca.offset(atEpochSeconds: Self.epoch("2026-02-15T02:00:00Z")) == 0)
        #expect(try casablanca.offset(atEpochSeconds: Self.epoch("2026-03-22T01:59:59Z")) == 0)
        #expect(try casablanca.offset(atEpochSeconds: Self.epoch("2026-03-22T02:00:00Z")) == 3600)
        #expect(try Self.local(casablanca, "2026-02-15T01:59:59Z") == "2026-02-15 02:59:59 Sunday")
        #expect(try Self.local(casablanca, "2026-02-15T02:00:00Z") == "2026-02-15 02:00:00 Sunday")
        #expect(try Self.local(casablanca, "2026-03-22T02:00:00Z") == "2026-03-22 03:00:00 Sunday")
        #expect(try Self.local(casablanca, "2026-12-10T08:00:00+01:00") == "2026-12-10 08:00:00 Thursday")
    }

    // MARK: Footer rules

    /// A switch of a zone's footer: the last second before it (UTC) and the offsets before
    /// and after, from `zdump -v`.
    struct Switch: Sendable, CustomTestStringConvertible {
        let zone: String
        let lastSecond: String
        let before: Int32
        let after: Int32
        var testDescription: String { "\(zone) \(lastSecond)" }
    }

    static let footerSwitches: [Switch] = [
        // Listed when loading (to 2100).
        Switch(zone: "America/Nuuk", lastSecond: "2090-03-26T00:59:59Z", before: -7200, after: -3600),  // M3.5.0/-1
        Switch(zone: "America/Nuuk", lastSecond: "2090-10-29T00:59:59Z", before: -3600, after: -7200),  // M10.5.0/0
        Switch(zone: "Asia/Gaza", lastSecond: "2090-03-24T23:59:59Z", before: 7200, after: 10800),  // M3.4.4/50
        Switch(zone: "Asia/Gaza", lastSecond: "2090-10-27T22:59:59Z", before: 10800, after: 7200),
        // Computed (after 2100).
        Switch(zone: "Europe/Paris", lastSecond: "2200-03-30T00:59:59Z", before: 3600, after: 7200),
        Switch(zone: "Europe/Paris", lastSecond: "2200-10-26T00:59:59Z", before: 7200, after: 3600),
        Switch(zone: "America/Nuuk", lastSecond: "2200-03-30T00:59:59Z", before: -7200, after: -3600),
        Switch(zone: "America/Nuuk", lastSecond: "2200-10-26T00:59:59Z", before: -3600, after: -7200),
        Switch(zone: "Asia/Jerusalem", lastSecond: "2200-03-27T23:59:59Z", before: 7200, after: 10800),  // M3.4.4/26
        Switch(zone: "Asia/Jerusalem", lastSecond: "2200-10-25T22:59:59Z", before: 10800, after: 7200),
        Switch(zone: "Asia/Gaza", lastSecond: "2200-03-28T23:59:59Z", before: 7200, after: 10800),
        Switch(zone: "Asia/Gaza", lastSecond: "2200-10-24T22:59:59Z", before: 10800, after: 7200),
        // Daylight saving time in winter: IST-1GMT0,M10.5.0,M3.5.0/1.
        Switch(zone: "Europe/Dublin", lastSecond: "2200-03-30T00:59:59Z", before: 0, after: 3600),
        Switch(zone: "Europe/Dublin", lastSecond: "2200-10-26T00:59:59Z", before: 3600, after: 0),
        Switch(zone: "Australia/Sydney", lastSecond: "2200-04-05T15:59:59Z", before: 39600, after: 36000),
        Switch(zone: "Australia/Sydney", lastSecond: "2200-10-04T15:59:59Z", before: 36000, after: 39600),
        Switch(zone: "America/Santiago", lastSecond: "2200-04-06T02:59:59Z", before: -10800, after: -14400),  // M4.1.6/24
        Switch(zone: "America/Santiago", lastSecond: "2200-09-07T03:59:59Z", before: -14400, after: -10800),
        Switch(zone: "Africa/Cairo", lastSecond: "2200-04-24T21:59:59Z", before: 7200, after: 10800),  // M4.5.5/0
        Switch(zone: "Africa/Cairo", lastSecond: "2200-10-30T20:59:59Z", before: 10800, after: 7200),  // M10.5.4/24
    ]

    @Test(arguments: footerSwitches) func footerSwitch(_ change: Switch) throws {
        let zone = try TimeZoneRules.load(change.zone)
        let last = try Self.epoch(change.lastSecond)
        #expect(zone.offset(atEpochSeconds: last) == change.before)
        #expect(zone.offset(atEpochSeconds: last + 1) == change.after)
    }

    /// The switches listed when loading and those computed for an instant's year agree: a
    /// file with the footer alone (all computed) gives Paris's offsets every three hours from
    /// 2038 to 2110.
    @Test func listedAndComputedSwitchesAgree() throws {
        let paris = try TimeZoneRules.load("Europe/Paris")
        let computed = try TimeZoneRules(name: "Paris", tzif: Self.tzif(transitions: [], types: [3600], footer: "CET-1CEST,M3.5.0,M10.5.0/3"))
        for instant in stride(from: try Self.epoch("2038-01-01T00:00:00Z"), to: try Self.epoch("2110-01-01T00:00:00Z"), by: 3 * 3600) {
            guard computed.offset(atEpochSeconds: instant) == paris.offset(atEpochSeconds: instant) else {
                Issue.record("offsets differ at \(instant)")
                return
            }
        }
    }

    /// `Jn` never counts February 29 and `n` does: J60 is always March 1, day 59 is
    /// February 29 in a leap year.
    @Test func julianAndZeroBasedDays() throws {
        let julian = try TimeZoneRules(name: "J", tzif: Self.tzif(transitions: [], types: [7200], footer: "AAA-2BBB,J60/0,J305/0"))
        let zeroBased = try TimeZoneRules(name: "n", tzif: Self.tzif(transitions: [], types: [7200], footer: "AAA-2BBB,59/0,304/0"))
        /// Expects daylight saving time (+03) to start or end (`starts` false) at `text`.
        func expectSwitch(_ zone: TimeZoneRules, at text: String, starts: Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let instant = try Self.epoch(text)
            #expect(zone.offset(atEpochSeconds: instant - 1) == (starts ? 7200 : 10_800), sourceLocation: sourceLocation)
            #expect(zone.offset(atEpochSeconds: instant) == (starts ? 10_800 : 7200), sourceLocation: sourceLocation)
        }
        try expectSwitch(julian, at: "2027-02-28T22:00:00Z", starts: true)  // 2027-03-01 00:00 at +02
        try expectSwitch(julian, at: "2027-10-31T21:00:00Z", starts: false)  // 2027-11-01 00:00 at +03
        try expectSwitch(julian, at: "2028-02-29T22:00:00Z", starts: true)
        try expectSwitch(julian, at: "2028-10-31T21:00:00Z", starts: false)
        try expectSwitch(zeroBased, at: "2027-02-28T22:00:00Z", starts: true)
        try expectSwitch(zeroBased, at: "2027-10-31T21:00:00Z", starts: false)
        try expectSwitch(zeroBased, at: "2028-02-28T22:00:00Z", starts: true)  // 2028-02-29
        try expectSwitch(zeroBased, at: "2028-10-30T21:00:00Z", starts: false)  // 2028-10-31
    }

    /// Permanent daylight saving time as zic writes it, `0/0,J365/25`: the end of one year
    /// and the start of the next fall on the same instant, and the start wins.
    @Test func permanentDaylightSavingTime() throws {
        let footer = "EST5EDT,0/0,J365/25"
        let computed = try TimeZoneRules(name: "computed", tzif: Self.tzif(transitions: [], types: [-18_000], footer: footer))
        let listed = try TimeZoneRules(name: "listed", tzif: Self.tzif(transitions: [(0, 0)], types: [-14_400], footer: footer))
        for zone in [computed, listed] {
            for text in ["2026-01-01T04:59:59Z", "2026-01-01T05:00:00Z", "2026-07-01T00:00:00Z", "2027-01-01T05:00:00Z", "2300-01-01T05:00:00Z"] {
                #expect(zone.offset(atEpochSeconds: try Self.epoch(text)) == -14_400, "\(zone.name) \(text)")
            }
        }
    }

    /// A footer's switches start after the file's last transition: until then, its offset
    /// holds, even where the footer alone would say otherwise (as in America/Ojinaga's
    /// files from older zic versions: the last transition, on 2022-10-30, is to CST, -06,
    /// while `CST6CDT,M3.2.0,M11.1.0` alone would give CDT until 2022-11-06).
    @Test func footerSwitchesFollowTheLastTransition() throws {
        let lastTransition = try Self.epoch("2022-10-30T08:00:00Z")  // from MDT, -06
        let zone = try TimeZoneRules(name: "Ojinaga", tzif: Self.tzif(
            transitions: [(lastTransition - 86_400 * 200, 0), (lastTransition, 1)], types: [-21_600, -21_600],
            footer: "CST6CDT,M3.2.0,M11.1.0"))
        #expect(try zone.offset(atEpochSeconds: Self.epoch("2022-11-01T00:00:00Z")) == -21_600)
        #expect(try zone.offset(atEpochSeconds: Self.epoch("2023-03-12T07:59:59Z")) == -21_600)
        #expect(try zone.offset(atEpochSeconds: Self.epoch("2023-03-12T08:00:00Z")) == -18_000)
    }

    @Test func footerForms() throws {
        let paris = try PosixTimeZone("CET-1CEST,M3.5.0,M10.5.0/3")
        #expect(paris.standardOffset == 3600)
        #expect(paris.daylight == PosixTimeZone.Daylight(
            offset: 7200, start: .init(date: .weekday(month: 3, week: 5, day: 0), time: 7200),
            end: .init(date: .weekday(month: 10, week: 5, day: 0), time: 10_800)))
        let plus1 = try PosixTimeZone("<+01>-1")
        #expect(plus1.standardOffset == 3600 && plus1.daylight == nil)
        #expect(try PosixTimeZone("<-0930>9:30").standardOffset == -34_200)
        #expect(try PosixTimeZone("<+0545>-5:45").standardOffset == 20_700)
        #expect(try PosixTimeZone("NST3:30NDT,M3.2.0,M11.1.0").daylight?.offset == -9000)
        #expect(try PosixTimeZone("AAA+3BBB+1,J1/+167,300/-167:59:59").daylight == PosixTimeZone.Daylight(
            offset: -3600, start: .init(date: .julian(1), time: 601_200), end: .init(date: .dayOfYear(300), time: -604_799)))
        for bad in ["", "CET", "CE-1", "CET-25", "CET-1CEST", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0",
                    "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0", "CET-1CEST,J0,J365", "CET-1CEST,366,0",
                    "CET-1CEST,M3.5.0/168,M10.5.0", "CET-1CEST,M3.5.0,M10.5.0/3x", "<+1>-1", "<+01-1", "CET-1:60", "CET-1 "] {
            #expect(throws: MalformedZoneData.self, "\(bad)") { try PosixTimeZone(bad) }
        }
    }

    // MARK: Files written here

    /// A TZif file: `transitions` (instant, type index), `types` (UTC offsets) and, from
    /// version 2 on, a footer. Version 2 files start with 32-bit data different from their
    /// 64-bit data (one type at +05:00), which readers skip.
    static func tzif(version: UInt8 = UInt8(ascii: "2"), transitions: [(Int64, UInt8)], types: [Int32], footer: String = "",
                     leapCount: UInt32 = 0, indicators: UInt32? = nil) -> [UInt8] {
        func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
            (0..<T.bitWidth / 8).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
        }
        func header(_ counts: [UInt32]) -> [UInt8] {
            Array("TZif".utf8) + [version] + [UInt8](repeating: 0, count: 15) + counts.flatMap { bigEndian($0) }
        }
        func block(_ transitions: [(Int64, UInt8)], _ types: [Int32], wide: Bool) -> [UInt8] {
            let indicatorCount = indicators ?? 0
            var bytes = header([indicatorCount, indicatorCount, leapCount, UInt32(transitions.count), UInt32(types.count), 4])
            bytes += transitions.flatMap { wide ? bigEndian($0.0) : bigEndian(Int32(truncatingIfNeeded: $0.0)) }
            bytes += transitions.map(\.1)
            bytes += types.flatMap { bigEndian($0) + [0, 0] }
            bytes += Array("UTC\0".utf8)
            bytes += [UInt8](repeating: 0, count: Int(leapCount) * (wide ? 12 : 8) + 2 * Int(indicatorCount))
            return bytes
        }
        guard version != 0 else { return block(transitions, types, wide: false) }
        return block([], [18_000], wide: false) + block(transitions, types, wide: true) + Array("\n\(footer)\n".utf8)
    }

    @Test func versionOneFile() throws {
        let zone = try TimeZoneRules(name: "v1", tzif: Self.tzif(version: 0, transitions: [(-1000, 1), (1000, 0)], types: [3600, -7200]))
        #expect(zone.offset(atEpochSeconds: .min) == 3600)
        #expect(zone.offset(atEpochSeconds: -1001) == 3600)
        #expect(zone.offset(atEpochSeconds: -1000) == -7200)
        #expect(zone.offset(atEpochSeconds: 999) == -7200)
        #expect(zone.offset(atEpochSeconds: 1000) == 3600)
        #expect(zone.offset(atEpochSeconds: .max) == 3600)
    }

    @Test(arguments: Array("234".utf8)) func laterVersionFiles(_ version: UInt8) throws {
        let bytes = Self.tzif(version: version, transitions: [(-5_000_000_000, 1), (1000, 0)], types: [-3600, 0], footer: "<-01>1")
        let zone = try TimeZoneRules(name: "v\(version)", tzif: bytes)
        #expect(zone.offset(atEpochSeconds: -5_000_000_001) == -3600)  // before a transition 32 bits cannot hold
        #expect(zone.offset(atEpochSeconds: -5_000_000_000) == 0)
        #expect(zone.offset(atEpochSeconds: 1000) == -3600)
        #expect(zone.offset(atEpochSeconds: .max) == -3600)
    }

    /// Every way a file can be wrong that the reader checks, with its reason.
    @Test func malformedFiles() {
        func reason(_ bytes: [UInt8]) -> String? {
            do {
                _ = try TimeZoneRules(name: "Test/Zone", tzif: bytes)
                return nil
            } catch {
                guard case .malformed("Test/Zone", let reason) = error else { return "\(error)" }
                return reason
            }
        }
        let good = Self.tzif(transitions: [(0, 0)], types: [3600], footer: "<+01>-1")
        #expect(reason(good) == nil)
        #expect(reason([]) == "the file is truncated")
        #expect(reason(Array("TZjf".utf8) + good.dropFirst(4)) == "not a TZif file")
        #expect(reason(Self.tzif(transitions: [], types: [], footer: "<+01>-1")) == "no local time types")
        #expect(reason(Self.tzif(transitions: [(0, 0)], types: [3600], footer: "<+01>-1", leapCount: 1))
            == "leap-second data (a `right/` zone) is not supported")
        #expect(reason(Self.tzif(transitions: [(0, 0)], types: [3600], footer: "<+01>-1", indicators: 2))
            == "standard/wall or UT/local indicators do not match the local time types")
        #expect(reason(Self.tzif(transitions: [], types: [93_600], footer: "")) == "UTC offset 93600 is out of range")
        #expect(reason(Self.tzif(transitions: [], types: [-90_000], footer: "")) == "UTC offset -90000 is out of range")
        #expect(reason(Self.tzif(transitions: [(5, 0), (5, 0)], types: [0], footer: "")) == "transition times are not ascending")
        #expect(reason(Self.tzif(transitions: [(5, 1)], types: [0], footer: "")) == "a transition names local time type 1 of 1")
        #expect(reason(good.dropLast(1).map { $0 }) == "the footer does not end with a newline")
        #expect(reason(Array(good.dropLast(9)) + [0x41] + good.suffix(8)) == "no footer after the data")
        #expect(reason(Self.tzif(transitions: [], types: [0], footer: "UTC0\u{7F}")) == "the footer is not printable ASCII")
        #expect(reason(Self.tzif(transitions: [], types: [0], footer: "CET-1CEST")) == "footer `CET-1CEST`: daylight saving time without rules")
        // A count of 2^32 - 1 transitions in a short file.
        var huge = good
        huge.replaceSubrange(32..<36, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(reason(huge) == "the file is truncated")
        #expect(TimeZoneError.malformed("Test/Zone", reason: "the file is truncated").description
            == "malformed time zone data for `Test/Zone`: the file is truncated")
    }

    /// Every prefix of a real file shorter than the file is refused (its footer's final
    /// newline is missing at least), and the whole file loads.
    @Test func truncatedFilesAreRefused() throws {
        let bytes = try Self.zoneFile("Europe/Paris")
        for length in 0..<bytes.count {
            #expect(throws: TimeZoneError.self, "\(length) bytes") { try TimeZoneRules(name: "Europe/Paris", tzif: Array(bytes[..<length])) }
        }
        #expect(try TimeZoneRules(name: "Europe/Paris", tzif: bytes).offset(atEpochSeconds: 0) == 3600)
    }

    /// Files with a few random bytes changed either load or are refused; a loaded one answers
    /// for any instant.
    @Test func mutatedFilesNeverCrash() throws {
        let originals = try ["Europe/Paris", "Africa/Casablanca", "America/Nuuk"].map(Self.zoneFile)
        var random = SplitMix64(seed: 2026_1204)
        var loaded = 0
        for round in 0..<3000 {
            var bytes = originals[round % originals.count]
            for _ in 0...(random.next() % 4) {
                // Anywhere, or in the first header or the footer, where the counts and rules are.
                let place = switch random.next() % 3 {
                case 0: Int(random.next() % UInt64(bytes.count))
                case 1: Int(random.next() % 44)
                default: bytes.count - 1 - Int(random.next() % 40)
                }
                bytes[place] = UInt8(truncatingIfNeeded: random.next())
            }
            guard let zone = try? TimeZoneRules(name: "mutated", tzif: bytes) else { continue }
            loaded += 1
            for instant: Int64 in [.min, -5_000_000_000, 0, 1_800_000_000, 5_000_000_000, 100_000_000_000, .max] {
                let time = zone.localTime(atEpochSeconds: instant)
                #expect((0..<86_400).contains(time.secondOfDay))
            }
        }
        #expect(loaded > 0)
    }

    // MARK: Names

    @Test func unknownNamesGetASuggestion() {
        #expect(throws: TimeZoneError.unknown("Europe/Pariss", suggestion: "Europe/Paris")) { try TimeZoneRules.load("Europe/Pariss") }
        #expect(throws: TimeZoneError.unknown("europe/paris", suggestion: "Europe/Paris")) { try TimeZoneRules.load("europe/paris") }
        #expect(throws: TimeZoneError.unknown("Mars/Olympus_Mons", suggestion: nil)) { try TimeZoneRules.load("Mars/Olympus_Mons") }
        // Files of the zone folder that are no zones, and a folder.
        #expect(throws: TimeZoneError.unknown("zone.tab", suggestion: nil)) { try TimeZoneRules.load("zone.tab") }
        #expect(throws: TimeZoneError.self) { try TimeZoneRules.load("posix/Europe/Paris") }
        #expect(throws: TimeZoneError.unknown("Europe", suggestion: nil)) { try TimeZoneRules.load("Europe") }
        #expect(TimeZoneError.unknown("Europe/Pariss", suggestion: "Europe/Paris").description == "unknown time zone `Europe/Pariss`")
    }

    @Test(arguments: ["", "/etc/passwd", "../etc/passwd", "Europe/../../etc/passwd", "Europe/Pa..ris", "Europe\\Paris",
                      "Europe/Paris\n", "Europe/Paris\u{1B}", "Europe//Paris", "Europe/", ".hidden", "-rf", "Europe/Zürich",
                      "Europe/Paris ", String(repeating: "A", count: 65)])
    func invalidNames(_ name: String) {
        // A folder that does not exist: the name is refused before any file is read.
        #expect(throws: TimeZoneError.invalidName(name)) { try TimeZoneRules.load(name, directory: "/nonexistent") }
    }

    @Test func invalidNameDescriptions() {
        #expect(TimeZoneError.invalidName("").description == "empty time zone name")
        #expect(TimeZoneError.invalidName("../etc/passwd").description == "invalid time zone name `../etc/passwd`")
        #expect(TimeZoneError.invalidName("Europe/Paris\u{1B}").description == "invalid time zone name `Europe/Paris\\u{1B}`")
    }

    /// The installed zones: their names and, each of them, loaded.
    @Test func knownNames() throws {
        let names = TimeZoneRules.knownNames()
        #expect(names == names.sorted())
        for name in ["Europe/Paris", "Africa/Casablanca", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "UTC"] {
            #expect(names.contains(name), "\(name)")
        }
        #expect(!names.contains { $0.hasPrefix("posix/") || $0.hasPrefix("right/") || $0.contains(".") || $0 == "localtime" })
        #expect(names.count > 400)
        for name in names {
            #expect(throws: Never.self, "\(name)") { try TimeZoneRules.load(name) }
        }
        #expect(TimeZoneRules.knownNames(directory: "/nonexistent").isEmpty)
    }

    // MARK: Civil dates and weekdays

    @Test func leapYears() {
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2100, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2026, month: 4, day: 31) == nil)
        #expect(CivilDate(year: 2026, month: 12, day: 31) != nil)
        #expect(CivilDate(year: 2026, month: 0, day: 1) == nil)
        #expect(CivilDate(year: 2026, month: 1, day: 0) == nil)
        #expect(CivilDate(year: .max, month: 1, day: 1) == nil)
        #expect(CivilDate(year: .min, month: 1, day: 1) == nil)
    }

    @Test func daysSinceEpoch() {
        #expect(CivilDate("1970-01-01")?.daysSinceEpoch == 0)
        #expect(CivilDate("1969-12-31")?.daysSinceEpoch == -1)
        #expect(CivilDate("2026-12-04")?.daysSinceEpoch == 20_791)
        #expect(CivilDate("2000-03-01")?.daysSinceEpoch == 11_017)
        #expect(CivilDate("0000-03-01")?.daysSinceEpoch == -719_468)
        // Days to dates and back, across leap days and centuries, before and after 1970.
        for days in stride(from: Int64(-800_000), through: 800_000, by: 37) {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(CivilDate(year: date.year, month: date.month, day: date.day)?.daysSinceEpoch == days)
        }
    }

    @Test func parseAndPrint() {
        for text in ["2026-12-25", "2024-02-29", "0001-01-01", "9999-12-31", "1970-01-01"] {
            #expect(CivilDate(text)?.description == text)
        }
        for text in ["2026-1-01", "2026-13-01", "2026-02-29", "2026-12-4", "2026-12-041", "2026/12/04", "+026-12-04",
                     "2026-12-0x", " 2026-12-04", "", "２０２６-12-04"] {
            #expect(CivilDate(text) == nil, "\(text)")
        }
        #expect(CivilDate(year: 5, month: 1, day: 2)?.description == "0005-01-02")
        #expect(CivilDate(year: -1, month: 12, day: 31)?.description == "-0001-12-31")
        #expect(CivilDate(year: 12_026, month: 6, day: 1)?.description == "12026-06-01")
        #expect(CivilDate("2026-12-04")! < CivilDate("2026-12-05")!)
    }

    @Test func weekdays() {
        #expect(CivilDate("1970-01-01")?.weekday == .thursday)
        #expect(CivilDate("1969-12-31")?.weekday == .wednesday)
        #expect(CivilDate("2026-11-28")?.weekday == .saturday)
        #expect(CivilDate("2026-11-30")?.weekday == .monday)
        #expect(CivilDate("0000-01-01")?.weekday == .saturday)
        #expect(Weekday.allCases.map(\.name) == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
        #expect(Weekday.allCases.map(\.rawValue) == Array(1...7))
        #expect(Weekday(name: "saturday") == .saturday)
        #expect(Weekday(name: "SUNDAY") == .sunday)
        for bad in ["Sat", "", "Saturday ", "Samedi"] {
            #expect(Weekday(name: bad) == nil, "\(bad)")
        }
    }

    /// The first and last instants of 64 bits, in Paris: before its first transition
    /// (local mean time, +00:09:21) and long after its last (winter, +01:00).
    @Test func extremeInstants() throws {
        let paris = try TimeZoneRules.load("Europe/Paris")
        #expect(Self.describe(paris.localTime(atEpochSeconds: .max)) == "292277026596-12-04 16:30:07 Sunday")
        #expect(Self.describe(paris.localTime(atEpochSeconds: .min)) == "-292277022657-01-27 08:39:13 Sunday")
    }
}
