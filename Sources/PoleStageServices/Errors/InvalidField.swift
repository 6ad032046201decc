public import GRPCCore

/// A request field that breaks its rule: `INVALID_ARGUMENT`, with the field's path in the message.
public struct InvalidField: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field's path, as in the `.proto` file: `details.periods[2].seats`.
    public var field: String
    /// The rule it breaks. Never quotes a pupil reference or free text.
    public var reason: String

    public init(_ field: String, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(self.field): \(self.reason)" }
}

extension InvalidField: RPCErrorConvertible {
    public var rpcErrorCode: RPCError.Code { .invalidArgument }
    public var rpcErrorMessage: String { self.description }
}
