import Perk

/// What Tab offers in `perk repl`: the commands; after `:line`, `:sale` or `:customer`, their
/// keys; as the value of `article=` and `ean=`, the article numbers and EANs of the program's
/// lists; of `tier=`, `tags=` (each of a comma-separated list) and `category=`, the
/// program's tiers, the tags and the categories its rules read; after `:why` and `:list`,
/// the names of its rules and of its named lists; as the value of a flag, true or false.
struct ReplCompletion {
    /// The words that may replace the one being typed, which starts at character `start` of
    /// the line. Each is sorted, starts with what was typed, and ends as it is followed: a
    /// command or value with a space, a key with `=`.
    struct Candidates: Equatable {
        let start: Int
        let words: [String]
    }

    let commands: [String]
    let articles: [String]
    let eans: [String]
    let tiers: [String]
    let tags: [String]
    let categories: [String]
    /// The program's rules as `:why` takes them, and its named lists as `:list` takes them:
    /// in double quotes when a name has a space.
    let rules: [String]
    let lists: [String]

    /// The completions for a session on `program`; the ledger's commands only with a ledger.
    init(program: Program, ledger: Bool) {
        commands = ReplSession.commands(ledger: ledger).sorted()
        articles = program.listedArticles
        eans = program.listedEANs
        tiers = program.tiers.sorted()
        tags = Set(program.tags).sorted()
        categories = Set(program.categories).sorted()
        rules = program.ruleNames.map(ReplCompletion.quoted).sorted()
        lists = program.namedLists.map { ReplCompletion.quoted($0.name) }.sorted()
    }

    /// The candidates for the word that ends at the cursor; `line` is the text before it.
    /// None inside double quotes.
    func candidates(before line: String) -> Candidates {
        // `:why` and `:list` take one name, spaces and quotes included.
        for (command, names) in [(":why ", rules), (":list ", lists)] where line.hasPrefix(command) {
            let typed = String(line.dropFirst(command.count))
            return Candidates(start: command.count, words: names.filter { $0.hasPrefix(typed) || $0.hasPrefix("\"" + typed) }.map { $0 + " " })
        }
        let characters = Array(line)
        var start = 0
        var command: String?
        var quoted = false
        for (offset, character) in characters.enumerated() {
            if character == "\"" {
                quoted.toggle()
            } else if character == " " && !quoted {
                if offset > start && command == nil { command = String(characters[start..<offset]) }
                start = offset + 1
            }
        }
        let word = String(characters[start...])
        guard !quoted else { return Candidates(start: start, words: []) }
        guard let command else { return Candidates(start: start, words: matching(word, in: commands, then: " ")) }
        guard let keys = ReplSession.keys(of: command) else { return Candidates(start: start, words: []) }
        guard let equals = word.firstIndex(of: "=") else {
            return Candidates(start: start, words: matching(word, in: keys.keys.sorted(), then: "="))
        }
        var value = String(word[word.index(after: equals)...])
        var valueStart = start + word.distance(from: word.startIndex, to: equals) + 1
        let values: [String]
        switch (String(word[..<equals]), keys[String(word[..<equals])]?.kind) {
        case ("article", _): values = articles
        case ("ean", _): values = eans
        case ("tier", _): values = tiers
        case ("category", _): values = categories
        case ("tags", _):
            values = tags
            // Each tag of the list: the one after the last comma.
            if let comma = value.lastIndex(of: ",") {
                valueStart += value.distance(from: value.startIndex, to: comma) + 1
                value = String(value[value.index(after: comma)...])
            }
        case (_, .flag): values = ["false", "true"]
        default: values = []
        }
        return Candidates(start: valueStart, words: matching(value, in: values, then: " "))
    }

    /// A name as a command takes it: in double quotes when it has a space.
    private static func quoted(_ name: String) -> String { name.contains(" ") ? "\"\(name)\"" : name }

    private func matching(_ prefix: String, in words: [String], then end: String) -> [String] {
        words.filter { $0.hasPrefix(prefix) }.map { $0 + end }
    }
}
