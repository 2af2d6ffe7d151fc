/// A compiled loyalty program: immutable, `Sendable`, ready to evaluate any number of
/// requests from any number of threads. Nothing of the syntax tree is left inside; article
/// lists are hash sets and every brand and merchant section is merged into its own scope.
///
/// ```swift
/// let program = try Program(text: source, name: "kenzup.perk")
/// let outcome = try program.evaluate(try Request(json: bytes, currency: program.currency))
/// ```
public struct Program: Sendable {
    /// The compiled rules, shared by every copy of the program: copying a program, as each
    /// evaluation does, costs one reference count.
    let rules: Rules

    /// The program's name, from its `program` statement.
    public var name: String { rules.name }
    /// The currency every amount of the program and its requests is in.
    public var currency: Currency { rules.currency }
    /// The source the program was compiled from, to render diagnostics and trace locations.
    public var source: Source { rules.source }
    /// Warnings found while checking; errors prevent compilation.
    public var warnings: [Diagnostic] { rules.warnings }
    /// What the program rewards: points, or bonus money.
    public var reward: RewardKind { rules.reward }
    /// The names of the program's rules in program order, as an outcome's `rules` has them.
    public var ruleNames: [String] { rules.plan.results.names }
    /// The tiers the program declares, lowest first.
    public var tiers: [String] { rules.plan.tiers }
    /// The customer tags its rules read.
    public var tags: [String] { rules.plan.symbols.all(.tag) }
    /// The line categories its rules count.
    public var categories: [String] { rules.plan.lines.categoryNames }
    /// Its named lists (`list "gift cards" { … }`), each with its article numbers and EANs.
    public var namedLists: [(name: String, articles: [String], eans: [String])] { rules.plan.lines.namedLists }

    /// The article numbers of the program's whitelists and blacklists, in every section,
    /// sorted and each once: the values a basket line's `article` is matched against.
    public var listedArticles: [String] { rules.listedKeys(\.articles) }
    /// The EANs of the program's whitelists and blacklists, in every section, sorted and
    /// each once.
    public var listedEANs: [String] { rules.listedKeys(\.eans) }

    /// Parses, checks and compiles a program; throws every diagnostic when it has errors.
    public init(source: Source) throws(ProgramError) {
        let (checked, diagnostics) = Program.checked(source)
        guard !diagnostics.hasErrors, let currency = checked.currency else {
            throw ProgramError(source: source, diagnostics: diagnostics.final)
        }
        self.init(checked, currency: currency, source: source, warnings: diagnostics.final)
    }

    /// Compiles program text; `name` is the file name shown in diagnostics and traces.
    public init(text: String, name: String = "program.perk") throws(ProgramError) {
        try self.init(source: Source(name: name, text: text))
    }

    /// Compiles a program file's bytes; bytes that are not UTF-8 are an error (E0004).
    public init(bytes: [UInt8], name: String) throws(ProgramError) {
        let (source, invalid) = Source.decoding(name: name, bytes: bytes)
        if let invalid { throw ProgramError(source: source, diagnostics: [invalid]) }
        try self.init(source: source)
    }

    /// What `points` are worth in minor units of the currency, rounded down; nil when the
    /// program gives points no value or the value does not fit.
    public func pointsWorth(_ points: Int64) -> Int64? {
        try? rules.pointValue?.worth(points, field: "points")
    }

    /// Every diagnostic of a program file, errors and warnings, without compiling it.
    public static func check(_ source: Source) -> [Diagnostic] {
        checked(source).diagnostics.final
    }

    private static func checked(_ source: Source) -> (CheckedProgram, diagnostics: DiagnosticList) {
        let (syntax, syntaxDiagnostics) = Parser.collect(source)
        var diagnostics = syntaxDiagnostics
        let (checked, checkDiagnostics) = Checker.check(syntax, source: source, syntaxErrors: !diagnostics.isEmpty)
        diagnostics.append(contentsOf: checkDiagnostics)
        return (checked, diagnostics)
    }

    private init(_ checked: CheckedProgram, currency: Currency, source: Source, warnings: [Diagnostic]) {
        rules = Rules(checked, currency: currency, source: source, warnings: warnings)
    }
}

/// What a program compiles to: its settings, its scopes merged once for every brand and
/// merchant, and its bonus products in VAT order. Immutable.
final class Rules: Sendable {
    let name: String
    let currency: Currency
    let source: Source
    let warnings: [Diagnostic]
    let pointValue: PointValue?
    let reward: RewardKind
    let credit: CreditTiming
    let lineRounding: Rounding
    let burnRounding: Stated<Rounding>?
    let redeemOrder: Stated<[BalanceKind]>
    /// The bonus products by VAT rate, lowest first; one per rate.
    let bonusProducts: [BonusProduct]
    /// The program's rules, compiled.
    let plan: Plan
    /// Every brand and merchant the program names (sections, offers, rule conditions), for
    /// the "did you mean" warning on a request's brand or merchant that matches none.
    let knownPlaces: [PlaceField: [String]]
    let base: Scope
    let brands: [String: Scope]
    let merchants: [String: Scope]
    /// For a sale that matches both a brand and a merchant section: the merchant's settings
    /// merged over the brand's scope, by brand then merchant.
    let brandMerchants: [String: [String: Scope]]

    init(_ checked: CheckedProgram, currency: Currency, source: Source, warnings: [Diagnostic]) {
        name = checked.name
        self.currency = currency
        self.source = source
        self.warnings = warnings
        pointValue = checked.pointValue
        reward = checked.reward ?? .points
        credit = checked.credit
        lineRounding = checked.lineRounding
        burnRounding = checked.burnRounding
        redeemOrder = checked.redeemOrder
        var products: [BonusProduct] = []
        for product in checked.bonusProducts where !products.contains(where: { $0.vat == product.vat }) {
            products.append(product)
        }
        bonusProducts = products.sorted { $0.vat < $1.vat }
        let (plan, statementIndex) = PlanCompiler.plan(checked)
        self.plan = plan
        var places: [PlaceField: Set<String>] = [:]
        for section in checked.sections { places[section.kind == .brand ? .brand : .merchant, default: []].insert(section.name) }
        for offer in checked.offers { places[.merchant, default: []].insert(offer.merchant) }
        for field in PlaceField.allCases where !checked.symbols.names[Symbols.Kind(field).rawValue].isEmpty {
            places[field, default: []].formUnion(checked.symbols.names[Symbols.Kind(field).rawValue])
        }
        knownPlaces = places.mapValues { $0.sorted() }
        let base = Scope(label: "program", settings: checked.base, inherited: nil, statementIndex: statementIndex)
        self.base = base
        var brands: [String: Scope] = [:]
        var merchantSettings: [String: ScopeSettings] = [:]
        for section in checked.sections {
            let label = "\(section.kind.rawValue) \"\(section.name)\""
            switch section.kind {
            case .brand:
                brands[section.name] = Scope(label: label, settings: section.settings, inherited: base, statementIndex: statementIndex)
            case .merchant:
                merchantSettings[section.name] = section.settings
            }
        }
        self.brands = brands
        merchants = merchantSettings.reduce(into: [:]) { scopes, entry in
            scopes[entry.key] = Scope(label: "merchant \"\(entry.key)\"", settings: entry.value, inherited: base, statementIndex: statementIndex)
        }
        brandMerchants = brands.mapValues { brand in
            merchantSettings.reduce(into: [:]) { scopes, entry in
                scopes[entry.key] = Scope(label: "\(brand.label), merchant \"\(entry.key)\"", settings: entry.value, inherited: brand,
                                          statementIndex: statementIndex)
            }
        }
    }

    /// The keys of one table of every list in every scope, sorted and each once.
    func listedKeys(_ table: KeyPath<ArticleList, ArticleTable>) -> [String] {
        Set(plan.lists.flatMap { $0[keyPath: table].keys }).sorted()
    }

    /// The scope that applies to a sale of this brand at this merchant.
    func scope(brand: String?, merchant: String?) -> Scope {
        if let brand, let merchant, let scope = brandMerchants[brand]?[merchant] { return scope }
        if let merchant, let scope = merchants[merchant] { return scope }
        if let brand, let scope = brands[brand] { return scope }
        return base
    }
}

/// The rules in force for one kind of sale: the program's own, or those of a brand or
/// merchant section merged over them. A class, so that an evaluation holds it for one
/// reference count.
final class Scope: Sendable {
    /// `program`, `brand "Afriquia Gaz"`, …: how the trace names it.
    let label: String
    let earn: EarnRule?
    /// The indices in the plan of the rules that the statements in force here became, ascending:
    /// `earn`, the list, the tenders that earn nothing, `points payments earn nothing`.
    let statements: Frozen<Int32>
    let overrides: OverridePolicy?
    /// Where the whitelist or blacklist in force here is written.
    private let list: ProgramLocation?
    let unregistered: Stated<UnregisteredPolicy>?
    let qrMessage: MessageTemplate?
    let unregisteredMessage: MessageTemplate?
    let qrValiditySeconds: Stated<Int64>?
    let pointsPaymentsEarnNothing: ProgramLocation?
    /// The tenders that earn nothing here, with where each is stated.
    private let tenders: [String: ProgramLocation]

    /// A scope's own settings over those it inherits: a stated setting replaces the inherited
    /// one (a list replaces the inherited list of either kind); tenders that earn nothing add
    /// up. The statements' rules are found in the plan by where they are written.
    init(label: String, settings: ScopeSettings, inherited: Scope?, statementIndex: [ProgramLocation: Int]) {
        self.label = label
        let earn = settings.earn ?? inherited?.earn
        self.earn = earn
        overrides = settings.overrides ?? inherited?.overrides
        let list = settings.list?.location ?? inherited?.list
        self.list = list
        unregistered = settings.unregistered ?? inherited?.unregistered
        qrMessage = settings.qrMessage ?? inherited?.qrMessage
        unregisteredMessage = settings.unregisteredMessage ?? inherited?.unregisteredMessage
        qrValiditySeconds = settings.qrValiditySeconds ?? inherited?.qrValiditySeconds
        pointsPaymentsEarnNothing = settings.pointsPaymentsEarnNothing ?? inherited?.pointsPaymentsEarnNothing
        // Tenders that earn nothing add up: the inherited ones, and the section's own (which
        // replace the inherited statement of the same tender).
        let tenders = (inherited?.tenders ?? [:]).merging(settings.noEarnTenders) { _, own in own }
        self.tenders = tenders
        let locations = [earn?.location, list, pointsPaymentsEarnNothing].compactMap { $0 } + tenders.values
        statements = Frozen(locations.compactMap { statementIndex[$0] }.sorted().map { Int32($0) })
    }

    deinit { statements.free() }
}
