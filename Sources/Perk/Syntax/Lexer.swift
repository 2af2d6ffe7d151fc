/// Splits program text into tokens, one at a time as they are asked for, so that a file's
/// tokens are never all in memory at once. Lexical errors (a stray character, an
/// unterminated string) become diagnostics; lexing always goes on to the end.
struct Lexer {
    private let source: Source
    private var index = 0
    /// The comments passed on the way to the token `next()` returned last (all of them
    /// stand before it), for the formatter; emptied by each call.
    private(set) var comments: [Comment] = []
    private(set) var diagnostics = DiagnosticList()

    private var bytes: [UInt8] { source.bytes }

    init(_ source: Source) {
        self.source = source
        skipLongLine()
    }

    /// The next token; at the end of the text, `.end`, on this and every later call.
    mutating func next() -> Token {
        comments.removeAll(keepingCapacity: true)
        while index < bytes.count {
            let byte = bytes[index]
            let start = index
            switch byte {
            case 32, 9, 13:
                index += 1
            case 10:
                index += 1
                let newline = token(.newline, "\n", start)
                skipLongLine()
                return newline
            case UInt8(ascii: "#"):
                while index < bytes.count, bytes[index] != 10 { index += 1 }
                let span = Span(start, index)
                comments.append(Comment(text: String(source.text(of: span).dropFirst()), span: span))
            case UInt8(ascii: "\""):
                return lexString()
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                if index - start == 4, digits(at: index, pattern: "-00-00") {
                    index += 6
                    return token(.date, source.text(of: Span(start, index)), start)
                }
                if index - start <= 2, digits(at: index, pattern: ":00") {
                    index += 3
                    return token(.clock, source.text(of: Span(start, index)), start)
                }
                if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), isDigit(bytes[index + 1]) {
                    index += 1
                    while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                }
                return token(.number, source.text(of: Span(start, index)), start)
            case UInt8(ascii: "%"): index += 1; return token(.percent, "%", start)
            case UInt8(ascii: "="): index += 1; return token(.equals, "=", start)
            case UInt8(ascii: "+"): index += 1; return token(.plus, "+", start)
            case UInt8(ascii: "-"): index += 1; return token(.minus, "-", start)
            case UInt8(ascii: "{"): index += 1; return token(.leftBrace, "{", start)
            case UInt8(ascii: "}"): index += 1; return token(.rightBrace, "}", start)
            default:
                if isWordStart(byte) {
                    while index < bytes.count, isWordStart(bytes[index]) || isDigit(bytes[index]) { index += 1 }
                    return token(.word, source.text(of: Span(start, index)), start)
                }
                // Step over one whole UTF-8 character so that the caret covers it.
                index += 1
                while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
                let shown = source.text(of: Span(start, index))
                diagnostics.append(.unexpectedCharacter(shown, at: Span(start, index)))
            }
        }
        return Token(kind: .end, text: "", span: Span(bytes.count, bytes.count))
    }

    /// At the start of each line: a line over `Source.maximumLineLength` bytes is reported and
    /// skipped whole, so that no diagnostic has to quote or measure it.
    private mutating func skipLongLine() {
        var end = index
        while end < bytes.count, bytes[end] != 10 { end += 1 }
        guard end - index > Source.maximumLineLength else { return }
        diagnostics.append(.lineTooLong(at: Span(index + Source.maximumLineLength, end)))
        index = end
    }

    /// A token from `start` to the current position.
    private func token(_ kind: Token.Kind, _ text: String, _ start: Int) -> Token {
        Token(kind: kind, text: text, span: Span(start, index))
    }

    private mutating func lexString() -> Token {
        let start = index
        index += 1
        var value: [UInt8] = []
        while index < bytes.count, bytes[index] != 10 {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return token(.string, String(decoding: value, as: UTF8.self), start)
            }
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] != 10 {
                let next = bytes[index + 1]
                switch next {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): value.append(next)
                case UInt8(ascii: "n"): value.append(10)
                default:
                    diagnostics.append(.invalidEscape(at: Span(index, index + 2)))
                }
                index += 2
                continue
            }
            value.append(byte)
            index += 1
        }
        diagnostics.append(.unterminatedString(at: Span(start, index)))
        return token(.string, String(decoding: value, as: UTF8.self), start)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// Whether the bytes at `start` follow `pattern`, where `0` stands for any digit, and no
    /// digit follows: `-12-01` after `2026` makes a date, `:00` after `22` a time of day.
    private func digits(at start: Int, pattern: StaticString) -> Bool {
        let count = pattern.utf8CodeUnitCount
        guard start + count <= bytes.count else { return false }
        for offset in 0..<count {
            let expected = pattern.utf8Start[offset]
            let byte = bytes[start + offset]
            if expected == UInt8(ascii: "0") ? !isDigit(byte) : byte != expected { return false }
        }
        return start + count == bytes.count || !isDigit(bytes[start + count])
    }

    private func isWordStart(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == UInt8(ascii: "_")
    }
}
