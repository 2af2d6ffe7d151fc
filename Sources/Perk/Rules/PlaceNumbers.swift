/// The numbers in a plan's `Symbols` of a sale's merchant, brand, terminal and shop: each
/// looked up once per sale, and only for the fields the rules read, so that conditions and
/// the plan's index compare numbers.
struct PlaceNumbers: Sendable {
    /// For a sale whose place names no rule reads.
    static let none = PlaceNumbers(numbers: (-1, -1, -1, -1))

    /// In `PlaceField.allCases` order; -1 for a name no rule uses, or none.
    private let numbers: (Int32, Int32, Int32, Int32)

    private init(numbers: (Int32, Int32, Int32, Int32)) { self.numbers = numbers }

    init(of request: UnsafePointer<Request>, in symbols: Symbols) {
        func number(_ value: String?, _ kind: Symbols.Kind) -> Int32 {
            guard let value, !symbols.names[kind.rawValue].isEmpty else { return -1 }
            return symbols.lookUp(value, kind) ?? -1
        }
        numbers = (number(request.pointee.merchant, .merchant), number(request.pointee.brand, .brand),
                   number(request.pointee.terminalID, .terminal), number(request.pointee.shop, .shop))
    }

    /// The number of the field at `position` in `PlaceField.allCases`; nil for a name no
    /// rule uses, or none.
    subscript(position position: Int) -> Int32? {
        let number = position == 0 ? numbers.0 : position == 1 ? numbers.1 : position == 2 ? numbers.2 : numbers.3
        return number < 0 ? nil : number
    }

    /// The number of the sale's merchant, brand, terminal or shop.
    subscript(field: PlaceField) -> Int32? {
        switch field {
        case .merchant: self[position: 0]
        case .brand: self[position: 1]
        case .terminal: self[position: 2]
        case .shop: self[position: 3]
        }
    }
}
