/// The diagnostics of one program file as checking finds them. Only the first `limit` are
/// kept, so that a file of garbage costs neither memory nor time to report; the others are
/// counted, and `final` ends with one diagnostic that says how many were left out.
struct DiagnosticList {
    /// How many diagnostics a file reports at most.
    static let limit = 100

    private(set) var kept: [Diagnostic] = []
    private var omittedErrors = 0
    private var omittedWarnings = 0

    /// Whether any diagnostic, kept or not, is an error: then the program does not compile.
    private(set) var hasErrors = false

    var isEmpty: Bool { kept.isEmpty }

    mutating func append(_ diagnostic: Diagnostic) {
        if diagnostic.severity == .error { hasErrors = true }
        guard kept.count < DiagnosticList.limit else {
            if diagnostic.severity == .error { omittedErrors += 1 } else { omittedWarnings += 1 }
            return
        }
        kept.append(diagnostic)
    }

    /// Adds another stage's diagnostics.
    mutating func append(contentsOf other: DiagnosticList) {
        for diagnostic in other.kept { append(diagnostic) }
        omittedErrors += other.omittedErrors
        omittedWarnings += other.omittedWarnings
        hasErrors = hasErrors || other.hasErrors
    }

    /// The kept diagnostics in source order, then, when some were left out, one that says
    /// how many (E0009 when errors were among them, else W0003), at the last one kept.
    var final: [Diagnostic] {
        var sorted = kept.sorted { $0.span.start < $1.span.start }
        if let last = sorted.last, omittedErrors + omittedWarnings > 0 {
            sorted.append(.omitted(errors: omittedErrors, warnings: omittedWarnings, after: last.span))
        }
        return sorted
    }
}
