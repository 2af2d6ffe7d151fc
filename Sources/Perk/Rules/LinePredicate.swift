/// Which basket lines a line-scoped effect counts, resolved when the program is checked:
/// named lists are sets, nothing is looked up by name when a line is tested.
enum LinePredicate: Sendable {
    case category(String)
    /// Article numbers and EANs, from an entry or a named list.
    case listed(articles: Set<String>, eans: Set<String>)
    indirect case not(LinePredicate)
    indirect case and(LinePredicate, LinePredicate)
    indirect case or(LinePredicate, LinePredicate)

    /// Whether a line matches.
    func matches(_ line: Request.Line) -> Bool {
        switch self {
        case .category(let category): return line.category == category
        case .listed(let articles, let eans):
            if let article = line.article, articles.contains(article) { return true }
            if let ean = line.ean, eans.contains(ean) { return true }
            return false
        case .not(let inner): return !inner.matches(line)
        case .and(let left, let right): return left.matches(line) && right.matches(line)
        case .or(let left, let right): return left.matches(line) || right.matches(line)
        }
    }
}
