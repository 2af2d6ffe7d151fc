/// Which basket lines a line-scoped effect counts, resolved when the program is checked: one
/// node of a predicate, whose operands are other nodes of the program's `LinePredicates`. A
/// plain value: testing a line copies no reference and looks nothing up by name.
enum LinePredicate: Sendable, Equatable {
    /// The line's category is `LinePredicates.categories[number]`.
    case category(Int32)
    /// The line's article number or EAN is in `LinePredicates.lists[number]`.
    case listed(Int32)
    case not(Int32)
    case and(Int32, Int32)
    case or(Int32, Int32)
}

/// The line predicates of a program's rules, as one pool of nodes: an earning refers to the
/// root of its predicate by number.
struct LinePredicates: Sendable {
    /// The article numbers and EANs of a named list, or of one `with article` or `with ean`.
    struct Keys: Sendable {
        /// The list's name, as the program writes it (`gift cards`); empty for the list of
        /// one article or EAN that `with article VALUE` makes.
        var name = ""
        var articles = ArticleTable()
        var eans = ArticleTable()
    }

    private(set) var nodes: [LinePredicate] = []
    private(set) var lists: [Keys] = []
    private(set) var categories: [String] = []
    /// The categories, for looking a line's up when there are many (its value is its number).
    private(set) var categoryTable = ArticleTable()

    /// Adds a node; its number.
    mutating func add(_ node: LinePredicate) -> Int32 {
        nodes.append(node)
        return Int32(nodes.count - 1)
    }

    /// Adds a list of keys, named or not; the number a `listed` node gives it.
    mutating func add(list name: String = "", articles: some Sequence<String>, eans: some Sequence<String>) -> Int32 {
        var keys = Keys(name: name)
        for article in articles { keys.articles.insert(article, value: 0) }
        for ean in eans { keys.eans.insert(ean, value: 0) }
        lists.append(keys)
        return Int32(lists.count - 1)
    }

    /// The number of a category, given it on first use.
    mutating func category(_ name: String) -> Int32 {
        // As Unicode text, as lines are matched: the same category however its accents are written.
        if let number = categories.firstIndex(of: name) { return Int32(number) }
        categories.append(name)
        categoryTable.insert(name, value: Int32(categories.count - 1))
        return Int32(categories.count - 1)
    }

    /// The categories (a bit per number, for the first 64) of which a line must have one to
    /// match the predicate whose root is `node`; nil when a line of any category may match.
    func requiredCategories(_ node: Int32) -> UInt64? {
        switch nodes[Int(node)] {
        case .category(let category): return category < 64 ? 1 << UInt64(category) : nil
        case .listed, .not: return nil
        case .and(let left, let right):
            switch (requiredCategories(left), requiredCategories(right)) {
            case (let l?, let r?): return l & r
            case (let l, let r): return l ?? r
            }
        case .or(let left, let right):
            guard let l = requiredCategories(left), let r = requiredCategories(right) else { return nil }
            return l | r
        }
    }
}
