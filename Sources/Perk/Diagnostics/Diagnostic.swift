/// A problem found in a program file: what is wrong, where, and how to fix it.
public struct Diagnostic: Sendable, Equatable {
    public enum Severity: String, Sendable {
        case error, warning
    }

    public let severity: Severity
    /// A stable code such as `E0201`, listed in Grammar.md.
    public let code: String
    /// What is wrong, lowercase, without a final period.
    public let message: String
    /// Where the problem is: the smallest span that shows it.
    public let span: Span
    /// A short text printed under the caret.
    public let label: String
    /// Further facts, each printed as `= note: …`.
    public let notes: [String]
    /// A fix, printed as `= help: …`.
    public let help: String?

    init(_ severity: Severity, _ code: String, _ message: String, at span: Span, label: String = "",
         notes: [String] = [], help: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.span = span
        self.label = label
        self.notes = notes
        self.help = help
    }
}

/// The diagnostics of a program that did not compile; `description` renders them all.
public struct ProgramError: Error, Sendable, CustomStringConvertible {
    public init(source: Source, diagnostics: [Diagnostic]) {
        self.source = source
        self.diagnostics = diagnostics
    }

    /// The program's source, to render the diagnostics against.
    public let source: Source
    /// Every diagnostic found, errors and warnings, in source order.
    public let diagnostics: [Diagnostic]

    public var description: String { DiagnosticRenderer(source: source, color: false).render(diagnostics) }
}
