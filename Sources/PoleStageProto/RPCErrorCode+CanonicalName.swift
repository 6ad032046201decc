public import GRPCCore

/// Beside the generated code: every client and service of ours imports this target.
extension RPCError.Code {
    /// The status code's canonical name, as gRPC's documents and error messages write it: `PERMISSION_DENIED`.
    public var canonicalName: String {
        let names: [(RPCError.Code, String)] = [
            (.cancelled, "CANCELLED"), (.unknown, "UNKNOWN"), (.invalidArgument, "INVALID_ARGUMENT"),
            (.deadlineExceeded, "DEADLINE_EXCEEDED"), (.notFound, "NOT_FOUND"), (.alreadyExists, "ALREADY_EXISTS"),
            (.permissionDenied, "PERMISSION_DENIED"), (.resourceExhausted, "RESOURCE_EXHAUSTED"),
            (.failedPrecondition, "FAILED_PRECONDITION"), (.aborted, "ABORTED"), (.outOfRange, "OUT_OF_RANGE"),
            (.unimplemented, "UNIMPLEMENTED"), (.internalError, "INTERNAL"), (.unavailable, "UNAVAILABLE"),
            (.dataLoss, "DATA_LOSS"), (.unauthenticated, "UNAUTHENTICATED"),
        ]
        return names.first { $0.0 == self }?.1 ?? "UNKNOWN"
    }
}
