/// A day of the proleptic Gregorian calendar, such as 2026-12-25: a date as loyalty rules
/// read it, without a time or a zone. Converted to and from a count of days with Howard
/// Hinnant's days-from-civil and civil-from-days algorithms, without Foundation.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible, BitwiseCopyable {
    /// The year; 0 is 1 BC, and the calendar runs on before 1582 as if it had always been used.
    public let year: Int
    /// The month, 1 for January to 12.
    public let month: Int
    /// The day of the month, from 1.
    public let day: Int
    /// Days since 1970-01-01, which is 0; negative before it.
    public let daysSinceEpoch: Int64

    /// The date of a year, month and day; nil unless the month is 1 to 12 and the day exists
    /// in that month (February 29 only in leap years), or when the date is too far to count
    /// its days in 64 bits.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
              let days = CivilDate.days(year: year, month: month, day: day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
        daysSinceEpoch = days
    }

    /// Reads exactly `YYYY-MM-DD` (four-digit year, two-digit month and day); nil for any
    /// other text or a day that does not exist.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date `days` after 1970-01-01. `days` must come from a count of seconds divided by
    /// 86,400 (give or take a few days), so that no step overflows.
    init(daysSinceEpoch days: Int64) {
        let z = days + 719_468  // days since 0000-03-01
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097  // 0...146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // from March 1
        let shiftedMonth = (5 * dayOfYear + 2) / 153  // 0 is March
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        self.month = Int(month)
        day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        daysSinceEpoch = days
    }

    /// The day of the week.
    public var weekday: Weekday { Weekday(daysSinceEpoch: daysSinceEpoch) }

    /// The date as `2026-12-25`: the year in at least four digits, with a minus sign before 0.
    public var description: String {
        // Concrete, not generic over the integer: a reason names up to three dates per rule.
        func padded(_ value: UInt, _ width: Int) -> String {
            let digits = String(value)
            return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
        }
        return (year < 0 ? "-" : "") + padded(year.magnitude, 4) + "-" + padded(month.magnitude, 2) + "-" + padded(day.magnitude, 2)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a valid date (Hinnant's days-from-civil); nil when the count
    /// does not fit in 64 bits.
    static func days(year: Int, month: Int, day: Int) -> Int64? {
        // The year counted from March, so that February 29 ends it.
        guard let marchYear = Checked.subtract(Int64(year), month <= 2 ? 1 : 0) else { return nil }
        let era = marchYear.floorDivided(by: 400)
        let yearOfEra = marchYear - era * 400  // 0...399
        let dayOfYear = Int64((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1)
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        guard let eraDays = Checked.multiply(era, 146_097) else { return nil }
        return Checked.add(eraDays, dayOfEra - 719_468)
    }
}

extension Int64 {
    /// The quotient rounded down (toward minus infinity) by a positive divisor, so that
    /// instants before 1970 fall on the right day.
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return self % divisor < 0 ? quotient - 1 : quotient
    }

    /// The remainder of `floorDivided(by:)`: from 0 to `divisor - 1`.
    func floorModulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
