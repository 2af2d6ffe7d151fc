import Foundation
import Perk
import Testing

/// Every row of docs/bad-input.md, each with the exact answer Perk gives. A request is
/// refused whole: an error names the JSON field (or the line and column of bad JSON), and
/// nothing is evaluated.
@Suite struct BadInputTests {
    static let time = #""time": "2020-02-12T19:20:30+01:00""#

    /// A request row: its name in the table, the program it is sent to, the request, and the
    /// error's field and message.
    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let program: String
        let json: String
        let field: String?
        let message: String
        var testDescription: String { name }
    }

    static let requestRows: [Row] = [
        Row(name: "malformed JSON", program: "kenzup", json: #"{"amount": 1"#, field: nil,
            message: "invalid JSON at line 1, column 13: unexpected end of input, expected `,` or `}`"),
        Row(name: "not an object", program: "kenzup", json: "[1, 2]", field: nil, message: "expected an object, found an array"),
        Row(name: "duplicate member", program: "kenzup", json: #"{"amount": 1, "amount": 2}"#, field: nil,
            message: "invalid JSON at line 1, column 15: duplicate member `amount`"),
        Row(name: "nesting too deep", program: "kenzup", json: String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
            field: nil, message: "invalid JSON at line 1, column 65: nesting deeper than 64 levels"),
        Row(name: "wrong type", program: "kenzup", json: #"{"amount": true, \#(time)}"#, field: "amount",
            message: "expected an amount in MAD, found a boolean"),
        Row(name: "number where a string is expected", program: "kenzup", json: #"{"amount": 1, \#(time), "order_id": 5}"#,
            field: "order_id", message: "expected a string, found a number"),
        Row(name: "missing field", program: "kenzup", json: #"{\#(time)}"#, field: "amount",
            message: "required: the sale needs `lines` or an amount"),
        Row(name: "missing line field", program: "kenzup", json: #"{"lines": [{"quantity": 1}], \#(time)}"#,
            field: "lines[0].unit_price", message: "required"),
        Row(name: "QR expiry past the year 9999", program: "kenzup", json: #"{"amount": 1, "time": "9999-12-31T23:58:00+01:00"}"#,
            field: "time", message: "too late: the QR code would expire after 9999-12-31"),
        Row(name: "misspelt field", program: "kenzup", json: #"{"amount": 12.45, "custmer": "0611223344"}"#,
            field: "custmer", message: "unknown field; did you mean `customer`?"),
        Row(name: "unknown currency", program: "kenzup", json: #"{"amount": 1, "currency": "XYZ", \#(time)}"#, field: "currency",
            message: "unknown currency `XYZ`: not an ISO 4217 code Perk knows; the program's currency is MAD"),
        Row(name: "currency mismatch", program: "kenzup", json: #"{"amount": 1, "currency": "EUR", \#(time)}"#, field: "currency",
            message: "the request is in EUR but the program's currency is MAD"),
        Row(name: "more decimals than the currency", program: "kenzup", json: #"{"amount": 12.455, \#(time)}"#, field: "amount",
            message: "`12.455` has more decimals than MAD has (2)"),
        Row(name: "negative amount", program: "kenzup", json: #"{"amount": -1, \#(time)}"#, field: "amount",
            message: "an amount cannot be negative"),
        Row(name: "zero quantity", program: "kenzup", json: #"{"lines": [{"unit_price": 1, "quantity": 0}], \#(time)}"#,
            field: "lines[0].quantity", message: "the quantity must be above zero"),
        Row(name: "negative quantity", program: "kenzup", json: #"{"lines": [{"unit_price": 1, "quantity": -2}], \#(time)}"#,
            field: "lines[0].quantity", message: "the quantity must be above zero"),
        Row(name: "quantity not a number", program: "kenzup", json: #"{"lines": [{"unit_price": 1, "quantity": "two"}], \#(time)}"#,
            field: "lines[0].quantity", message: "`two` is not a quantity"),
        Row(name: "negative price", program: "kenzup", json: #"{"lines": [{"unit_price": -1}], \#(time)}"#,
            field: "lines[0].unit_price", message: "a price cannot be negative"),
        Row(name: "empty article number", program: "kenzup", json: #"{"lines": [{"unit_price": 1, "article": ""}], \#(time)}"#,
            field: "lines[0].article", message: "an article number or EAN cannot be empty"),
        Row(name: "article number too long", program: "kenzup",
            json: #"{"lines": [{"unit_price": 1, "article": "\#(String(repeating: "7", count: 65))"}], \#(time)}"#,
            field: "lines[0].article", message: "longer than 64 bytes"),
        Row(name: "amount beyond 64 bits", program: "kenzup", json: #"{"amount": 92233720368547758.08, \#(time)}"#,
            field: "amount", message: "`92233720368547758.08` is too large"),
        Row(name: "exponent beyond any amount", program: "kenzup", json: #"{"amount": 1e400, \#(time)}"#,
            field: "amount", message: "`1e400` is too large"),
        Row(name: "sum beyond 64 bits", program: "kenzup",
            json: #"{"lines": [{"unit_price": 92233720368547758.07}, {"unit_price": 92233720368547758.07}], \#(time)}"#,
            field: "lines", message: "amount too large: the result does not fit in 64 bits"),
        Row(name: "text too long", program: "kenzup",
            json: #"{"amount": 1, \#(time), "order_id": "\#(String(repeating: "x", count: 1100))"}"#,
            field: "order_id", message: "longer than 1024 bytes"),
        Row(name: "empty order id", program: "kenzup", json: #"{"amount": 1, \#(time), "order_id": ""}"#,
            field: "order_id", message: "an order id cannot be empty or blank"),
        Row(name: "blank order id", program: "kenzup", json: #"{"amount": 1, \#(time), "order_id": " \t "}"#,
            field: "order_id", message: "an order id cannot be empty or blank"),
        Row(name: "blank external id", program: "convercus", json: #"{"amount": 1, "external_id": " "}"#,
            field: "external_id", message: "an external id cannot be empty or blank"),
        Row(name: "invalid mobile number", program: "kenzup", json: #"{"amount": 1, "customer": {"mobile": "12"}, \#(time)}"#,
            field: "customer.mobile",
            message: "`12` is not a valid mobile number: expected E.164 (+212611223344) or a Moroccan mobile number (06… or 07…, 10 digits)"),
        Row(name: "negative balance", program: "kenzup", json: #"{"amount": 1, "customer": {"balances": {"points": -5}}, \#(time)}"#,
            field: "customer.balances.points", message: "a balance cannot be negative"),
        Row(name: "unknown request type", program: "kenzup", json: #"{"type": "earnn", "amount": 1}"#, field: "type",
            message: "unknown request type `earnn`; expected `earn`, `payment`, `burn` or `balance`; did you mean `earn`?"),
        Row(name: "VAT rate without a bonus product", program: "secucard",
            json: #"{"lines": [{"unit_price": 5, "vat_rate": 10}], "customer": {"card": "1", "balances": {"cash": 0, "bonus": 1}}, "pay_with_card": true}"#,
            field: "lines[0].vat_rate", message: "no bonus product configured for VAT rate 10%"),
        Row(name: "paying more points than held", program: "kenzup",
            json: #"{"type": "payment", "sale_amount": 100, "amount": 40, "paid_with": "points", "customer": {"balances": {"points": 10}}, \#(time)}"#,
            field: "customer.balances.points", message: "insufficient points: 4000 needed, 10 available"),
    ]

    @Test(arguments: requestRows)
    func badRequest(_ row: Row) throws {
        let program = try shippedProgram(row.program)
        #expect(throws: EvaluationError(field: row.field, row.message)) { try evaluate(program, row.json) }
    }

    @Test func tooManyLines() throws {
        let lines = Array(repeating: #"{"unit_price": 1}"#, count: Request.maximumLines + 1).joined(separator: ",")
        #expect(throws: EvaluationError(field: "lines", "more than \(Request.maximumLines) lines")) {
            try evaluate(try shippedProgram("kenzup"), #"{"lines": [\#(lines)], \#(Self.time)}"#)
        }
    }

    @Test func requestTooLarge() throws {
        let bytes = Array(#"{"amount": 1, "order_id": ""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: Request.maximumSize) + Array(#""}"#.utf8)
        #expect(throws: EvaluationError(field: nil, "request larger than \(Request.maximumSize) bytes")) {
            try Request(json: bytes, currency: try #require(Currency(code: "MAD")))
        }
    }

    @Test func invalidUTF8InARequestString() throws {
        let bytes = Array(#"{"amount": 1, "order_id": "a"#.utf8) + [0xFF] + Array(#"b"}"#.utf8)
        #expect(throws: EvaluationError(field: nil, "invalid JSON at line 1, column 28: string is not valid UTF-8")) {
            try Request(json: bytes, currency: try #require(Currency(code: "MAD")))
        }
    }

    @Test func invalidUTF8InAProgram() throws {
        let bytes = Array("program \"a".utf8) + [0xFF] + Array("\"\ncurrency EUR\n".utf8)
        let error = try #require(throws: ProgramError.self) { try Program(bytes: bytes, name: "bad.perk") }
        #expect(error.diagnostics.map(\.code) == ["E0004"])
        #expect(error.diagnostics.map(\.message) == ["the file is not valid UTF-8"])
        #expect(error.source.location(of: error.diagnostics[0].span.start).column == 11)
    }

    @Test func invalidUTF8OnStandardInput() throws {
        let bytes = Array(#"{"amount": 1, "order_id": "a"#.utf8) + [0xFF] + Array(#""}"#.utf8)
        let run = try CLITests().perk(["eval", "programs/kenzup.perk", "-"], stdin: bytes)
        #expect(run == CLITests.Run(status: 3, out: "", err: "error: standard input is not valid UTF-8\n"))
    }

    @Test func duplicateOrderIDsInABatch() throws {
        let request = #"{"order_id": "A", "amount": 1, \#(Self.time)}"#
        let run = try CLITests().perk("eval", "--batch", "--no-trace", "programs/kenzup.perk", "-", stdin: request + "\n" + request + "\n")
        #expect(run.status == 4)
        #expect(run.out.split(separator: "\n").last == #"{"error":"order_id: `A` is already the order id of line 1","line":2}"#)
        #expect(run.err == "<stdin>:2: error: order_id: `A` is already the order id of line 1\n")
    }

    /// `café` written with U+00E9 and with `e` and U+0301 are equal Swift strings, but two
    /// order ids: the batch evaluates both, the ledger records both.
    @Test func orderIDsEqualOnlyAsUnicode() throws {
        let composed = #"{"order_id": "caf\#u{E9}", "amount": 12.45, "force": true, "customer": "+212611223344", \#(Self.time)}"#
        let decomposed = composed.replacingOccurrences(of: "caf\u{E9}", with: "cafe\u{301}")
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        let batch = try CLITests().perk("eval", "--batch", "--no-trace", "programs/kenzup.perk", "-", stdin: composed + "\n" + decomposed + "\n")
        #expect(batch.status == 0 && batch.err == "")
        #expect(batch.out.split(separator: "\n").count == 2 && !batch.out.contains("error"))
        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("perk-nfd-\(UUID().uuidString).journal").path
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let applied = try CLITests().perk(["ledger", "apply", "--lines", "--no-trace", "programs/kenzup.perk", journal, "-"], stdin: composed + "\n" + decomposed + "\n")
        #expect(applied.status == 0 && applied.err == "")
        #expect(applied.out.split(separator: "\n").map { $0.contains(#""repeated":false"#) } == [true, true])
        #expect(try CLITests().perk("ledger", "balance", "programs/kenzup.perk", journal, "+212611223344").out.hasPrefix("+212611223344: 124 points"))
    }

    /// Files written on Windows end their lines in CRLF. Test files, `perk ledger apply
    /// --lines`, `perk diff` and `perk eval --batch` read them as they read LF files, and
    /// their errors name the same lines.
    @Test func crlfLineEndings() throws {
        let tests = try TestFile(name: "t.perktest", text: "test \"a\"\r\nrequest {\"amount\": 12.45, \(Self.time)}\r\n\r\nexpect points_earned 62\r\n")
        #expect(tests.cases.map(\.request) == [#"{"amount": 12.45, \#(Self.time)}"#])
        #expect(tests.cases.first?.expectations == [.field(path: "points_earned", value: "62", line: 4)])
        #expect(TestRun(tests, program: try shippedProgram("kenzup")).passed == 1)
        #expect(throws: TestFile.SyntaxError.self) { try TestFile(name: "t.perktest", text: "test \"a\"\r\nreqest {}\r\n") }
        do { _ = try TestFile(name: "t.perktest", text: "test \"a\"\r\nreqest {}\r\n") } catch { #expect(error.line == 2) }

        let cli = CLITests()
        let bad = #"{"order_id": "X", "amount": "a"}"#
        let request = #"{"order_id": "A", "amount": 12.45, \#(Self.time)}"#
        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("perk-crlf-\(UUID().uuidString).journal").path
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let applied = try cli.perk(["ledger", "apply", "--lines", "--no-trace", "programs/kenzup.perk", journal, "-"],
                                   stdin: request + "\r\n" + bad + "\r\n")
        #expect(applied.status == 4)
        #expect(applied.out.split(separator: "\n").count == 2)
        #expect(applied.err == "<stdin>:2: error: amount: `a` is not an amount in MAD\n")
        let batch = try cli.perk("eval", "--batch", "--no-trace", "programs/kenzup.perk", "-", stdin: request + "\r\n" + bad + "\r\n")
        #expect(batch.err == "<stdin>:2: error: amount: `a` is not an amount in MAD\n")

        let lf = try packageFile("Tests/PerkTests/Fixtures/diff-requests.jsonl")
        let crlf = FileManager.default.temporaryDirectory.appendingPathComponent("perk-crlf-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: crlf) }
        try Data(lf.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: URL(fileURLWithPath: crlf))
        let diff = try cli.perk("diff", "programs/kenzup.perk", "Playground/diff/kenzup-6-percent.perk", crlf)
        #expect(diff.status == 4)  // line 4 is no request: skipped, and named by the same number
        #expect(diff.err.hasPrefix("\(crlf):4: error: customer:"))
        #expect(diff.out.split(separator: "\n").prefix(2).map { $0.split(separator: " ").first } == ["\(crlf):1", "\(crlf):5"])
    }

    /// A temporary file holding `bytes`, removed by the caller.
    static func temporaryFile(_ bytes: [UInt8], suffix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("perk-\(UUID().uuidString)\(suffix)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// An empty request is refused as a whole file is (too large, not UTF-8): exit 3, before
    /// any parsing, and nothing is stored.
    @Test func emptyRequestFile() throws {
        let cli = CLITests()
        let empty = try Self.temporaryFile([], suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(try cli.perk("eval", "programs/kenzup.perk", empty)
                == CLITests.Run(status: 3, out: "", err: "error: `\(empty)` is empty: it holds no request\n"))
        #expect(try cli.perk("eval", "programs/kenzup.perk", "-", stdin: "")
                == CLITests.Run(status: 3, out: "", err: "error: standard input is empty: it holds no request\n"))
        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("perk-empty-\(UUID().uuidString).journal").path
        defer { try? FileManager.default.removeItem(atPath: journal) }
        #expect(try cli.perk("ledger", "apply", "programs/kenzup.perk", journal, empty)
                == CLITests.Run(status: 3, out: "", err: "error: `\(empty)` is empty: it holds no request\n"))
        #expect(try cli.perk("ledger", "balance", "programs/kenzup.perk", journal, "card:1").out == "card:1: 0 points (worth 0.00 MAD), cash 0.00 MAD, bonus 0.00 MAD\n")
    }

    /// A line of requests that is not UTF-8 is a bad line like any other: it is named, and
    /// the lines after it are read.
    @Test func invalidUTF8OnARequestLine() throws {
        let cli = CLITests()
        let good = { (order: String) in Array(#"{"order_id": "\#(order)", "amount": 1, \#(Self.time)}"#.utf8) + [10] }
        let bytes = good("A") + Array(#"{"order_id": "B"#.utf8) + [0xFF] + Array(#"", "amount": 1}"#.utf8) + [10] + good("C")
        let batch = try cli.perk(["eval", "--batch", "--no-trace", "programs/kenzup.perk", "-"], stdin: bytes)
        #expect(batch.status == 4)
        #expect(batch.out.split(separator: "\n").map { $0.hasPrefix(#"{"type":"earn""#) ? "outcome" : String($0) }
                == ["outcome", #"{"error":"the line is not valid UTF-8","line":2}"#, "outcome"])
        #expect(batch.err == "<stdin>:2: error: the line is not valid UTF-8\n")

        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("perk-utf8-\(UUID().uuidString).journal").path
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let applied = try cli.perk(["ledger", "apply", "--lines", "--no-trace", "programs/kenzup.perk", journal, "-"], stdin: bytes)
        #expect(applied.status == 4)
        #expect(applied.out.split(separator: "\n").map { $0.hasPrefix(#"{"reference":"#) ? "stored" : String($0) }
                == ["stored", #"{"error":"the line is not valid UTF-8","line":2}"#, "stored"])
        #expect(applied.err == "<stdin>:2: error: the line is not valid UTF-8\n")

        let requests = try Self.temporaryFile(bytes, suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: requests) }
        #expect(try cli.perk("diff", "programs/kenzup.perk", "programs/kenzup.perk", requests)
                == CLITests.Run(status: 3, out: "", err: "\(requests):2: error: the line is not valid UTF-8\n"))
    }

    /// A card id on the command line is held to the limit of text in a request.
    @Test func cardArgumentTooLong() throws {
        let cli = CLITests()
        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("perk-card-\(UUID().uuidString).journal").path
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let long = "card:" + String(repeating: "7", count: 5000)
        #expect(try cli.perk("ledger", "statement", "programs/kenzup.perk", journal, long)
                == CLITests.Run(status: 2, out: "", err: "error: CUSTOMER: longer than 1024 bytes\n"))
        #expect(try cli.perk("ledger", "scan", "programs/kenzup.perk", journal, "A", "customer=" + long)
                == CLITests.Run(status: 2, out: "", err: "error: customer: longer than 1024 bytes\n"))
        let longest = "card:" + String(repeating: "7", count: Request.maximumTextLength)
        #expect(try cli.perk("ledger", "statement", "programs/kenzup.perk", journal, longest)
                == CLITests.Run(status: 0, out: "\(longest): no entries\n", err: ""))
    }

    /// A byte order mark at the start of a request is skipped, in a file, on standard input
    /// and on a line of a batch; errors count columns after it.
    @Test func byteOrderMark() throws {
        let cli = CLITests()
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let request = bom + Array(#"{"order_id": "A", "amount": 1, \#(Self.time)}"#.utf8)
        let file = try Self.temporaryFile(request, suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let expected = try cli.perk("eval", "--compact", "programs/kenzup.perk", "-", stdin: String(decoding: request.dropFirst(3), as: UTF8.self))
        #expect(expected.status == 0)
        #expect(try cli.perk("eval", "--compact", "programs/kenzup.perk", file) == expected)
        #expect(try cli.perk(["eval", "--compact", "programs/kenzup.perk", "-"], stdin: request) == expected)
        #expect(try cli.perk(["eval", "--batch", "programs/kenzup.perk", "-"], stdin: [10] + request) == expected)
        #expect(try cli.perk(["eval", "programs/kenzup.perk", "-"], stdin: bom + Array(#"{"amount": 1,}"#.utf8))
                == CLITests.Run(status: 4, out: "", err: "error: -: invalid JSON at line 1, column 14: expected a member name in double quotes\n"))
    }

    /// Control characters in outside text reach no terminal: text output and errors write
    /// them `\u{1B}`; JSON output escapes them as JSON does.
    @Test func controlCharactersInOutput() throws {
        let cli = CLITests()
        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("perk-control-\(UUID().uuidString).journal").path
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let request = #"{"order_id": "A\u001b[2J\r", "amount": 100, \#(Self.time)}"#
        let applied = try cli.perk("ledger", "apply", "--no-trace", "programs/kenzup.perk", journal, "-", stdin: request)
        #expect(applied.out.split(separator: "\n").dropFirst().first == #"  "reference": "A\u001b[2J\r","#)
        let order = "A\u{1B}[2J\r"
        #expect(try cli.perk("ledger", "scan", "programs/kenzup.perk", journal, order, "customer=0611223344", "time=2020-02-12T19:21:00+01:00")
                == CLITests.Run(status: 0, out: "A\\u{1B}[2J\\u{D}: approved\n  +212611223344  points  +500  earned\n", err: ""))
        #expect(try cli.perk("ledger", "statement", "programs/kenzup.perk", journal, "0611223344") == CLITests.Run(status: 0, out: #"""
            statement of +212611223344
            time                       order            asset   change  reason
            2020-02-12T19:21:00+01:00  A\u{1B}[2J\u{D}  points  +500    earned
            balances: 500 points (worth 5.00 MAD), cash 0.00 MAD, bonus 0.00 MAD

            """#, err: ""))
        #expect(try cli.perk("ledger", "scan", "programs/kenzup.perk", journal, "B\u{1B}]0;x\u{7}", "customer=0611223344")
                == CLITests.Run(status: 5, out: "", err: "error: order_id: no sale has the reference `B\\u{1B}]0;x\\u{7}`\n"))

        let explained = try cli.perk("eval", "--explain", "programs/kenzup.perk", "-", stdin: #"{"order_id": "N\u0000\\", "amount": 1, \#(Self.time)}"#)
        #expect(explained.out.split(separator: "\n").dropFirst().first == #"order             N\u{0}\\"#)

        let requests = try Self.temporaryFile(Array((request + "\n").utf8), suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: requests) }
        let diff = try cli.perk("diff", "programs/kenzup.perk", "Playground/diff/kenzup-6-percent.perk", requests)
        #expect(diff.out.split(separator: "\n").first == "\(requests):1 (order A\\u{1B}[2J\\u{D}): points_earned 500 → 600, cashback 5.00 MAD → 6.00 MAD")

        let repl = try cli.perk("repl", "programs/kenzup.perk", stdin: ":sale order=\u{1B}x\n")
        #expect(repl == CLITests.Run(status: 0, out: "> :sale order=\\u{1B}x\nsale set\n", err: ""))

        let program = try Self.temporaryFile(Array("program \"a\"\ncurrency EUR\n\t\u{0}x\u{1B}[2J\n".utf8), suffix: ".perk")
        defer { try? FileManager.default.removeItem(atPath: program) }
        let checked = try cli.perk("check", program)
        #expect(checked.status == 1)
        #expect(checked.err.hasPrefix("""
            error[E0001]: unexpected character `\\u{0}`
             --> \(program):3:2
              |
            3 | \t\\u{0}x\\u{1B}[2J
              | \t^^^^^ not part of the language

            error[E0102]: expected a statement, found `x`
             --> \(program):3:3
              |
            3 | \t\\u{0}x\\u{1B}[2J
              | \t     ^ unknown statement

            """))
        for output in [applied.out, explained.out, diff.out, checked.err] {
            #expect(!output.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" })
        }
    }

    /// An error quotes at most 32 characters of a value, then `…`.
    @Test func longValueInAnError() throws {
        let digits = String(repeating: "1", count: 1_000_000)
        #expect(throws: EvaluationError(field: "amount", "`\(digits.prefix(32))…` is too large")) {
            try evaluate(try shippedProgram("kenzup"), #"{"amount": \#(digits), \#(Self.time)}"#)
        }
        let run = try CLITests().perk("eval", "programs/kenzup.perk", "-", stdin: #"{"amount": \#(digits.prefix(10_000)), \#(Self.time)}"#)
        #expect(run == CLITests.Run(status: 4, out: "", err: "error: -: amount: `\(digits.prefix(32))…` is too large\n"))
        #expect(throws: EvaluationError(field: "customer.mobile", "`+2126\\u{1B}[2J\(String(repeating: "0", count: 23))…` is not a valid mobile number: expected E.164 (+212611223344) or a Moroccan mobile number (06… or 07…, 10 digits)")) {
            try evaluate(try shippedProgram("kenzup"), #"{"amount": 1, "customer": {"mobile": "+2126\u001b[2J\#(String(repeating: "0", count: 100))"}}"#)
        }
        #expect(throws: EvaluationError(field: String(repeating: "k", count: 32) + "…", "unknown field")) {
            try evaluate(try shippedProgram("kenzup"), #"{"amount": 1, "\#(String(repeating: "k", count: 5000))": 1}"#)
        }
    }

    /// A request file over 64 MiB (here a sparse one) is refused before it is parsed, after
    /// reading one byte more than the limit.
    @Test func requestFileTooLarge() throws {
        let path = try Self.temporaryFile([], suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: (64 << 20) + 1)
        try handle.close()
        #expect(try CLITests().perk("eval", "programs/kenzup.perk", path)
                == CLITests.Run(status: 3, out: "", err: "error: `\(path)` is larger than 64 MiB, the most Perk reads\n"))
    }

    static let header = "program \"a\"\ncurrency EUR\nreward bonus\nearn 1% of eligible revenue rounded down\n"

    @Test func programTooLarge() throws {
        let text = Self.header + String(repeating: "# padding\n", count: Source.maximumSize / 10 + 1)
        let error = try #require(throws: ProgramError.self) { try Program(text: text, name: "big.perk") }
        #expect(error.diagnostics.map(\.code) == ["E0005"])
        #expect(error.diagnostics.map(\.message) == ["the program is larger than 16 MiB"])
    }

    @Test func endlessProgramFile() throws {
        let run = try CLITests().perk("check", "/dev/zero")
        #expect(run == CLITests.Run(status: 3, out: "", err: "error: `/dev/zero` is larger than 16 MiB, the most Perk reads\n"))
    }

    /// The long line is skipped whole; the lines after it are still checked.
    @Test func lineTooLong() throws {
        let text = Self.header + "message qr \"" + String(repeating: "é", count: 3000) + "\"\nreward pionts\n"
        let error = try #require(throws: ProgramError.self) { try Program(text: text, name: "long.perk") }
        #expect(error.diagnostics.map(\.code) == ["E0006", "E0105"])
        #expect(error.diagnostics[0].message == "the line is longer than 4096 bytes")
        #expect(error.source.location(of: error.diagnostics[0].span.start) == (line: 5, column: 2055))
        // The rendered line is cut at 4096 bytes too.
        let rendered = DiagnosticRenderer(source: error.source, color: false).render(error.diagnostics[0])
        #expect(rendered.split(separator: "\n")[3] == "5 | message qr \"" + String(repeating: "é", count: 2042) + "…")
    }

    @Test func tooManyDiagnostics() throws {
        let text = Self.header + String(repeating: "@\n", count: 150) + String(repeating: "blacklist {\n  article A\n}\n", count: 1)
        let error = try #require(throws: ProgramError.self) { try Program(text: text, name: "noise.perk") }
        #expect(error.diagnostics.count == 101)
        #expect(error.diagnostics.prefix(100).allSatisfy { $0.code == "E0001" })
        #expect(error.diagnostics[100].code == "E0009")
        #expect(error.diagnostics[100].message == "50 more errors after this one are not shown")
        #expect(error.diagnostics[100].span == error.diagnostics[99].span)
    }

    /// Left-out warnings alone do not stop a program from compiling.
    @Test func tooManyWarnings() throws {
        let text = Self.header + "blacklist {\n" + String(repeating: "  article A\n", count: 103) + "}\n"
        let program = try Program(text: text, name: "repeats.perk")
        #expect(program.warnings.count == 101)
        #expect(program.warnings.last?.code == "W0003")
        #expect(program.warnings.last?.message == "2 more warnings after this one are not shown")
    }

    @Test func listTooLarge() throws {
        let entries = (0...1_000_000).map { "article \($0)\n" }.joined()
        let text = Self.header + "whitelist {\n" + entries + "}\n"
        let error = try #require(throws: ProgramError.self) { try Program(text: text, name: "huge-list.perk") }
        #expect(error.diagnostics.map(\.code) == ["E0209"])
        #expect(error.diagnostics[0].message == "the whitelist has more than 1000000 entries")
        #expect(error.source.location(of: error.diagnostics[0].span.start) == (line: 1_000_006, column: 9))
    }

    @Test func invalidUTF8InAReplLine() throws {
        let bytes = Array(":json\n:sale order=\"".utf8) + [0xFF] + Array("\"\n:json\n".utf8)
        let run = try CLITests().perk(["repl", "programs/kenzup.perk"], stdin: bytes)
        #expect(run == CLITests.Run(status: 0, out: "> :json\n{}\nerror: the line is not valid UTF-8; it was skipped\n> :json\n{}\n", err: ""))
    }

    @Test func overlongReplLine() throws {
        let long = ":sale order=" + String(repeating: "7", count: 1 << 20)
        let run = try CLITests().perk(["repl", "programs/kenzup.perk"], stdin: ":json\n\(long)\n:json\n")
        #expect(run == CLITests.Run(status: 0, out: "> :json\n{}\nerror: the line is longer than 1 MiB; it was skipped\n> :json\n{}\n", err: ""))
    }
}
