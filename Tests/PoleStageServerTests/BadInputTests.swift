import Foundation
import GRPCCore
import NIOCore
import NIOWebSocket
import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import PoleStageWire
import Testing

/// Every bad input gets its exact outcome, and the server goes on serving other connections.
@Suite("Bad input")
struct BadInputTests {
    enum ConnectionError: String, CaseIterable, Sendable {
        case textMessage, truncatedFrame, unknownFrameType, unknownFlags, neverOpenedStream, serverOnlyFrame,
            creditRequestFromClient, reusedStreamID, badSettingsVersion, settingsTwice, emptyBatch, nestedBatch,
            oversizedBatch, badEntryInBatch

        /// What the client sends after its SETTINGS.
        func send(_ client: RawFrameClient) async throws {
            switch self {
            case .textMessage:
                try await client.send(text: "hello")
            case .truncatedFrame:
                try await client.send(bytes: ByteBuffer(bytes: [0x03, 0x00, 0x00]))
            case .unknownFrameType:
                try await client.send(bytes: ByteBuffer(bytes: [0x0B, 0x00, 0x00, 0x00, 0x00, 0x01]))
            case .unknownFlags:
                try await client.send(bytes: ByteBuffer(bytes: [0x04, 0x80, 0x00, 0x00, 0x00, 0x01]))
            case .neverOpenedStream:
                try await client.send(.message(StreamID(5), ByteBuffer(bytes: [1, 2, 3]), flags: []))
            case .serverOnlyFrame:
                try await client.send(.headers(StreamID(1), ResponseHeaders()))
            case .creditRequestFromClient:
                try await client.send(.creditRequest(StreamID(1)))
            case .reusedStreamID:
                try await call(client, 3, InteropPath.emptyCall, InteropMessage.empty)
                _ = try await trailers(of: 3, from: client)
                try await client.send(.open(3, InteropPath.emptyCall))
            case .badSettingsVersion:
                var settings = Settings()
                settings.version = 2
                try await client.send(.settings(settings))
            case .settingsTwice:
                try await client.send(RawFrameClient.settings())
                try await call(client, 1, InteropPath.emptyCall, InteropMessage.empty)
                _ = try await trailers(of: 1, from: client)
                try await client.send(RawFrameClient.settings(maxBatchSize: 4096))
            case .emptyBatch:
                try await client.send(bytes: ByteBuffer(bytes: [0x09, 0x00, 0x00, 0x00, 0x00, 0x00]))
            case .nestedBatch:
                let inner = FrameEncoder.batch([FrameEncoder.encode(.halfClose(StreamID(1)))])
                try await client.send(bytes: FrameEncoder.batch([inner]))
            case .oversizedBatch:
                // 65,537 bytes: one byte over the server's max_batch_size.
                let body = ByteBuffer(repeating: 0, count: 65_537 - FrameEncoder.batchOverhead(entries: 1) - 6)
                try await client.send(batch: [.message(StreamID(1), body, flags: [])])
            case .badEntryInBatch:
                // The first entry runs a call before the second closes the connection.
                try await client.send(batch: [.open(1, InteropPath.emptyCall), .halfClose(StreamID(7))])
            }
        }

        var expected: (WebSocketErrorCode, String) {
            switch self {
            case .textMessage:
                (.unacceptableData, "text messages are not supported: send each frame as one binary message")
            case .truncatedFrame: (.protocolError, "truncated frame: 3 bytes, the header alone is 6")
            case .unknownFrameType: (.protocolError, "unknown frame type 0x0B")
            case .unknownFlags: (.protocolError, "unknown flags 0x80 on HALF_CLOSE frame")
            case .neverOpenedStream: (.protocolError, "MESSAGE frame for stream 5, which was never opened")
            case .serverOnlyFrame: (.protocolError, "HEADERS frames are sent by servers only")
            case .creditRequestFromClient: (.protocolError, "CREDIT_REQUEST frames are sent by servers only")
            case .reusedStreamID: (.protocolError, "OPEN frame for stream 3: stream ids must increase, the last was 3")
            case .badSettingsVersion: (.protocolError, "unsupported protocol version 2, this server speaks 1")
            case .settingsTwice: (.protocolError, "SETTINGS frame received twice: it is sent once, as the first frame")
            case .emptyBatch: (.protocolError, "BATCH frame with no entries")
            case .nestedBatch: (.protocolError, "BATCH frames cannot be nested")
            case .oversizedBatch: (.protocolError, "BATCH of 65537 bytes exceeds max_batch_size 65536")
            case .badEntryInBatch: (.protocolError, "HALF_CLOSE frame for stream 7, which was never opened")
            }
        }
    }

    @Test("a connection error closes the WebSocket with its code and reason", arguments: ConnectionError.allCases)
    func connectionError(_ bad: ConnectionError) async throws {
        try await withTestServer { _, addresses in
            let outcome = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                try await bad.send(client)
                try await client.waitForClose()
            }
            #expect(outcome.closeCode == bad.expected.0)
            #expect(outcome.closeReason == bad.expected.1)
            try await expectServerStillServes(addresses)
        }
    }

    /// OPEN metadata entries that break `docs/protocol.md` §3, "Metadata", and the status message each gets.
    enum BadMetadata: String, CaseIterable, Sendable {
        case binaryAuthorization, binaryBasin, asciiOnBinaryKey, upperCaseKey, emptyKey, controlCharacterInValue

        var entry: MetadataEntry {
            var entry = MetadataEntry()
            switch self {
            case .binaryAuthorization:
                entry.key = "authorization"
                entry.binaryValue = Data("Bearer x".utf8)
            case .binaryBasin:
                entry.key = "polestage-basin"
                entry.binaryValue = Data([0xFF, 0x00])
            case .asciiOnBinaryKey:
                entry.key = "trace-bin"
                entry.asciiValue = "AAEC"
            case .upperCaseKey:
                entry.key = "Authorization"
                entry.asciiValue = "Bearer x"
            case .emptyKey:
                entry.key = ""
                entry.asciiValue = "x"
            case .controlCharacterInValue:
                entry.key = "x-note"
                entry.asciiValue = "a\nb"
            }
            return entry
        }

        var message: String {
            switch self {
            case .binaryAuthorization:
                "Malformed metadata entry 'authorization': binary_value is for keys ending in '-bin'; send ascii_value."
            case .binaryBasin:
                "Malformed metadata entry 'polestage-basin': binary_value is for keys ending in '-bin'; send ascii_value."
            case .asciiOnBinaryKey:
                "Malformed metadata entry 'trace-bin': a key ending in '-bin' carries binary_value, not ascii_value."
            case .upperCaseKey:
                "Malformed metadata key 'Authorization': keys are lower-case letters, digits, '_', '-' and '.'."
            case .emptyKey: "Malformed metadata: an entry has an empty key."
            case .controlCharacterInValue:
                "Malformed metadata entry 'x-note': ascii_value must be printable ASCII (0x20 to 0x7E)."
            }
        }
    }

    @Test(
        "an OPEN with a malformed metadata entry ends trailers-only with INVALID_ARGUMENT, before authentication",
        arguments: BadMetadata.allCases
    )
    func malformedMetadata(_ bad: BadMetadata) async throws {
        try await withTestServer { _, addresses in
            let outcome = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                // A PoleStage service: the entry must be refused before the authentication interceptor reads it.
                guard case .open(let id, var open) = Frame.open(1, "/polestage.offers.v1.OfferService/SearchOffers")
                else { return }
                open.metadata = [bad.entry]
                try await client.send(.open(id, open))
                try await client.send(.message(id, ByteBuffer(), flags: [.endStream]))
                let refused = try await trailers(of: 1, from: client)
                #expect(refused.trailersCode == UInt32(Status.Code.invalidArgument.rawValue))
                #expect(refused.trailersMessage == bad.message)

                try await call(client, 3, InteropPath.emptyCall, InteropMessage.empty)
                #expect(try await trailers(of: 3, from: client).trailersCode == 0)
            }
            #expect(outcome.closeCode == nil)
        }
    }

    @Test("a message over the limit ends its stream with RESOURCE_EXHAUSTED, the connection stays")
    func messageTooLarge() async throws {
        let configuration = ServerConfiguration.testing(transport: .init(maxMessageSize: 1024))
        try await withTestServer(configuration) { _, addresses in
            let outcome = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                try await client.send(.open(1, InteropPath.unaryCall))
                try await client.send(.message(StreamID(1), ByteBuffer(repeating: 0, count: 2000), flags: [.endStream]))
                let rejected = try await trailers(of: 1, from: client)
                #expect(rejected.trailersCode == UInt32(Status.Code.resourceExhausted.rawValue))
                #expect(rejected.trailersMessage == "message of 2000 bytes exceeds the limit of 1024 bytes")

                try await call(client, 3, InteropPath.emptyCall, InteropMessage.empty)
                #expect(try await trailers(of: 3, from: client).trailersCode == 0)
            }
            #expect(outcome.closeCode == nil)  // The client closed; the server sent no error.
        }
    }

    @Test("a WebSocket message past twice the limit closes the connection with 1009")
    func webSocketMessageTooLarge() async throws {
        let configuration = ServerConfiguration.testing(transport: .init(maxMessageSize: 1024, compression: false))
        try await withTestServer(configuration) { _, addresses in
            let outcome = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                try await client.send(.open(1, InteropPath.unaryCall))
                try await client.send(.message(StreamID(1), ByteBuffer(repeating: 0, count: 10_000), flags: []))
                try await client.waitForClose()
            }
            #expect(outcome.closeCode == .messageTooLarge)
            try await expectServerStillServes(addresses)
        }
    }

    @Test("a deflated message that inflates past the cap closes the connection with 1009, no more is allocated")
    func compressionBomb() async throws {
        let configuration = ServerConfiguration.testing(transport: .init(maxMessageSize: 1024))
        try await withTestServer(configuration) { server, addresses in
            let outcome = try await RawFrameClient.connect(url: addresses.webSocketURL, compression: true) { client in
                try await client.send(.open(1, InteropPath.unaryCall))
                // 8 MiB of zeros deflate to about 8 KiB; the server's cap is 2 × 1024 + 1024 bytes.
                try await client.send(.message(StreamID(1), ByteBuffer(repeating: 0, count: 8 << 20), flags: []))
                try await client.waitForClose()
            }
            #expect(outcome.closeCode == .messageTooLarge)
            await server.webSocketTransport.waitForConnectionCount(atMost: 0)
            try await expectServerStillServes(addresses)
        }
    }

    @Test("compressed messages within the cap flow both ways")
    func compressionWorks() async throws {
        try await withTestServer { _, addresses in
            let outcome = try await RawFrameClient.connect(url: addresses.webSocketURL, compression: true) { client in
                try await call(
                    client,
                    1,
                    InteropPath.streamingOutputCall,
                    InteropMessage.streamingOutput(count: 3, size: 50_000)
                )
                var sizes: [Int] = []
                while let frame = try await client.nextStreamFrame() {
                    if case .message(_, let body, _) = frame { sizes.append(body.readableBytes) }
                    if frame.trailersCode != nil { break }
                }
                #expect(sizes == [50_008, 50_008, 50_008])  // Each: 50,000 payload bytes in their protobuf framing.
            }
            #expect(outcome.closeCode == nil)
        }
    }

    @Test("one stream more than allowed is refused with RESOURCE_EXHAUSTED")
    func tooManyStreams() async throws {
        let configuration = ServerConfiguration.testing(transport: .init(maxConcurrentStreams: 2))
        try await withTestServer(configuration) { _, addresses in
            _ = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                try await client.send(.open(1, InteropPath.fullDuplexCall))
                try await client.send(.open(2, InteropPath.fullDuplexCall))
                try await client.send(.open(3, InteropPath.fullDuplexCall))
                let refused = try await trailers(of: 3, from: client)
                #expect(refused.trailersCode == UInt32(Status.Code.resourceExhausted.rawValue))
                #expect(refused.trailersMessage == "Too many concurrent streams: the limit is 2.")
                // Once one ends, a new stream is accepted.
                try await client.send(.halfClose(StreamID(1)))
                #expect(try await trailers(of: 1, from: client).trailersCode == 0)
                try await call(client, 4, InteropPath.emptyCall, InteropMessage.empty)
                #expect(try await trailers(of: 4, from: client).trailersCode == 0)
            }
        }
    }

    @Test(
        "stream-level refusals carry their status code and message",
        arguments: [
            ("/grpc.testing.TestService/NoSuchMethod", Status.Code.unimplemented, nil),
            ("/no.such.Service/Call", .unimplemented, nil),
            ("not-a-path", .unimplemented, "Malformed method path 'not-a-path': expected /package.Service/Method."),
        ] as [(String, Status.Code, String?)]
    )
    func streamRefusal(method: String, code: Status.Code, message: String?) async throws {
        try await withTestServer { _, addresses in
            _ = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                try await call(client, 1, method, InteropMessage.empty)
                let refused = try await trailers(of: 1, from: client)
                #expect(refused.trailersCode == UInt32(code.rawValue))
                if let message { #expect(refused.trailersMessage == message) }
            }
        }
    }

    @Test("a deadline already past ends the call with DEADLINE_EXCEEDED")
    func deadlinePast() async throws {
        try await withTestServer { _, addresses in
            _ = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                try await client.send(.open(1, InteropPath.fullDuplexCall, metadata: [("grpc-timeout", "1n")]))
                let ended = try await trailers(of: 1, from: client)
                #expect(ended.trailersCode == UInt32(Status.Code.deadlineExceeded.rawValue))
            }
        }
    }

    @Test("a message for a stream that already ended is dropped, the connection goes on")
    func closedStream() async throws {
        try await withTestServer { _, addresses in
            _ = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                try await call(client, 1, InteropPath.emptyCall, InteropMessage.empty)
                #expect(try await trailers(of: 1, from: client).trailersCode == 0)
                try await client.send(.message(1, InteropMessage.empty))
                try await client.send(.halfClose(StreamID(1)))
                try await call(client, 2, InteropPath.emptyCall, InteropMessage.empty)
                // Nothing comes back for stream 1: the next stream frame is stream 2's answer.
                let next = try await client.nextStreamFrame()
                #expect(next?.streamID == StreamID(2))
                #expect(next?.trailersCode == 0)
            }
        }
    }

    @Test("a client that vanishes mid-stream cancels its server handlers and releases the connection")
    func clientVanishes() async throws {
        let probe = CancellationProbe()
        try await withTestServer(services: [probe]) { server, addresses in
            try await RawSocket.withUpgrade(to: addresses) { socket in
                #expect(socket.status == 101)
                try await socket.sendBinary(FrameEncoder.encode(.open(1, "/polestage.testing.Probe/AwaitCancellation")))
                try await withTimeout { await probe.waitForStart() }
                // Leaving the closure closes the TCP connection without a WebSocket close frame.
            }
            try await withTimeout { await probe.waitForCancellation() }
            try await withTimeout { await server.webSocketTransport.waitForConnectionCount(atMost: 0) }
            try await expectServerStillServes(addresses)
        }
    }

    @Test("a client that cancels a stream (RESET) cancels its handler, the connection goes on")
    func clientResets() async throws {
        let probe = CancellationProbe()
        try await withTestServer(services: [probe]) { _, addresses in
            _ = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                try await client.send(.open(1, "/polestage.testing.Probe/AwaitCancellation"))
                try await withTimeout { await probe.waitForStart() }
                var reset = Reset()
                reset.code = 1
                try await client.send(.reset(StreamID(1), reset))
                try await withTimeout { await probe.waitForCancellation() }
                try await call(client, 2, InteropPath.emptyCall, InteropMessage.empty)
                #expect(try await trailers(of: 2, from: client).trailersCode == 0)
            }
        }
    }
}
