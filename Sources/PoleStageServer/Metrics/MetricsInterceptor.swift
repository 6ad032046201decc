import GRPCCore

/// Counts every RPC of one transport by service, method and final status code, and times it.
///
/// It runs first, before authentication, so refused calls are counted too. A streaming response is counted when its
/// producer ends.
struct MetricsInterceptor: ServerInterceptor {
    let metrics: ServerMetrics
    /// `websocket` or `http2`.
    let transport: String

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let start = ContinuousClock.now
        let service = context.descriptor.service.fullyQualifiedService
        let method = context.descriptor.method
        let record: @Sendable (String) -> Void = { code in
            self.metrics.recordRPC(
                service: service,
                method: method,
                code: code,
                transport: self.transport,
                duration: ContinuousClock.now - start
            )
        }
        do {
            var response = try await next(request, context)
            switch response.accepted {
            case .success(var contents):
                let producer = contents.producer
                contents.producer = { writer in
                    do {
                        let trailers = try await producer(writer)
                        record("OK")
                        return trailers
                    } catch {
                        record(Self.code(of: error))
                        throw error
                    }
                }
                response.accepted = .success(contents)
            case .failure(let error):
                record(Self.name(of: error.code))
            }
            return response
        } catch {
            record(Self.code(of: error))
            throw error
        }
    }

    /// The status code GRPCCore will send for an error: its own code, a convertible's, or UNKNOWN.
    static func code(of error: any Error) -> String {
        switch error {
        case let error as RPCError: name(of: error.code)
        case let error as any RPCErrorConvertible: name(of: error.rpcErrorCode)
        default: name(of: .unknown)
        }
    }

    /// The code's canonical name, as gRPC writes it: `permissionDenied` → `PERMISSION_DENIED`.
    static func name(of code: RPCError.Code) -> String {
        var name = ""
        for character in "\(code)" {
            if character.isUppercase { name.append("_") }
            name.append(contentsOf: character.uppercased())
        }
        return name
    }
}
