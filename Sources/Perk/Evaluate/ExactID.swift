/// An id (an order id, a refund id, a card number) as a dictionary key, compared byte for
/// byte. Swift compares strings by Unicode canonical equivalence, so `"café"` with U+00E9
/// and `"café"` with `e` and U+0301 are equal strings; to a till they are two orders.
public struct ExactID: Hashable, Sendable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) { self.text = text }

    public static func == (left: ExactID, right: ExactID) -> Bool { left.text.utf8.elementsEqual(right.text.utf8) }

    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    public var description: String { text }
}
