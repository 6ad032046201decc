import GRPCCore
import NIOCore
import PoleStageInterop
import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import PoleStageWire
import SwiftProtobuf
import Testing

@Suite("Streams on one WebSocket")
struct StreamTests {
    /// permessage-deflate is on (the default on both sides): concurrent writers must not corrupt it.
    @Test("100 concurrent streams of every kind on one WebSocket all complete correctly")
    func hundredConcurrentStreams() async throws {
        try await withTestServer { server, addresses in
            try await withGRPCClient(transport: WebSocketTransport.Client(url: addresses.webSocketURL)) { client in
                let test = Grpc_Testing_TestService.Client(wrapping: client)
                try await withTimeout(.seconds(60)) {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for index in 0..<100 {
                            group.addTask {
                                let size = Int32(1 + index * 97)
                                switch index % 3 {
                                case 0:
                                    var request = Grpc_Testing_SimpleRequest()
                                    request.responseSize = size
                                    let response = try await test.unaryCall(request)
                                    #expect(response.payload.body.count == Int(size))
                                case 1:
                                    var request = Grpc_Testing_StreamingOutputCallRequest()
                                    request.responseParameters = (0..<5).map { i in .with { $0.size = size + Int32(i) }
                                    }
                                    let sizes = try await test.streamingOutputCall(request) { response in
                                        var sizes: [Int] = []
                                        for try await message in response.messages {
                                            sizes.append(message.payload.body.count)
                                        }
                                        return sizes
                                    }
                                    #expect(sizes == (0..<5).map { Int(size) + $0 })
                                default:
                                    let total = try await test.streamingInputCall(
                                        request: StreamingClientRequest { writer in
                                            for _ in 0..<4 {
                                                try await writer.write(
                                                    .with { $0.payload.body = .init(repeating: 1, count: Int(size)) }
                                                )
                                            }
                                        }
                                    )
                                    #expect(total.aggregatedPayloadSize == 4 * size)
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                }
                #expect(server.webSocketTransport.connectionCount == 1)
            }
        }
    }

    @Test("a stream whose reader stops does not delay the others, and its sender stays within the window")
    func slowReader() async throws {
        let window = 64 * 1024
        let configuration = ServerConfiguration.testing(transport: .init(initialWindowSize: window))
        try await withTestServer(configuration) { server, addresses in
            _ = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                var settings = Settings()
                settings.version = 1
                settings.initialWindowSize = UInt32(window)
                try await client.send(.settings(settings))
                // Stream 1 asks for 4 MB and its reader never gives credit back.
                try await call(
                    client,
                    1,
                    InteropPath.streamingOutputCall,
                    InteropMessage.streamingOutput(count: 400, size: 10_000)
                )
                var receivedOnOne = 0
                var bytesOnOne = 0
                // Meanwhile 20 unary calls on other streams all complete.
                for id in stride(from: UInt32(3), to: 43, by: 2) {
                    try await call(client, id, InteropPath.emptyCall, InteropMessage.empty)
                    while let frame = try await client.nextStreamFrame() {
                        if case .message(StreamID(1), let body, _) = frame {
                            receivedOnOne += 1
                            bytesOnOne += body.readableBytes
                        }
                        if case .creditRequest = frame {
                            Issue.record("a client that did not announce credit requests got a CREDIT_REQUEST")
                        }
                        if frame.streamID == StreamID(id), let code = frame.trailersCode {
                            #expect(code == 0)
                            break
                        }
                    }
                }
                // The sender of stream 1 is blocked on credit: what it sent fits the window.
                #expect(bytesOnOne <= window)
                #expect(receivedOnOne < 400)
                let outstanding = server.webSocketTransport.outstandingBytesPerStream
                #expect(outstanding.allSatisfy { $0 <= window }, "outstanding: \(outstanding)")

                // Credit given back lets stream 1 go on.
                try await client.send(.windowUpdate(StreamID(1), increment: UInt32(bytesOnOne)))
                var more = 0
                while more == 0, let frame = try await client.nextStreamFrame() {
                    if case .message(StreamID(1), _, _) = frame { more += 1 }
                }
                #expect(more > 0)
                var reset = Reset()
                reset.code = 1
                try await client.send(.reset(StreamID(1), reset))
            }
        }
    }

    @Test("a server waiting for credit asks a client that announced credit requests, once per wait")
    func creditRequests() async throws {
        let window = 64 * 1024
        try await withTestServer { server, addresses in
            _ = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                var settings = Settings()
                settings.version = 1
                settings.initialWindowSize = UInt32(window)
                settings.creditRequests = true
                try await client.send(.settings(settings))
                try await call(
                    client,
                    1,
                    InteropPath.streamingOutputCall,
                    InteropMessage.streamingOutput(count: 20, size: 10_000)
                )
                /// Reads stream 1 until the server asks for credit; returns the message bytes read meanwhile.
                func untilCreditRequest() async throws -> Int {
                    var bytes = 0
                    while let frame = try await client.nextStreamFrame() {
                        switch frame {
                        case .message(StreamID(1), let body, _): bytes += body.readableBytes
                        case .creditRequest(StreamID(1)): return bytes
                        default: Issue.record("unexpected \(frame)")
                        }
                    }
                    Issue.record("the connection closed")
                    return bytes
                }
                // The window holds six messages of about 10 KB: the seventh waits, and the server asks.
                let first = try await untilCreditRequest()
                #expect(first <= window)
                #expect(first >= window - 10_100)
                // Credit too small for the next message: the server asks again, having sent nothing.
                try await client.send(.windowUpdate(StreamID(1), increment: 1_000))
                #expect(try await untilCreditRequest() == 0)
                // Enough credit: the stream goes on, and the server asks again only once it waits again.
                try await client.send(.windowUpdate(StreamID(1), increment: UInt32(first - 1_000)))
                let second = try await untilCreditRequest()
                #expect(second > 0 && second <= window)
                try await client.send(.windowUpdate(StreamID(1), increment: UInt32(second)))
                // From here, credit goes back only when asked, as a lazy client gives it.
                var rest = 0
                var unreported = 0
                while let frame = try await client.nextStreamFrame() {
                    if case .message(StreamID(1), let body, _) = frame {
                        rest += body.readableBytes
                        unreported += body.readableBytes
                    }
                    if case .creditRequest(StreamID(1)) = frame {
                        try await client.send(.windowUpdate(StreamID(1), increment: UInt32(unreported)))
                        unreported = 0
                    }
                    if frame.streamID == StreamID(1), let code = frame.trailersCode {
                        #expect(code == 0)
                        break
                    }
                }
                #expect((first + second + rest) / 20 >= 10_000, "every message arrived")
            }
        }
    }

    /// The test service, through a Swift client that grants `window` bytes per stream.
    static func withTestService(
        window: Int,
        _ body:
            @escaping @Sendable (PoleStageServer, Grpc_Testing_TestService.Client<WebSocketTransport.Client>)
            async throws
            -> Void
    ) async throws {
        let transport = WebSocketTransportConfiguration(initialWindowSize: window)
        try await withTestServer { server, addresses in
            try await withGRPCClient(
                transport: WebSocketTransport.Client(url: addresses.webSocketURL, configuration: transport)
            ) { client in
                try await body(server, Grpc_Testing_TestService.Client(wrapping: client))
            }
        }
    }

    @Test("a Swift client gives credit back lazily, and a message that needs more than it gave back still comes")
    func lazyCreditMixedSizes() async throws {
        try await Self.withTestService(window: 16 * 1024) { _, test in
            // Four small messages leave about 2 KB unreported, below half the window, and the reader has caught
            // up; the large one after them needs more than the sender holds: only a credit request gets it
            // through.
            let expected = (0..<60).map { $0 % 5 == 4 ? 15_000 : 500 }
            let request = Grpc_Testing_StreamingOutputCallRequest.with { request in
                request.responseParameters = expected.map { size in .with { $0.size = Int32(size) } }
            }
            let sizes = try await withTimeout(.seconds(20)) {
                try await test.streamingOutputCall(request) { response in
                    var sizes: [Int] = []
                    for try await message in response.messages { sizes.append(message.payload.body.count) }
                    return sizes
                }
            }
            #expect(sizes == expected)
        }
    }

    @Test("a slow reader on the Swift client holds the server's sender within the window")
    func slowClientReader() async throws {
        let window = 32 * 1024
        try await Self.withTestService(window: window) { server, test in
            var request = Grpc_Testing_StreamingOutputCallRequest()
            request.responseParameters = (0..<200).map { _ in .with { $0.size = 4_000 } }
            let (firstSeen, firstSeenContinuation) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
            async let count = test.streamingOutputCall(request) { response in
                var count = 0
                for try await _ in response.messages {
                    count += 1
                    if count == 1 {
                        firstSeenContinuation.yield()
                        for await _ in release { break }  // the reader stops here
                    }
                }
                return count
            }
            for await _ in firstSeen { break }
            // While the reader is stopped, other calls on the same WebSocket go through.
            for _ in 0..<10 { _ = try await test.emptyCall(Grpc_Testing_Empty()) }
            let outstanding = server.webSocketTransport.outstandingBytesPerStream
            #expect(outstanding.allSatisfy { $0 <= window }, "outstanding: \(outstanding)")
            releaseContinuation.yield()
            #expect(try await count == 200)
        }
    }
}

@Suite("Frames per call")
struct FramesPerCallTests {
    @Test("a unary response is one TRAILERS frame carrying its message inline")
    func unaryResponseInline() async throws {
        try await withTestServer { _, addresses in
            _ = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                try await call(client, 1, InteropPath.unaryCall, InteropMessage.simple(responseSize: 100))
                guard case .trailers(StreamID(1), let trailers) = try await client.nextStreamFrame() else {
                    Issue.record("the first frame is not stream 1's TRAILERS")
                    return
                }
                #expect(trailers.code == 0)
                #expect(trailers.hasResponseMessage)
                #expect(trailers.responseMessage.count == 104)  // SimpleResponse{payload{body: 100 bytes}}
            }
        }
    }

    @Test("a unary request may come whole in its OPEN")
    func unaryRequestInline() async throws {
        try await withTestServer { _, addresses in
            _ = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                guard case .open(let id, var open) = Frame.open(1, InteropPath.unaryCall) else { return }
                open.requestMessage = try InteropMessage.simple(responseSize: 7).serializedData()
                try await client.send(.open(id, open))
                guard case .trailers(_, let trailers) = try await client.nextStreamFrame() else {
                    Issue.record("no TRAILERS")
                    return
                }
                #expect(trailers.code == 0)
                #expect(trailers.responseMessage.count == 11)  // SimpleResponse{payload{body: 7 bytes}}
            }
        }
    }

    @Test("a streamed response with empty initial metadata starts with its MESSAGE: no HEADERS frame")
    func emptyHeadersOmitted() async throws {
        try await withTestServer { _, addresses in
            _ = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                try await call(
                    client,
                    1,
                    InteropPath.streamingOutputCall,
                    InteropMessage.streamingOutput(count: 1, size: 10)
                )
                let first = try await client.nextStreamFrame()
                #expect(first?.type == .message)
                #expect(try await client.nextStreamFrame()?.trailersCode == 0)
            }
        }
    }

    @Test("a response with initial metadata, or with no message, still sends HEADERS first")
    func headersKept() async throws {
        try await withTestServer { _, addresses in
            _ = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                // UnaryCall echoes x-grpc-test-echo-initial; an empty body is a valid default SimpleRequest.
                try await client.send(.open(1, InteropPath.unaryCall, metadata: [("x-grpc-test-echo-initial", "v")]))
                try await client.send(.message(1, InteropMessage.empty, flags: [.endStream]))
                #expect(try await client.nextStreamFrame()?.type == .headers)

                // A streaming call that answers nothing: HEADERS, then TRAILERS (not trailers-only).
                try await client.send(.open(3, InteropPath.fullDuplexCall))
                try await client.send(.halfClose(StreamID(3)))
                var types: [FrameType] = []
                while let frame = try await client.nextStreamFrame() {
                    if frame.streamID == StreamID(3) { types.append(frame.type) }
                    if frame.streamID == StreamID(3), frame.trailersCode != nil { break }
                }
                #expect(types == [.headers, .trailers])
            }
        }
    }
}

@Suite("Concurrency limit")
struct ConcurrencyLimitTests {
    @Test("the Swift client queues calls beyond the server's max_concurrent_streams instead of failing them")
    func clientQueues() async throws {
        let configuration = ServerConfiguration.testing(transport: .init(maxConcurrentStreams: 2))
        try await withTestServer(configuration) { _, addresses in
            try await withGRPCClient(transport: WebSocketTransport.Client(url: addresses.webSocketURL)) { client in
                let test = Grpc_Testing_TestService.Client(wrapping: client)
                try await withTimeout {
                    try await withThrowingTaskGroup(of: Int.self) { group in
                        for index in 0..<20 {
                            group.addTask {
                                var request = Grpc_Testing_StreamingOutputCallRequest()
                                request.responseParameters = [.with { $0.size = Int32(index + 1) }]
                                return try await test.streamingOutputCall(request) { response in
                                    var total = 0
                                    for try await message in response.messages { total += message.payload.body.count }
                                    return total
                                }
                            }
                        }
                        var sizes: [Int] = []
                        for try await size in group { sizes.append(size) }
                        #expect(sizes.sorted() == Array(1...20))
                    }
                }
            }
        }
    }
}
