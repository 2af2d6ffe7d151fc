/// How lists of names are said in messages.
enum Wording {
    /// Names in backticks as choices: "`a`, `b` or `c`".
    static func choices(_ names: [String]) -> String {
        either(names.map { "`\($0)`" })
    }

    /// Names as they are, as alternatives: "a", "a or b", "a, b or c".
    static func either(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }
}
