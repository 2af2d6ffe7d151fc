/// The members of one JSON object being decoded: each is taken once, and whatever is left
/// at the end is an unknown field.
struct JSONFields {
    private var members: [(key: String, value: JSON)]
    private var taken: [String] = []
    let path: String
    let currency: Currency

    init(_ value: JSON, path: String, currency: Currency) throws(EvaluationError) {
        guard case .object(let members) = value else {
            throw EvaluationError(field: path.isEmpty ? nil : path, "expected an object, found \(value.typeName)")
        }
        self.members = members
        self.path = path
        self.currency = currency
    }

    func name(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The member's value, or nil when absent or null.
    mutating func take(_ key: String) -> JSON? {
        taken.append(key)
        guard let index = members.firstIndex(where: { $0.key == key }) else { return nil }
        let value = members.remove(at: index).value
        if case .null = value { return nil }
        return value
    }

    mutating func string(_ key: String, limit: Int = Request.maximumTextLength) throws(EvaluationError) -> String? {
        guard let value = take(key) else { return nil }
        return try JSONFields.string(value, field: name(key), limit: limit)
    }

    /// A string of at most `limit` bytes; `field` names the value in errors.
    static func string(_ value: JSON, field: String, limit: Int = Request.maximumTextLength) throws(EvaluationError) -> String {
        guard case .string(let text) = value else {
            throw EvaluationError(field: field, "expected a string, found \(value.typeName)")
        }
        guard text.utf8.count <= limit else {
            throw EvaluationError(field: field, "longer than \(limit) bytes")
        }
        return text
    }

    /// An id, such as an order id or a category: text that is not empty or blank.
    mutating func reference(_ key: String, what: String) throws(EvaluationError) -> String? {
        guard let value = take(key) else { return nil }
        return try JSONFields.reference(value, field: name(key), what: what)
    }

    /// An id read from `value` (an element of an array, such as a tag); `field` names it in errors.
    static func reference(_ value: JSON, field: String, what: String) throws(EvaluationError) -> String {
        let text = try string(value, field: field)
        guard !text.allSatisfy(\.isWhitespace) else { throw EvaluationError(field: field, "\(what) cannot be empty or blank") }
        return text
    }

    mutating func requiredString(_ key: String) throws(EvaluationError) -> String {
        guard let text = try string(key) else { throw missing(key) }
        return text
    }

    /// A required field is absent; a misspelt member close to its name is the likely cause.
    func missing(_ key: String) -> EvaluationError {
        if let near = members.first(where: { Spelling.suggest($0.key, from: [key]) != nil }) {
            return EvaluationError(field: name(VisibleText.shortened(near.key)), "unknown field; did you mean `\(key)`?")
        }
        return EvaluationError(field: name(key), "required")
    }

    /// An article number or EAN: a string, or digits written as a JSON integer.
    mutating func identifier(_ key: String) throws(EvaluationError) -> String? {
        guard let value = take(key) else { return nil }
        switch value {
        case .string(let text) where !text.isEmpty && text.utf8.count <= 64:
            return text
        case .string(let text):
            throw EvaluationError(field: name(key), text.isEmpty ? "an article number or EAN cannot be empty" : "longer than 64 bytes")
        case .number(let text) where text.allSatisfy({ $0.isASCII && $0.isNumber }):
            return text
        default:
            throw EvaluationError(field: name(key), "expected an article number or EAN (a string of at most 64 bytes), found \(value.typeName)")
        }
    }

    mutating func bool(_ key: String) throws(EvaluationError) -> Bool? {
        guard let value = take(key) else { return nil }
        guard case .bool(let flag) = value else {
            throw EvaluationError(field: name(key), "expected true or false, found \(value.typeName)")
        }
        return flag
    }

    mutating func array(_ key: String) throws(EvaluationError) -> [JSON]? {
        guard let value = take(key) else { return nil }
        guard case .array(let elements) = value else {
            throw EvaluationError(field: name(key), "expected an array, found \(value.typeName)")
        }
        return elements
    }

    /// A decimal number written as a JSON number or a string, read exactly at `scale` decimals.
    mutating func decimal(_ key: String, scale: Int, what: @autoclosure () -> String,
                          decimals: @autoclosure () -> String? = nil) throws(EvaluationError) -> Int64? {
        guard let text = try decimalText(key, what: what()) else { return nil }
        switch DecimalText.parse(text, scale: scale) {
        case .success(let result):
            return result
        case .failure(let failure):
            throw decimalError(key, text, failure, what: what(), decimals: decimals() ?? "more than \(scale) decimals")
        }
    }

    /// The text of a decimal number written as a JSON number or a string, or nil when absent.
    private mutating func decimalText(_ key: String, what: @autoclosure () -> String) throws(EvaluationError) -> String? {
        guard let value = take(key) else { return nil }
        switch value {
        case .number(let number): return number
        case .string(let string): return string
        default: throw EvaluationError(field: name(key), "expected \(what()), found \(value.typeName)")
        }
    }

    /// Why `text` could not be read as a decimal; `decimals` says how many it may have.
    private func decimalError(_ key: String, _ text: String, _ failure: DecimalText.Failure,
                              what: String, decimals: String) -> EvaluationError {
        switch failure {
        case .tooManyDecimals: EvaluationError(field: name(key), "\(VisibleText.quoted(text)) has \(decimals)")
        case .tooLarge: EvaluationError(field: name(key), "\(VisibleText.quoted(text)) is too large")
        case .malformed: EvaluationError(field: name(key), "\(VisibleText.quoted(text)) is not \(what)")
        }
    }

    /// A required whole number, such as a count of points.
    mutating func count(_ key: String) throws(EvaluationError) -> Int64 {
        guard let value = try decimal(key, scale: 0, what: "a whole number") else { throw missing(key) }
        return value
    }

    /// An amount in major units (`12.45`), with at most the currency's decimals.
    mutating func money(_ key: String) throws(EvaluationError) -> Int64? {
        let currency = currency
        return try decimal(key, scale: currency.exponent, what: "an amount in \(currency.code)",
                           decimals: "more decimals than \(currency.code) has (\(currency.exponent))")
    }

    mutating func requiredMoney(_ key: String) throws(EvaluationError) -> Int64 {
        guard let amount = try money(key) else { throw missing(key) }
        return amount
    }

    /// A required unit price in major units, with up to `Request.maximumUnitPriceExtraDecimals`
    /// more decimals than the currency: the price shifted by the fewest extra decimals that
    /// give it exactly (`11.90` MAD is 1190 with none, `11.899` is 11 899 with one).
    mutating func requiredUnitPrice(_ key: String) throws(EvaluationError) -> (price: Int64, extraDecimals: Int8) {
        let currency = currency
        let what = "an amount in \(currency.code)"
        guard let text = try decimalText(key, what: what) else { throw missing(key) }
        var extra: Int8 = 0
        while true {
            switch DecimalText.parse(text, scale: currency.exponent + Int(extra)) {
            case .success(let price):
                return (price, extra)
            case .failure(.tooManyDecimals) where extra < Request.maximumUnitPriceExtraDecimals:
                extra += 1
            case .failure(let failure):
                let most = currency.exponent + Int(Request.maximumUnitPriceExtraDecimals)
                throw decimalError(key, text, failure, what: what,
                                   decimals: "more decimals than a unit price in \(currency.code) may have (\(most))")
            }
        }
    }

    /// A rate written as a fraction of one: `0.10` is 10%.
    mutating func fraction(_ key: String) throws(EvaluationError) -> Rate? {
        try decimal(key, scale: Rate.fractionDecimals, what: "a rate such as 0.10").map { Rate(millionths: $0) }
    }

    /// Fails on the first member that was not taken: an unknown field.
    func finish() throws(EvaluationError) {
        guard let unknown = members.first else { return }
        let help = Spelling.suggest(unknown.key, from: taken).map { "; did you mean `\($0)`?" } ?? ""
        throw EvaluationError(field: name(VisibleText.shortened(unknown.key)), "unknown field\(help)")
    }
}
