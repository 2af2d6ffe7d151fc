/// Why a program's time zone cannot be used.
public enum TimeZoneError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name is not shaped like an IANA zone name (`Europe/Paris`): empty, absolute,
    /// with `..`, a backslash or control characters, or too long. The file system was not
    /// looked at.
    case invalidName(String)
    /// No zone of that name is installed; `suggestion` is the installed name closest to it,
    /// for a diagnostic's "did you mean" help.
    case unknown(String, suggestion: String?)
    /// The zone's file is not valid TZif data (RFC 8536); `reason` says what is wrong.
    case malformed(String, reason: String)

    /// The error as one lowercase line, the zone's name quoted in backticks.
    public var description: String {
        switch self {
        case .invalidName(let name):
            name.isEmpty ? "empty time zone name" : "invalid time zone name \(VisibleText.quoted(name))"
        case .unknown(let name, _):
            "unknown time zone \(VisibleText.quoted(name))"
        case .malformed(let name, let reason):
            "malformed time zone data for \(VisibleText.quoted(name)): \(reason)"
        }
    }
}

/// Why bytes are not valid zone data, before the zone's name is attached to it.
struct MalformedZoneData: Error {
    let reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}
