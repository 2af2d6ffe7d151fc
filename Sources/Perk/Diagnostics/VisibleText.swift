/// Text from outside (the ids and values of a request, the arguments of a command, the lines
/// of a program) as Perk shows it in text output and in errors. A control character such as
/// ESC, CR or NUL sent raw to a terminal could move the cursor, rewrite what was printed or
/// hide what follows, so each is written as a visible escape; a value quoted in an error is
/// cut short, so that a huge value does not flood the output.
public enum VisibleText {
    /// How many characters (Unicode scalars) of a value an error quotes.
    public static let quotedLength = 32

    /// `text` with each control character (Unicode category Cc: U+0000 to U+001F and U+007F
    /// to U+009F, tab and line feed included) written as its code in hex, `\u{1B}`, and each
    /// backslash as `\\`, so that an escape cannot be mistaken for text that looks like one.
    /// A program's own lines keep their backslashes (`backslashes: false`): a program manager
    /// reads `\"` as they wrote it, and cannot send text that looks like an escape to themselves.
    public static func escaped(_ text: some StringProtocol, backslashes: Bool = true) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar == "\\" && backslashes {
                result += "\\\\"
            } else if scalar.properties.generalCategory == .control {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` escaped, and cut after `quotedLength` characters with `…`: a value named in an
    /// error, such as a field of a request.
    public static func shortened(_ text: some StringProtocol) -> String {
        let scalars = text.unicodeScalars
        let start = String(String.UnicodeScalarView(scalars.prefix(quotedLength)))
        return escaped(start) + (scalars.dropFirst(quotedLength).isEmpty ? "" : "…")
    }

    /// `text` shortened, between backticks: a value quoted in an error.
    public static func quoted(_ text: some StringProtocol) -> String {
        "`" + shortened(text) + "`"
    }
}
