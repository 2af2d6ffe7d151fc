import Perk
import Testing

/// The request fields that loyalty rules read: a line's category and finer unit prices, the
/// customer's tier, tags, birthday and first purchase.
@Suite struct RequestRuleFieldTests {
    static let mad = Currency(code: "MAD")!
    static let eur = Currency(code: "EUR")!
    static let jpy = Currency(code: "JPY")!

    /// A program in MAD that earns on every line, rounding line totals as `rounding` says
    /// (half up when nil: the default).
    func fuelProgram(lineTotals rounding: String? = nil) throws -> Program {
        try Program(text: """
            program "Fuel"
            currency MAD
            1 point = 0.01 MAD
            reward points
            earn 1% of eligible revenue rounded down
            \(rounding.map { "line totals rounded \($0)" } ?? "")
            """)
    }

    func request(_ json: String, _ currency: Currency = mad) throws -> Request {
        try Request(json: json, currency: currency)
    }

    /// The error decoding (and validating) `json` gives, or nil when there is none.
    func error(_ json: String, _ currency: Currency = mad) -> EvaluationError? {
        do {
            _ = try Request(json: json, currency: currency)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Decoding

    @Test func theRuleFieldsAreRead() throws {
        let request = try request(#"""
            {"lines": [{"article": "95", "category": "fuel", "quantity": 21.739, "unit_price": 11.899}],
             "customer": {"mobile": "0611223344", "tier": "gold", "tags": ["staff", "new town"], "birthday": "11-24",
                          "first_purchase": true}}
            """#)
        let line = try #require(request.lines.first)
        #expect(line.category == "fuel")
        #expect(line.unitPrice == 11899)
        #expect(line.unitPriceExtraDecimals == 1)
        let customer = try #require(request.customer)
        #expect(customer.tier == "gold")
        #expect(customer.tags == ["staff", "new town"])
        #expect(customer.birthday == Birthday(month: 11, day: 24))
        #expect(customer.firstPurchase)
    }

    @Test func absentRuleFieldsHaveTheirDefaults() throws {
        let request = try request(#"{"lines": [{"unit_price": 3.49}], "customer": {"card": "C1"}}"#)
        #expect(request.lines.first?.category == nil)
        #expect(request.lines.first?.unitPriceExtraDecimals == 0)
        #expect(request.customer == Request.Customer(card: "C1"))
        #expect(request.customer?.tier == nil)
        #expect(request.customer?.tags == [])
        #expect(request.customer?.birthday == nil)
        #expect(request.customer?.firstPurchase == false)
        // A customer given as a bare mobile number has them too.
        let bare = try self.request(#"{"amount": 1, "customer": "0611223344"}"#)
        #expect(bare.customer == Request.Customer(mobile: MobileNumber("0611223344")))
        #expect(bare.customer?.tags == [])
        #expect(bare.customer?.firstPurchase == false)
        // null is absent.
        let nulls = try self.request(#"""
            {"lines": [{"unit_price": 1, "category": null}],
             "customer": {"tier": null, "tags": null, "birthday": null, "first_purchase": null}}
            """#)
        #expect(nulls.lines.first?.category == nil)
        #expect(nulls.customer == Request.Customer())
    }

    /// Unit prices keep the fewest extra decimals that give the written value exactly.
    @Test(arguments: [
        (mad, "11.90", 1190, 0), (mad, "11.9", 1190, 0), (mad, "11.899", 11899, 1), (mad, "11.8990", 11899, 1),
        (mad, "\"11.899\"", 11899, 1), (mad, "11899e-3", 11899, 1), (mad, "0.0001", 1, 2), (mad, "7", 700, 0),
        (eur, "1.23456", 123456, 3), (eur, "1.23450", 12345, 2), (eur, "3.49", 349, 0), (eur, "3.490000", 349, 0),
        (jpy, "120", 120, 0), (jpy, "1.5", 15, 1), (jpy, "0.125", 125, 3),
    ] as [(Currency, String, Int64, Int8)])
    func unitPricesKeepTheFewestExtraDecimals(_ currency: Currency, _ text: String, _ price: Int64, _ extra: Int8) throws {
        let line = try #require(try request(#"{"lines": [{"unit_price": \#(text)}]}"#, currency).lines.first)
        #expect(line.unitPrice == price)
        #expect(line.unitPriceExtraDecimals == extra)
    }

    @Test func aFullPriceIsComparedAtTheUnitPricesDecimals() throws {
        let fine = try request(#"{"lines": [{"unit_price": 11.899, "full_price": 11.90}]}"#)
        #expect(fine.lines.first?.fullPrice == 1190)
        #expect(try request(#"{"lines": [{"unit_price": 11.899, "full_price": 11.899}]}"#, .init(code: "KWD")!).lines.first?.fullPrice == 11899)
        #expect(error(#"{"lines": [{"unit_price": 11.899, "full_price": 11.89}]}"#)
            == EvaluationError(field: "lines[0].full_price", "the full price is below the unit price charged"))
        // The full price keeps the currency's decimals.
        #expect(error(#"{"lines": [{"unit_price": 11.899, "full_price": 11.905}]}"#)
            == EvaluationError(field: "lines[0].full_price", "`11.905` has more decimals than MAD has (2)"))
    }

    // MARK: Errors

    @Test(arguments: [
        // Unit prices: up to the currency's decimals and three more.
        (#"{"lines": [{"unit_price": 1.234567}]}"#, "lines[0].unit_price", "`1.234567` has more decimals than a unit price in MAD may have (5)"),
        (#"{"lines": [{"unit_price": "1.2345678"}]}"#, "lines[0].unit_price", "`1.2345678` has more decimals than a unit price in MAD may have (5)"),
        (#"{"lines": [{"unit_price": 1e-6}]}"#, "lines[0].unit_price", "`1e-6` has more decimals than a unit price in MAD may have (5)"),
        (#"{"lines": [{"unit_price": -0.001}]}"#, "lines[0].unit_price", "a price cannot be negative"),
        (#"{"lines": [{"unit_price": "11,899"}]}"#, "lines[0].unit_price", "`11,899` is not an amount in MAD"),
        (#"{"lines": [{"unit_price": true}]}"#, "lines[0].unit_price", "expected an amount in MAD, found a boolean"),
        (#"{"lines": [{"unit_price": 9223372036854775.8071}]}"#, "lines[0].unit_price", "`9223372036854775.8071` is too large"),
        (#"{"lines": [{"unit_price": 92233720368547758.08}]}"#, "lines[0].unit_price", "`92233720368547758.08` is too large"),
        // Categories: ids.
        (#"{"lines": [{"unit_price": 1, "category": ""}]}"#, "lines[0].category", "a category cannot be empty or blank"),
        (#"{"lines": [{"unit_price": 1, "category": " \t"}]}"#, "lines[0].category", "a category cannot be empty or blank"),
        (#"{"lines": [{"unit_price": 1, "category": 7}]}"#, "lines[0].category", "expected a string, found a number"),
        (#"{"lines": [{"unit_price": 1, "category": "\#(String(repeating: "x", count: 1025))"}]}"#, "lines[0].category", "longer than 1024 bytes"),
        (#"{"lines": [{"unit_price": 1, "categry": "fuel"}]}"#, "lines[0].categry", "unknown field; did you mean `category`?"),
        // The customer's tier, tags, birthday and first purchase.
        (#"{"amount": 1, "customer": {"tier": ""}}"#, "customer.tier", "a tier cannot be empty or blank"),
        (#"{"amount": 1, "customer": {"tier": ["gold"]}}"#, "customer.tier", "expected a string, found an array"),
        (#"{"amount": 1, "customer": {"tags": "staff"}}"#, "customer.tags", "expected an array, found a string"),
        (#"{"amount": 1, "customer": {"tags": ["staff", ""]}}"#, "customer.tags[1]", "a tag cannot be empty or blank"),
        (#"{"amount": 1, "customer": {"tags": ["  "]}}"#, "customer.tags[0]", "a tag cannot be empty or blank"),
        (#"{"amount": 1, "customer": {"tags": ["staff", 7]}}"#, "customer.tags[1]", "expected a string, found a number"),
        (#"{"amount": 1, "customer": {"tags": ["\#(String(repeating: "x", count: 1025))"]}}"#, "customer.tags[0]", "longer than 1024 bytes"),
        (#"{"amount": 1, "customer": {"tags": [\#(Array(repeating: #""t""#, count: 101).joined(separator: ","))]}}"#,
         "customer.tags", "more than 100 tags"),
        (#"{"amount": 1, "customer": {"birthday": 1124}}"#, "customer.birthday", "expected a string, found a number"),
        (#"{"amount": 1, "customer": {"birthday": "11/24"}}"#, "customer.birthday", "`11/24` is not a birthday: expected MM-DD, such as `11-24`"),
        (#"{"amount": 1, "customer": {"first_purchase": "yes"}}"#, "customer.first_purchase", "expected true or false, found a string"),
        (#"{"amount": 1, "customer": {"tiers": "gold"}}"#, "customer.tiers", "unknown field; did you mean `tier`?"),
        (#"{"amount": 1, "customer": {"firstPurchase": true}}"#, "customer.firstPurchase", "unknown field; did you mean `first_purchase`?"),
    ] as [(String, String, String)])
    func ruleFieldErrors(_ json: String, _ field: String, _ message: String) {
        #expect(error(json) == EvaluationError(field: field, message))
    }

    @Test(arguments: ["02-30", "13-01", "4-01", "04-1", "04-31", "00-10", "01-00", "11-24 ", "1124", "11--4", "+1-24", "", "11-2x", "١١-٢٤"])
    func malformedBirthdaysAreErrors(_ text: String) {
        #expect(error(#"{"amount": 1, "customer": {"birthday": "\#(text)"}}"#)
            == EvaluationError(field: "customer.birthday", "\(VisibleText.quoted(text)) is not a birthday: expected MM-DD, such as `11-24`"))
    }

    @Test func unitPricesIn0To3ExtraDecimalsAreValidated() throws {
        let program = try fuelProgram()
        var request = Request()
        request.lines = [Request.Line(unitPrice: 11899, unitPriceExtraDecimals: 4)]
        #expect(throws: EvaluationError(field: "lines[0].unit_price", "a unit price has from 0 to 3 more decimals than the currency, not 4")) {
            try program.evaluate(request)
        }
        request.lines[0].unitPriceExtraDecimals = -1
        #expect(throws: EvaluationError(field: "lines[0].unit_price", "a unit price has from 0 to 3 more decimals than the currency, not -1")) {
            try program.evaluate(request)
        }
        request.lines[0].unitPriceExtraDecimals = 3  // 0.11899 MAD
        #expect(try program.evaluate(request).saleTotal == 12)
    }

    // MARK: Line amounts

    @Test func aFuelLineIsRoundedOnceFromItsExactAmount() throws {
        let program = try fuelProgram()
        let fuel = #"{"category": "fuel", "quantity": 21.739, "unit_price": 11.899}"#
        let alone = try evaluate(program, #"{"lines": [\#(fuel)]}"#)
        #expect(alone.saleTotal == 25867)  // 258.672361 MAD
        let step = try #require(alone.trace?.steps.first)
        #expect(step.rule == "line totals rounded half up")
        #expect(step.applied)
        #expect(step.detail == "lines[0]: 21.739 × 11.899 MAD = 258.672361 MAD exactly, rounded to 258.67 MAD")
        let withShop = try evaluate(program, #"{"lines": [\#(fuel), {"quantity": 1, "unit_price": 12.00}]}"#)
        #expect(withShop.saleTotal == 27067)
        #expect(withShop.trace?.lines.map(\.amount) == [25867, 1200])
        #expect(try evaluate(program, #"{"lines": [{"quantity": 50, "unit_price": 11.899}]}"#).saleTotal == 59495)
        // The sum of the lines is what a stated amount must equal.
        #expect(try evaluate(program, #"{"amount": 270.67, "lines": [\#(fuel), {"unit_price": 12}]}"#).saleTotal == 27067)
    }

    @Test func theProgramsLineRoundingAppliesToFinerPrices() throws {
        let fuel = #"{"lines": [{"quantity": 21.739, "unit_price": 11.899}]}"#
        #expect(try evaluate(try fuelProgram(lineTotals: "down"), fuel).saleTotal == 25867)
        #expect(try evaluate(try fuelProgram(lineTotals: "up"), fuel).saleTotal == 25868)
        // One unit at a price finer than the currency is rounded too: 11.895 MAD.
        let one = #"{"lines": [{"unit_price": 11.895}]}"#
        #expect(try evaluate(try fuelProgram(), one).saleTotal == 1190)
        #expect(try evaluate(try fuelProgram(lineTotals: "half even"), one).saleTotal == 1190)
        #expect(try evaluate(try fuelProgram(lineTotals: "down"), one).saleTotal == 1189)
        let trace = try evaluate(try fuelProgram(), one).trace?.steps.first?.detail
        #expect(trace == "lines[0]: 1 × 11.895 MAD = 11.895 MAD exactly, rounded to 11.90 MAD")
        // Rounded once, not the price and then the amount: 0.5 × 0.125 MAD is 0.0625, so 0.06 MAD (not 0.07).
        #expect(try evaluate(try fuelProgram(), #"{"lines": [{"quantity": 0.5, "unit_price": 0.125}]}"#).saleTotal == 6)
        // An exact amount needs no rounding step: 10 × 11.899 MAD = 118.99 MAD.
        let exact = try evaluate(try fuelProgram(), #"{"lines": [{"quantity": 10, "unit_price": 11.899}]}"#)
        #expect(exact.saleTotal == 11899)
        #expect(exact.trace?.steps.contains { $0.rule.hasPrefix("line totals") } == false)
    }

    @Test func aUnitPriceAtTheLastExtraDecimal() throws {
        let program = try fuelProgram()
        // Five decimals in MAD, the most: 2 × 1.00005 MAD = 2.0001 MAD, rounded to 2.00 MAD.
        let line = try #require(try request(#"{"lines": [{"quantity": 2, "unit_price": 1.00005}]}"#).lines.first)
        #expect((line.unitPrice, line.unitPriceExtraDecimals) == (100005, 3))
        let outcome = try evaluate(program, #"{"lines": [{"quantity": 2, "unit_price": 1.00005}]}"#)
        #expect(outcome.saleTotal == 200)
        #expect(outcome.trace?.steps.first?.detail == "lines[0]: 2 × 1.00005 MAD = 2.0001 MAD exactly, rounded to 2.00 MAD")
        // A sixth decimal is one too many.
        #expect(error(#"{"lines": [{"quantity": 2, "unit_price": 1.000051}]}"#)
            == EvaluationError(field: "lines[0].unit_price", "`1.000051` has more decimals than a unit price in MAD may have (5)"))
    }

    @Test func aLineAmountBeyond64BitsIsAnError() throws {
        let program = try fuelProgram()
        // 9 223 372 036 854 775.807 MAD fits at one extra decimal, and once rounded too…
        let once = try evaluate(program, #"{"lines": [{"unit_price": 9223372036854775.807}]}"#)
        #expect(once.saleTotal == 922_337_203_685_477_581)
        // …but not twenty times over.
        #expect(throws: EvaluationError(field: "lines[0].unit_price", "amount too large: the result does not fit in 64 bits")) {
            try evaluate(program, #"{"lines": [{"quantity": 20, "unit_price": 9223372036854775.807}]}"#)
        }
    }

    // MARK: Writing back

    @Test func theRuleFieldsRoundTrip() throws {
        let json = #"""
            {"lines": [{"article": "95", "category": "fuel", "quantity": 21.739, "unit_price": 11.899, "full_price": 11.90},
                       {"category": "dairy", "unit_price": 1.23456}],
             "customer": {"mobile": "0611223344", "tier": "gold", "tags": ["staff", "vip"], "birthday": "02-29", "first_purchase": true}}
            """#
        let request = try request(json, Self.eur)
        let written = request.json(currency: Self.eur)
        #expect(try Request(json: written, currency: Self.eur) == request)
        #expect(written.text == #"""
            { "type": "earn", "lines": [{ "article": "95", "category": "fuel", "quantity": 21.739, "unit_price": 11.899, "full_price": 11.90 }, \#
            { "category": "dairy", "quantity": 1.000, "unit_price": 1.23456 }], "customer": { "mobile": "+212611223344", "tier": "gold", \#
            "tags": ["staff", "vip"], "birthday": "02-29", "first_purchase": true } }
            """#)
        // The defaults are left out.
        let plain = try self.request(#"{"amount": 1, "customer": {"card": "C1", "first_purchase": false, "tags": []}}"#)
        #expect(plain.json(currency: Self.mad).text == #"{ "type": "earn", "amount": 1.00, "customer": { "card": "C1" } }"#)
    }

    /// A price with extra decimals that end in zeros is the same price as without them, and is
    /// written with the fewest decimals.
    @Test func unitPricesAreComparedAndWrittenByValue() throws {
        let zeros = Request.Line(unitPrice: 11900, unitPriceExtraDecimals: 1)
        let plain = Request.Line(unitPrice: 1190)
        #expect(zeros == plain)
        #expect(zeros != Request.Line(unitPrice: 11901, unitPriceExtraDecimals: 1))
        #expect(zeros != Request.Line(unitPrice: 1190, unitPriceExtraDecimals: 1))
        var request = Request()
        request.lines = [zeros, Request.Line(unitPrice: 5, unitPriceExtraDecimals: 3)]
        let written = request.json(currency: Self.jpy)
        #expect(written.text == #"{ "type": "earn", "lines": [{ "quantity": 1.000, "unit_price": 1190 }, { "quantity": 1.000, "unit_price": 0.005 }] }"#)
        #expect(try Request(json: written, currency: Self.jpy) == request)
        // Out of range, the price is still written exactly (and refused when read back).
        request.lines = [Request.Line(unitPrice: 12, unitPriceExtraDecimals: 100)]
        #expect(request.json(currency: Self.mad).text.contains(#""unit_price": 0.\#(String(repeating: "0", count: 100))12 "#))
        request.lines = [Request.Line(unitPrice: -12, unitPriceExtraDecimals: -3)]
        #expect(request.json(currency: Self.mad).text.contains(#""unit_price": -120 "#))
    }

    // MARK: Birthdays

    @Test func birthdaysReadAndWriteMMDD() {
        #expect(Birthday("11-24") == Birthday(month: 11, day: 24))
        #expect(Birthday("02-29")?.description == "02-29")
        #expect(Birthday("12-31")?.description == "12-31")
        #expect(Birthday(month: 1, day: 5)?.description == "01-05")
        #expect(Birthday(month: 2, day: 30) == nil)
        #expect(Birthday(month: 4, day: 31) == nil)
        #expect(Birthday(month: 0, day: 1) == nil)
        #expect(Birthday(month: 12, day: 0) == nil)
        #expect(Birthday(month: 13, day: 1) == nil)
    }

    @Test func aBirthdayFallsOnItsDate() throws {
        let birthday = try #require(Birthday("11-24"))
        #expect(birthday.falls(onMonth: 11, day: 24, leapYear: false))
        #expect(birthday.falls(onMonth: 11, day: 24, leapYear: true))
        #expect(!birthday.falls(onMonth: 11, day: 25, leapYear: false))
        #expect(!birthday.falls(onMonth: 12, day: 24, leapYear: true))
        // 29 February falls on 28 February in a year without a 29th, and only then.
        let leapDay = try #require(Birthday("02-29"))
        #expect(leapDay.falls(onMonth: 2, day: 29, leapYear: true))
        #expect(!leapDay.falls(onMonth: 2, day: 28, leapYear: true))
        #expect(leapDay.falls(onMonth: 2, day: 28, leapYear: false))
        #expect(!leapDay.falls(onMonth: 3, day: 1, leapYear: false))
        let february28 = try #require(Birthday("02-28"))
        #expect(february28.falls(onMonth: 2, day: 28, leapYear: false))
        #expect(february28.falls(onMonth: 2, day: 28, leapYear: true))
        #expect(!february28.falls(onMonth: 2, day: 29, leapYear: true))
    }
}
