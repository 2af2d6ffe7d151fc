/// A day of the week, as loyalty rules name them ("on Saturday"); numbered as in ISO 8601,
/// Monday 1 to Sunday 7.
public enum Weekday: Int, Sendable, CaseIterable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The English name, capitalized: `Monday`.
    public var name: String {
        switch self {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        }
    }

    /// The weekday of an English name in any case (`monday`, `MONDAY`); nil for any other text.
    public init?(name: String) {
        let lowered = name.lowercased()
        guard let day = Weekday.allCases.first(where: { $0.name.lowercased() == lowered }) else { return nil }
        self = day
    }

    /// The weekday of the day `days` after 1970-01-01, which was a Thursday.
    init(daysSinceEpoch days: Int64) {
        // Thursday is the fourth case; the remainder comes first so that no sum can overflow.
        self = Weekday.allCases[Int((days.floorModulo(7) + 3) % 7)]
    }
}
