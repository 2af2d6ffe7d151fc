import Perk

/// Why a ledger refused an operation. Nothing was credited, burned or stored.
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The request is invalid or cannot be evaluated (`field` names the culprit).
        case request
        /// The order or external id was already used by a different or a duplicate request.
        case conflict
        /// No sale has this reference.
        case unknownOrder = "unknown order"
        /// The operation is not allowed in the sale's state or for this customer.
        case refused
        /// The store could not read or write the ledger.
        case storage
        /// The stored ledger is damaged.
        case corrupt
    }

    public let kind: Kind
    /// The request field at fault, when there is one.
    public let field: String?
    public let message: String

    public init(_ kind: Kind, field: String? = nil, _ message: String) {
        self.kind = kind
        self.field = field
        self.message = message
    }

    init(_ error: EvaluationError) {
        self.init(.request, field: error.field, error.message)
    }

    public var description: String { field.map { "\($0): \(message)" } ?? message }
}
