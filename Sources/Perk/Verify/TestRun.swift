/// The result of running a test file against its program.
public struct TestRun: Sendable {
    /// One test's result: passed, or the failures with expected and actual values.
    public struct Result: Sendable {
        public let name: String
        public let line: Int
        /// Each unmet expectation, for people: `points_earned: expected 63, got 62 (line 7)`.
        public let failures: [String]
        /// The outcome explained, or the error, for a failed test.
        public let explanation: String
        public var passed: Bool { failures.isEmpty }
    }

    public let results: [Result]
    public var passed: Int { results.filter(\.passed).count }
    public var failed: Int { results.count - passed }

    /// Runs every case of `file` against `program`.
    public init(_ file: TestFile, program: Program) {
        results = file.cases.map { TestRun.run($0, program) }
    }

    private static func run(_ test: TestFile.Case, _ program: Program) -> Result {
        var failures: [String] = []
        let outcome: Outcome
        do {
            outcome = try program.evaluate(try Request(json: test.request, currency: program.currency))
        } catch {
            for expectation in test.expectations {
                switch expectation {
                case .error(let field, let line) where field != error.field:
                    failures.append("expected an error naming \(field ?? "no field"), got: \(error) (line \(line))")
                case .field(let path, let value, let line):
                    failures.append("\(path): expected \(value), got the error \(error) (line \(line))")
                case .rule(let name, let check, let line):
                    failures.append("\(assertion(name, check)): got the error \(error) (line \(line))")
                default: break
                }
            }
            return Result(name: test.name, line: test.line, failures: failures, explanation: "error: \(error)")
        }
        let json = (try? JSONParser.parse(outcome.json(pretty: false))) ?? .null
        for expectation in test.expectations {
            switch expectation {
            case .error(let field, let line):
                failures.append("expected an error naming \(field ?? "no field"), got an outcome (line \(line))")
            case .field(let path, let value, let line):
                guard let actual = lookup(json, path) else {
                    failures.append("\(path): no such field in the outcome (line \(line))")
                    continue
                }
                if actual != value { failures.append("\(path): expected \(value), got \(actual) (line \(line))") }
            case .rule(let name, let check, let line):
                if let failure = ruleFailure(name, check, outcome, line: line) { failures.append(failure) }
            }
        }
        return Result(name: test.name, line: test.line, failures: failures,
                      explanation: failures.isEmpty ? "" : outcome.explained())
    }

    /// The assertion as a test file writes it: `rule "base" gives 16 points`.
    private static func assertion(_ name: String, _ check: TestFile.RuleCheck) -> String {
        let what = switch check {
        case .applied: "applied"
        case .notApplied(let because): "not applied" + (because.map { ": \"\($0)\"" } ?? "")
        case .gives(let given): "gives \(given.amount) \(given.unit)"
        case .capped(let by): "capped" + (by.map { " by \($0.amount) \($0.unit)" } ?? "")
        case .modifies(let other): "modifies \"\(other)\""
        case .stops: "stops"
        }
        return "rule \(VisibleText.quoted(name)) \(what)"
    }

    /// Why a rule assertion fails on `outcome`, with the expected and the actual rows of the
    /// rules table; nil when it holds.
    private static func ruleFailure(_ name: String, _ check: TestFile.RuleCheck, _ outcome: Outcome, line: Int) -> String? {
        let said = "\(assertion(name, check)) (line \(line))"
        guard let result = outcome.rules.first(where: { $0.name == name }) else {
            let names = outcome.rules.map(\.name)
            let known = names.isEmpty ? "the program has no rules" : "the rules are " + Wording.choices(names.map { VisibleText.quoted($0) })
            return "\(said): the program has no rule \(VisibleText.quoted(name)); "
                + (Spelling.suggest(name, from: names).map { "did you mean \(VisibleText.quoted($0))?" } ?? known)
        }
        let expected: RulesTable.Row
        let row = RulesTable.Row(result, currency: outcome.currency)
        switch check {
        case .applied:
            if result.applied { return nil }
            expected = RulesTable.Row(rule: row.rule, applied: "yes", gives: "", cap: "", why: "")
        case .notApplied(let because):
            if !result.applied, because.map({ (result.reason ?? "").contains($0) }) ?? true { return nil }
            expected = RulesTable.Row(rule: row.rule, applied: "no", gives: "", cap: "", why: because.map { "… \($0) …" } ?? "")
        case .gives(let given):
            guard let wanted = quantity(given, result, outcome.currency) else { return unitMismatch(said, given.unit, result, outcome) }
            if result.applied, result.modifies == nil, wanted == result.amount { return nil }
            expected = RulesTable.Row(rule: row.rule, applied: "yes", gives: "\(given.amount) \(given.unit)", cap: "", why: "")
        case .capped(let by):
            guard let by else {
                if result.applied, result.capCut > 0 { return nil }
                expected = RulesTable.Row(rule: row.rule, applied: "yes", gives: "", cap: "cut", why: "")
                break
            }
            guard let wanted = quantity(by, result, outcome.currency) else { return unitMismatch(said, by.unit, result, outcome) }
            if result.applied, result.capCut == wanted { return nil }
            expected = RulesTable.Row(rule: row.rule, applied: "yes", gives: "", cap: "cut \(by.amount) \(by.unit)", why: "")
        case .modifies(let other):
            if result.applied, result.modifies == other { return nil }
            expected = RulesTable.Row(rule: row.rule, applied: "yes", gives: "modifies \(VisibleText.quoted(other))", cap: "", why: "")
        case .stops:
            if result.applied, result.stopped { return nil }
            expected = RulesTable.Row(rule: row.rule, applied: "yes, stops", gives: "", cap: "", why: "")
        }
        let table = RulesTable.render([(nil, RulesTable.header), ("expected", expected), ("actual", row)], indent: 2)
        return "\(said):\n" + table.dropLast()
    }

    /// The quantity as the rule counts it (points, or minor units of bonus money); nil
    /// when the unit is not the one the program's rules give, or the amount does not fit it.
    private static func quantity(_ quantity: TestFile.Quantity, _ result: Outcome.RuleResult, _ currency: Currency) -> Int64? {
        switch (quantity.unit, result.unit) {
        case ("point", .points), ("points", .points): try? DecimalText.parse(quantity.amount, scale: 0).get()
        case (currency.code, .bonus): try? DecimalText.parse(quantity.amount, scale: currency.exponent).get()
        default: nil
        }
    }

    private static func unitMismatch(_ said: String, _ unit: String, _ result: Outcome.RuleResult, _ outcome: Outcome) -> String {
        let units = result.unit == .points ? "whole points" : "amounts of \(outcome.currency.code)"
        return "\(said): \(VisibleText.quoted(unit)) does not measure what this program's rules give, which is \(units)"
    }

    /// The JSON text of the value at a path such as `bonus_products[0].unit_price`.
    private static func lookup(_ json: JSON, _ path: String) -> String? {
        var value = json
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                guard let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) else { return nil }
                indices.insert(index, at: 0)
                name = name[..<open]
            }
            guard case .object(let members) = value, let member = members.first(where: { $0.key == name }) else { return nil }
            value = member.value
            for index in indices {
                guard case .array(let elements) = value, elements.indices.contains(index) else { return nil }
                value = elements[index]
            }
        }
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text), .string(let text): return text
        case .array(let elements): return elements.isEmpty ? "[]" : nil
        case .object: return nil
        }
    }
}
