/// The POSIX TZ string that ends a TZif file of version 2 or later, such as
/// `CET-1CEST,M3.5.0,M10.5.0/3`: the offsets of a zone after its last listed transition,
/// and the yearly rules for switching between them. Reads the forms of RFC 8536, with the
/// version 3 extension of rule times from -167 to 167 hours.
struct PosixTimeZone: Sendable, Equatable {
    /// The UTC offset of standard time, in seconds east of Greenwich.
    let standardOffset: Int32
    /// Daylight saving time and when it applies; nil when the zone keeps standard time.
    let daylight: Daylight?

    /// Daylight saving time: its offset, and when it starts and ends each year.
    struct Daylight: Sendable, Equatable {
        /// The UTC offset, in seconds east of Greenwich.
        let offset: Int32
        /// When daylight saving time starts, in standard time.
        let start: Rule
        /// When it ends, in daylight saving time.
        let end: Rule
    }

    /// A switch's day of the year and time of that day.
    struct Rule: Sendable, Equatable {
        let date: RuleDate
        /// Seconds after the local midnight that starts the day; from -167 to 167 hours.
        let time: Int32
    }

    /// The day of a switch, in one of the three POSIX forms.
    enum RuleDate: Sendable, Equatable {
        /// `Jn`: the nth day of the year, 1 to 365, never counting February 29.
        case julian(Int)
        /// `n`: the day n days after January 1, 0 to 365, counting February 29.
        case dayOfYear(Int)
        /// `Mm.w.d`: weekday `day` (0 is Sunday) of the `week`th week of `month`; week 5 is
        /// the last such weekday of the month.
        case weekday(month: Int, week: Int, day: Int)
    }

    /// Reads a TZ string, all of it.
    init(_ text: String) throws(MalformedZoneData) {
        var reader = Reader(bytes: Array(text.utf8))
        try reader.designation()
        // POSIX offsets count hours west of Greenwich.
        standardOffset = -(try reader.time(maxHours: 24))
        guard !reader.atEnd else {
            daylight = nil
            return
        }
        try reader.designation()
        // An hour ahead of standard time unless written.
        let daylightOffset = reader.atEnd || reader.next == UInt8(ascii: ",") ? standardOffset + 3600 : -(try reader.time(maxHours: 24))
        guard reader.skip(",") else { throw MalformedZoneData("daylight saving time without rules") }
        let start = try reader.rule()
        guard reader.skip(",") else { throw MalformedZoneData("daylight saving time without an end rule") }
        let end = try reader.rule()
        guard reader.atEnd else { throw MalformedZoneData("unexpected text after the rules") }
        daylight = Daylight(offset: daylightOffset, start: start, end: end)
    }

    /// The UTC offset at an instant, in seconds east of Greenwich.
    func offset(at epochSeconds: Int64) -> Int32 {
        guard daylight != nil else { return standardOffset }
        // The switches of the years around the instant's: a rule time of up to a week
        // either way can move a switch into the next or the previous year.
        let year = CivilDate(daysSinceEpoch: epochSeconds.floorDivided(by: 86_400)).year
        return transitions(years: year - 2...year + 1).last { $0.time <= epochSeconds }?.offset ?? standardOffset
    }

    /// The switches of these years, in the order they happen: each instant with the offset
    /// from it on. Of two switches at the same instant, the later year's (or in one year,
    /// the end of daylight saving time) comes last, and so wins.
    func transitions(years: ClosedRange<Int>) -> [(time: Int64, offset: Int32)] {
        guard let daylight else { return [] }
        var switches: [(time: Int64, offset: Int32)] = []
        for year in years {
            if let start = instant(of: daylight.start, in: year, offset: standardOffset) {
                switches.append((start, daylight.offset))
            }
            if let end = instant(of: daylight.end, in: year, offset: daylight.offset) {
                switches.append((end, standardOffset))
            }
        }
        return switches.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    /// The instant of a rule in a year, read at a UTC offset; nil when the year is too far
    /// to count in days or the instant is after the 64-bit range (so it follows every
    /// instant). One before that range is clamped to its start, and so precedes them all.
    private func instant(of rule: Rule, in year: Int, offset: Int32) -> Int64? {
        guard let january1 = CivilDate.days(year: year, month: 1, day: 1) else { return nil }
        let day: Int64
        switch rule.date {
        case .julian(let number):
            day = january1 + Int64(number - 1 + (number >= 60 && CivilDate.isLeap(year) ? 1 : 0))
        case .dayOfYear(let number):
            day = january1 + Int64(number)
        case .weekday(let month, let week, let weekday):
            guard let first = CivilDate.days(year: year, month: month, day: 1) else { return nil }
            // 1970-01-01 was a Thursday, weekday 4 counting from Sunday.
            var candidate = first + (Int64(weekday) - (first + 4).floorModulo(7)).floorModulo(7) + Int64(week - 1) * 7
            if candidate >= first + Int64(CivilDate.daysIn(month: month, year: year)) { candidate -= 7 }
            day = candidate
        }
        let (midnight, overflow) = day.multipliedReportingOverflow(by: 86_400)
        let (instant, overflowAgain) = midnight.addingReportingOverflow(Int64(rule.time) - Int64(offset))
        guard !overflow, !overflowAgain else { return day < 0 ? .min : nil }
        return instant
    }

    /// Reads a TZ string's parts from its bytes.
    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position == bytes.count }
        var next: UInt8? { position < bytes.count ? bytes[position] : nil }

        /// Skips `character` if it comes next.
        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard next == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }

        /// A zone abbreviation: three or more letters, or three or more letters, digits,
        /// `+` and `-` between `<` and `>`.
        mutating func designation() throws(MalformedZoneData) {
            let quoted = skip("<")
            let start = position
            while let byte = next, isLetter(byte) || quoted && (isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) {
                position += 1
            }
            guard position - start >= 3, !quoted || skip(">") else {
                throw MalformedZoneData("a zone abbreviation is not 3 or more letters")
            }
        }

        /// `[+|-]hh[:mm[:ss]]` in seconds, with hours up to `maxHours`.
        mutating func time(maxHours: Int) throws(MalformedZoneData) -> Int32 {
            let negative = skip("-")
            if !negative { _ = skip("+") }
            var seconds = try number(digits: maxHours > 99 ? 3 : 2, in: 0...maxHours) * 3600
            if skip(":") {
                seconds += try number(digits: 2, in: 0...59) * 60
                if skip(":") { seconds += try number(digits: 2, in: 0...59) }
            }
            return Int32(negative ? -seconds : seconds)
        }

        /// `date[/time]`, the time 02:00 when not written.
        mutating func rule() throws(MalformedZoneData) -> Rule {
            let date: RuleDate
            if skip("J") {
                date = .julian(try number(digits: 3, in: 1...365))
            } else if skip("M") {
                let month = try number(digits: 2, in: 1...12)
                guard skip(".") else { throw MalformedZoneData("a rule `Mm.w.d` lacks its week") }
                let week = try number(digits: 1, in: 1...5)
                guard skip(".") else { throw MalformedZoneData("a rule `Mm.w.d` lacks its weekday") }
                date = .weekday(month: month, week: week, day: try number(digits: 1, in: 0...6))
            } else {
                date = .dayOfYear(try number(digits: 3, in: 0...365))
            }
            return Rule(date: date, time: skip("/") ? try time(maxHours: 167) : 7200)
        }

        /// A decimal number of 1 to `digits` digits, within `range`.
        mutating func number(digits: Int, in range: ClosedRange<Int>) throws(MalformedZoneData) -> Int {
            let start = position
            var value = 0
            while position - start < digits, let byte = next, isDigit(byte) {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                position += 1
            }
            guard position > start, range.contains(value) else {
                throw MalformedZoneData("a number is missing or not within \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }

        private func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    }
}
