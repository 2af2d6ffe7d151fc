import Perk
@testable import PerkCommands
import Testing

/// What Tab offers in `perk repl`, without a terminal.
@Suite struct ReplCompletionTests {
    typealias Candidates = ReplCompletion.Candidates

    static func completion(_ program: String = "secucard-blacklist", ledger: Bool = false) throws -> ReplCompletion {
        ReplCompletion(program: try shippedProgram(program), ledger: ledger)
    }

    @Test func commands() throws {
        let completion = try Self.completion()
        #expect(completion.candidates(before: ":lin") == Candidates(start: 0, words: [":line "]))
        #expect(completion.candidates(before: "  :lin") == Candidates(start: 2, words: [":line "]))
        #expect(completion.candidates(before: ":li") == Candidates(start: 0, words: [":line ", ":list "]))
        #expect(completion.candidates(before: ":s") == Candidates(start: 0, words: [":sale ", ":save "]))
        #expect(try Self.completion(ledger: true).candidates(before: ":s")
            == Candidates(start: 0, words: [":sale ", ":save ", ":scan ", ":statement ", ":status "]))
        #expect(completion.candidates(before: ":x") == Candidates(start: 0, words: []))
    }

    @Test func keysAfterTheirCommand() throws {
        let completion = try Self.completion()
        #expect(completion.candidates(before: ":line art") == Candidates(start: 6, words: ["article="]))
        #expect(completion.candidates(before: ":line price=1 q") == Candidates(start: 14, words: ["qty=", "quantity="]))
        #expect(completion.candidates(before: ":sale paid") == Candidates(start: 6, words: ["paid=", "paid_amount=", "paid_with="]))
        #expect(completion.candidates(before: ":customer b") == Candidates(start: 10, words: ["birthday=", "bonus="]))
        #expect(completion.candidates(before: ":customer re") == Candidates(start: 10, words: ["registered="]))
        #expect(completion.candidates(before: ":basket a") == Candidates(start: 8, words: []))
    }

    @Test func valuesOfArticleEANAndFlags() throws {
        let completion = try Self.completion()
        #expect(completion.candidates(before: ":line article=") == Candidates(start: 14, words: ["111000000 ", "111000007 ", "111000019 "]))
        #expect(completion.candidates(before: ":line price=1 article=1110000") == Candidates(start: 22, words: ["111000000 ", "111000007 ", "111000019 "]))
        #expect(completion.candidates(before: ":line article=11100001") == Candidates(start: 14, words: ["111000019 "]))
        #expect(completion.candidates(before: ":line ean=4") == Candidates(start: 10, words: ["4260447149502 "]))
        #expect(completion.candidates(before: ":sale force=") == Candidates(start: 12, words: ["false ", "true "]))
        #expect(completion.candidates(before: ":customer registered=t") == Candidates(start: 21, words: ["true "]))
        #expect(completion.candidates(before: ":line price=") == Candidates(start: 12, words: []))
        #expect(try Self.completion("secucard").candidates(before: ":line article=") == Candidates(start: 14, words: []))
    }

    @Test func nothingInsideQuotes() throws {
        let completion = try Self.completion()
        #expect(completion.candidates(before: #":line desc="Sandwich a"#).words == [])
        #expect(completion.candidates(before: #":line desc="Sandwich Romano" art"#) == Candidates(start: 29, words: ["article="]))
    }

    @Test func theSessionCompletesWithItsProgramAndLedger() throws {
        var session = ReplSession(programPath: "programs/secucard-blacklist.perk", program: try shippedProgram("secucard-blacklist"))
        #expect(session.complete(":line ean=") == Candidates(start: 10, words: ["4260447149502 "]))
        #expect(session.complete(":sc") == Candidates(start: 0, words: []))
    }
}
