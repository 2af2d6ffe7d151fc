/// A lexical token of the program language.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        /// A word: a keyword, a currency code or a unit.
        case word
        /// A decimal number without sign: `12`, `0.01`.
        case number
        /// A double-quoted string; `text` holds its decoded value.
        case string
        /// A calendar date written `2026-12-01`.
        case date
        /// A time of day written `22:00`.
        case clock
        case percent, equals, plus, minus, leftBrace, rightBrace
        /// The end of a line: statements end here.
        case newline
        case end
    }

    let kind: Kind
    /// The word or number as written, or the decoded string value.
    let text: String
    let span: Span

    /// How the token is named in messages: ``12.45``, `a string`, `the end of the line`.
    var shown: String {
        switch kind {
        case .word, .number, .date, .clock: return "`\(text)`"
        case .string: return "a string"
        case .percent: return "`%`"
        case .equals: return "`=`"
        case .plus: return "`+`"
        case .minus: return "`-`"
        case .leftBrace: return "`{`"
        case .rightBrace: return "`}`"
        case .newline: return "the end of the line"
        case .end: return "the end of the file"
        }
    }
}

/// A `#` comment, kept so that the formatter can reproduce it.
struct Comment: Sendable {
    /// The comment text after `#`, as written.
    let text: String
    let span: Span
}

extension Diagnostic {
    /// A word that is not one of the choices the grammar allows here.
    static func expectedWord(_ names: [String], found token: Token) -> Diagnostic {
        expectedWord(names, found: token.text, at: token.span)
    }
}
