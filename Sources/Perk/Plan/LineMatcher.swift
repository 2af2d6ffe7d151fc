/// A program's line predicates as evaluating reads them: the nodes in memory of their own,
/// the lists and categories behind one reference, so that testing lines copies nothing.
final class LineMatcher: Sendable {
    private let nodes: Frozen<LinePredicate>
    private let lists: [LinePredicates.Keys]
    private let categories: [String]
    private let categoryTable: ArticleTable
    /// Whether a category has a character beyond ASCII, which other bytes may also spell.
    private let nonASCIICategories: Bool

    init(_ predicates: LinePredicates) {
        nodes = Frozen(predicates.nodes)
        lists = predicates.lists
        categories = predicates.categories
        categoryTable = predicates.categoryTable
        nonASCIICategories = predicates.categories.contains { !$0.utf8.allSatisfy { $0 < 0x80 } }
    }

    deinit { nodes.free() }

    /// The categories the program's rules count lines by.
    var categoryNames: [String] { categories }

    /// The program's named lists, in the order they are written, each with its article
    /// numbers and EANs, sorted.
    var namedLists: [(name: String, articles: [String], eans: [String])] {
        lists.filter { !$0.name.isEmpty }.map { ($0.name, $0.articles.keys.sorted(), $0.eans.keys.sorted()) }
    }

    /// Whether a line matches the predicate whose root is `node`. The line is read in place.
    func matches(_ node: Int32, _ line: UnsafePointer<Request.Line>) -> Bool {
        switch nodes[Int(node)] {
        case .category(let category):
            guard let own = line.pointee.category else { return false }
            return own == categories[Int(category)]  // as Unicode text, as `categories(of:)` finds them
        case .listed(let list):
            if let article = line.pointee.article, lists[Int(list)].articles.value(of: article) != nil { return true }
            if let ean = line.pointee.ean, lists[Int(list)].eans.value(of: ean) != nil { return true }
            return false
        case .not(let inner): return !matches(inner, line)
        case .and(let left, let right): return matches(left, line) && matches(right, line)
        case .or(let left, let right): return matches(left, line) || matches(right, line)
        }
    }

    /// The categories (a bit per number, for the first 64) of the lines for which `counted`
    /// is true, compared as `matches` compares them (as Unicode text): a few one by one, many
    /// looked up in a table by their bytes first.
    func categories(of lines: UnsafeBufferPointer<Request.Line>, counted: UnsafeBufferPointer<Bool>) -> UInt64 {
        var present: UInt64 = 0
        for index in lines.indices where counted[index] {
            guard let category = lines[index].category else { continue }
            if categories.count <= 8 {
                for number in categories.indices where categories[number] == category {
                    present |= 1 << UInt64(number)
                }
            } else if let number = categoryTable.value(of: category) {
                if number < 64 { present |= 1 << UInt64(number) }
            } else if nonASCIICategories || !category.utf8.allSatisfy({ $0 < 0x80 }),
                      let number = categories.firstIndex(of: category), number < 64 {
                // Not byte for byte, but the same text written otherwise (`e` and a combining
                // accent for `é`); only text beyond ASCII can be.
                present |= 1 << UInt64(number)
            }
        }
        return present
    }
}
