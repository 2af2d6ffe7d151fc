/// One member of a wire type's JSON object (a request, an outcome, or an object inside one),
/// described once: its key, how it is written and read, the rows people read, and whether
/// `perk diff` compares it. A type's table of fields, in its JSON order, is the only
/// description of its wire form: the encoder, the decoder, the text for people and the
/// comparison of two outcomes all walk it, so a new field is one entry.
struct WireField<Root>: Sendable {
    /// The member's key, for the decoder and the messages (the writer keeps it as a `StaticString`).
    let name: String
    /// Every key the field reads: its own, and those of the members it writes beside it
    /// (`cap_cut` beside `cap`), so that a misspelt one gets a "did you mean".
    let keys: [String]
    /// Writes the member, or nothing when this value leaves it out.
    let write: @Sendable (Root, inout JSONWriter, WireOptions) -> Void
    /// Takes the member from the object being read and sets it on the value being built.
    let read: @Sendable (inout JSONFields, inout Root) throws(EvaluationError) -> Void
    /// The rows people read: a label and a text each (none for a field the text leaves out,
    /// or a value it does not show).
    let rows: @Sendable (Root, Currency) -> [(label: String, text: String)]
    /// What `perk diff` compares of the field; nil for a field it does not compare.
    let compared: Compared?

    /// The name `perk diff` reports a field under and its value as text, and, when the value
    /// is a plain number, whether two values have the same (so that most requests of a
    /// replay, which change nothing, format nothing).
    struct Compared: Sendable {
        let name: String
        let value: @Sendable (Root, Currency) -> String
        var same: (@Sendable (Root, Root) -> Bool)?
    }

    /// What the value is written as (a string, a number, a flag, an array of strings), for a
    /// tool that sets it by key; nil for an object, an array of objects or the currency.
    let form: RequestField.Form?

    init(_ key: StaticString, also: [StaticString] = [], form: RequestField.Form? = nil, write: @escaping @Sendable (Root, inout JSONWriter, WireOptions) -> Void,
         read: @escaping @Sendable (inout JSONFields, inout Root) throws(EvaluationError) -> Void,
         rows: @escaping @Sendable (Root, Currency) -> [(label: String, text: String)] = { _, _ in [] },
         compared: Compared? = nil) {
        name = key.description
        keys = [key.description] + also.map(\.description)
        self.form = form
        self.write = write
        self.read = read
        self.rows = rows
        self.compared = compared
    }
}

/// What writing a wire value needs besides the value.
struct WireOptions: Sendable {
    /// The currency amounts are written in.
    let currency: Currency
    /// Whether the parts written only with a trace (an outcome's trace, its rules' reasons) are.
    let trace: Bool
}

/// How a field with a default value is written when it has it.
enum WirePresence: Sendable {
    /// Always written: `null` when absent (an array, never absent, is written `[]` when empty).
    case null
    /// Left out when absent, empty or the default, so that equal values write equal text.
    case omitted
}

/// A type whose values are written and read as JSON objects, field by field.
protocol WireObject: Sendable {
    /// The fields, in the order they are written.
    static var wireFields: [WireField<Self>] { get }
}

/// A wire type found inside another (a basket line, an offer's result): decoding one
/// starts from a blank value and reads each field into it.
protocol WireElement: WireObject {
    /// Every field at its default; a required field's placeholder is always replaced, or
    /// decoding fails.
    static var blank: Self { get }
}

extension WireObject {
    /// Writes the value's members into the open object of `writer`.
    func writeMembers(to writer: inout JSONWriter, _ options: WireOptions) {
        // In place: copying a field out of the table would retain each of its closures.
        Self.wireFields.withUnsafeBufferPointer { fields in
            for index in fields.indices { fields[index].write(self, &writer, options) }
        }
    }

    /// Reads each field's member from `fields` (which may hold members of other fields).
    mutating func readMembers(_ fields: inout JSONFields) throws(EvaluationError) {
        // In place, as `writeMembers` reads them.
        try Self.wireFields.withUnsafeBufferPointer { (table) throws(EvaluationError) in
            for index in table.indices { try table[index].read(&fields, &self) }
        }
    }

    /// Fails when `fields` holds a member no field took: an unknown field.
    static func finish(_ fields: JSONFields) throws(EvaluationError) {
        try fields.finish(known: wireFields.flatMap(\.keys))
    }

    /// The rows people read, in field order.
    func wireRows(_ currency: Currency) -> [(label: String, text: String)] {
        Self.wireFields.flatMap { $0.rows(self, currency) }
    }

    /// The fields `perk diff` compares whose values differ in `other`, by name, with both
    /// values as text.
    func comparedDifferences(_ other: Self, _ currency: Currency) -> [(name: String, old: String, new: String)] {
        Self.wireFields.compactMap { field in
            guard let compared = field.compared, compared.same?(self, other) != true else { return nil }
            let (old, new) = (compared.value(self, currency), compared.value(other, currency))
            return old == new ? nil : (compared.name, old, new)
        }
    }
}

extension WireElement {
    /// Reads a value from the JSON object at `path` inside the object `parent` reads;
    /// unknown members are errors.
    static func read(_ value: JSON, path: String, in parent: JSONFields) throws(EvaluationError) -> Self {
        var fields = try parent.nested(value, path: path)
        var result = blank
        try result.readMembers(&fields)
        try finish(fields)
        return result
    }
}

/// The row a scalar field shows people.
enum WireRow: Sendable {
    /// No row.
    case none
    /// A row with this label, whatever the value.
    case always(String)
    /// A row with this label, unless the value is absent, or zero for a value that is never
    /// absent (an optional amount of 0.00, such as a paid amount, is shown: it was given).
    case unlessEmpty(String)
}

extension WireField {
    /// Reads a field's value (a closure rather than a key path: applying a key path stored
    /// in a table costs some 2,000 instructions).
    typealias Get<Value> = @Sendable (Root) -> Value
    /// Sets a field's value on the value being decoded.
    typealias Set<Value> = @Sendable (inout Root, Value) -> Void

    /// The rows of a scalar value: none, one, or one unless `empty`.
    private static func row(_ row: WireRow, _ text: String, empty: Bool) -> [(label: String, text: String)] {
        switch row {
        case .none: []
        case .always(let label): [(label, text)]
        case .unlessEmpty(let label): empty ? [] : [(label, text)]
        }
    }

    /// An amount of money, written in major units with the currency's decimals; an absent
    /// one reads as 0 unless it is `required`.
    static func money(_ key: StaticString,
                      _ get: @escaping Get<Int64>, _ set: @escaping Set<Int64>, required: Bool = true, row: WireRow = .none,
                      compared: Bool = false) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .number, write: { root, w, options in w.money(key, get(root), exponent: options.currency.exponent) },
                  read: { (fields, root) throws(EvaluationError) in
                      let amount = try fields.money(name)
                      if amount == nil && required { throw fields.missing(name) }
                      set(&root, amount ?? 0)
                  },
                  rows: { root, currency in Self.row(row, currency.money(get(root)), empty: get(root) == 0) },
                  compared: compared ? Compared(name: name, value: { root, currency in currency.money(get(root)) },
                                                 same: { get($0) == get($1) }) : nil)
    }

    /// An amount of money that may be absent.
    static func money(_ key: StaticString,
                      _ get: @escaping Get<Int64?>, _ set: @escaping Set<Int64?>, _ presence: WirePresence, row: WireRow = .none) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .number, write: { root, w, options in
            if let amount = get(root) {
                w.money(key, amount, exponent: options.currency.exponent)
            } else if presence == .null {
                w.null(key)
            }
        }, read: { (fields, root) throws(EvaluationError) in set(&root, try fields.money(name)) },
        rows: { root, currency in
            get(root).map { Self.row(row, currency.money($0), empty: false) } ?? []
        })
    }

    /// A whole number, such as a count of points; an absent one reads as 0 unless it is `required`.
    static func count(_ key: StaticString, _ get: @escaping Get<Int64>, _ set: @escaping Set<Int64>, required: Bool = true,
                      what: String = "a whole number", row: WireRow = .none, compared: Bool = false) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .number, write: { root, w, _ in w.number(key, get(root)) },
                  read: { (fields, root) throws(EvaluationError) in
                      let count = try fields.decimal(name, scale: 0, what: what)
                      if count == nil && required { throw fields.missing(name) }
                      set(&root, count ?? 0)
                  },
                  rows: { root, _ in Self.row(row, String(get(root)), empty: get(root) == 0) },
                  compared: compared ? Compared(name: name, value: { root, _ in String(get(root)) }, same: { get($0) == get($1) }) : nil)
    }

    /// A required text.
    static func text(_ key: StaticString, _ get: @escaping Get<String>, _ set: @escaping Set<String>) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .text, write: { root, w, _ in w.string(key, get(root)) },
                  read: { (fields, root) throws(EvaluationError) in
                      guard let text = try fields.string(name) else { throw fields.missing(name) }
                      set(&root, text)
                  })
    }

    /// A text that may be absent; `blank` names an id that cannot be empty or blank (`an
    /// order id`). Written only with a trace, when `traceOnly`.
    static func text(_ key: StaticString, _ get: @escaping Get<String?>, _ set: @escaping Set<String?>, _ presence: WirePresence,
                     blank: String? = nil, row: WireRow = .none, traceOnly: Bool = false) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .text, write: { root, w, options in
            guard !traceOnly || options.trace else { return }
            if let text = get(root) { w.string(key, text) } else if presence == .null { w.null(key) }
        }, read: { (fields, root) throws(EvaluationError) in
            guard let value = fields.take(name) else { return set(&root, nil) }
            set(&root, try fields.text(value, field: fields.name(name), blank: blank))
        }, rows: { root, _ in get(root).map { Self.row(row, $0, empty: false) } ?? [] })
    }

    /// A value read from a text (a mobile number, a birthday), that may be absent; `invalid`
    /// says why a text is not one.
    static func parsed<Value>(_ key: StaticString, _ get: @escaping Get<Value?>, _ set: @escaping Set<Value?>,
                              parse: @escaping @Sendable (String) -> Value?, text: @escaping @Sendable (Value) -> String,
                              invalid: @escaping @Sendable (String) -> String) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .text, write: { root, w, _ in if let value = get(root) { w.string(key, text(value)) } },
                  read: { (fields, root) throws(EvaluationError) in
                      guard let string = try fields.string(name) else { return }
                      guard let value = parse(string) else { throw EvaluationError(field: fields.name(name), invalid(string)) }
                      set(&root, value)
                  })
    }

    /// An article number or EAN that may be absent: a string, or digits written as a JSON integer.
    static func identifier(_ key: StaticString, _ get: @escaping Get<String?>, _ set: @escaping Set<String?>) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .text, write: { root, w, _ in if let text = get(root) { w.string(key, text) } },
                  read: { (fields, root) throws(EvaluationError) in set(&root, try fields.identifier(name)) })
    }

    /// A decimal at `scale` decimals (thousandths of a litre, ten-thousandths of a percent),
    /// always written; an absent one reads as `standard`.
    static func decimal(_ key: StaticString, _ get: @escaping Get<Int64>, _ set: @escaping Set<Int64>, scale: Int, what: String,
                        standard: Int64) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .number, write: { root, w, _ in w.raw(key, Money.decimalString(get(root), exponent: scale)) },
                  read: { (fields, root) throws(EvaluationError) in
                      set(&root, try fields.decimal(name, scale: scale, what: what) ?? standard)
                  })
    }

    /// A decimal at `scale` decimals that may be absent, left out when it is.
    static func decimal(_ key: StaticString, _ get: @escaping Get<Int64?>, _ set: @escaping Set<Int64?>, scale: Int,
                        what: String) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .number, write: { root, w, _ in if let value = get(root) { w.raw(key, Money.decimalString(value, exponent: scale)) } },
                  read: { (fields, root) throws(EvaluationError) in set(&root, try fields.decimal(name, scale: scale, what: what)) })
    }

    /// True or false, written always (`omitted`: only when it differs from `standard`).
    static func flag(_ key: StaticString,
                      _ get: @escaping Get<Bool>, _ set: @escaping Set<Bool>, _ presence: WirePresence, standard: Bool = false) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .flag, write: { root, w, _ in
            let value = get(root)
            if presence == .null || value != standard { w.bool(key, value) }
        }, read: { (fields, root) throws(EvaluationError) in set(&root, try fields.bool(name) ?? standard) })
    }

    /// A value of a `String`-backed enumeration, always written; an absent one is an error,
    /// or leaves the value's default when the field is `optional`.
    @inline(__always)  // so that its closures are made for the concrete type, not generic
    static func choice<Value: RawRepresentable<String> & CaseIterable>(
        _ key: StaticString, _ get: @escaping Get<Value>, _ set: @escaping Set<Value>, what: String, optional: Bool = false,
        rows: @escaping @Sendable (Root, Currency) -> [(label: String, text: String)] = { _, _ in [] },
        compared comparedName: String? = nil) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .text, write: { root, w, _ in w.string(key, get(root).rawValue) },
                  read: { (fields, root) throws(EvaluationError) in
                      guard let text = try fields.string(name) else {
                          if optional { return }
                          throw fields.missing(name)
                      }
                      guard let value = Value(rawValue: text) else {
                          let names = Value.allCases.map(\.rawValue)
                          throw EvaluationError(field: fields.name(name), "unknown \(what) \(VisibleText.quoted(text)); expected "
                                                + Wording.choices(names) + (Spelling.help(text, from: names).map { "; \($0)" } ?? ""))
                      }
                      set(&root, value)
                  }, rows: rows, compared: comparedName.map { Compared(name: $0, value: { root, _ in get(root).rawValue }, same: { get($0) == get($1) }) })
    }

    /// A time that may be absent, written as ISO 8601.
    static func time(_ key: StaticString,
                      _ get: @escaping Get<Timestamp?>, _ set: @escaping Set<Timestamp?>, _ presence: WirePresence, row: WireRow = .none) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .text, write: { root, w, _ in
            if let time = get(root) { w.string(key, unescaped: time.appendISO8601) } else if presence == .null { w.null(key) }
        }, read: { (fields, root) throws(EvaluationError) in
            guard let text = try fields.string(name) else { return }
            guard let time = Timestamp(text) else {
                throw EvaluationError(field: fields.name(name),
                                      "\(VisibleText.quoted(text)) is not an ISO 8601 time such as `2020-02-12T19:20:30+01:00`")
            }
            set(&root, time)
        }, rows: { root, _ in get(root).map { Self.row(row, $0.description, empty: false) } ?? [] })
    }

    /// A required mobile number, written in E.164.
    static func mobile(_ key: StaticString,
                      _ get: @escaping Get<MobileNumber>, _ set: @escaping Set<MobileNumber>) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .text, write: { root, w, _ in w.string(key, get(root).e164) },
                  read: { (fields, root) throws(EvaluationError) in
                      let text = try fields.requiredString(name)
                      guard let mobile = MobileNumber(text) else {
                          throw EvaluationError(field: fields.name(name), MobileNumber.invalid(text))
                      }
                      set(&root, mobile)
                  })
    }

    /// A rate written as a JSON number of percent (`5.5` is 5.5%), required.
    static func percent(_ key: StaticString,
                      _ get: @escaping Get<Rate>, _ set: @escaping Set<Rate>) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .number, write: { root, w, _ in w.raw(key, get(root).percentNumber) },
                  read: { (fields, root) throws(EvaluationError) in
                      guard let rate = try fields.decimal(name, scale: 4, what: "a VAT rate") else { throw fields.missing(name) }
                      set(&root, Rate(millionths: rate))
                  })
    }

    /// A nested object that may be absent; `rows` and `compared` say what people and `perk
    /// diff` see of it (`compared` gets nil for an absent one).
    @inline(__always)  // so that its closures are made for the concrete type, not generic
    static func object<Value: WireElement>(_ key: StaticString,
                      _ get: @escaping Get<Value?>, _ set: @escaping Set<Value?>, _ presence: WirePresence, traceOnly: Bool = false,
                                          rows: (@Sendable (Value, Currency) -> [(label: String, text: String)])? = nil,
                                          compared: (@Sendable (Value?, Currency) -> String)? = nil) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, write: { root, w, options in
            guard !traceOnly || options.trace else { return }
            guard let value = get(root) else {
                if presence == .null { w.null(key) }
                return
            }
            w.open(key, UInt8(ascii: "{"))
            value.writeMembers(to: &w, options)
            w.close(UInt8(ascii: "}"))
        }, read: { (fields, root) throws(EvaluationError) in
            guard let member = fields.take(name) else { return }
            set(&root, try Value.read(member, path: fields.name(name), in: fields))
        }, rows: { root, currency in
            guard let rows, let value = get(root) else { return [] }
            return rows(value, currency)
        }, compared: compared.map { compared in Compared(name: name, value: { root, currency in compared(get(root), currency) }) })
    }

    /// An array of objects, of at most `limit` (`what` names them); `omitted` leaves an
    /// empty one out. `rows` gives each element's.
    @inline(__always)  // so that its closures are made for the concrete type, not generic
    static func array<Element: WireElement>(_ key: StaticString,
                      _ get: @escaping Get<[Element]>, _ set: @escaping Set<[Element]>, _ presence: WirePresence,
                                           limit: (count: Int, what: String)? = nil,
                                           rows: (@Sendable (Element, Currency) -> [(label: String, text: String)])? = nil) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, write: { root, w, options in
            let elements = get(root)
            if elements.isEmpty && presence == .omitted { return }
            w.open(key, UInt8(ascii: "["))
            for element in elements {
                w.open(nil, UInt8(ascii: "{"))
                element.writeMembers(to: &w, options)
                w.close(UInt8(ascii: "}"))
            }
            w.close(UInt8(ascii: "]"))
        }, read: { (fields, root) throws(EvaluationError) in
            var elements: [Element] = []
            let array = try fields.array(name) ?? []
            if let limit, array.count > limit.count {
                throw EvaluationError(field: fields.name(name), "more than \(limit.count) \(limit.what)")
            }
            for (index, element) in array.enumerated() {
                elements.append(try Element.read(element, path: fields.name("\(name)[\(index)]"), in: fields))
            }
            set(&root, elements)  // once: a property may pack what it is given
        }, rows: { root, currency in
            guard let rows else { return [] }
            return get(root).flatMap { rows($0, currency) }
        })
    }

    /// An array of texts, left out when empty, of at most `limit` (`what` names them) when
    /// given; `blank` names an element that cannot be empty or blank (`a tag`). Each is a row
    /// labelled `row`, when given.
    static func texts(_ key: StaticString, _ get: @escaping Get<[String]>, _ set: @escaping Set<[String]>,
                      limit: (count: Int, what: String)? = nil, blank: String? = nil, row: String? = nil) -> WireField {
        let name = key.description  // made once, not at each read
        return WireField(key, form: .list, write: { root, w, _ in
            let texts = get(root)
            guard !texts.isEmpty else { return }
            w.open(key, UInt8(ascii: "["))
            for text in texts { w.string(nil, text) }
            w.close(UInt8(ascii: "]"))
        }, read: { (fields, root) throws(EvaluationError) in
            let array = try fields.array(name) ?? []
            if let limit, array.count > limit.count {
                throw EvaluationError(field: fields.name(name), "more than \(limit.count) \(limit.what)")
            }
            var texts: [String] = []
            for (index, element) in array.enumerated() {
                texts.append(try fields.text(element, field: fields.name("\(name)[\(index)]"), blank: blank))
            }
            set(&root, texts)
        }, rows: { root, _ in row.map { label in get(root).map { (label, $0) } } ?? [] })
    }
}

extension Rate {
    /// The rate as a JSON number of percent: 7% is `7`, 5.5% is `5.5`.
    var percentNumber: String { String(description.dropLast()) }
}
