/// A parsed JSON value. Numbers keep their source text so that money and quantities are
/// read exactly later; objects keep their members in source order.
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number exactly as written, for example `12.45`.
    case number(String)
    case string(String)
    case array([JSON])
    case object([(key: String, value: JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// A string as a JSON string literal, quotes and escapes included.
    public static func quoted(_ string: String) -> String {
        var bytes: [UInt8] = []
        JSONWriter.appendQuoted(string, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value as compact JSON text; numbers exactly as they were written.
    public var text: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number
        case .string(let string): return JSON.quoted(string)
        case .array(let elements): return "[" + elements.map(\.text).joined(separator: ", ") + "]"
        case .object(let members): return "{ " + members.map { JSON.quoted($0.key) + ": " + $0.value.text }.joined(separator: ", ") + " }"
        }
    }

    /// The value as JSON text, indented two spaces per level when `pretty`, in the layout
    /// of `Outcome.json`.
    public func text(pretty: Bool) -> String {
        var writer = JSONWriter(pretty: pretty)
        write(into: &writer, key: nil)
        return writer.text
    }

    private func write(into writer: inout JSONWriter, key: String?) {
        writer.beginElement(key: key)
        switch self {
        case .array(let elements):
            writer.openBracket(UInt8(ascii: "["))
            for element in elements { element.write(into: &writer, key: nil) }
            writer.close(UInt8(ascii: "]"))
        case .object(let members):
            writer.openBracket(UInt8(ascii: "{"))
            for member in members { member.value.write(into: &writer, key: member.key) }
            writer.close(UInt8(ascii: "}"))
        default:
            writer.append(text)
        }
    }

    /// A short name of the value's JSON type, for error messages.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON syntax error with the 1-based line and column where it was found.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let line: Int
    public let column: Int
    public var description: String { "invalid JSON at line \(line), column \(column): \(message)" }
}

/// A strict JSON parser (RFC 8259) over UTF-8 bytes: no trailing commas, no comments,
/// duplicate object keys rejected, nesting limited to `maximumDepth`. A byte order mark at
/// the start, which some editors write, is skipped (RFC 8259 allows it to be ignored).
public struct JSONParser {
    public static let maximumDepth = 64

    private let bytes: [UInt8]
    /// Where the document starts: after the byte order mark, if any.
    private let start: Int
    private var index: Int

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
        start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        index = start
    }

    /// Parses one JSON document; whitespace may surround it, nothing else.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSON {
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSON {
        try parse(Array(text.utf8))
    }

    private func error(_ message: String) -> JSONSyntaxError {
        var line = 1
        var lineStart = start
        var position = start
        let end = min(index, bytes.count)
        while position < end {
            if bytes[position] == 10 { line += 1; lineStart = position + 1 }
            position += 1
        }
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return JSONSyntaxError(message: message, line: line, column: column)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 32 || bytes[index] == 10 || bytes[index] == 13 || bytes[index] == 9 {
            index += 1
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSON {
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character, expected a value")
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of input") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw error("unexpected character, expected a value")
        }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSON {
        guard depth <= JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
        index += 1
        var members: [(key: String, value: JSON)] = []
        // Duplicate names are found by looking through the members, or once an object has
        // many, in a set of its names.
        var keys: Set<String> = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a member name in double quotes") }
            let keyStart = index
            let key = try parseString()
            let duplicate: Bool
            if members.count < 16 {
                duplicate = members.contains { $0.key == key }
            } else {
                if keys.isEmpty { keys = Set(members.map(\.key)) }
                duplicate = !keys.insert(key).inserted
            }
            guard !duplicate else {
                index = keyStart
                throw error("duplicate member \(VisibleText.quoted(key))")
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected `:` after the member name") }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth)))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input, expected `,` or `}`") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw error("expected `,` or `}`")
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSON {
        guard depth <= JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
        index += 1
        var elements: [JSON] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input, expected `,` or `]`") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            throw error("expected `,` or `]`")
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("numbers may not have leading zeros") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit after the decimal point") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit in the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        // Most strings have no escape: they are taken from the input as they are.
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 {
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            guard let text = String(validating: bytes[index..<end], as: UTF8.self) else { throw error("string is not valid UTF-8") }
            index = end + 1
            return text
        }
        var result = Array(bytes[index..<end])
        index = end
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { index += 1; break }
            if byte < 0x20 { throw error("control character in a string") }
            if byte != UInt8(ascii: "\\") {
                result.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { throw error("unterminated string") }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): result.append(escape)
            case UInt8(ascii: "\\"): result.append(escape)
            case UInt8(ascii: "/"): result.append(escape)
            case UInt8(ascii: "b"): result.append(8)
            case UInt8(ascii: "f"): result.append(12)
            case UInt8(ascii: "n"): result.append(10)
            case UInt8(ascii: "r"): result.append(13)
            case UInt8(ascii: "t"): result.append(9)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in a \\u escape")
                    }
                    index += 2
                    let low = try parseHex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw error("unpaired surrogate in a \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw error("unpaired surrogate in a \\u escape")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                result.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw error("invalid escape `\\\(Character(Unicode.Scalar(escape)))`")
            }
        }
        guard let text = String(validating: result, as: UTF8.self) else { throw error("string is not valid UTF-8") }
        return text
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 55)
            default: throw error("invalid hex digit in a \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}

/// Writes JSON text with members in the order given, straight into UTF-8 bytes; used to
/// print outcomes. Keys are the caller's own ASCII names and are written as they are.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// For each open object or array, innermost last: whether it already has an element.
    private var hasElements: [Bool] = [false]
    private let pretty: Bool

    init(pretty: Bool, into bytes: [UInt8] = []) {
        self.pretty = pretty
        self.bytes = bytes
    }

    /// The text written.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The separator and indentation before an element of the innermost object or array.
    private mutating func separate() {
        if hasElements[hasElements.count - 1] { bytes.append(UInt8(ascii: ",")) }
        hasElements[hasElements.count - 1] = true
        if pretty && hasElements.count > 1 { newline() }
    }

    private mutating func beginElement(key: StaticString?) {
        separate()
        if let key {
            bytes.append(UInt8(ascii: "\""))
            key.withUTF8Buffer { bytes.append(contentsOf: $0) }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(UInt8(ascii: ":"))
            if pretty { bytes.append(UInt8(ascii: " ")) }
        }
    }

    /// Starts an element whose key is any text (escaped as needed).
    mutating func beginElement(key: String?) {
        separate()
        if let key {
            JSONWriter.appendQuoted(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            if pretty { bytes.append(UInt8(ascii: " ")) }
        }
    }

    /// Appends text as it is, after `beginElement`.
    mutating func append(_ literal: String) { bytes.append(contentsOf: literal.utf8) }

    /// Opens an object or array after `beginElement`.
    mutating func openBracket(_ bracket: UInt8) {
        bytes.append(bracket)
        hasElements.append(false)
    }

    mutating func raw(_ key: StaticString?, _ literal: String) {
        beginElement(key: key)
        bytes.append(contentsOf: literal.utf8)
    }

    mutating func null(_ key: StaticString?) {
        beginElement(key: key)
        bytes.append(contentsOf: "null".utf8)
    }

    mutating func string(_ key: StaticString?, _ value: String) {
        beginElement(key: key)
        JSONWriter.appendQuoted(value, to: &bytes)
    }

    /// A string whose bytes `write` appends, with nothing to escape (such as a time).
    mutating func string(_ key: StaticString?, unescaped write: (inout [UInt8]) -> Void) {
        beginElement(key: key)
        bytes.append(UInt8(ascii: "\""))
        write(&bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func number(_ key: StaticString?, _ value: Int64) {
        beginElement(key: key)
        Money.appendDecimal(value, exponent: 0, to: &bytes)
    }

    mutating func bool(_ key: StaticString?, _ value: Bool) {
        beginElement(key: key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// An amount of minor units as a number of major units: 776 with exponent 2 is `7.76`.
    mutating func money(_ key: StaticString?, _ minor: Int64, exponent: Int) {
        beginElement(key: key)
        Money.appendDecimal(minor, exponent: exponent, to: &bytes)
    }

    mutating func open(_ key: StaticString?, _ bracket: UInt8) {
        beginElement(key: key)
        openBracket(bracket)
    }

    mutating func close(_ bracket: UInt8) {
        let hadElements = hasElements.removeLast()
        if pretty && hadElements { newline() }
        bytes.append(bracket)
    }

    /// A line break and two spaces per open object or array.
    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 1..<hasElements.count { bytes.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: " ")]) }
    }

    /// Appends a string as a JSON string literal, escaping quotes, backslashes and control
    /// characters; everything else is copied as UTF-8.
    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 15)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
