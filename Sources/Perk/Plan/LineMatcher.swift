/// A program's line predicates as evaluating reads them: the nodes in memory of their own,
/// the lists and categories behind one reference, so that testing lines copies nothing.
final class LineMatcher: Sendable {
    private let nodes: Frozen<LinePredicate>
    private let lists: [LinePredicates.Keys]
    private let categories: [String]
    private let categoryTable: ArticleTable

    init(_ predicates: LinePredicates) {
        nodes = Frozen(predicates.nodes)
        lists = predicates.lists
        categories = predicates.categories
        categoryTable = predicates.categoryTable
    }

    deinit { nodes.free() }

    /// Whether a line matches the predicate whose root is `node`. The line is read in place.
    func matches(_ node: Int32, _ line: UnsafePointer<Request.Line>) -> Bool {
        switch nodes[Int(node)] {
        case .category(let category):
            guard let own = line.pointee.category else { return false }
            // Byte for byte, as article numbers and EANs are compared, and as `categories(of:)` finds them.
            return own.utf8.elementsEqual(categories[Int(category)].utf8)
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
    /// is true: a few compared one by one, many looked up in a table.
    func categories(of lines: UnsafeBufferPointer<Request.Line>, counted: UnsafeBufferPointer<Bool>) -> UInt64 {
        var present: UInt64 = 0
        for index in lines.indices where counted[index] {
            guard let category = lines[index].category else { continue }
            if categories.count <= 8 {
                for number in categories.indices where categories[number].utf8.elementsEqual(category.utf8) {
                    present |= 1 << UInt64(number)
                }
            } else if let number = categoryTable.value(of: category), number < 64 {
                present |= 1 << UInt64(number)
            }
        }
        return present
    }
}
