/// An instant as a zone's clocks and calendars show it: the date, weekday and time of day
/// that loyalty rules about dates, weekdays and hours read.
public struct LocalTime: Sendable, Equatable {
    /// The local date.
    public let date: CivilDate
    /// The local day of the week.
    public let weekday: Weekday
    /// Seconds since local midnight, 0 to 86,399.
    public let secondOfDay: Int32

    /// Minutes since local midnight, 0 to 1,439, for rules written in hours and minutes.
    public var minuteOfDay: Int32 { secondOfDay / 60 }

    /// The local time of an instant (seconds since 1970-01-01T00:00:00Z) at a UTC offset of
    /// a little over a day at most either way.
    init(epochSeconds: Int64, offsetSeconds: Int32) {
        // The UTC day and second first, then the offset: no sum can overflow.
        let second = epochSeconds.floorModulo(86_400) + Int64(offsetSeconds)
        let days = epochSeconds.floorDivided(by: 86_400) + second.floorDivided(by: 86_400)
        date = CivilDate(daysSinceEpoch: days)
        weekday = date.weekday
        secondOfDay = Int32(second.floorModulo(86_400))
    }
}

extension TimeZoneRules {
    /// The local time in this zone of a request's time, whatever offset it was written with.
    public func localTime(of timestamp: Timestamp) -> LocalTime {
        localTime(atEpochSeconds: timestamp.epochSeconds)
    }
}
