/// A program file's text and name, with the line starts needed to turn byte offsets
/// into 1-based line and column numbers.
public struct Source: Sendable {
    /// The largest program file Perk reads, in bytes (E0005).
    public static let maximumSize = 16 << 20
    /// The longest line of a program, in bytes (E0006).
    public static let maximumLineLength = 4096

    /// The name shown in diagnostics, usually the file path.
    public let name: String
    /// The program text.
    public let text: String
    /// The text as UTF-8 bytes; spans index into this.
    let bytes: [UInt8]
    /// Byte offset at which each line starts.
    private let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 10 { starts.append(offset + 1) }
        self.lineStarts = starts
    }

    /// A source from file bytes. Bytes that are not UTF-8 are replaced, and the diagnostic
    /// E0004 points at the first of them; such a source never compiles.
    public static func decoding(name: String, bytes: [UInt8]) -> (source: Source, invalidUTF8: Diagnostic?) {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                offset += scalar.count
            case .error(let length):
                let source = Source(name: name, text: String(decoding: bytes, as: UTF8.self))
                return (source, .invalidUTF8(at: Span(offset, offset + length)))
            case .emptyInput:
                return (Source(name: name, text: String(decoding: bytes, as: UTF8.self)), nil)
            }
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let lineIndex = lineIndex(of: offset)
        let start = lineStarts[lineIndex]
        let prefix = String(decoding: bytes[start..<min(offset, bytes.count)], as: UTF8.self)
        return (lineIndex + 1, prefix.count + 1)
    }

    /// The text of a 1-based line, without its line break; a line over `limit` bytes is cut
    /// there (at a character's start) and ends with `…`.
    public func lineText(_ line: Int, limit: Int = .max) -> String {
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == 13 { end -= 1 }
        guard end - start > limit else { return String(decoding: bytes[start..<max(start, end)], as: UTF8.self) }
        var cut = start + limit
        while cut > start, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        return String(decoding: bytes[start..<cut], as: UTF8.self) + "…"
    }

    /// The text a span covers.
    func text(of span: Span) -> String {
        String(decoding: bytes[span.start..<span.end], as: UTF8.self)
    }

    private func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

/// A range of bytes `start..<end` in a source: where a token or a construct stands.
public struct Span: Sendable, Hashable {
    public let start: Int
    public let end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    /// The smallest span covering both.
    func to(_ other: Span) -> Span { Span(min(start, other.start), max(end, other.end)) }
}

/// A value together with the span it was written at.
public struct Located<Value: Sendable>: Sendable {
    public let value: Value
    public let span: Span
}
