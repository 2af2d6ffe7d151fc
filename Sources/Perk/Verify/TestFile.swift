/// A file of tests that program managers write beside a program (`kenzup.perktest` beside
/// `kenzup.perk`): each test is a request and the numbers expected of its outcome.
///
/// ```
/// test "earn 12.45 MAD"
/// request {"amount": 12.45, "time": "2020-02-12T19:20:30+01:00"}
/// expect points_earned 62
/// expect message "Recevez 62 points de fidélité en téléchargeant Kenz'up!"
///
/// test "no reason"
/// request {"amount": 12.45, "cashback_rate_override": 0.1}
/// expect error cashback_override_reason
/// ```
///
/// `expect FIELD VALUE` compares an outcome field as docs/requests.md names it (nested with
/// dots and `[index]`: `balances_after.points`, `bonus_products[0].unit_price`) with VALUE as
/// the outcome JSON writes it; `expect error FIELD` expects the request to be refused for
/// that field (`-` when no field is named); `expect rule "NAME" …` checks one rule by its
/// name: `applied`, `not applied`, `not applied: "part of its reason"`, `gives 16 points`
/// (or `gives 2.50 EUR` in a bonus program), `capped`, `capped by 50 points`,
/// `modifies "base"`, `stops`. docs/tests.md has the whole language.
public struct TestFile: Sendable {
    /// One test: a name, a request and its expectations, with the line it starts at.
    public struct Case: Sendable {
        public let name: String
        public let line: Int
        public let request: String
        public let expectations: [Expectation]
    }

    public enum Expectation: Sendable, Equatable {
        /// The outcome field at `path` has this JSON text (strings without their quotes).
        case field(path: String, value: String, line: Int)
        /// The request is refused, naming this field (nil: no field).
        case error(field: String?, line: Int)
        /// The rule of this name did what `check` says.
        case rule(name: String, check: RuleCheck, line: Int)
    }

    /// An amount as a rule assertion writes it: a number and its unit (`points`, `point`, or
    /// the program's currency code).
    public struct Quantity: Sendable, Equatable {
        public let amount: String
        public let unit: String

        public init(amount: String, unit: String) {
            self.amount = amount
            self.unit = unit
        }
    }

    /// What a rule assertion expects of one rule.
    public enum RuleCheck: Sendable, Equatable {
        case applied
        /// Not applied; with a text, one its reason contains.
        case notApplied(because: String?)
        /// Applied and gave this amount.
        case gives(Quantity)
        /// Applied, and its cap cut what it gave; with an amount (as `gives` has it), by that much.
        case capped(by: Quantity?)
        /// Applied, and changed the rate of the rule of this name.
        case modifies(String)
        /// Applied, and stopped the rules after it.
        case stops
    }

    /// A mistake in a test file, with its 1-based line.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    public let name: String
    public let cases: [Case]

    /// Reads a test file; the first mistake is an error naming its line.
    public init(name: String, text: String) throws(SyntaxError) {
        self.name = name
        var cases: [Case] = []
        var current: (name: String, line: Int, request: String?, expectations: [Expectation])?
        func fail(_ line: Int, _ message: String) -> SyntaxError { SyntaxError(file: name, line: line, message: message) }
        func close(_ line: Int) throws(SyntaxError) {
            guard let test = current else { return }
            guard let request = test.request else { throw fail(test.line, "test \"\(test.name)\" has no `request` line") }
            guard !test.expectations.isEmpty else { throw fail(test.line, "test \"\(test.name)\" expects nothing") }
            cases.append(Case(name: test.name, line: test.line, request: request, expectations: test.expectations))
            current = nil
        }
        // LF or CRLF: a CRLF is one `Character`, so splitting at "\n" alone would not split it.
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let number = index + 1
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let keyword = line.prefix { $0 != " " }
            let rest = String(line.dropFirst(keyword.count).drop { $0 == " " })
            switch keyword {
            case "test":
                try close(number)
                guard rest.count >= 2, rest.hasPrefix("\""), rest.hasSuffix("\"") else {
                    throw fail(number, "expected the test's name in double quotes: test \"name\"")
                }
                current = (String(rest.dropFirst().dropLast()), number, nil, [])
            case "request":
                guard current != nil else { throw fail(number, "`request` before any `test`") }
                guard current?.request == nil else { throw fail(number, "a second `request` in one test") }
                guard rest.hasPrefix("{") else { throw fail(number, "expected the request as JSON on the same line") }
                current?.request = rest
            case "expect":
                guard current != nil else { throw fail(number, "`expect` before any `test`") }
                let path = rest.prefix { $0 != " " }
                var value = String(rest.dropFirst(path.count).drop { $0 == " " })
                guard !path.isEmpty else { throw fail(number, "expected a field and a value: expect points_earned 62") }
                if path == "error" {
                    current?.expectations.append(.error(field: value == "-" || value.isEmpty ? nil : value, line: number))
                    continue
                }
                if path == "rule" {
                    let (name, check) = try TestFile.ruleAssertion(value, fail: { fail(number, $0) })
                    current?.expectations.append(.rule(name: name, check: check, line: number))
                    continue
                }
                guard !value.isEmpty else { throw fail(number, "expected a value after \(VisibleText.quoted(path))") }
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                current?.expectations.append(.field(path: String(path), value: value, line: number))
            default:
                throw fail(number, "expected `test`, `request` or `expect`, found \(VisibleText.quoted(keyword))"
                           + (Spelling.suggest(String(keyword), from: ["test", "request", "expect"]).map { "; did you mean `\($0)`?" } ?? ""))
            }
        }
        try close(0)
        self.cases = cases
    }

    /// The rule's name and what is expected of it, from the text after `expect rule`:
    /// `"base" gives 16 points`.
    private static func ruleAssertion(_ text: String, fail: (String) -> SyntaxError) throws(SyntaxError) -> (String, RuleCheck) {
        let usage = "expected `expect rule \"NAME\"` then `applied`, `not applied`, `not applied: \"TEXT\"`, "
            + "`gives 16 points`, `capped`, `capped by 50 points`, `modifies \"NAME\"` or `stops`"
        guard text.hasPrefix("\""), let close = text.dropFirst().firstIndex(of: "\"") else { throw fail(usage) }
        let name = String(text[text.index(after: text.startIndex)..<close])
        guard !name.isEmpty else { throw fail("a rule assertion needs the rule's name: " + usage) }
        let rest = text[text.index(after: close)...].drop { $0 == " " }
        let words = rest.split(separator: " ", maxSplits: 2)
        switch words.first {
        case "applied" where words.count == 1:
            return (name, .applied)
        case "capped" where words.count == 1:
            return (name, .capped(by: nil))
        case "capped" where words.count == 3 && words[1] == "by":
            let amount = words[2].split(separator: " ", maxSplits: 1)
            guard amount.count == 2 else { throw fail("expected an amount and its unit after `capped by`: capped by 50 points") }
            return (name, .capped(by: Quantity(amount: try number(amount[0], after: "capped by"), unit: String(amount[1]))))
        case "stops" where words.count == 1:
            return (name, .stops)
        case "modifies" where words.count == 2:
            guard words[1].count >= 2, words[1].hasPrefix("\""), words[1].hasSuffix("\"") else {
                throw fail("expected the modified rule's name in double quotes: modifies \"base\"")
            }
            return (name, .modifies(String(words[1].dropFirst().dropLast())))
        case "gives" where words.count == 3:
            return (name, .gives(Quantity(amount: try number(words[1], after: "gives"), unit: String(words[2]))))
        case "not" where words.count >= 2 && (words[1] == "applied" || words[1] == "applied:"):
            let after = rest.dropFirst("not applied".count).drop { $0 == " " }
            if after.isEmpty { return (name, .notApplied(because: nil)) }
            let because = after.drop { $0 == ":" || $0 == " " }
            guard after.hasPrefix(":"), because.count >= 2, because.hasPrefix("\""), because.hasSuffix("\"") else {
                throw fail("expected the reason's text in double quotes after `not applied:`")
            }
            return (name, .notApplied(because: String(because.dropFirst().dropLast())))
        default:
            throw fail(usage)
        }
        func number(_ text: Substring, after keyword: String) throws(SyntaxError) -> String {
            guard case .success = DecimalText.parse(String(text), scale: 3) else {
                throw fail("expected an amount after `\(keyword)`, found \(VisibleText.quoted(String(text)))")
            }
            return String(text)
        }
    }
}
