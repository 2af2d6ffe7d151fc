/// An ISO 8601 date and time with its UTC offset, such as `2020-02-12T19:20:30+01:00`.
/// Perk reads no clock: times come from requests, and results keep the request's offset.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let epochSeconds: Int64
    /// The offset from UTC in seconds, as written.
    public let offsetSeconds: Int32
    /// The fraction of a second as written, as its digits' value and their count (`.250`
    /// is 250 and 3); a count of 0 when none was written. Numbers, so that a timestamp is a
    /// plain value, cheap to copy.
    private let fractionValue: UInt32
    private let fractionDigits: UInt8
    /// Whether the offset was written `Z`.
    let zulu: Bool

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil when malformed or out of range.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        var index = 19
        var (fractionValue, fractionDigits): (UInt32, UInt8) = (0, 0)
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                guard fractionDigits < 9 else { return nil }  // nanoseconds at most
                fractionValue = fractionValue * 10 + UInt32(bytes[index] - 48)
                fractionDigits += 1
                index += 1
            }
            guard fractionDigits > 0 else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        var zulu = false
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
            zulu = true
            index += 1
        } else {
            guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
                  bytes.count == index + 6, bytes[index + 3] == UInt8(ascii: ":"),
                  let offsetHours = number(index + 1, 2), let offsetMinutes = number(index + 4, 2),
                  offsetHours < 24, offsetMinutes < 60 else { return nil }
            offset = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        }
        guard index == bytes.count else { return nil }
        guard let days = CivilDate.days(year: year, month: month, day: day) else { return nil }
        epochSeconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        offsetSeconds = Int32(offset)
        self.fractionValue = fractionValue
        self.fractionDigits = fractionDigits
        self.zulu = zulu
    }

    /// The time `epochSeconds` after 1970-01-01T00:00:00Z, written in UTC (`…Z`); nil
    /// before 1970 or past the year 9999. For hosts that read a clock, such as a ledger.
    public init?(utcEpochSeconds: Int64) {
        guard utcEpochSeconds >= 0, utcEpochSeconds < 253_402_300_800 else { return nil }
        epochSeconds = utcEpochSeconds
        offsetSeconds = 0
        fractionValue = 0
        fractionDigits = 0
        zulu = true
    }

    private init(epochSeconds: Int64, like other: Timestamp) {
        self.epochSeconds = epochSeconds
        offsetSeconds = other.offsetSeconds
        fractionValue = other.fractionValue
        fractionDigits = other.fractionDigits
        zulu = other.zulu
    }

    /// This time plus `seconds`, written with the same offset; nil past the year 9999 in that
    /// offset (a time written with more than four digits of year could not be read back).
    public func adding(seconds: Int64) -> Timestamp? {
        guard let sum = Checked.add(epochSeconds, seconds), sum + Int64(offsetSeconds) < 253_402_300_800 else { return nil }
        return Timestamp(epochSeconds: sum, like: self)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.epochSeconds < rhs.epochSeconds }

    /// The time in ISO 8601 with its own offset: `2020-02-12T19:25:30+01:00`.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        appendISO8601(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `description`'s text to `bytes`, digit by digit: an outcome writes one or two
    /// times, and text interpolation cost some 9,000 instructions a time.
    func appendISO8601(to bytes: inout [UInt8]) {
        /// `value` (not negative) in at least `width` digits.
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while value / divisor >= 10 { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        let local = LocalTime(epochSeconds: epochSeconds, offsetSeconds: offsetSeconds)
        let second = Int(local.secondOfDay)
        let year = local.date.year
        if year < 0 { bytes.append(UInt8(ascii: "-")) }
        digits(abs(year), 4)
        bytes.append(UInt8(ascii: "-"))
        digits(local.date.month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(local.date.day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(second / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(second / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(second % 60, 2)
        if fractionDigits > 0 {
            bytes.append(UInt8(ascii: "."))
            digits(Int(fractionValue), Int(fractionDigits))
        }
        if zulu { return bytes.append(UInt8(ascii: "Z")) }
        let offset = Int(offsetSeconds)
        bytes.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        digits(abs(offset) / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(abs(offset) / 60 % 60, 2)
    }
}
