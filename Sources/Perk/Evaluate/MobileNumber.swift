/// A customer's mobile number, normalized to E.164 (`+212611223344`).
public struct MobileNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number in E.164 form.
    public let e164: String

    /// Accepts E.164 (`+` and 8 to 15 digits, no leading zero) or a Moroccan national mobile
    /// number (`06…` or `07…`, 10 digits). A Moroccan E.164 number must be a mobile one:
    /// `+2126…` or `+2127…` followed by 8 digits. Nothing else is accepted, not even spaces.
    public init?(_ text: String) {
        let compact = text
        let digits = compact.hasPrefix("+") ? compact.dropFirst() : Substring(compact)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if compact.hasPrefix("+") {
            guard (8...15).contains(digits.count), digits.first != "0" else { return nil }
            if digits.hasPrefix("212") && !MobileNumber.isMoroccanMobile(digits.dropFirst(3)) { return nil }
            e164 = "+" + digits
        } else {
            guard digits.count == 10, digits.hasPrefix("0"), MobileNumber.isMoroccanMobile(digits.dropFirst()) else {
                return nil
            }
            e164 = "+212" + digits.dropFirst()
        }
    }

    /// Nine digits starting with 6 or 7: a Moroccan mobile number without its country code.
    private static func isMoroccanMobile(_ digits: Substring) -> Bool {
        digits.count == 9 && (digits.first == "6" || digits.first == "7")
    }

    public var description: String { e164 }
}
