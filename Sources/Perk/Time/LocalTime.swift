/// An instant read on the wall clock of a time zone: the date, the weekday and the time of
/// day that a rule's date, weekday and hour conditions compare.
public struct LocalTime: Sendable, Equatable {
    public let date: CivilDate
    public let weekday: Weekday
    /// Seconds since local midnight, 0 to 86 399.
    public let secondOfDay: Int32

    /// Minutes since local midnight, 0 to 1439.
    public var minuteOfDay: Int32 { secondOfDay / 60 }

    /// The local time of `epochSeconds` at `offset` seconds east of UTC.
    init(epochSeconds: Int64, offset: Int32) {
        let (local, overflow) = epochSeconds.addingReportingOverflow(Int64(offset))
        let seconds = overflow ? epochSeconds : local
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        date = CivilDate(daysSinceEpoch: days)
        weekday = date.weekday
        secondOfDay = Int32(seconds - days * 86_400)
    }
}

extension TimeZoneRules {
    /// The wall-clock time of a request's time in this zone, whatever offset it was written with.
    public func localTime(of timestamp: Timestamp) -> LocalTime {
        localTime(atEpochSeconds: timestamp.epochSeconds)
    }
}
