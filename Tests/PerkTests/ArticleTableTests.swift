@testable import Perk
import Testing

/// The table behind whitelists and blacklists keeps keys of up to 16 bytes as two words
/// read from overlapping places in the key; these tests make sure no two keys get mixed up.
@Suite struct ArticleTableTests {
    /// Keys of every length from 1 to 40, which differ from one another in one byte only, at
    /// every position, or only in their length, or in leading zeros.
    static let keys: [String] = {
        var keys: [String] = []
        for length in 1...40 {
            let base = String(repeating: "7", count: length)
            keys.append(base)
            keys.append("0" + base)
            for position in 0..<length {
                var bytes = Array(base.utf8)
                bytes[position] = UInt8(ascii: "8")
                keys.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        keys += ["", "51", "051", "0051", "4999012345678", "04999012345678", "ABC-12", "abc-12", "Artikel Nr. 30037 (groß)"]
        return Array(Set(keys))
    }()

    @Test func everyKeyFindsItsOwnValueAndNoOther() {
        var table = ArticleTable()
        for (index, key) in Self.keys.enumerated() {
            #expect(table.insert(key, value: Int32(index)) == nil)
        }
        #expect(table.count == Self.keys.count)
        for (index, key) in Self.keys.enumerated() {
            #expect(table.value(of: key) == Int32(index), "key \(key)")
        }
    }

    @Test func absentKeysAreNotFound() {
        var table = ArticleTable()
        for (index, key) in Self.keys.enumerated() where index % 2 == 0 {
            table.insert(key, value: Int32(index))
        }
        for (index, key) in Self.keys.enumerated() {
            #expect(table.value(of: key) == (index % 2 == 0 ? Int32(index) : nil), "key \(key)")
        }
        #expect(table.value(of: "999") == nil)
        #expect(table.value(of: "0") == nil)
    }

    @Test func everyKeyIsReadBack() {
        var table = ArticleTable()
        for (index, key) in Self.keys.enumerated() { table.insert(key, value: Int32(index)) }
        #expect(table.keys.sorted() == Self.keys.sorted())
    }

    @Test func aProgramListsTheArticlesAndEANsOfItsLists() throws {
        let blacklist = try shippedProgram("secucard-blacklist")
        #expect(blacklist.listedArticles == ["111000000", "111000007", "111000019"])
        #expect(blacklist.listedEANs == ["4260447149502"])
        let program = try Program(text: """
            program "sections"
            currency EUR
            reward bonus
            earn 1% of eligible revenue rounded down
            whitelist {
              article 30037 "Sandwich"
              ean 4999012345678 "Water"
            }
            brand "B" {
              blacklist {
                article 51 "Water"
                article 30037 "Sandwich"
              }
            }
            """)
        #expect(program.listedArticles == ["30037", "51"])
        #expect(program.listedEANs == ["4999012345678"])
        #expect(try shippedProgram("secucard").listedArticles == [])
    }

    @Test func aRepeatedKeyKeepsItsFirstValue() {
        var table = ArticleTable()
        #expect(table.insert("30037", value: 4) == nil)
        #expect(table.insert("30037", value: 9) == 4)
        #expect(table.insert("a key longer than sixteen bytes", value: 5) == nil)
        #expect(table.insert("a key longer than sixteen bytes", value: 6) == 5)
        #expect(table.count == 2)
        #expect(table.value(of: "30037") == 4)
        #expect(table.value(of: "a key longer than sixteen bytes") == 5)
    }

    @Test func aLargeTableStaysExact() {
        var table = ArticleTable()
        for index in 0..<20_000 {
            table.insert(String(100_000 + index * 7), value: Int32(index))
        }
        #expect(table.count == 20_000)
        #expect(table.value(of: "100000") == 0)
        #expect(table.value(of: "239993") == 19_999)
        #expect(table.value(of: "100001") == nil)
        #expect(table.value(of: "0100000") == nil)
    }
}
