/// Lays a program file out in the one canonical way: one statement per line, two spaces per
/// block level, single spaces between words, `5%` written together, at most one blank line
/// in a row and none at the start or end of a block, comments kept where they stand.
/// Formatting is idempotent and never changes what the program means.
public enum Formatter {
    /// The canonical text of a program; a program with syntax errors is not formatted.
    public static func format(_ source: Source) throws(ProgramError) -> String {
        let (_, diagnostics) = Parser.parse(source)
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { throw ProgramError(source: source, diagnostics: errors) }
        var lexer = Lexer(source)
        var layout = Layout(source: source)
        while true {
            let token = lexer.next()
            for comment in lexer.comments { layout.add(comment: comment) }
            if token.kind == .end { break }
            layout.add(token)
        }
        return layout.finish()
    }
}

/// The formatter's output being built, line by line.
private struct Layout {
    let source: Source
    var text = ""
    /// The pieces of the line being built, and the block depth it starts at.
    var line = ""
    var lineDepth = 0
    var depth = 0
    var previous: Token?
    /// A blank line was seen since the last printed line.
    var blankPending = false
    /// The last printed line opened a block (no blank line may follow it).
    var afterOpen = true

    init(source: Source) { self.source = source }

    mutating func add(_ token: Token) {
        switch token.kind {
        case .newline:
            endLine()
        case .end:
            break
        default:
            if line.isEmpty {
                lineDepth = token.kind == .rightBrace ? depth - 1 : depth
                if token.kind == .rightBrace { blankPending = false }
            } else if needsSpace(before: token) {
                line += " "
            }
            line += token.kind == .string ? source.text(of: token.span) : token.text
            if token.kind == .leftBrace { depth += 1 }
            if token.kind == .rightBrace { depth = max(0, depth - 1) }
            previous = token
        }
    }

    mutating func add(comment: Comment) {
        if line.isEmpty { lineDepth = depth }
        var text = "#" + comment.text
        while text.last == " " || text.last == "\t" || text.last == "\r" { text.removeLast() }
        line += line.isEmpty ? text : " " + text
    }

    /// Words and numbers that touched in the source keep touching (`12AB`, `-5%`); `%` always
    /// follows its number; everything else is one space apart.
    private func needsSpace(before token: Token) -> Bool {
        guard let previous else { return false }
        if token.kind == .percent { return false }
        let touching = previous.span.end == token.span.start
        switch (previous.kind, token.kind) {
        case (.number, .number), (.number, .word), (.word, .number), (.word, .word), (.minus, .number):
            return !touching
        default:
            return true
        }
    }

    private mutating func endLine() {
        if line.isEmpty {
            if !afterOpen { blankPending = true }
            return
        }
        if blankPending { text += "\n" }
        text += String(repeating: "  ", count: max(0, lineDepth)) + line + "\n"
        afterOpen = line.hasSuffix("{")
        blankPending = false
        line = ""
        previous = nil
    }

    mutating func finish() -> String {
        endLine()
        return text
    }
}
