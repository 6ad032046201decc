import FoundationEssentials
public import GRPCCore

/// The server side of the gRPC interoperability test cases (`grpc.testing.TestService`).
///
/// It follows the published interop spec: payloads of the requested sizes filled with zeros, the
/// requested status echoed, `x-grpc-test-echo-initial` echoed in the initial metadata and
/// `x-grpc-test-echo-trailing-bin` in the trailers. `UnimplementedCall` is not registered, so that the
/// `unimplemented_method` case meets GRPCCore's own UNIMPLEMENTED.
public struct InteropTestService: RegistrableRPCService {
    public static let echoInitialKey = "x-grpc-test-echo-initial"
    public static let echoTrailingKey = "x-grpc-test-echo-trailing-bin"
    /// The service's full name: served without a token, as conformance clients send none.
    public static let name = Grpc_Testing_TestService.descriptor.fullyQualifiedService

    public init() {}

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        // The generated code registers every method; the one the spec leaves unimplemented goes again.
        TestServiceHandlers().registerMethods(with: &router)
        _ = router.removeHandler(forMethod: Grpc_Testing_TestService.Method.UnimplementedCall.descriptor)
    }
}

/// The handlers behind ``InteropTestService``.
struct TestServiceHandlers: Grpc_Testing_TestService.ServiceProtocol {
    static let echoInitialKey = InteropTestService.echoInitialKey
    static let echoTrailingKey = InteropTestService.echoTrailingKey

    func emptyCall(
        request: ServerRequest<Grpc_Testing_Empty>,
        context: ServerContext
    ) async throws -> ServerResponse<Grpc_Testing_Empty> {
        ServerResponse(message: Grpc_Testing_Empty())
    }

    func unaryCall(
        request: ServerRequest<Grpc_Testing_SimpleRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Grpc_Testing_SimpleResponse> {
        if let error = Self.requestedError(request.message.hasResponseStatus ? request.message.responseStatus : nil) {
            return ServerResponse(error: error)
        }
        var response = Grpc_Testing_SimpleResponse()
        response.payload = .zeros(count: request.message.responseSize)
        return ServerResponse(
            message: response,
            metadata: Self.echoedInitialMetadata(request.metadata),
            trailingMetadata: Self.echoedTrailingMetadata(request.metadata)
        )
    }

    func streamingOutputCall(
        request: ServerRequest<Grpc_Testing_StreamingOutputCallRequest>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Grpc_Testing_StreamingOutputCallResponse> {
        StreamingServerResponse(metadata: Self.echoedInitialMetadata(request.metadata)) { writer in
            try await Self.respond(to: request.message, writer: writer)
            return Self.echoedTrailingMetadata(request.metadata)
        }
    }

    func streamingInputCall(
        request: StreamingServerRequest<Grpc_Testing_StreamingInputCallRequest>,
        context: ServerContext
    ) async throws -> ServerResponse<Grpc_Testing_StreamingInputCallResponse> {
        var total = 0
        for try await message in request.messages {
            total += message.payload.body.count
        }
        var response = Grpc_Testing_StreamingInputCallResponse()
        response.aggregatedPayloadSize = Int32(total)
        return ServerResponse(message: response)
    }

    func fullDuplexCall(
        request: StreamingServerRequest<Grpc_Testing_StreamingOutputCallRequest>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Grpc_Testing_StreamingOutputCallResponse> {
        StreamingServerResponse(metadata: Self.echoedInitialMetadata(request.metadata)) { writer in
            for try await message in request.messages {
                try await Self.respond(to: message, writer: writer)
            }
            return Self.echoedTrailingMetadata(request.metadata)
        }
    }

    func halfDuplexCall(
        request: StreamingServerRequest<Grpc_Testing_StreamingOutputCallRequest>,
        context: ServerContext
    ) async throws -> StreamingServerResponse<Grpc_Testing_StreamingOutputCallResponse> {
        StreamingServerResponse(metadata: Self.echoedInitialMetadata(request.metadata)) { writer in
            var buffered: [Grpc_Testing_StreamingOutputCallRequest] = []
            for try await message in request.messages {
                buffered.append(message)
            }
            for message in buffered {
                try await Self.respond(to: message, writer: writer)
            }
            return Self.echoedTrailingMetadata(request.metadata)
        }
    }

    func unimplementedCall(
        request: ServerRequest<Grpc_Testing_Empty>,
        context: ServerContext
    ) async throws -> ServerResponse<Grpc_Testing_Empty> {
        throw RPCError(code: .unimplemented, message: "UnimplementedCall is not implemented.")
    }

    /// Writes the responses a request asks for, honouring each one's interval, then its status.
    private static func respond(
        to request: Grpc_Testing_StreamingOutputCallRequest,
        writer: RPCWriter<Grpc_Testing_StreamingOutputCallResponse>
    ) async throws {
        if let error = Self.requestedError(request.hasResponseStatus ? request.responseStatus : nil) {
            throw error
        }
        for parameters in request.responseParameters {
            if parameters.intervalUs > 0 {
                try await Task.sleep(for: .microseconds(parameters.intervalUs))
            }
            var response = Grpc_Testing_StreamingOutputCallResponse()
            response.payload = .zeros(count: parameters.size)
            try await writer.write(response)
        }
    }

    private static func requestedError(_ status: Grpc_Testing_EchoStatus?) -> RPCError? {
        guard let status, status.code != 0 else { return nil }
        let code = Status.Code(rawValue: Int(status.code)).flatMap(RPCError.Code.init) ?? .unknown
        return RPCError(code: code, message: status.message)
    }

    private static func echoedInitialMetadata(_ metadata: Metadata) -> Metadata {
        var echoed = Metadata()
        for value in metadata[stringValues: Self.echoInitialKey] {
            echoed.addString(value, forKey: Self.echoInitialKey)
        }
        return echoed
    }

    private static func echoedTrailingMetadata(_ metadata: Metadata) -> Metadata {
        var echoed = Metadata()
        for value in metadata[binaryValues: Self.echoTrailingKey] {
            echoed.addBinary(value, forKey: Self.echoTrailingKey)
        }
        return echoed
    }
}

extension Grpc_Testing_Payload {
    /// A payload of `count` zero bytes, as the interop spec asks.
    static func zeros(count: Int32) -> Self {
        var payload = Self()
        payload.body = .init(count: max(0, Int(count)))
        return payload
    }
}
