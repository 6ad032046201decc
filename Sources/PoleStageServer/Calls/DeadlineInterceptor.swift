import GRPCCore

/// Ends every RPC whose deadline passed with DEADLINE_EXCEEDED, on both transports.
///
/// GRPCCore tells a handler that its deadline passed by cancelling the RPC (``ServerContext/RPCCancellationHandle``),
/// not by failing it: a handler that no longer reads its requests, such as a server-streaming `Subscribe` waiting for
/// changes, then returns normally, and the call would end with OK. This interceptor, inside the authentication one (so
/// that the metrics count the final status), turns such an ending into DEADLINE_EXCEEDED (`docs/protocol.md` §6).
///
/// A call with a `grpc-timeout` whose RPC was cancelled ends so. The other cause of that cancellation is the client
/// going away (a RESET, a closed connection), after which no status reaches it anyway; GRPCCore's timer starts before
/// the interceptors run, so comparing clocks here would misjudge a deadline that has just passed.
struct DeadlineInterceptor: ServerInterceptor {
    /// The message of the status, as the WebSocket transport words it for a handler still reading its requests.
    static let message = "The RPC's deadline passed."

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        guard request.metadata.grpcTimeout != nil else { return try await next(request, context) }
        let passed: @Sendable () -> Bool = { context.cancellation.isCancelled }
        var response: StreamingServerResponse<Output>
        do {
            response = try await next(request, context)
        } catch {
            throw passed() && Self.endsByCancellation(error) ? Self.exceeded : error
        }
        guard case .success(var contents) = response.accepted else { return response }
        let producer = contents.producer
        contents.producer = { writer in
            let trailers: Metadata
            do {
                trailers = try await producer(writer)
            } catch {
                throw passed() && Self.endsByCancellation(error) ? Self.exceeded : error
            }
            if passed() { throw Self.exceeded }
            return trailers
        }
        response.accepted = .success(contents)
        return response
    }

    static var exceeded: RPCError {
        RPCError(code: .deadlineExceeded, message: Self.message)
    }

    /// Whether `error` is how a handler stops when cancelled, rather than a status of its own choosing.
    static func endsByCancellation(_ error: any Error) -> Bool {
        if error is CancellationError { return true }
        if let error = error as? RPCError { return error.code == .cancelled }
        return false
    }
}

extension Metadata {
    /// The call's timeout from `grpc-timeout`, read as GRPCCore reads it (its own reading is not public): 2 to 8
    /// characters, an integer followed by one unit (`H`, `M`, `S`, `m`, `u`, `n`); `nil` when absent or unreadable.
    package var grpcTimeout: Duration? {
        guard let value = self[stringValues: "grpc-timeout"].first(where: { _ in true }),
            (2...8).contains(value.count), let unit = value.last, let amount = Int64(value.dropLast())
        else { return nil }
        switch unit {
        case "H": return .seconds(amount * 3600)
        case "M": return .seconds(amount * 60)
        case "S": return .seconds(amount)
        case "m": return .milliseconds(amount)
        case "u": return .microseconds(amount)
        case "n": return .nanoseconds(amount)
        default: return nil
        }
    }
}
