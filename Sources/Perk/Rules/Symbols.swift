/// The names a program's rules compare a sale with (tags, tenders, merchants, brands,
/// terminals, shops, card-linked offers) and the units they count, each numbered when the program is
/// checked. Conditions and line predicates hold these numbers, so that they are plain values
/// that copy without a reference count; the names are read back only to compare with a
/// request's text or to write a reason.
struct Symbols: Sendable {
    /// What a name names.
    enum Kind: Int, CaseIterable, Sendable {
        case tag, tender, merchant, brand, terminal, shop, unit, offer

        init(_ field: PlaceField) {
            switch field {
            case .merchant: self = .merchant
            case .brand: self = .brand
            case .terminal: self = .terminal
            case .shop: self = .shop
            }
        }
    }

    /// Several names of one kind, as a condition `merchant is "A" or "B"` lists them: a range
    /// of `Symbols.sets`.
    struct NameSet: Sendable, Equatable, BitwiseCopyable {
        let first: Int32
        let count: Int32
    }

    /// The names of each kind, by number.
    private(set) var names: [[String]] = Array(repeating: [], count: Kind.allCases.count)
    private var numbers: [[String: Int32]] = Array(repeating: [:], count: Kind.allCases.count)
    /// The numbers of every `NameSet`, one after another.
    private(set) var sets: [Int32] = []

    /// The number of a name, given it on first use.
    mutating func number(of name: String, _ kind: Kind) -> Int32 {
        if let number = numbers[kind.rawValue][name] { return number }
        let number = Int32(names[kind.rawValue].count)
        names[kind.rawValue].append(name)
        numbers[kind.rawValue][name] = number
        return number
    }

    /// A set of names of one kind, each numbered.
    mutating func set(of names: [String], _ kind: Kind) -> NameSet {
        let first = Int32(sets.count)
        for name in names { sets.append(number(of: name, kind)) }
        return NameSet(first: first, count: Int32(names.count))
    }

    /// The number of a name the program uses, or nil for one it does not.
    func lookUp(_ name: String, _ kind: Kind) -> Int32? { numbers[kind.rawValue][name] }

    func name(_ number: Int32, _ kind: Kind) -> String { names[kind.rawValue][Int(number)] }

    /// Every name of a kind, in the order they were numbered.
    func all(_ kind: Kind) -> [String] { names[kind.rawValue] }

    /// The names of a set, in the order written.
    func names(_ set: NameSet, _ kind: Kind) -> [String] {
        sets[Int(set.first)..<Int(set.first + set.count)].map { names[kind.rawValue][Int($0)] }
    }

    /// Whether a set holds the number of a name (nil: a name the program does not use).
    func contains(_ set: NameSet, _ number: Int32?) -> Bool {
        guard let number else { return false }
        return sets[Int(set.first)..<Int(set.first + set.count)].contains(number)
    }
}
