import Perk
import Testing

/// The request fields that loyalty rules read: a line's category, the customer's tier, tags,
/// birthday and first purchase.
@Suite struct RequestRuleFieldTests {
    static let mad = Currency(code: "MAD")!
    static let eur = Currency(code: "EUR")!

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
            {"lines": [{"article": "95", "category": "fuel", "quantity": 21.739, "unit_price": 11.90}],
             "customer": {"mobile": "0611223344", "tier": "gold", "tags": ["staff", "new town"], "birthday": "11-24",
                          "first_purchase": true}}
            """#)
        let line = try #require(request.lines.first)
        #expect(line.category == "fuel")
        let customer = try #require(request.customer)
        #expect(customer.tier == "gold")
        #expect(customer.tags == ["staff", "new town"])
        #expect(customer.birthday == Birthday(month: 11, day: 24))
        #expect(customer.firstPurchase)
    }

    @Test func absentRuleFieldsHaveTheirDefaults() throws {
        let request = try request(#"{"lines": [{"unit_price": 3.49}], "customer": {"card": "C1"}}"#)
        #expect(request.lines.first?.category == nil)
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

    // MARK: Errors

    @Test(arguments: [
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

    // MARK: Writing back

    @Test func theRuleFieldsRoundTrip() throws {
        let json = #"""
            {"lines": [{"article": "95", "category": "fuel", "quantity": 21.739, "unit_price": 11.89, "full_price": 11.90},
                       {"category": "dairy", "unit_price": 1.23}],
             "customer": {"mobile": "0611223344", "tier": "gold", "tags": ["staff", "vip"], "birthday": "02-29", "first_purchase": true}}
            """#
        let request = try request(json, Self.eur)
        let written = request.json(currency: Self.eur)
        #expect(try Request(json: written, currency: Self.eur) == request)
        #expect(written.text == #"""
            { "type": "earn", "lines": [{ "article": "95", "category": "fuel", "quantity": 21.739, "unit_price": 11.89, "full_price": 11.90 }, \#
            { "category": "dairy", "quantity": 1.000, "unit_price": 1.23 }], "customer": { "mobile": "+212611223344", "tier": "gold", \#
            "tags": ["staff", "vip"], "birthday": "02-29", "first_purchase": true } }
            """#)
        // The defaults are left out.
        let plain = try self.request(#"{"amount": 1, "customer": {"card": "C1", "first_purchase": false, "tags": []}}"#)
        #expect(plain.json(currency: Self.mad).text == #"{ "type": "earn", "amount": 1.00, "customer": { "card": "C1" } }"#)
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
