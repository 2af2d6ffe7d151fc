import Foundation
import Perk

/// The benchmark's programs and requests: the shipped secucard and KENZ'UP programs with the
/// requests of scenarios A1, B1 and B11, and generated ones from a fixed seed.
enum Workload {
    /// The package's root folder, where `programs/` is.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func shippedProgram(_ name: String) throws -> Program {
        let url = root.appendingPathComponent("programs/\(name).perk")
        return try Program(bytes: [UInt8](try Data(contentsOf: url)), name: "programs/\(name).perk")
    }

    /// The evaluation cases, in the order they are reported.
    static func evaluationCases() throws -> [EvaluationCase] {
        let secucard = try shippedProgram("secucard")
        let kenzup = try shippedProgram("kenzup")
        let (blacklistProgram, articles, eans) = try blacklistProgram(entries: 1000)
        let marcheVert = try shippedProgram("marche-vert")
        let atlasFuel = try shippedProgram("atlas-fuel")
        let paris = try TimeZoneRules.load("Europe/Paris")
        let casablanca = try TimeZoneRules.load("Africa/Casablanca")
        return [
            EvaluationCase(key: "A1", name: "A1 secucard, basket S paid with the card", program: secucard,
                           requests: [try Request(json: basketSPaidWithCard, currency: secucard.currency)],
                           handWritten: HandWritten.secucard),
            EvaluationCase(key: "blacklist", name: "10-line baskets, 1000-entry blacklist, 5% points", program: blacklistProgram,
                           requests: try generatedBaskets(count: 1000, currency: blacklistProgram.currency),
                           handWritten: { HandWritten.blacklist($0, articles: articles, eans: eans) }),
            EvaluationCase(key: "B1", name: "B1 KENZ'UP earn 12.45 MAD", program: kenzup,
                           requests: [try Request(json: kenzupEarn, currency: kenzup.currency)],
                           handWritten: HandWritten.kenzup),
            EvaluationCase(key: "B11", name: "B11 KENZ'UP hybrid payment", program: kenzup,
                           requests: [try Request(json: kenzupPayment, currency: kenzup.currency)],
                           handWritten: HandWritten.kenzup),
            EvaluationCase(key: "E1", name: "E1 Marché Vert, basket M on a Tuesday, 9 rules", program: marcheVert,
                           requests: [try Request(json: marcheVertBasketM, currency: marcheVert.currency)],
                           handWritten: { HandWritten.marcheVert($0, zone: paris) }),
            EvaluationCase(key: "E100", name: "E100: E1 against 100 rules, 91 giving nothing", program: try marcheVertHundred(),
                           requests: [try Request(json: marcheVertBasketM, currency: marcheVert.currency)],
                           handWritten: { HandWritten.marcheVert($0, zone: paris) }),
            EvaluationCase(key: "F1", name: "F1 Atlas Fuel, 21.739 l and a coffee", program: atlasFuel,
                           requests: [try Request(json: atlasFuelAndCoffee, currency: atlasFuel.currency)],
                           handWritten: { HandWritten.atlasFuel($0, zone: casablanca) }),
        ]
    }

    static let basketSPaidWithCard = """
        {"type": "earn", "order_id": "STX_2DH4N2AFK2NRDH3KQU52ZC89GWMRA2", "currency": "EUR",
         "lines": [
           {"article": "30037", "description": "Sandwich Romano", "quantity": 1, "unit_price": 3.49, "vat_rate": 7},
           {"article": "30200", "description": "Fruit salad, small bowl", "quantity": 1, "unit_price": 2.49, "vat_rate": 7},
           {"article": "51", "ean": "4999012345678", "description": "Water, mildly sprinkling, 0.25 ltr.", "quantity": 2, "unit_price": 0.99, "vat_rate": 19}
         ],
         "customer": {"card": "9276004424644352", "balances": {"cash": 2.00, "bonus": 0.20}},
         "pay_with_card": true}
        """

    /// Marché Vert's program with 91 more rules that give basket M nothing, a hundred rules in
    /// all: 30 campaigns dated in other months, 20 for other merchants, 21 for other weekdays
    /// and 20 for categories no line of the basket has.
    static func marcheVertHundred() throws -> Program {
        var text = String(decoding: try Data(contentsOf: root.appendingPathComponent("programs/marche-vert.perk")), as: UTF8.self)
        let months = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        for index in 0..<30 {
            let month = months[index % months.count]
            let day = 1 + index / months.count * 9
            let date = "2026-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
            text += "\nrule \"campaign \(index)\" {\n  when date from \(date) to \(date)\n  earn 50 points\n}\n"
        }
        for index in 0..<20 {
            text += "\nrule \"merchant \(index)\" {\n  when merchant is \"M-\(index)\"\n  earn 2% of eligible revenue rounded down\n}\n"
        }
        let weekdays = ["Monday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Saturday or Sunday"]
        for index in 0..<21 {
            text += "\nrule \"weekday \(index)\" {\n  when weekday is \(weekdays[index % weekdays.count])\n  earn 10 points\n}\n"
        }
        for index in 0..<20 {
            let category = "toys" + String(UnicodeScalar(UInt8(97 + index)))  // toysa, toysb, …
            text += "\nrule \"category \(index)\" {\n  earn 3% of lines in category \(category) rounded down\n}\n"
        }
        return try Program(text: text, name: "marche-vert-100.perk")
    }

    static let marcheVertBasketM = """
        {"order_id": "MV-1001", "time": "2026-11-24T10:00:00+01:00",
         "lines": [
           {"article": "1001", "description": "Milk", "category": "dairy", "quantity": 2, "unit_price": 1.15},
           {"article": "2002", "description": "Organic apples", "category": "organic", "quantity": 1.5, "unit_price": 3.98},
           {"article": "3003", "description": "Olive oil", "quantity": 1, "unit_price": 8.49},
           {"ean": "4000000000017", "description": "Gift card", "quantity": 1, "unit_price": 20.00}
         ]}
        """

    static let atlasFuelAndCoffee = """
        {"order_id": "AF-77", "time": "2026-12-10T08:00:00+01:00",
         "lines": [
           {"description": "Gasoil", "category": "fuel", "quantity": 21.739, "unit_price": 11.899},
           {"description": "Coffee", "quantity": 1, "unit_price": 12.00}
         ]}
        """

    static let kenzupEarn = """
        {"type": "earn", "order_id": "TX_1", "time": "2020-02-12T19:20:30+01:00", "currency": "MAD",
         "terminal_id": "POS_123456789", "amount": 12.45, "customer": {"mobile": "+212611223344", "registered": true}}
        """

    static let kenzupPayment = """
        {"type": "payment", "order_id": "TX_HYBRID_1", "time": "2020-02-12T19:20:30+01:00", "currency": "MAD",
         "terminal_id": "POS_123456789", "sale_amount": 100.00, "amount": 40.00, "paid_with": "points",
         "customer": {"mobile": "+212611223344", "balances": {"points": 5000}}}
        """

    /// A program giving points at 5% of eligible revenue with a blacklist of `entries`
    /// entries, four article numbers for each EAN; also the listed articles and EANs.
    static func blacklistProgram(entries: Int) throws -> (Program, Set<String>, Set<String>) {
        var articles: Set<String> = []
        var eans: Set<String> = []
        var text = """
            program "benchmark blacklist"
            currency EUR
            1 point = 0.01 EUR
            reward points
            earn 5% of eligible revenue rounded down
            blacklist {\n
            """
        for index in 0..<entries {
            if index % 5 == 4 {
                let ean = ean(index)
                eans.insert(ean)
                text += "  ean \(ean)\n"
            } else {
                let article = article(index)
                articles.insert(article)
                text += "  article \(article) \"excluded article \(index)\"\n"
            }
        }
        text += "}\n"
        return (try Program(text: text, name: "benchmark-blacklist.perk"), articles, eans)
    }

    /// The `index`th generated article number and EAN.
    static func article(_ index: Int) -> String { String(100_000 + index * 7) }
    static func ean(_ index: Int) -> String { String(4_000_000_000_000 + index * 13) }

    /// Baskets of 10 lines from a fixed seed: articles drawn so that about one line in five
    /// is on a 1000-entry blacklist, a third of the lines with an EAN, quantities 1 to 3
    /// (sometimes weighed), prices 0.10 to 50.00 EUR. Each basket is written as JSON and
    /// decoded, so it holds what an engine's decoded requests hold.
    static func generatedBaskets(count: Int, currency: Currency) throws -> [Request] {
        var random = SplitMix64(seed: 2026)
        return try (0..<count).map { number in
            var lines: [String] = []
            for _ in 0..<10 {
                let index = Int(random.next() % 5000)
                let cents = 10 + random.next() % 4991
                let vat = random.next() % 2 == 0 ? 7 : 19
                let thousandths = random.next() % 8 == 0 ? 100 + random.next() % 2900 : (1 + random.next() % 3) * 1000
                var line = #"{"article": "\#(article(index))", "#
                if random.next() % 3 == 0 { line += #""ean": "\#(ean(Int(random.next() % 5000)))", "# }
                line += #""quantity": \#(decimal(thousandths, places: 3)), "unit_price": \#(decimal(cents, places: 2)), "vat_rate": \#(vat)}"#
                lines.append(line)
            }
            let json = #"{"type": "earn", "order_id": "BENCH_\#(number)", "lines": [\#(lines.joined(separator: ", "))]}"#
            return try Request(json: json, currency: currency)
        }
    }

    /// `value` / 10^places written with exactly `places` decimals.
    private static func decimal(_ value: UInt64, places: Int) -> String {
        var divisor: UInt64 = 1
        for _ in 0..<places { divisor *= 10 }
        let fraction = String(value % divisor)
        return "\(value / divisor).\(String(repeating: "0", count: places - fraction.count))\(fraction)"
    }
}

/// A small, fast, seeded random number generator (SplitMix64), so that generated workloads
/// are the same on every run and a failing generated test repeats (the tests use it too).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
