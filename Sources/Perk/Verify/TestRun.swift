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
            }
        }
        return Result(name: test.name, line: test.line, failures: failures,
                      explanation: failures.isEmpty ? "" : outcome.explained())
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
