import Perk
import Testing

/// Bad requests get an error naming the field, never a trap and never a partial outcome.
@Suite struct RequestErrorTests {
    static let kenzup = #"{"amount": 12.45, "time": "2020-02-12T19:20:30+01:00", "#

    func error(_ program: String, _ json: String) throws -> EvaluationError? {
        let program = try shippedProgram(program)
        do {
            _ = try evaluate(program, json)
            return nil
        } catch let error as EvaluationError {
            return error
        }
    }

    @Test(arguments: [
        (#"{"amount": 12.45, "custmer": "0611223344"}"#, "custmer", "unknown field; did you mean `customer`?"),
        (#"{"amount": "12,45"}"#, "amount", "`12,45` is not an amount in MAD"),
        (#"{"amount": 12.455}"#, "amount", "`12.455` has more decimals than MAD has (2)"),
        (#"{"amount": 12.45, "currency": "EUR"}"#, "currency", "the request is in EUR but the program's currency is MAD"),
        (#"{"amount": true}"#, "amount", "expected an amount in MAD, found a boolean"),
        (#"{"type": "earnn", "amount": 1}"#, "type", "unknown request type `earnn`; expected `earn`, `payment`, `burn` or `balance`; did you mean `earn`?"),
        (#"{"amount": 1, "time": "12/02/2020"}"#, "time", "`12/02/2020` is not an ISO 8601 time such as `2020-02-12T19:20:30+01:00`"),
        (#"{"lines": [{"unit_price": 1, "quantity": 0}]}"#, "lines[0].quantity", "the quantity must be above zero"),
        (#"{"lines": [{"unit_price": 1, "quantity": 1.2345}]}"#, "lines[0].quantity", "`1.2345` has more than 3 decimals"),
        (#"{"lines": [{"quantity": 1}]}"#, "lines[0].unit_price", "required"),
        (#"{"lines": [{"unit_price": -1}]}"#, "lines[0].unit_price", "a price cannot be negative"),
        (#"{"lines": [{"unit_price": 1, "vat_rate": 120}]}"#, "lines[0].vat_rate", "a VAT rate must be between 0 and 100"),
        (#"{"amount": 92233720368547758.08}"#, "amount", "`92233720368547758.08` is too large"),
        (#"{"amount": 1, "customer": {"balances": {"points": -5}}}"#, "customer.balances.points", "a balance cannot be negative"),
        (#"{"amount": 1, "tenders": [{"tender_id": "Cash"}]}"#, "tenders[0].amount", "required"),
        (#"{"amount": 1, "cashback_amount_override": 200.00, "cashback_override_reason": "x"}"#, "cashback_amount_override",
         "200.00 MAD is above the program's maximum of 100.00 MAD"),
        (#"{"amount": 1, "cashback_rate_override": 0.1, "cashback_amount_override": 1, "cashback_override_reason": "x"}"#,
         "cashback_amount_override", "a rate override and an amount override cannot be given together"),
        (#"{"amount": 1, "time": "2020-02-12T19:20:30+01:00", "cashback_override_reason": "x"}"#, "cashback_override_reason",
         "a reason without a cashback override"),
        (#"{"amount": 1}"#, "time", "required: the QR's expiry is counted from the sale time"),
        (#"{"time": "2020-02-12T19:20:30+01:00"}"#, "amount", "required: the sale needs `lines` or an amount"),
        (#"{"amount": 1, "sale_amount": 2}"#, "sale_amount", "a request of type `earn` has no such field"),
        (#"{"amount": 1, "paid_with": "points"}"#, "paid_with", "a request of type `earn` has no such field"),
        (#"{"lines": [{"unit_prce": 1}]}"#, "lines[0].unit_prce", "unknown field; did you mean `unit_price`?"),
        (#"{"type": "payment", "sale_amount": 100, "amount": 40, "paid_amount": 50, "time": "2020-02-12T19:20:30+01:00"}"#,
         "paid_amount", "50.00 MAD is above the in-app amount 40.00 MAD"),
        (#"{"type": "payment", "amount": 40, "paid_with": "points", "time": "2020-02-12T19:20:30+01:00"}"#,
         "customer.balances.points", "required: the points balance to pay from"),
        (#"{"amount": 1, "force": true, "customer": {"mobile": "0611223344"}, "brand": 7}"#, "brand", "expected a string, found a number"),
        ("[1, 2]", nil, "expected an object, found an array"),
        ("{\"amount\": 1", nil, "invalid JSON at line 1, column 13: unexpected end of input, expected `,` or `}`"),
    ] as [(String, String?, String)])
    func kenzupRequestErrors(_ json: String, _ field: String?, _ message: String) throws {
        let found = try error("kenzup", json)
        #expect(found == EvaluationError(field: field, message))
    }

    @Test func overflowNearInt64MaxIsAnErrorNotATrap() throws {
        let huge = "92233720368547758.07"
        let lines = #"{"lines": [{"unit_price": \#(huge)}, {"unit_price": \#(huge)}]}"#
        #expect(try error("secucard", lines) == EvaluationError(field: "lines", "amount too large: the result does not fit in 64 bits"))
        let quantity = #"{"lines": [{"unit_price": \#(huge), "quantity": 2}]}"#
        #expect(try error("secucard", quantity)?.field == "lines[0].unit_price")
        let balance = #"{"lines": [{"unit_price": 1.00}], "customer": {"balances": {"bonus": \#(huge)}}}"#
        #expect(try error("secucard", balance)?.field == "customer.balances")
        let points = #"{"type": "balance", "customer": {"balances": {"points": 9223372036854775807}}}"#
        #expect(try evaluate(try shippedProgram("convercus"), points).pointsValue == Int64.max)
    }

    @Test func hugeTendersWithAPointsPaymentDoNotTrap() throws {
        let program = try Program(text: """
            program "Tenders"
            currency MAD
            1 point = 0.01 MAD
            reward points
            earn 5% of eligible revenue rounded down
            points payments earn nothing
            burn rounded up
            tender "T" earns nothing
            """)
        let outcome = try evaluate(program, #"""
            {"type": "payment", "sale_amount": 1.00, "amount": 1.00, "paid_with": "points",
             "tenders": [{"tender_id": "T", "amount": 92233720368547758.07}, {"tender_id": "T", "amount": 1.00}],
             "customer": {"balances": {"points": 100}}}
            """#)
        #expect(outcome.eligibleRevenue == 0)
        #expect(outcome.pointsEarned == 0)
        #expect(outcome.pointsBurned == 100)
    }

    @Test func requestsBuiltInSwiftAreValidatedToo() throws {
        let program = try shippedProgram("secucard")
        var request = Request()
        request.lines = [Request.Line(article: "30037", unitPrice: 349, vatRate: Rate(percent: 7))]
        request.payWithCard = true
        request.customer = Request.Customer(balances: Request.Balances(cash: Int64.min))
        #expect(throws: EvaluationError(field: "customer.balances.cash", "a balance cannot be negative")) {
            try program.evaluate(request)
        }
        request.customer = nil
        request.lines[0].unitPrice = -1
        #expect(throws: EvaluationError(field: "lines[0].unit_price", "a price cannot be negative")) {
            try program.evaluate(request)
        }
    }

    @Test func aDeclinedPaymentEarnsAndBurnsNothing() throws {
        let outcome = try evaluate(try shippedProgram("kenzup"), #"""
            {"type": "payment", "sale_amount": 100, "amount": 40, "paid_amount": 30, "paid_with": "points",
             "time": "2020-02-12T19:20:30+01:00", "customer": {"mobile": "0611223344", "balances": {"points": 5000}}}
            """#)
        #expect(outcome.status == .declined)
        #expect(outcome.pointsBurned == 0)
        #expect(outcome.pointsEarned == 0)
        #expect(outcome.balancesAfter == nil)
        #expect(outcome.declineReason == "partial payment: 30.00 MAD paid of 40.00 MAD and error_on_partial is true")
    }
}
