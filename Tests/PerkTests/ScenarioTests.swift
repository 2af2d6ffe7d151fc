import Testing
import Perk

/// Acceptance tests: one test per case of the acceptance scenarios (sections A to D), with
/// every number the case states. Money is compared in minor units (7.96 EUR is 796).
struct ScenarioTests {

    // MARK: - Helpers

    /// Evaluates `json` and expects an `EvaluationError`; records an issue otherwise.
    private static func evaluationError(
        _ program: Program, _ json: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> EvaluationError? {
        do {
            let outcome = try evaluate(program, json)
            Issue.record("expected an EvaluationError, got an outcome with status \(outcome.status)",
                         sourceLocation: sourceLocation)
            return nil
        } catch let error as EvaluationError {
            return error
        } catch {
            Issue.record("expected an EvaluationError, got \(type(of: error)): \(error)",
                         sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Checks one bonus product line: article, description, amount (negative) and VAT rate.
    private static func expectLine(
        _ outcome: Outcome, _ index: Int,
        article: String, description: String, amount: Int64, vat: Int64,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let lines = outcome.bonusProducts
        guard index < lines.count else {
            Issue.record("bonus product line \(index) missing; got \(lines.count) lines",
                         sourceLocation: sourceLocation)
            return
        }
        let line = lines[index]
        #expect(line.article == article, sourceLocation: sourceLocation)
        #expect(line.description == description, sourceLocation: sourceLocation)
        #expect(line.amount == amount, sourceLocation: sourceLocation)
        #expect(line.vatRate == Rate(percent: vat), sourceLocation: sourceLocation)
    }

    /// The lines of basket S, the secucard seed's basket (total 7.96 EUR).
    private static let basketSLines = """
        [
          { "article": "30037", "description": "Sandwich Romano", "quantity": 1, "unit_price": 3.49, "vat_rate": 7 },
          { "article": "30200", "description": "Fruit salad, small bowl", "quantity": 1, "unit_price": 2.49, "vat_rate": 7 },
          { "article": "51", "ean": "4999012345678", "description": "Water, mildly sprinkling, 0.25 ltr.", "quantity": 2, "unit_price": 0.99, "vat_rate": 19 }
        ]
        """

    /// An earn request on basket S, paid with the card holding `cash` and `bonus` (major units).
    private static func basketSPaidWithCard(cash: String, bonus: String) -> String {
        """
        {
          "type": "earn",
          "order_id": "STX_2DH4N2AFK2NRDH3KQU52ZC89GWMRA2",
          "currency": "EUR",
          "lines": \(basketSLines),
          "customer": { "card": "9276004424644352", "balances": { "cash": \(cash), "bonus": \(bonus) } },
          "pay_with_card": true
        }
        """
    }

    /// An earn request on basket S without a card payment.
    private static let basketSNoCard = """
        {
          "type": "earn",
          "order_id": "STX_NO_CARD",
          "currency": "EUR",
          "lines": \(basketSLines)
        }
        """

    // MARK: - A. secucard "Stammkunde"

    @Test("A1: basket S paid with the card") func A1() throws {
        let program = try shippedProgram("secucard")
        let outcome = try evaluate(program, Self.basketSPaidWithCard(cash: "2.00", bonus: "0.20"))
        #expect(outcome.status == .approved)
        #expect(outcome.saleTotal == 796)
        #expect(outcome.cashRedeemed == 200)
        #expect(outcome.bonusRedeemed == 20)
        #expect(outcome.bonusProducts.count == 2)
        Self.expectLine(outcome, 0, article: "111000007", description: "Bonus VAT 7%", amount: -15, vat: 7)
        Self.expectLine(outcome, 1, article: "111000019", description: "Bonus VAT 19%", amount: -5, vat: 19)
        #expect(outcome.missingSum == 576)
        #expect(outcome.eligibleRevenue == 776)
        #expect(outcome.bonusEarned == 77)
        let after = try #require(outcome.balancesAfter)
        #expect(after.cash == 0)
        #expect(after.bonus == 77)
    }

    @Test("A2: A1 with the bonus products blacklisted") func A2() throws {
        let program = try shippedProgram("secucard-blacklist")
        let outcome = try evaluate(program, Self.basketSPaidWithCard(cash: "2.00", bonus: "0.20"))
        #expect(outcome.status == .approved)
        #expect(outcome.eligibleRevenue == 796)
        #expect(outcome.bonusEarned == 79)
        // The rest as A1.
        #expect(outcome.saleTotal == 796)
        #expect(outcome.cashRedeemed == 200)
        #expect(outcome.bonusRedeemed == 20)
        #expect(outcome.bonusProducts.count == 2)
        Self.expectLine(outcome, 0, article: "111000007", description: "Bonus VAT 7%", amount: -15, vat: 7)
        Self.expectLine(outcome, 1, article: "111000019", description: "Bonus VAT 19%", amount: -5, vat: 19)
        #expect(outcome.missingSum == 576)
        let after = try #require(outcome.balancesAfter)
        #expect(after.cash == 0)
        #expect(after.bonus == 79)
    }

    @Test("A3: basket S, whitelist of articles 30037 and 30200") func A3() throws {
        let program = try shippedProgram("secucard-whitelist")
        let outcome = try evaluate(program, Self.basketSNoCard)
        #expect(outcome.status == .approved)
        #expect(outcome.saleTotal == 796)
        #expect(outcome.eligibleRevenue == 598)
        #expect(outcome.bonusEarned == 59)
        #expect(outcome.cashRedeemed == 0)
        #expect(outcome.bonusRedeemed == 0)
        #expect(outcome.bonusProducts.isEmpty)
    }

    @Test("A4: basket S, whitelist of EAN 4999012345678") func A4() throws {
        let text = """
            # secucard "Stammkunde" with a whitelist by EAN: only the water earns bonus.

            program "secucard Stammkunde, water only"
            currency EUR

            reward bonus
            credit next buy
            earn 10% of eligible revenue rounded down
            redeem cash then bonus

            bonus products {
              vat 0% article 111000000 "Bonus VAT 0%"
              vat 7% article 111000007 "Bonus VAT 7%"
              vat 19% article 111000019 "Bonus VAT 19%"
            }

            whitelist {
              ean 4999012345678
            }

            """
        let program = try Program(text: text, name: "a4.perk")
        let outcome = try evaluate(program, Self.basketSNoCard)
        #expect(outcome.status == .approved)
        #expect(outcome.saleTotal == 796)
        #expect(outcome.eligibleRevenue == 198)
        #expect(outcome.bonusEarned == 19)
    }

    @Test("A5: card top-up counted, then blacklisted by EAN") func A5() throws {
        let json = """
            {
              "type": "earn",
              "order_id": "STX_TOPUP",
              "currency": "EUR",
              "lines": [
                { "article": "900", "ean": "4260447149502", "description": "Card top-up", "quantity": 1, "unit_price": 50.00, "vat_rate": 0 },
                { "article": "30037", "description": "Sandwich Romano", "quantity": 1, "unit_price": 3.49, "vat_rate": 7 }
              ]
            }
            """
        let plain = try evaluate(try shippedProgram("secucard"), json)
        #expect(plain.saleTotal == 5349)
        #expect(plain.eligibleRevenue == 5349)
        #expect(plain.bonusEarned == 534)

        let blacklisted = try evaluate(try shippedProgram("secucard-blacklist"), json)
        #expect(blacklisted.saleTotal == 5349)
        #expect(blacklisted.eligibleRevenue == 349)
        #expect(blacklisted.bonusEarned == 34)
    }

    @Test("A6: cash balance covers the basket") func A6() throws {
        let json = """
            {
              "type": "earn",
              "order_id": "STX_A6",
              "currency": "EUR",
              "lines": [
                { "article": "51", "description": "Water", "quantity": 1, "unit_price": 1.50, "vat_rate": 19 }
              ],
              "customer": { "card": "9276004424644352", "balances": { "cash": 2.00, "bonus": 0.20 } },
              "pay_with_card": true
            }
            """
        let outcome = try evaluate(try shippedProgram("secucard"), json)
        #expect(outcome.status == .approved)
        #expect(outcome.saleTotal == 150)
        #expect(outcome.cashRedeemed == 150)
        #expect(outcome.bonusRedeemed == 0)
        #expect(outcome.bonusProducts.isEmpty)
        #expect(outcome.missingSum == 0)
        #expect(outcome.eligibleRevenue == 150)
        #expect(outcome.bonusEarned == 15)
        let after = try #require(outcome.balancesAfter)
        #expect(after.cash == 50)
        #expect(after.bonus == 35)
    }

    @Test("A7: bonus balance larger than basket S") func A7() throws {
        let outcome = try evaluate(try shippedProgram("secucard"),
                                   Self.basketSPaidWithCard(cash: "0", bonus: "10.00"))
        #expect(outcome.status == .approved)
        #expect(outcome.cashRedeemed == 0)
        #expect(outcome.bonusRedeemed == 796)
        #expect(outcome.bonusProducts.count == 2)
        Self.expectLine(outcome, 0, article: "111000007", description: "Bonus VAT 7%", amount: -598, vat: 7)
        Self.expectLine(outcome, 1, article: "111000019", description: "Bonus VAT 19%", amount: -198, vat: 19)
        #expect(outcome.missingSum == 0)
        #expect(outcome.eligibleRevenue == 0)
        #expect(outcome.bonusEarned == 0)
        let after = try #require(outcome.balancesAfter)
        #expect(after.cash == 0)
        #expect(after.bonus == 204)
    }

    @Test("A8: three VAT rates, largest-remainder split") func A8() throws {
        let json = """
            {
              "type": "earn",
              "order_id": "STX_A8",
              "currency": "EUR",
              "lines": [
                { "article": "700", "description": "Briefmarke", "quantity": 1, "unit_price": 0.85, "vat_rate": 0 },
                { "article": "30037", "description": "Sandwich Romano", "quantity": 1, "unit_price": 3.49, "vat_rate": 7 },
                { "article": "51", "description": "Water", "quantity": 2, "unit_price": 0.99, "vat_rate": 19 }
              ],
              "customer": { "card": "9276004424644352", "balances": { "cash": 0, "bonus": 0.50 } },
              "pay_with_card": true
            }
            """
        let outcome = try evaluate(try shippedProgram("secucard"), json)
        #expect(outcome.status == .approved)
        #expect(outcome.saleTotal == 632)
        #expect(outcome.cashRedeemed == 0)
        #expect(outcome.bonusRedeemed == 50)
        #expect(outcome.bonusProducts.count == 3)
        Self.expectLine(outcome, 0, article: "111000000", description: "Bonus VAT 0%", amount: -7, vat: 0)
        Self.expectLine(outcome, 1, article: "111000007", description: "Bonus VAT 7%", amount: -27, vat: 7)
        Self.expectLine(outcome, 2, article: "111000019", description: "Bonus VAT 19%", amount: -16, vat: 19)
        #expect(outcome.bonusProducts.reduce(0) { $0 + $1.amount } == -50)
        #expect(outcome.missingSum == 582)
        #expect(outcome.eligibleRevenue == 582)
        #expect(outcome.bonusEarned == 58)
        let after = try #require(outcome.balancesAfter)
        #expect(after.cash == 0)
        #expect(after.bonus == 58)
    }

    @Test("A9: VAT rate without a bonus product") func A9() throws {
        let json = """
            {
              "type": "earn",
              "order_id": "STX_A9",
              "currency": "EUR",
              "lines": [
                { "article": "30037", "description": "Sandwich Romano", "quantity": 1, "unit_price": 3.49, "vat_rate": 7 },
                { "article": "800", "description": "Something at 10%", "quantity": 1, "unit_price": 1.00, "vat_rate": 10 }
              ],
              "customer": { "card": "9276004424644352", "balances": { "cash": 0, "bonus": 0.50 } },
              "pay_with_card": true
            }
            """
        let error = try #require(Self.evaluationError(try shippedProgram("secucard"), json))
        #expect(error.field == "lines[1].vat_rate")
        #expect(error.message.contains("10%"))
    }

    @Test("A10: reduced price, bonus on reduced and on full prices") func A10() throws {
        let json = """
            {
              "type": "earn",
              "order_id": "STX_A10",
              "currency": "EUR",
              "lines": [
                { "article": "30037", "description": "Sandwich Romano", "quantity": 1, "unit_price": 3.00, "full_price": 3.49, "vat_rate": 7 }
              ]
            }
            """
        let reduced = try evaluate(try shippedProgram("secucard"), json)
        #expect(reduced.saleTotal == 300)
        #expect(reduced.eligibleRevenue == 300)
        #expect(reduced.bonusEarned == 30)

        let full = try evaluate(try shippedProgram("secucard-full-prices"), json)
        #expect(full.saleTotal == 300)
        #expect(full.eligibleRevenue == 349)
        #expect(full.bonusEarned == 34)
    }

    @Test("A11: bonus applied to the same buy") func A11() throws {
        let outcome = try evaluate(try shippedProgram("secucard-same-buy"),
                                   Self.basketSPaidWithCard(cash: "0", bonus: "0"))
        #expect(outcome.status == .approved)
        #expect(outcome.saleTotal == 796)
        #expect(outcome.eligibleRevenue == 796)
        #expect(outcome.bonusEarned == 79)
        #expect(outcome.bonusApplied == 79)
        #expect(outcome.cashRedeemed == 0)
        #expect(outcome.bonusRedeemed == 0)
        #expect(outcome.bonusProducts.count == 2)
        Self.expectLine(outcome, 0, article: "111000007", description: "Bonus VAT 7%", amount: -59, vat: 7)
        Self.expectLine(outcome, 1, article: "111000019", description: "Bonus VAT 19%", amount: -20, vat: 19)
        #expect(outcome.missingSum == 717)
        let after = try #require(outcome.balancesAfter)
        #expect(after.cash == 0)
        #expect(after.bonus == 0)
    }

    // MARK: - B. KENZ'UP

    /// An earn request of 12.45 MAD, order TX_1, registered customer +212611223344, with
    /// `extra` fields (each followed by a comma) inserted.
    private static func kenzupEarn(_ extra: String = "") -> String {
        """
        {
          "type": "earn",
          "order_id": "TX_1",
          "time": "2020-02-12T19:20:30+01:00",
          "currency": "MAD",
          "terminal_id": "POS_123456789",
          \(extra)
          "amount": 12.45,
          "customer": { "mobile": "+212611223344", "registered": true }
        }
        """
    }

    @Test("B1: earn 12.45 MAD, registered customer, not forced") func B1() throws {
        let outcome = try evaluate(try shippedProgram("kenzup"), Self.kenzupEarn())
        #expect(outcome.status == .pending)
        #expect(outcome.saleTotal == 1245)
        #expect(outcome.pointsEarned == 62)
        #expect(outcome.message == "Recevez 62 points de fidélité en téléchargeant Kenz'up!")
    }

    @Test("B2: rate override 0.10 with a reason") func B2() throws {
        let outcome = try evaluate(try shippedProgram("kenzup"), Self.kenzupEarn("""
            "cashback_rate_override": 0.10,
            "cashback_override_reason": "sample reason",
            """))
        #expect(outcome.status == .pending)
        #expect(outcome.pointsEarned == 124)
        #expect(outcome.message == "Recevez 124 points de fidélité en téléchargeant Kenz'up!")
    }

    @Test("B3: amount override 12.34 MAD with a reason") func B3() throws {
        let outcome = try evaluate(try shippedProgram("kenzup"), Self.kenzupEarn("""
            "cashback_amount_override": 12.34,
            "cashback_override_reason": "sample reason",
            """))
        #expect(outcome.status == .pending)
        #expect(outcome.pointsEarned == 1234)
        #expect(outcome.message == "Recevez 1234 points de fidélité en téléchargeant Kenz'up!")
    }

    @Test("B4: rate override without a reason") func B4() throws {
        let error = try #require(Self.evaluationError(try shippedProgram("kenzup"), Self.kenzupEarn("""
            "cashback_rate_override": 0.10,
            """)))
        #expect(error.field == "cashback_override_reason")
        #expect(error.message.lowercased().contains("reason"))
    }

    @Test("B5: rate override above the program's 20%") func B5() throws {
        let error = try #require(Self.evaluationError(try shippedProgram("kenzup"), Self.kenzupEarn("""
            "cashback_rate_override": 0.25,
            "cashback_override_reason": "sample reason",
            """)))
        #expect(error.field == "cashback_rate_override")
        #expect(error.message.contains("20%"))
    }

    @Test("B6: rate and amount overrides together") func B6() throws {
        let error = try #require(Self.evaluationError(try shippedProgram("kenzup"), Self.kenzupEarn("""
            "cashback_rate_override": 0.10,
            "cashback_amount_override": 12.34,
            "cashback_override_reason": "sample reason",
            """)))
        // Both override fields are at fault; the error names one of them.
        let field = try #require(error.field)
        #expect(["cashback_rate_override", "cashback_amount_override"].contains(field))
    }

    @Test("B7: forced earn for an unregistered customer") func B7() throws {
        let json = """
            {
              "type": "earn",
              "order_id": "TX_7",
              "time": "2020-02-12T19:20:30+01:00",
              "currency": "MAD",
              "amount": 12.45,
              "force": true,
              "customer": { "mobile": "0611223344", "registered": false }
            }
            """
        let outcome = try evaluate(try shippedProgram("kenzup"), json)
        #expect(outcome.status == .approved)
        #expect(outcome.pointsEarned == 62)
        let pending = try #require(outcome.pendingCredit)
        #expect(pending.mobile.e164 == "+212611223344")
        #expect(pending.points == 62)
        #expect(outcome.vouchers == nil)
        #expect(outcome.message == "Unregistered customer credit saved")
    }

    @Test("B8: forced earn without a customer") func B8() throws {
        let json = """
            {
              "type": "earn",
              "order_id": "TX_8",
              "time": "2020-02-12T19:20:30+01:00",
              "currency": "MAD",
              "amount": 12.45,
              "force": true
            }
            """
        let error = try #require(Self.evaluationError(try shippedProgram("kenzup"), json))
        #expect(error.field == "customer")
    }

    @Test("B9: Afriquia Gaz vouchers for an unregistered customer") func B9() throws {
        let json = """
            {
              "type": "earn",
              "order_id": "TX_9",
              "time": "2020-02-12T19:20:30+01:00",
              "currency": "MAD",
              "brand": "Afriquia Gaz",
              "amount": 250.00,
              "force": true,
              "customer": { "mobile": "0761234567", "registered": false }
            }
            """
        let outcome = try evaluate(try shippedProgram("kenzup"), json)
        #expect(outcome.status == .approved)
        #expect(outcome.saleTotal == 25000)
        #expect(outcome.cashback == 1250)
        let vouchers = try #require(outcome.vouchers)
        #expect(vouchers.count == 2)
        #expect(vouchers.denomination == 500)
        let pending = try #require(outcome.pendingCredit)
        #expect(pending.mobile.e164 == "+212761234567")
        #expect(pending.points == 250)
    }

    @Test("B10: invalid mobile numbers") func B10() throws {
        let program = try shippedProgram("kenzup")
        let landline = """
            {
              "type": "earn",
              "order_id": "TX_10A",
              "time": "2020-02-12T19:20:30+01:00",
              "currency": "MAD",
              "amount": 12.45,
              "customer": "0511223344"
            }
            """
        let first = try #require(Self.evaluationError(program, landline))
        #expect(first.field == "customer")
        #expect(first.message.lowercased().contains("mobile"))

        let tooShort = """
            {
              "type": "earn",
              "order_id": "TX_10B",
              "time": "2020-02-12T19:20:30+01:00",
              "currency": "MAD",
              "amount": 12.45,
              "customer": { "mobile": "+2126112233" }
            }
            """
        let second = try #require(Self.evaluationError(program, tooShort))
        #expect(second.field == "customer.mobile")
        #expect(second.message.lowercased().contains("mobile"))
    }

    /// A KENZ'UP payment: sale 100.00 MAD, 40.00 of it in-app, paid as `paidWith`, with
    /// `extra` fields (each followed by a comma) inserted; the customer has 5000 points.
    private static func kenzupPayment(paidWith: String, _ extra: String = "") -> String {
        """
        {
          "type": "payment",
          "order_id": "TX_HYBRID_1",
          "time": "2020-02-12T19:20:30+01:00",
          "currency": "MAD",
          "terminal_id": "POS_123456789",
          "sale_amount": 100.00,
          "amount": 40.00,
          \(extra)
          "paid_with": "\(paidWith)",
          "customer": { "mobile": "+212611223344", "balances": { "points": 5000 } }
        }
        """
    }

    @Test("B11: hybrid payment, 40.00 of 100.00 paid with points") func B11() throws {
        let outcome = try evaluate(try shippedProgram("kenzup"), Self.kenzupPayment(paidWith: "points"))
        #expect(outcome.status != .declined)
        #expect(outcome.saleTotal == 10000)
        #expect(outcome.paidAmount == 4000)
        #expect(outcome.pointsBurned == 4000)
        #expect(outcome.eligibleRevenue == 6000)
        #expect(outcome.cashback == 300)
        #expect(outcome.pointsEarned == 300)
        #expect(outcome.missingSum == 6000)
        let after = try #require(outcome.balancesAfter)
        #expect(after.points == 5000 - 4000 + 300)
    }

    @Test("B12: hybrid payment, 40.00 of 100.00 paid by card") func B12() throws {
        let outcome = try evaluate(try shippedProgram("kenzup"), Self.kenzupPayment(paidWith: "card"))
        #expect(outcome.status != .declined)
        #expect(outcome.saleTotal == 10000)
        #expect(outcome.paidAmount == 4000)
        #expect(outcome.pointsBurned == 0)
        #expect(outcome.eligibleRevenue == 10000)
        #expect(outcome.cashback == 500)
        #expect(outcome.pointsEarned == 500)
        let after = try #require(outcome.balancesAfter)
        #expect(after.points == 5000 + 500)
    }

    @Test("B13: partial in-app payment") func B13() throws {
        let program = try shippedProgram("kenzup")

        // By default a partial payment is declined: nothing burned, nothing earned.
        let declined = try evaluate(program, Self.kenzupPayment(paidWith: "card", """
            "paid_amount": 30.00,
            """))
        #expect(declined.status == .declined)
        #expect(declined.declineReason != nil)
        #expect(declined.pointsBurned == 0)
        #expect(declined.pointsEarned == 0)

        // With error_on_partial false: approved, 30.00 paid.
        let byCard = try evaluate(program, Self.kenzupPayment(paidWith: "card", """
            "paid_amount": 30.00,
            "error_on_partial": false,
            """))
        #expect(byCard.status != .declined)
        #expect(byCard.paidAmount == 3000)
        #expect(byCard.pointsBurned == 0)
        #expect(byCard.pointsEarned == 500)
        #expect(byCard.missingSum == 7000)

        // If those 30.00 were points: cashback on 70.00 = 350 points.
        let byPoints = try evaluate(program, Self.kenzupPayment(paidWith: "points", """
            "paid_amount": 30.00,
            "error_on_partial": false,
            """))
        #expect(byPoints.status != .declined)
        #expect(byPoints.paidAmount == 3000)
        #expect(byPoints.pointsBurned == 3000)
        #expect(byPoints.eligibleRevenue == 7000)
        #expect(byPoints.cashback == 350)
        #expect(byPoints.pointsEarned == 350)
        #expect(byPoints.missingSum == 7000)
        let after = try #require(byPoints.balancesAfter)
        #expect(after.points == 5000 - 3000 + 350)
    }

    @Test("B14: payment without a sale amount") func B14() throws {
        let json = """
            {
              "type": "payment",
              "order_id": "TX_14",
              "time": "2020-02-12T19:20:30+01:00",
              "currency": "MAD",
              "amount": 12.45,
              "paid_with": "card",
              "customer": { "mobile": "+212611223344" }
            }
            """
        let outcome = try evaluate(try shippedProgram("kenzup"), json)
        #expect(outcome.status != .declined)
        #expect(outcome.saleTotal == 1245)
        #expect(outcome.paidAmount == 1245)
        #expect(outcome.pointsEarned == 62)
    }

    @Test("B15: the QR expires 5 minutes after the sale time") func B15() throws {
        let outcome = try evaluate(try shippedProgram("kenzup"), Self.kenzupEarn())
        #expect(outcome.status == .pending)
        let expiresAt = try #require(outcome.expiresAt)
        #expect(expiresAt.description == "2020-02-12T19:25:30+01:00")
    }

    // MARK: - C. Convercus

    @Test("C1: worth of 1234 points") func C1() throws {
        let outcome = try evaluate(try shippedProgram("convercus"), """
            {"type":"balance","customer":{"balances":{"points":1234}}}
            """)
        #expect(outcome.pointsValue == 1234)
        #expect(outcome.balancesAfter?.points == 1234)
    }

    @Test("C2: burn 5.00 EUR from 1234 points") func C2() throws {
        let outcome = try evaluate(try shippedProgram("convercus"), """
            {"type":"burn","amount":5.00,"customer":{"balances":{"points":1234}}}
            """)
        #expect(outcome.status == .approved)
        #expect(outcome.saleTotal == 500)
        #expect(outcome.pointsBurned == 500)
        let after = try #require(outcome.balancesAfter)
        #expect(after.points == 734)
        #expect(outcome.pointsValue == 734)
    }

    @Test("C3: burn 12.35 EUR from 1234 points") func C3() throws {
        let error = try #require(Self.evaluationError(try shippedProgram("convercus"), """
            {"type":"burn","amount":12.35,"customer":{"balances":{"points":1234}}}
            """))
        #expect(error.field == "customer.balances.points")
        #expect(error.message.lowercased().contains("insufficient points"))
    }

    @Test("C4: receipt of 30.00 EUR with 10.00 paid with points") func C4() throws {
        let outcome = try evaluate(try shippedProgram("convercus"), """
            {
              "type": "earn",
              "external_id": "bon_4",
              "currency": "EUR",
              "amount": 30.00,
              "tenders": [ { "tender_id": "PayWithPoints", "amount": 10.00 } ]
            }
            """)
        #expect(outcome.status == .approved)
        #expect(outcome.saleTotal == 3000)
        #expect(outcome.eligibleRevenue == 2000)
        #expect(outcome.pointsEarned == 20)
    }

    @Test("C5: receipt of 29.99 EUR") func C5() throws {
        let outcome = try evaluate(try shippedProgram("convercus"), """
            {
              "type": "earn",
              "external_id": "bon_5",
              "currency": "EUR",
              "amount": 29.99
            }
            """)
        #expect(outcome.status == .approved)
        #expect(outcome.saleTotal == 2999)
        #expect(outcome.eligibleRevenue == 2999)
        #expect(outcome.pointsEarned == 29)
    }

    // MARK: - D. Card-linked offers

    /// A sale of `amount` at `merchant`, paid with a card linked to `linked` offers.
    private static func offerSale(amount: String, merchant: String, linked: [String]) -> String {
        let offers = linked.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            {
              "type": "earn",
              "order_id": "BP_1",
              "currency": "EUR",
              "amount": \(amount),
              "merchant": "\(merchant)",
              "customer": { "card": "4111111111111111", "linked_offers": [\(offers)] }
            }
            """
    }

    @Test("D1: 30.00 EUR at 58725 with BP-10") func D1() throws {
        let outcome = try evaluate(try shippedProgram("offers"),
                                   Self.offerSale(amount: "30.00", merchant: "58725", linked: ["BP-10"]))
        #expect(outcome.offerCashback == 300)
        #expect(outcome.discount == 0)
        let offer = try #require(outcome.offers.first { $0.id == "BP-10" })
        #expect(offer.applied)
        #expect(offer.cashback == 300)
        #expect(!outcome.offers.contains { $0.id == "BP-2OFF" && $0.applied })
    }

    @Test("D2: 80.00 EUR at 58725 with BP-10, capped") func D2() throws {
        let outcome = try evaluate(try shippedProgram("offers"),
                                   Self.offerSale(amount: "80.00", merchant: "58725", linked: ["BP-10"]))
        #expect(outcome.offerCashback == 500)
        #expect(outcome.discount == 0)
        let offer = try #require(outcome.offers.first { $0.id == "BP-10" })
        #expect(offer.applied)
        #expect(offer.cashback == 500)
    }

    @Test("D3: 15.00 EUR at 58725 with BP-10, below the minimum spend") func D3() throws {
        let outcome = try evaluate(try shippedProgram("offers"),
                                   Self.offerSale(amount: "15.00", merchant: "58725", linked: ["BP-10"]))
        #expect(outcome.offerCashback == 0)
        #expect(outcome.discount == 0)
        #expect(!outcome.offers.contains { $0.applied })
        let offer = try #require(outcome.offers.first { $0.id == "BP-10" })
        #expect(!offer.applied)
        #expect(offer.cashback == 0)
        #expect(offer.reason.lowercased().contains("minimum"))
    }

    @Test("D4: 30.00 EUR at another merchant") func D4() throws {
        let outcome = try evaluate(try shippedProgram("offers"),
                                   Self.offerSale(amount: "30.00", merchant: "11111", linked: ["BP-10"]))
        #expect(outcome.offerCashback == 0)
        #expect(outcome.discount == 0)
        #expect(!outcome.offers.contains { $0.applied })
        #expect(outcome.missingSum == 3000)
    }

    @Test("D5: 30.00 EUR at 58725, card not linked") func D5() throws {
        let outcome = try evaluate(try shippedProgram("offers"),
                                   Self.offerSale(amount: "30.00", merchant: "58725", linked: []))
        #expect(outcome.offerCashback == 0)
        #expect(outcome.discount == 0)
        #expect(!outcome.offers.contains { $0.applied })
        #expect(outcome.missingSum == 3000)
    }

    @Test("D6: 45.00 EUR at 58725 with BP-2OFF") func D6() throws {
        let outcome = try evaluate(try shippedProgram("offers"),
                                   Self.offerSale(amount: "45.00", merchant: "58725", linked: ["BP-2OFF"]))
        #expect(outcome.discount == 200)
        #expect(outcome.offerCashback == 0)
        #expect(outcome.missingSum == 4300)
        let offer = try #require(outcome.offers.first { $0.id == "BP-2OFF" })
        #expect(offer.applied)
        #expect(offer.discount == 200)
    }
}
