/// Why a time zone could not be loaded.
public enum TimeZoneError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not the shape of an IANA name (`Europe/Paris`): empty, absolute, with `..` or odd characters.
    case invalidName(String)
    /// No such zone in the system's zone data; `suggestion` is the nearest name there is.
    case unknown(String, suggestion: String?)
    /// The zone's file is not valid TZif data.
    case malformed(String, reason: String)

    public var description: String {
        switch self {
        case .invalidName(let name): "\(VisibleText.quoted(name)) is not a time zone name such as `Europe/Paris`"
        case .unknown(let name, _): "unknown time zone \(VisibleText.quoted(name))"
        case .malformed(let name, let reason): "the zone data of \(VisibleText.quoted(name)) is malformed: \(reason)"
        }
    }
}
