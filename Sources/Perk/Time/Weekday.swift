/// A day of the week, Monday first (ISO 8601).
public enum Weekday: Int, Sendable, CaseIterable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The English name: `Monday`.
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

    /// The weekday of an English name, in any case (`saturday`, `Saturday`).
    public init?(name: String) {
        guard let day = Weekday.allCases.first(where: { $0.name.lowercased() == name.lowercased() }) else { return nil }
        self = day
    }
}
