import Foundation
import Testing
@testable import Perk

/// The request and the outcome are each described by one table of fields, which decoding,
/// encoding, the text for people and `perk diff` read: a field in the table is written, read
/// back, documented and compared, and nothing outside the table is.
struct WireTableTests {
    static let mad = Currency(code: "MAD")!

    /// The keys of a table, as written.
    static func keys<Root>(_ fields: [WireField<Root>]) -> [String] { fields.map(\.name) }

    /// The keys of a JSON object, in order.
    static func keys(_ value: JSON?) -> [String] {
        guard case .object(let members)? = value else { return [] }
        return members.map(\.key)
    }

    static func member(_ value: JSON, _ key: String) -> JSON? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }

    static func first(_ value: JSON?) -> JSON? {
        guard case .array(let elements)? = value else { return nil }
        return elements.first
    }

    /// A request with every field away from its default: each is written, under the table's
    /// key and in its order, and reads back as the same request.
    @Test func everyRequestFieldIsWrittenAndReadBack() throws {
        var request = Request(kind: .payment)
        request.orderID = "O1"
        request.externalID = "X1"
        request.time = Timestamp("2026-12-04T10:00:00+01:00")
        request.lines = [Request.Line(article: "111", ean: "3017620422003", description: "Fuel", quantityThousandths: 21_739,
                                      unitPrice: 11_899, unitPriceExtraDecimals: 1, fullPrice: 1_200,
                                      vatRate: Rate(millionths: 200_000), category: "fuel")]
        request.amount = 2_000
        request.saleAmount = 26_000
        request.paidAmount = 1_500
        request.paidWithPoints = true
        request.errorOnPartial = false
        request.payWithCard = true
        request.merchant = "M1"
        request.brand = "B1"
        request.shop = "S1"
        request.terminalID = "T1"
        request.agentID = "A1"
        request.force = true
        request.rateOverride = Rate(millionths: 100_000)
        request.amountOverride = 300
        request.overrideReason = "goodwill"
        request.customer = Request.Customer(mobile: MobileNumber("0611223344"), registered: false, card: "C1",
                                            linkedOffers: ["OFFER1"], balances: Request.Balances(cash: 1, bonus: 2, points: 3),
                                            tier: "gold", tags: ["staff"], birthday: Birthday("11-24"), firstPurchase: true)
        request.tenders = [Request.Tender(id: "voucher", amount: 500)]

        let written = request.json(currency: Self.mad)
        #expect(Self.keys(written) == Self.keys(Request.wireFields).filter { $0 != "currency" })
        #expect(Self.keys(Self.first(Self.member(written, "lines"))) == Self.keys(Request.Line.wireFields))
        #expect(Self.keys(Self.member(written, "customer")) == Self.keys(Request.Customer.wireFields))
        #expect(Self.keys(Self.first(Self.member(written, "tenders"))) == Self.keys(Request.Tender.wireFields))
        // Read back without `validate()`, which refuses this mix of payment and earn fields.
        var fields = try JSONFields(written, path: "", currency: Self.mad)
        var read = Request()
        try read.readMembers(&fields)
        try Request.finish(fields)
        #expect(read == request)
    }

    /// An outcome with every part: a forced earn at Afriquia Gaz gives vouchers and a pending
    /// credit, the trace gives steps and lines. Written and read back, it is the same outcome.
    @Test func anOutcomeIsWrittenInTheTablesOrderAndReadBack() throws {
        let program = try shippedProgram("kenzup")
        let request = try Request(json: try packageFile("Playground/requests/kenzup.afriquia-vouchers.json"), currency: program.currency)
        let outcome = try program.evaluate(request)
        let written = try JSONParser.parse(outcome.json())
        // Warnings are left out when there are none.
        #expect(Self.keys(written) == Self.keys(Outcome.wireFields).filter { $0 != "warnings" })
        #expect(Self.keys(Self.member(written, "vouchers")) == Self.keys(Outcome.Vouchers.wireFields))
        #expect(Self.keys(Self.member(written, "pending_credit")) == Self.keys(Outcome.PendingCredit.wireFields))
        #expect(try Outcome(json: written) == outcome)
        // Without the trace, its part and the rules' reasons are left out.
        let untraced = try JSONParser.parse(outcome.json(trace: false))
        #expect(Self.keys(untraced) == Self.keys(Outcome.wireFields).filter { $0 != "trace" && $0 != "warnings" })
        // A misspelt brand is warned about, after the rules.
        let misspelt = try program.evaluate(try Request(json: #"{"amount": 10, "brand": "Afriqia Gaz", "time": "2020-02-12T19:20:30+01:00"}"#, currency: program.currency))
        let keys = Self.keys(try JSONParser.parse(misspelt.json()))
        #expect(Array(keys.suffix(3)) == ["rules", "warnings", "trace"])
        #expect(try Outcome(json: try JSONParser.parse(misspelt.json())) == misspelt)
    }

    /// A misspelt member of a rule's result is named with the key meant, even one a field
    /// writes beside its own (`bonus` beside `points`, `cap_cut` beside `cap`).
    @Test func aMisspeltRuleMemberGetsADidYouMean() throws {
        let text = try packageFile("Playground/expected/kenzup.earn.json")
        let rules = try #require(text.range(of: #""rules": ["#))
        let applied = try #require(text.range(of: #""applied": true,"#, range: rules.upperBound..<text.endIndex))
        func error(_ member: String) throws -> EvaluationError {
            let json = try JSONParser.parse(text.replacingCharacters(in: applied, with: #""applied": true, "# + member + ": 1,"))
            return try #require(throws: EvaluationError.self) { try Outcome(json: json) }
        }
        let bonus = try error(#""bonsu""#)
        #expect(bonus.description == "rules[0].bonsu: unknown field; did you mean `bonus`?")
        let capCut = try error(#""cap_cutt""#)
        #expect(capCut.description == "rules[0].cap_cutt: unknown field; did you mean `cap_cut`?")
    }

    /// The text for people shows the table's rows in the table's order, and `perk diff`
    /// compares the fields the table marks, under their JSON names.
    @Test func theTextAndTheComparisonReadTheTable() throws {
        let program = try shippedProgram("kenzup")
        let request = try Request(json: try packageFile("Playground/requests/kenzup.afriquia-vouchers.json"), currency: program.currency)
        let outcome = try program.evaluate(request, trace: false)
        #expect(outcome.wireRows(program.currency).map(\.label) == ["status", "order", "sale total", "eligible revenue", "points earned",
                                                                  "missing sum", "pending credit", "vouchers", "message"])
        #expect(outcome.explained().hasPrefix("status            approved\norder             "))
        #expect(Outcome.wireFields.compactMap { $0.compared?.name } == [
            "result", "eligible_revenue", "points_earned", "bonus_earned", "cashback", "cash_redeemed", "bonus_redeemed",
            "bonus_applied", "points_burned", "missing_sum", "discount", "offer_cashback", "pending_credit", "vouchers",
        ])
        // Against itself, nothing differs; against the same sale without its vouchers, they do.
        #expect(outcome.comparedDifferences(outcome, program.currency).isEmpty)
        let plain = try program.evaluate(try Request(json: #"{"amount": 100.00, "time": "2020-02-12T19:20:30+01:00"}"#, currency: program.currency),
                                         trace: false)
        #expect(outcome.comparedDifferences(plain, program.currency).map(\.name).contains("vouchers"))
    }

    /// A change of voucher denomination changes no point, but `perk diff` reports it: the
    /// vouchers are a compared field.
    @Test func aVoucherChangeIsADifference() throws {
        let text = try packageFile("programs/kenzup.perk")
        let old = try Program(text: text, name: "old.perk")
        let new = try Program(text: text.replacingOccurrences(of: "vouchers of 5.00 MAD", with: "vouchers of 10.00 MAD"), name: "new.perk")
        var comparison = try ProgramComparison(old: old, new: new)
        comparison.add(json: try packageFile("Playground/requests/kenzup.afriquia-vouchers.json"), label: "line 1")
        let changes = try #require(comparison.differences.first).changes
        #expect(changes.map(\.name).contains("vouchers"))
        let vouchers = try #require(changes.first { $0.name == "vouchers" })
        #expect(vouchers.old != vouchers.new)
        #expect(vouchers.old.hasSuffix("× 5.00 MAD"))
        #expect(vouchers.new.hasSuffix("× 10.00 MAD"))
    }

    /// Every key of every table has its row in docs/requests.md.
    @Test func everyFieldIsDocumented() throws {
        let documentation = try packageFile("docs/requests.md")
        let keys = Self.keys(Request.wireFields) + Self.keys(Request.Line.wireFields) + Self.keys(Request.Customer.wireFields)
            + Self.keys(Request.Tender.wireFields) + Self.keys(Request.Balances.wireFields) + Self.keys(Outcome.wireFields)
            + Self.keys(Outcome.BonusProductLine.wireFields) + Self.keys(Outcome.OfferResult.wireFields)
            + Self.keys(Outcome.PendingCredit.wireFields) + Self.keys(Outcome.Vouchers.wireFields)
            + Self.keys(Outcome.RuleResult.wireFields) + Self.keys(Trace.wireFields) + Self.keys(Trace.LineDecision.wireFields)
            + Self.keys(Trace.Step.wireFields)
        let missing = Set(keys).filter { !documentation.contains("`\($0)`") && !documentation.contains("\"\($0)\"") }
        #expect(missing.isEmpty, "not in docs/requests.md: \(missing.sorted())")
    }
}
