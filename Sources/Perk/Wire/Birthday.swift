/// A customer's birthday as a month and a day, without a year: what a request's
/// `customer.birthday` gives (`"11-24"`) for the program's rules to read.
public struct Birthday: Sendable, Hashable, CustomStringConvertible {
    /// 1 (January) to 12 (December).
    public let month: Int
    /// 1 to the last day of `month` in a leap year: 29 February is a birthday.
    public let day: Int

    /// The birthday on `day` of `month`, or nil when there is no such day in a leap year.
    public init?(month: Int, day: Int) {
        guard (1...12).contains(month), (1...Birthday.lastDay(ofMonth: month)).contains(day) else { return nil }
        self.month = month
        self.day = day
    }

    /// Reads `MM-DD`, two digits each (`11-24`, `02-29`); nil for anything else.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: "-") else { return nil }
        let zero = UInt8(ascii: "0"), digits = zero...UInt8(ascii: "9")
        func number(_ at: Int) -> Int? {
            guard digits.contains(bytes[at]), digits.contains(bytes[at + 1]) else { return nil }
            return Int(bytes[at] - zero) * 10 + Int(bytes[at + 1] - zero)
        }
        guard let month = number(0), let day = number(3) else { return nil }
        self.init(month: month, day: day)
    }

    /// `MM-DD`, as a request writes it: `02-29`.
    public var description: String {
        (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }

    /// Whether the birthday falls on `day` of `month` in a year that is a leap year or not:
    /// on its own date, and a 29 February birthday on 28 February in a year without a 29th.
    public func falls(onMonth month: Int, day: Int, leapYear: Bool) -> Bool {
        if month == self.month && day == self.day { return true }
        return !leapYear && self.month == 2 && self.day == 29 && month == 2 && day == 28
    }

    /// The number of days of `month` (1 to 12) in a leap year.
    private static func lastDay(ofMonth month: Int) -> Int {
        switch month {
        case 2: 29
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
