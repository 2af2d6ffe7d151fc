/// A customer's mobile number, normalized to E.164 (`+212611223344`).
public struct MobileNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number in E.164 form.
    public let e164: String

    /// Why `text` is not a mobile number, for an error.
    static func invalid(_ text: String) -> String {
        "\(VisibleText.quoted(text)) is not a valid mobile number: expected E.164 (+212611223344) or a Moroccan mobile number (06… or 07…, 10 digits)"
    }

    /// A placeholder that decoding replaces before anyone reads it (`WireElement.blank`).
    static let blank = MobileNumber(unchecked: "")

    private init(unchecked e164: String) { self.e164 = e164 }

    /// Accepts E.164 (`+` and 8 to 15 digits, no leading zero) or a Moroccan national mobile
    /// number (`06…` or `07…`, 10 digits). A Moroccan E.164 number must be a mobile one:
    /// `+2126…` or `+2127…` followed by 8 digits. Nothing else is accepted, not even spaces.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        let international = utf8.first == UInt8(ascii: "+")
        let digits = international ? utf8.dropFirst() : utf8[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        if international {
            guard (8...15).contains(digits.count), digits.first != UInt8(ascii: "0") else { return nil }
            if digits.starts(with: "212".utf8) && !MobileNumber.isMoroccanMobile(digits.dropFirst(3)) { return nil }
            e164 = text
        } else {
            guard digits.count == 10, digits.first == UInt8(ascii: "0"), MobileNumber.isMoroccanMobile(digits.dropFirst()) else {
                return nil
            }
            e164 = "+212" + String(decoding: digits.dropFirst(), as: UTF8.self)
        }
    }

    /// Nine digits starting with 6 or 7: a Moroccan mobile number without its country code.
    private static func isMoroccanMobile(_ digits: ArraySlice<UInt8>) -> Bool {
        digits.count == 9 && (digits.first == UInt8(ascii: "6") || digits.first == UInt8(ascii: "7"))
    }

    public var description: String { e164 }
}
