import Testing
@testable import PerkBench

/// The benchmark's hand-written Swift must compute what the engine computes, or its
/// comparison means nothing: checked here on every request of every case, untimed.
@Suite struct BenchmarkTests {
    @Test func handWrittenRulesGiveTheEnginesResults() throws {
        let cases = try Workload.evaluationCases()
        #expect(cases.map(\.requests.count) == [1, 1000, 1, 1, 1, 1, 1])
        for evaluation in cases { try evaluation.verify() }
    }

    /// E100 is E1 against a hundred rules, of which the 91 added give basket M nothing.
    @Test func theHundredRulesCaseAddsRulesThatGiveNothing() throws {
        let cases = try Workload.evaluationCases()
        let e1 = try #require(cases.first { $0.key == "E1" })
        let e100 = try #require(cases.first { $0.key == "E100" })
        let few = try e1.program.evaluate(e1.requests[0])
        let many = try e100.program.evaluate(e100.requests[0])
        // The blacklist and Marché Vert's 9 rules, then the 91 more.
        #expect(few.rules.count == 10 && many.rules.count == 101)
        #expect(Array(many.rules.prefix(10)) == few.rules)
        #expect(many.rules.dropFirst(10).allSatisfy { $0.amount == 0 })
        #expect(many.rules.dropFirst(10).filter(\.applied).map(\.name) == (0..<20).map { "category \($0)" })
        // Without a trace, the plan's index leaves out the rules that cannot hold (two words of
        // rules here): the same results, without their reasons.
        let untraced = try e100.program.evaluate(e100.requests[0], trace: false)
        #expect(untraced.rules.map(\.applied) == many.rules.map(\.applied))
        #expect(untraced.rules.map(\.amount) == many.rules.map(\.amount))
        #expect(untraced.rules.allSatisfy { $0.reason == nil })
    }

    @Test func aDifferenceIsAFailure() throws {
        let secucard = try Workload.evaluationCases()[0]
        let wrong = EvaluationCase(key: secucard.key, name: secucard.name, program: secucard.program, requests: secucard.requests) { request in
            var figures = HandWritten.secucard(request)
            figures.bonusEarned += 1
            return figures
        }
        #expect(throws: BenchmarkFailure.self) { try wrong.verify() }
    }

    /// SplitMix64 as published: the first outputs from seed 0.
    @Test func theGeneratorIsSplitMix64() {
        var random = SplitMix64(seed: 0)
        #expect([random.next(), random.next(), random.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test func generatedWorkloadsAreTheSameEveryRun() throws {
        let first = try Workload.generatedBaskets(count: 3, currency: #require(.init(code: "EUR")))
        let second = try Workload.generatedBaskets(count: 3, currency: #require(.init(code: "EUR")))
        #expect(first == second)
        #expect(first[0].lines.count == 10)
        #expect(BatchCase(requests: 4).requestLines().split(separator: "\n").count == 4)
        #expect(CompileCase(entries: 10).programText().split(separator: "\n").filter { $0.hasPrefix("  ") }.count == 10)
    }
}
