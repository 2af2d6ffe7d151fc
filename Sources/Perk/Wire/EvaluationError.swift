/// Why a request could not be evaluated: the JSON field (or value) at fault and what is wrong.
/// A failed evaluation has no outcome: nothing is credited, burned or stored.
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path of the offending field, such as `lines[2].vat_rate`, or nil when no field is to blame.
    public let field: String?
    /// What is wrong, lowercase, without a final period.
    public let message: String

    public init(field: String?, _ message: String) {
        self.field = field
        self.message = message
    }

    /// `lines[2].vat_rate: no bonus product for VAT 10%`.
    public var description: String { field.map { "\($0): \(message)" } ?? message }

    static func overflow(_ field: String?) -> EvaluationError {
        EvaluationError(field: field, "amount too large: the result does not fit in 64 bits")
    }
}
