/// Every diagnostic Perk reports, one named constructor each, so that wording and codes
/// live in one place. E00xx: characters; E01xx: syntax; E02xx: names and placement;
/// E03xx: units and values; E04xx: consistency between rules; W… are warnings.
extension Diagnostic {
    // MARK: Lexical

    static func unexpectedCharacter(_ shown: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0001", "unexpected character \(VisibleText.quoted(shown))", at: span, label: "not part of the language",
                   help: shown == "'" ? "strings are written in double quotes" : nil)
    }

    static func invalidEscape(at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0002", "invalid escape in a string", at: span, label: "only \\\" \\\\ and \\n are escapes")
    }

    static func unterminatedString(at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0003", "unterminated string", at: span, label: "the closing `\"` is missing on this line")
    }

    static func invalidUTF8(at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0004", "the file is not valid UTF-8", at: span, label: "invalid bytes here",
                   help: "save the file as UTF-8")
    }

    static func programTooLarge(at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0005", "the program is larger than \(Source.maximumSize >> 20) MiB", at: span,
                   label: "the program is cut off here", notes: ["nothing of it is checked"])
    }

    static func lineTooLong(at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0006", "the line is longer than \(Source.maximumLineLength) bytes", at: span,
                   label: "nothing of this line is read", help: "a program has one statement per line; split long lists into one entry per line")
    }

    static func omitted(errors: Int, warnings: Int, after span: Span) -> Diagnostic {
        let counts = [errors > 0 ? "\(errors) more error\(errors == 1 ? "" : "s")" : nil,
                      warnings > 0 ? "\(warnings) more warning\(warnings == 1 ? "" : "s")" : nil].compactMap { $0 }
        return Diagnostic(errors > 0 ? .error : .warning, errors > 0 ? "E0009" : "W0003",
                          "\(counts.joined(separator: " and ")) after this one are not shown", at: span,
                          label: "only the first \(DiagnosticList.limit) diagnostics are shown",
                          help: "fix these and check again")
    }

    // MARK: Syntax

    static func unmatchedBrace(at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0101", "unmatched `}`", at: span, label: "no block is open here")
    }

    static func expectedStatement(found: String, at span: Span, suggestion: String?) -> Diagnostic {
        Diagnostic(.error, "E0102", "expected a statement, found \(found)", at: span, label: "unknown statement",
                   help: suggestion)
    }

    static func expectedEndOfStatement(keyword: String, found: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0103", "unexpected \(found) after the `\(keyword)` statement", at: span,
                   label: "expected the end of the line")
    }

    static func expected(_ what: String, found: String, at span: Span, help: String? = nil) -> Diagnostic {
        Diagnostic(.error, "E0104", "expected \(what), found \(found)", at: span, help: help)
    }

    static func expectedWord(_ names: [String], found text: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0105", "expected \(Wording.choices(names)), found \(VisibleText.quoted(text))", at: span,
                   help: Spelling.help(text, from: names))
    }

    static func missingRounding(found: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0106", "expected `rounded` and a direction, found \(found)", at: span,
                   label: "every computed result states its rounding",
                   help: "add `rounded down`, `rounded up`, `rounded half up` or `rounded half even`")
    }

    static func earnOnlyInRule(at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0107", "this `earn` can only be written in a rule", at: span,
                   label: "outside a rule, `earn` is a percentage of eligible revenue or points per amount",
                   help: "write it inside `rule \"NAME\" { … }`")
    }

    // MARK: Names and placement

    static func unknownCurrency(_ code: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0201", "unknown currency \(VisibleText.quoted(code))", at: span, label: "not an ISO 4217 code Perk knows",
                   help: Spelling.help(code, from: Currency.knownCodes))
    }

    static func duplicate(_ what: String, at span: Span, first: (line: Int, column: Int)) -> Diagnostic {
        Diagnostic(.error, "E0202", "\(what) is given twice", at: span, label: "second time here",
                   notes: ["first given at line \(first.line), column \(first.column)"])
    }

    static func notAllowedIn(_ keyword: String, section: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0203", "`\(keyword)` cannot appear inside a \(section) section", at: span,
                   label: "only allowed at the top level of the program")
    }

    static func missing(_ what: String, at span: Span, help: String) -> Diagnostic {
        Diagnostic(.error, "E0204", "the program has no \(what)", at: span, help: help)
    }

    static func unknownPlaceholder(_ name: String, at span: Span, known: [String]) -> Diagnostic {
        Diagnostic(.error, "E0205", "unknown placeholder `{\(name)}`", at: span,
                   notes: ["placeholders are " + known.map { "`{\($0)}`" }.joined(separator: ", ")],
                   help: Spelling.help(name, from: known))
    }

    static func unclosedPlaceholder(at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0208", "a `{` without its `}` in the message", at: span,
                   label: "placeholders are written `{points}`")
    }

    static func invalidEntry(_ value: String, kind: EntryKind, at span: Span) -> Diagnostic {
        let rule = kind == .ean ? "an EAN has 8 to 14 digits" : "an article number is letters, digits, `-`, `_` or `.`"
        return Diagnostic(.error, "E0206", "\(VisibleText.quoted(value)) is not a valid \(kind == .ean ? "EAN" : "article number")", at: span,
                   label: rule)
    }

    static func tooManyEntries(_ kind: ListKind, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0209", "the \(kind.rawValue) has more than \(ArticleList.maximumEntries) entries", at: span,
                   label: "this entry is one too many")
    }

    static func emptyName(_ what: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0207", "the \(what) is empty", at: span)
    }

    static func unknownName(_ kind: String, _ name: String, at span: Span, known: [String]) -> Diagnostic {
        Diagnostic(.error, "E0210", "unknown \(kind) \(VisibleText.quoted(name))", at: span,
                   label: kind == "weekday" ? "not a day of the week in English" : "not a \(kind) of this program",
                   help: Spelling.help(name, from: known) ?? (known.isEmpty ? nil : "the \(kind)s are " + Wording.choices(known)))
    }

    static func unknownTimeZone(_ error: TimeZoneError, at span: Span) -> Diagnostic {
        var help: String?
        if case .unknown(_, let suggestion?) = error { help = "did you mean `\(suggestion)`?" }
        return Diagnostic(.error, "E0211", error.description, at: span, label: "not a time zone of the system's zone data", help: help)
    }

    static func needsTimeZone(at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0212", "this condition reads the time, but the program has no time zone", at: span,
                   label: "read in which time zone?", help: "add a line such as `time zone \"Europe/Paris\"`")
    }

    static func needsTiers(at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0213", "this condition reads the customer's tier, but the program declares no tiers", at: span,
                   help: "declare them, lowest first, such as `tiers basic silver gold`")
    }

    // MARK: Units and values

    static func unknownUnit(_ unit: String, at span: Span) -> Diagnostic {
        let known = ["%", "points", "point", "seconds", "second", "minutes", "minute", "hours", "hour", "days", "day"]
        return Diagnostic(.error, "E0301", "unknown unit \(VisibleText.quoted(unit))", at: span,
                          label: "expected `%`, `points`, a currency code or a duration",
                          help: Spelling.help(unit, from: known + Currency.knownCodes))
    }

    static func mixedUnits(_ left: String, _ right: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0302", "cannot add \(left) and \(right)", at: span, label: "the units differ")
    }

    static func wrongUnit(expected: String, found: String, at span: Span, help: String? = nil) -> Diagnostic {
        Diagnostic(.error, "E0303", "expected \(expected), found \(found)", at: span, help: help)
    }

    static func wrongCurrency(_ code: String, programCurrency: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0304", "amount in \(code) in a \(programCurrency) program", at: span,
                   label: "the program's currency is \(programCurrency)", help: "write the amount in \(programCurrency)")
    }

    static func tooPrecise(_ text: String, decimals: Int, what: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0305", "\(VisibleText.quoted(text)) has more decimals than \(what) allows (\(decimals))", at: span)
    }

    static func outOfRange(_ what: String, _ rule: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0306", "\(what) \(rule)", at: span)
    }

    static func tooLarge(at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0307", "number too large", at: span, label: "does not fit in 64 bits")
    }

    static func invalidDate(_ text: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0308", "\(VisibleText.quoted(text)) is not a date", at: span, label: "no such day in the calendar")
    }

    static func invalidClock(_ text: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0309", "\(VisibleText.quoted(text)) is not a time of day", at: span, label: "expected 00:00 to 24:00")
    }

    static func reversedRange(_ what: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0310", "\(what) is empty", at: span, label: "the end comes before the start",
                   help: "write the earlier one first; both ends are included")
    }

    // MARK: Consistency

    static func whitelistAndBlacklist(at span: Span, other: (line: Int, column: Int)) -> Diagnostic {
        Diagnostic(.error, "E0401", "a whitelist and a blacklist on the same scope", at: span,
                   label: "second list here", notes: ["the other list is at line \(other.line), column \(other.column)"],
                   help: "keep one: a whitelist counts only its entries, a blacklist counts everything else")
    }

    static func overrideBelowDefault(max: Rate, rate: Rate, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0402", "the rate override maximum \(max) is below the default rate \(rate)", at: span,
                   label: "no override could reach the default rate", help: "raise the maximum to at least \(rate)")
    }

    static func voucherNotWholePoints(at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0403", "a voucher must be worth a whole number of points", at: span)
    }

    static func needsPointValue(_ what: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0404", "\(what) needs the value of a point", at: span,
                   help: "add a point value such as `1 point = 0.01 MAD`")
    }

    static func rewardMismatch(_ message: String, at span: Span, help: String?) -> Diagnostic {
        Diagnostic(.error, "E0405", message, at: span, help: help)
    }

    static func offerIncomplete(_ message: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, "E0406", message, at: span)
    }

    static func duplicateEntry(_ value: String, at span: Span, first: (line: Int, column: Int)) -> Diagnostic {
        Diagnostic(.warning, "W0001", "\(VisibleText.quoted(value)) is listed twice", at: span, label: "repeated entry",
                   notes: ["first listed at line \(first.line), column \(first.column)"])
    }

    static func ruleEffect(_ message: String, at span: Span, help: String? = nil) -> Diagnostic {
        Diagnostic(.error, "E0407", message, at: span, help: help)
    }

    static func unreachableRule(_ name: String, at span: Span, stopper: String, stop: (line: Int, column: Int)) -> Diagnostic {
        Diagnostic(.warning, "W0004", "rule \(VisibleText.quoted(name)) can never apply", at: span, label: "never reached",
                   notes: ["rule \(VisibleText.quoted(stopper)) at line \(stop.line), column \(stop.column) always applies and stops the rules after it"])
    }

    static func noEffect(_ message: String, at span: Span) -> Diagnostic {
        Diagnostic(.warning, "W0002", message, at: span)
    }
}
