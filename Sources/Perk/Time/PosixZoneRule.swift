/// The POSIX TZ rule at the end of a TZif file (`CET-1CEST,M3.5.0,M10.5.0/3`): a standard
/// offset and, for a zone with daylight saving time, its offset and the yearly rules of
/// its start and end. Offsets here are seconds east of UTC (POSIX writes them west).
struct PosixZoneRule {
    let standardOffset: Int32
    private let daylight: (offset: Int32, start: DateRule, end: DateRule)?

    /// A day of the year and the local time of day (seconds, possibly negative or over 24 h).
    private enum DateRule {
        /// `Jn`: day 1 to 365, never counting 29 February.
        case julian(Int, time: Int64)
        /// `n`: day 0 to 365, counting 29 February.
        case zeroBased(Int, time: Int64)
        /// `Mm.w.d`: day d (0 Sunday) of week w (5: the last) of month m.
        case monthWeek(month: Int, week: Int, weekday: Int, time: Int64)

        /// The local instant (seconds since 1970 as if local were UTC) of this rule in `year`.
        func localSeconds(in year: Int) -> Int64 {
            let days: Int64
            let time: Int64
            switch self {
            case .julian(let day, let at):
                let leapShift = CivilDate.isLeap(year) && day >= 60 ? 1 : 0
                days = CivilDate.days(year: year, month: 1, day: 1) + Int64(day - 1 + leapShift)
                time = at
            case .zeroBased(let day, let at):
                days = CivilDate.days(year: year, month: 1, day: 1) + Int64(day)
                time = at
            case .monthWeek(let month, let week, let weekday, let at):
                let first = CivilDate.days(year: year, month: month, day: 1)
                let firstWeekday = Int(((first + 4) % 7 + 7) % 7)  // 0 is Sunday; 1970-01-01 was a Thursday
                var day = 1 + (weekday - firstWeekday + 7) % 7 + 7 * (week - 1)
                while day > CivilDate.days(inMonth: month, year: year) { day -= 7 }
                days = first + Int64(day - 1)
                time = at
            }
            return days * 86_400 + time
        }
    }

    init?(_ text: String) {
        var scanner = Scanner(Array(text.utf8))
        guard scanner.name(), let standard = scanner.offset() else { return nil }
        standardOffset = -Int32(standard)
        if scanner.atEnd {
            daylight = nil
            return
        }
        guard scanner.name() else { return nil }
        var daylightOffset = standardOffset + 3600
        if !scanner.at(UInt8(ascii: ",")) {
            guard let offset = scanner.offset() else { return nil }
            daylightOffset = -Int32(offset)
        }
        guard scanner.take(UInt8(ascii: ",")), let start = scanner.dateRule(),
              scanner.take(UInt8(ascii: ",")), let end = scanner.dateRule(), scanner.atEnd else { return nil }
        daylight = (daylightOffset, start, end)
    }

    /// The zone's transitions from 1970 through `lastYear`, ascending, with the offset from each.
    func transitions(through lastYear: Int) -> [(Int64, Int32)] {
        guard let daylight else { return [] }
        var result: [(Int64, Int32)] = []
        for year in 1970...lastYear {
            // The start is written in standard time, the end in daylight time.
            let start = daylight.start.localSeconds(in: year) - Int64(standardOffset)
            let end = daylight.end.localSeconds(in: year) - Int64(daylight.offset)
            result += start < end ? [(start, daylight.offset), (end, standardOffset)] : [(end, standardOffset), (start, daylight.offset)]
        }
        return result
    }

    /// Reads the parts of a TZ rule.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }
        func at(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

        mutating func take(_ byte: UInt8) -> Bool {
            guard at(byte) else { return false }
            index += 1
            return true
        }

        /// `CET` (three or more letters) or `<+01>`.
        mutating func name() -> Bool {
            if take(UInt8(ascii: "<")) {
                while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
                return take(UInt8(ascii: ">"))
            }
            let start = index
            while index < bytes.count, (65...90).contains(bytes[index]) || (97...122).contains(bytes[index]) { index += 1 }
            return index - start >= 3
        }

        /// `[+-]hh[:mm[:ss]]` in seconds, as written (POSIX: west of UTC is positive).
        mutating func offset() -> Int64? { time(maximumHours: 24) }

        /// `[+-]hh[:mm[:ss]]` in seconds, hours up to `maximumHours`.
        mutating func time(maximumHours: Int64) -> Int64? {
            var sign: Int64 = 1
            if take(UInt8(ascii: "-")) { sign = -1 } else { _ = take(UInt8(ascii: "+")) }
            guard let hours = number(), hours <= maximumHours else { return nil }
            var seconds = hours * 3600
            if take(UInt8(ascii: ":")) {
                guard let minutes = number(), minutes < 60 else { return nil }
                seconds += minutes * 60
                if take(UInt8(ascii: ":")) {
                    guard let rest = number(), rest < 60 else { return nil }
                    seconds += rest
                }
            }
            return sign * seconds
        }

        mutating func number() -> Int64? {
            let start = index
            var value: Int64 = 0
            while index < bytes.count, (48...57).contains(bytes[index]), index - start < 4 {
                value = value * 10 + Int64(bytes[index] - 48)
                index += 1
            }
            return index > start ? value : nil
        }

        /// `Jn`, `n` or `Mm.w.d`, then an optional `/time` (default 02:00).
        mutating func dateRule() -> DateRule? {
            var rule: DateRule
            if take(UInt8(ascii: "J")) {
                guard let day = number(), (1...365).contains(day) else { return nil }
                rule = .julian(Int(day), time: 7200)
            } else if take(UInt8(ascii: "M")) {
                guard let month = number(), (1...12).contains(month), take(UInt8(ascii: ".")),
                      let week = number(), (1...5).contains(week), take(UInt8(ascii: ".")),
                      let weekday = number(), weekday <= 6 else { return nil }
                rule = .monthWeek(month: Int(month), week: Int(week), weekday: Int(weekday), time: 7200)
            } else {
                guard let day = number(), day <= 365 else { return nil }
                rule = .zeroBased(Int(day), time: 7200)
            }
            if take(UInt8(ascii: "/")) {
                guard let time = time(maximumHours: 167) else { return nil }
                switch rule {
                case .julian(let day, _): rule = .julian(day, time: time)
                case .zeroBased(let day, _): rule = .zeroBased(day, time: time)
                case .monthWeek(let month, let week, let weekday, _): rule = .monthWeek(month: month, week: week, weekday: weekday, time: time)
                }
            }
            return rule
        }
    }
}
