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
        var articles = ArticleTable()
        var eans = ArticleTable()
    }

    private(set) var nodes: [LinePredicate] = []
    private(set) var lists: [Keys] = []
    private(set) var categories: [String] = []

    /// Adds a node; its number.
    mutating func add(_ node: LinePredicate) -> Int32 {
        nodes.append(node)
        return Int32(nodes.count - 1)
    }

    /// Adds a list of keys; the number a `listed` node gives it.
    mutating func add(articles: some Sequence<String>, eans: some Sequence<String>) -> Int32 {
        var keys = Keys()
        for article in articles { keys.articles.insert(article, value: 0) }
        for ean in eans { keys.eans.insert(ean, value: 0) }
        lists.append(keys)
        return Int32(lists.count - 1)
    }

    /// The number of a category, given it on first use.
    mutating func category(_ name: String) -> Int32 {
        if let number = categories.firstIndex(of: name) { return Int32(number) }
        categories.append(name)
        return Int32(categories.count - 1)
    }

    /// Whether a line matches the predicate whose root is `node`. The line is read in place.
    func matches(_ node: Int32, _ line: UnsafePointer<Request.Line>) -> Bool {
        switch nodes[Int(node)] {
        case .category(let category):
            guard let own = line.pointee.category else { return false }
            return own == categories[Int(category)]
        case .listed(let list):
            if let article = line.pointee.article, lists[Int(list)].articles.value(of: article) != nil { return true }
            if let ean = line.pointee.ean, lists[Int(list)].eans.value(of: ean) != nil { return true }
            return false
        case .not(let inner): return !matches(inner, line)
        case .and(let left, let right): return matches(left, line) && matches(right, line)
        case .or(let left, let right): return matches(left, line) || matches(right, line)
        }
    }
}
