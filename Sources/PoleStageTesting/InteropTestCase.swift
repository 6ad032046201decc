import FoundationEssentials
public import GRPCCore
import PoleStageInterop
import SwiftProtobuf

/// The gRPC interoperability test cases, run from the client side against ``InteropTestService``.
///
/// Each case follows the published interop spec (`doc/interop-test-descriptions.md` in grpc/grpc) and
/// throws ``InteropFailure`` when the server's behaviour differs from it.
public enum InteropTestCase: String, CaseIterable, Sendable {
    case emptyUnary = "empty_unary"
    case largeUnary = "large_unary"
    case clientStreaming = "client_streaming"
    case serverStreaming = "server_streaming"
    case pingPong = "ping_pong"
    case emptyStream = "empty_stream"
    case customMetadata = "custom_metadata"
    case statusCodeAndMessage = "status_code_and_message"
    case specialStatusMessage = "special_status_message"
    case unimplementedMethod = "unimplemented_method"
    case unimplementedService = "unimplemented_service"
    case cancelAfterBegin = "cancel_after_begin"
    case cancelAfterFirstResponse = "cancel_after_first_response"
    case timeoutOnSleepingServer = "timeout_on_sleeping_server"

    /// Runs the case with `client`.
    public func run<Transport: ClientTransport>(with client: GRPCClient<Transport>) async throws {
        let test = Grpc_Testing_TestService.Client(wrapping: client)
        switch self {
        case .emptyUnary:
            let response = try await test.emptyCall(Grpc_Testing_Empty())
            try check(response == Grpc_Testing_Empty(), "empty_unary: response is not empty")

        case .largeUnary:
            var request = Grpc_Testing_SimpleRequest()
            request.responseSize = 314_159
            request.payload = .zeros(271_828)
            let response = try await test.unaryCall(request)
            try check(response.payload.body.count == 314_159, "large_unary: \(response.payload.body.count) bytes")

        case .clientStreaming:
            let sizes = [27_182, 8, 1_828, 45_904]
            let response = try await test.streamingInputCall(
                request: StreamingClientRequest { writer in
                    for size in sizes {
                        var request = Grpc_Testing_StreamingInputCallRequest()
                        request.payload = .zeros(size)
                        try await writer.write(request)
                    }
                }
            )
            try check(response.aggregatedPayloadSize == 74_922, "client_streaming: \(response.aggregatedPayloadSize)")

        case .serverStreaming:
            let sizes: [Int32] = [31_415, 9, 2_653, 58_979]
            var request = Grpc_Testing_StreamingOutputCallRequest()
            request.responseParameters = sizes.map { size in .with { $0.size = size } }
            let received = try await test.streamingOutputCall(request) { response in
                var received: [Int] = []
                for try await message in response.messages { received.append(message.payload.body.count) }
                return received
            }
            try check(received == sizes.map(Int.init), "server_streaming: \(received)")

        case .pingPong:
            try await Self.pingPong(test)

        case .emptyStream:
            let count = try await test.fullDuplexCall(request: StreamingClientRequest { _ in }) { response in
                var count = 0
                for try await _ in response.messages { count += 1 }
                return count
            }
            try check(count == 0, "empty_stream: \(count) responses")

        case .customMetadata:
            try await Self.customMetadata(test)

        case .statusCodeAndMessage:
            try await Self.expectEchoedStatus(test, message: "test status message")

        case .specialStatusMessage:
            try await Self.expectEchoedStatus(
                test,
                message: "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n"
            )

        case .unimplementedMethod:
            try await expectCode(.unimplemented) { try await test.unimplementedCall(Grpc_Testing_Empty()) }

        case .unimplementedService:
            let other = Grpc_Testing_UnimplementedService.Client(wrapping: client)
            try await expectCode(.unimplemented) { try await other.unimplementedCall(Grpc_Testing_Empty()) }

        case .cancelAfterBegin:
            try await Self.cancelAfterBegin(test)

        case .cancelAfterFirstResponse:
            try await Self.cancelAfterFirstResponse(test)

        case .timeoutOnSleepingServer:
            var options = CallOptions.defaults
            options.timeout = .milliseconds(1)
            try await expectCode(.deadlineExceeded) {
                try await test.fullDuplexCall(
                    request: StreamingClientRequest { writer in
                        var request = Grpc_Testing_StreamingOutputCallRequest()
                        request.payload = .zeros(27_182)
                        try await writer.write(request)
                        // Keep the stream open: the server never answers, the deadline ends the call.
                        try await Task.sleep(for: .seconds(60))
                    },
                    options: options
                ) { response in
                    for try await _ in response.messages {}
                }
            }
        }
    }

    private static func pingPong<T: ClientTransport>(_ test: Grpc_Testing_TestService.Client<T>) async throws {
        let pairs: [(response: Int32, request: Int)] = [(31_415, 27_182), (9, 8), (2_653, 1_828), (58_979, 45_904)]
        let (answers, answered) = AsyncStream.makeStream(of: Int.self)
        let received = try await test.fullDuplexCall(
            request: StreamingClientRequest { writer in
                var iterator = answers.makeAsyncIterator()
                for pair in pairs {
                    var request = Grpc_Testing_StreamingOutputCallRequest()
                    request.responseParameters = [.with { $0.size = pair.response }]
                    request.payload = .zeros(pair.request)
                    try await writer.write(request)
                    // The next ping goes only once this one's pong arrived.
                    guard await iterator.next() != nil else { return }
                }
            }
        ) { response in
            var sizes: [Int] = []
            for try await message in response.messages {
                sizes.append(message.payload.body.count)
                answered.yield(message.payload.body.count)
            }
            answered.finish()
            return sizes
        }
        try check(received == pairs.map { Int($0.response) }, "ping_pong: \(received)")
    }

    private static func customMetadata<T: ClientTransport>(_ test: Grpc_Testing_TestService.Client<T>) async throws {
        let initialValue = "test_initial_metadata_value"
        let trailingValue: [UInt8] = [0xAB, 0xAB, 0xAB]
        var metadata = Metadata()
        metadata.addString(initialValue, forKey: InteropTestService.echoInitialKey)
        metadata.addBinary(trailingValue, forKey: InteropTestService.echoTrailingKey)

        var unary = Grpc_Testing_SimpleRequest()
        unary.responseSize = 314_159
        unary.payload = .zeros(271_828)
        let (initial, trailing) = try await test.unaryCall(unary, metadata: metadata) { response in
            _ = try response.message
            return (
                Array(response.metadata[stringValues: InteropTestService.echoInitialKey]),
                Array(response.trailingMetadata[binaryValues: InteropTestService.echoTrailingKey])
            )
        }
        try check(initial == [initialValue], "custom_metadata: unary initial metadata \(initial)")
        try check(trailing == [trailingValue], "custom_metadata: unary trailing metadata \(trailing)")

        let (streamInitial, streamTrailing) = try await test.fullDuplexCall(
            request: StreamingClientRequest(metadata: metadata) { writer in
                var request = Grpc_Testing_StreamingOutputCallRequest()
                request.responseParameters = [.with { $0.size = 314_159 }]
                request.payload = .zeros(271_828)
                try await writer.write(request)
            }
        ) { response in
            let initial = Array(response.metadata[stringValues: InteropTestService.echoInitialKey])
            var trailing: [[UInt8]] = []
            for try await part in response.bodyParts {
                if case .trailingMetadata(let metadata) = part {
                    trailing = Array(metadata[binaryValues: InteropTestService.echoTrailingKey])
                }
            }
            return (initial, trailing)
        }
        try check(streamInitial == [initialValue], "custom_metadata: streaming initial metadata \(streamInitial)")
        try check(streamTrailing == [trailingValue], "custom_metadata: streaming trailing metadata \(streamTrailing)")
    }

    private static func expectEchoedStatus<T: ClientTransport>(
        _ test: Grpc_Testing_TestService.Client<T>,
        message: String
    ) async throws {
        var status = Grpc_Testing_EchoStatus()
        status.code = 2
        status.message = message
        var unary = Grpc_Testing_SimpleRequest()
        unary.responseStatus = status
        let unaryError = try await expectCode(.unknown) { try await test.unaryCall(unary) }
        try check(unaryError.message == message, "status message: unary got \(unaryError.message.debugDescription)")

        var streaming = Grpc_Testing_StreamingOutputCallRequest()
        streaming.responseStatus = status
        let request = streaming
        let streamError = try await expectCode(.unknown) {
            try await test.fullDuplexCall(request: StreamingClientRequest { try await $0.write(request) }) { response in
                for try await _ in response.messages {}
            }
        }
        try check(
            streamError.message == message,
            "status message: streaming got \(streamError.message.debugDescription)"
        )
    }

    private static func cancelAfterBegin<T: ClientTransport>(_ test: Grpc_Testing_TestService.Client<T>) async throws {
        let (began, beganContinuation) = AsyncStream.makeStream(of: Void.self)
        let call = Task {
            try await test.streamingInputCall(
                request: StreamingClientRequest { _ in
                    beganContinuation.yield()
                    try await Task.sleep(for: .seconds(60))
                }
            )
        }
        for await _ in began { break }
        call.cancel()
        try await expectCancelled { _ = try await call.value }
    }

    private static func cancelAfterFirstResponse<T: ClientTransport>(_ test: Grpc_Testing_TestService.Client<T>)
        async throws
    {
        let (first, firstContinuation) = AsyncStream.makeStream(of: Void.self)
        let call = Task {
            try await test.fullDuplexCall(
                request: StreamingClientRequest { writer in
                    var request = Grpc_Testing_StreamingOutputCallRequest()
                    request.responseParameters = [.with { $0.size = 31_415 }]
                    request.payload = .zeros(27_182)
                    try await writer.write(request)
                    try await Task.sleep(for: .seconds(60))
                }
            ) { response in
                for try await _ in response.messages {
                    firstContinuation.yield()
                }
            }
        }
        for await _ in first { break }
        call.cancel()
        try await expectCancelled { try await call.value }
    }
}

/// A difference between the server's behaviour and the interop spec.
public struct InteropFailure: Error, CustomStringConvertible {
    public let description: String
}

private func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw InteropFailure(description: message()) }
}

/// Runs `body`, which must fail with an `RPCError` of `code`; returns that error.
@discardableResult
private func expectCode<T>(_ code: RPCError.Code, _ body: () async throws -> T) async throws -> RPCError {
    do {
        _ = try await body()
    } catch let error as RPCError {
        try check(error.code == code, "expected \(code), got \(error.code): \(error.message)")
        return error
    }
    throw InteropFailure(description: "expected \(code), the call succeeded")
}

/// A cancelled call surfaces as `CancellationError` or an `RPCError` with code `cancelled`. GRPCCore itself
/// reports a cancellation that comes before the first response part as UNKNOWN caused by a
/// `CancellationError` (`ClientStreamExecutor`), on every transport: that counts as cancelled too.
private func expectCancelled(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as RPCError {
        // A client library may report its own cancellation otherwise: grpc-swift-2 as UNKNOWN caused by a
        // CancellationError (grpc/grpc-swift-2#9); grpc-swift-nio-transport's HTTP/2 client, under load, as UNAVAILABLE
        // when the stream it is closing for the cancellation closes first. Both are the client's own status for a call
        // it cancelled; the server's part (it stops the call) is the same.
        let cancelled =
            error.code == .cancelled || (error.code == .unknown && error.cause is CancellationError)
            || (error.code == .unavailable && error.message.hasPrefix("Stream unexpectedly closed"))
        try check(cancelled, "expected CANCELLED, got \(error.code): \(error.message)")
        return
    } catch is CancellationError {
        return
    }
    throw InteropFailure(description: "expected CANCELLED, the call succeeded")
}

extension Grpc_Testing_Payload {
    static func zeros(_ count: Int) -> Self {
        var payload = Self()
        payload.body = .init(repeating: 0, count: count)
        return payload
    }
}
