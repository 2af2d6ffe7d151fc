/// The members of one JSON object being decoded: each is taken once, and whatever is left
/// at the end is an unknown field.
struct JSONFields {
    private var members: [(key: String, value: JSON)]
    let path: String
    let currency: Currency
    /// The longest text accepted, in bytes: a request's are limited, an outcome Perk wrote is not.
    let textLimit: Int

    init(_ value: JSON, path: String, currency: Currency, textLimit: Int = Request.maximumTextLength) throws(EvaluationError) {
        guard case .object(let members) = value else {
            throw EvaluationError(field: path.isEmpty ? nil : path, "expected an object, found \(value.typeName)")
        }
        self.members = members
        self.path = path
        self.currency = currency
        self.textLimit = textLimit
    }

    /// The members of `value`, an object found at `path` inside this one, read alike.
    func nested(_ value: JSON, path: String) throws(EvaluationError) -> JSONFields {
        try JSONFields(value, path: path, currency: currency, textLimit: textLimit)
    }

    func name(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The member's value, or nil when absent or null.
    mutating func take(_ key: String) -> JSON? {
        guard let index = members.firstIndex(where: { $0.key == key }) else { return nil }
        let value = members.remove(at: index).value
        if case .null = value { return nil }
        return value
    }

    mutating func string(_ key: String) throws(EvaluationError) -> String? {
        guard let value = take(key) else { return nil }
        return try text(value, field: name(key), blank: nil)
    }

    /// A text read from `value`; `blank`, when given, names an id that cannot be empty or
    /// blank (`a tag`). `field` names the value in errors.
    func text(_ value: JSON, field: String, blank: String?) throws(EvaluationError) -> String {
        guard case .string(let text) = value else {
            throw EvaluationError(field: field, "expected a string, found \(value.typeName)")
        }
        guard text.utf8.count <= textLimit else { throw EvaluationError(field: field, "longer than \(textLimit) bytes") }
        if let blank, text.allSatisfy(\.isWhitespace) { throw EvaluationError(field: field, "\(blank) cannot be empty or blank") }
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

    /// An amount in major units (`12.45`), with at most the currency's decimals.
    mutating func money(_ key: String) throws(EvaluationError) -> Int64? {
        let currency = currency
        return try decimal(key, scale: currency.exponent, what: "an amount in \(currency.code)",
                           decimals: "more decimals than \(currency.code) has (\(currency.exponent))")
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

    /// Fails on the first member that was not taken: an unknown field, perhaps a misspelling
    /// of one of the `known` keys.
    func finish(known: @autoclosure () -> [String]) throws(EvaluationError) {
        guard let unknown = members.first else { return }
        let help = Spelling.suggest(unknown.key, from: known()).map { "; did you mean `\($0)`?" } ?? ""
        throw EvaluationError(field: name(VisibleText.shortened(unknown.key)), "unknown field\(help)")
    }
}
