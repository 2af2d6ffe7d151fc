import Foundation
import Perk
import Testing

@Suite struct FormatterTests {
    @Test func messyProgramGetsTheCanonicalLayout() throws {
        let messy = Source(name: "messy.perk", text: try packageFile("Tests/PerkTests/Fixtures/messy.perk"))
        let expected = try packageFile("Tests/PerkTests/Fixtures/messy.formatted.perk")
        #expect(try Formatter.format(messy) == expected)
    }

    /// Comments keep their places: before the first statement, after a statement on its line,
    /// inside a block (indented with it), after a block, and last in a file without a newline.
    @Test func commentsKeepTheirPlaces() throws {
        let text = "# a\nprogram \"C\" # b\ncurrency EUR\nreward bonus\nearn 1% of eligible revenue rounded down\n"
            + "blacklist {\n    # c\n  article 1 # d\n  # e\n}\n# f\n\n\n# g"
        #expect(try Formatter.format(Source(name: "c.perk", text: text)) == """
            # a
            program "C" # b
            currency EUR
            reward bonus
            earn 1% of eligible revenue rounded down
            blacklist {
              # c
              article 1 # d
              # e
            }
            # f

            # g

            """)
        #expect(try Formatter.format(Source(name: "c.perk", text: "# only")) == "# only\n")
    }

    /// Rules are laid out like every block: one item a line, indented; dates and times of
    /// day stay whole tokens; the shipped rule programs are already canonical.
    @Test func rulesGetTheCanonicalLayout() throws {
        let text = "program \"R\"\ncurrency EUR\n1 point=0.01 EUR\nreward points\ntime zone   \"Europe/Paris\"\n"
            + "tiers basic  gold\nrule \"night\"{\n when time from 22:00 to 2:00\n\n\n    when date from 2026-12-01 to 2026-12-24\n"
            + "earn 5points per litre of lines   in category fuel or not with ean 4000000000017 rounded down\n  cap 200 points }\n"
        #expect(try Formatter.format(Source(name: "r.perk", text: text)) == """
            program "R"
            currency EUR
            1 point = 0.01 EUR
            reward points
            time zone "Europe/Paris"
            tiers basic gold
            rule "night" {
              when time from 22:00 to 2:00

              when date from 2026-12-01 to 2026-12-24
              earn 5points per litre of lines in category fuel or not with ean 4000000000017 rounded down
              cap 200 points }

            """)
        for name in ["marche-vert", "atlas-fuel"] {
            let text = try packageFile("programs/\(name).perk")
            #expect(try Formatter.format(Source(name: name, text: text)) == text)
        }
    }

    @Test func formattingIsIdempotent() throws {
        let formatted = try packageFile("Tests/PerkTests/Fixtures/messy.formatted.perk")
        #expect(try Formatter.format(Source(name: "f.perk", text: formatted)) == formatted)
    }

    /// Everything shipped is formatted, and formatting keeps its meaning (the same diagnostics:
    /// none, and the same outcomes on the Playground requests).
    @Test func shippedProgramsAreFormatted() throws {
        for folder in ["programs", "Playground/diff"] {
            let url = packageRoot.appendingPathComponent(folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: url.path) where file.hasSuffix(".perk") {
                let text = try String(contentsOf: url.appendingPathComponent(file), encoding: .utf8)
                #expect(try Formatter.format(Source(name: file, text: text)) == text, "\(folder)/\(file) is not formatted")
            }
        }
    }

    @Test func formattingKeepsTheMeaning() throws {
        let messy = try packageFile("Tests/PerkTests/Fixtures/messy.perk").replacingOccurrences(of: "-5%", with: "5%")
        let formatted = try Formatter.format(Source(name: "m.perk", text: messy))
        let request = #"{"lines": [{"article": "1", "unit_price": 12.34}, {"ean": "12345678", "unit_price": 1}], "brand": "X"}"#
        let before = try evaluate(try Program(text: messy, name: "m.perk"), request)
        let after = try evaluate(try Program(text: formatted, name: "m.perk"), request)
        #expect(before.bonusEarned == after.bonusEarned)
        #expect(before.bonusEarned == 61)
    }

    @Test func aProgramWithSyntaxErrorsIsNotFormatted() {
        #expect(throws: ProgramError.self) { try Formatter.format(Source(name: "x.perk", text: "program \"X\n")) }
    }
}
