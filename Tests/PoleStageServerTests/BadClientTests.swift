import Foundation
import GRPCCore
import NIOCore
import PoleStageInterop
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import PoleStageWebSocketTransport
import PoleStageWire
import Testing

/// Clients that misbehave on purpose: the server stays up, keeps nothing of them, and serves the others.
@Suite("Bad clients")
struct BadClientTests {
    /// Reads server frames until stream `id`'s TRAILERS.
    static func trailers(of id: UInt32, on socket: RawSocket) async throws -> Frame {
        let decoder = FrameDecoder(maxMessageSize: 1 << 20)
        while var message = try await socket.nextBinaryMessage() {
            let frame = try decoder.decode(&message)
            if frame.streamID == StreamID(id), frame.trailersCode != nil { return frame }
        }
        throw TestFailure("the connection closed before stream \(id) ended")
    }

    @Test("a call sent one byte per WebSocket fragment, one byte per TCP write, is served")
    func byteByByte() async throws {
        try await withTestServer { _, addresses in
            try await RawSocket.withUpgrade(to: addresses) { socket in
                #expect(socket.status == 101)
                let open = FrameEncoder.encode(.open(1, InteropPath.unaryCall))
                let message = FrameEncoder.encode(
                    .message(1, InteropMessage.simple(responseSize: 10), flags: [.endStream])
                )
                try await socket.sendFragmented(open, fragmentSize: 1, chunkSize: 1)
                try await socket.sendFragmented(message, fragmentSize: 1, chunkSize: 1)
                let trailers = try await withTimeout { try await Self.trailers(of: 1, on: socket) }
                #expect(trailers.trailersCode == 0)
            }
        }
    }

    @Test("a client dribbling one byte at a time does not delay a well-behaved one")
    func dribblerDoesNotDelayOthers() async throws {
        try await withTestServer { _, addresses in
            try await RawSocket.withUpgrade(to: addresses) { socket in
                // Half a frame, then nothing: the server waits for the rest on that connection only.
                let open = FrameEncoder.encode(.open(1, InteropPath.unaryCall))
                try await socket.sendRaw(
                    RawSocket.maskedFrameForTesting(open).getSlice(at: 0, length: 5)!,
                    chunkSize: 1
                )
                try await expectServerStillServes(addresses)
            }
        }
    }

    @Test("200 connections opened and dropped in a loop leave none behind")
    func reconnectLoop() async throws {
        try await withTestServer { server, addresses in
            for _ in 0..<200 {
                try await RawSocket.withUpgrade(to: addresses) { socket in
                    #expect(socket.status == 101)
                }
            }
            try await withTimeout { await server.webSocketTransport.waitForConnectionCount(atMost: 0) }
            try await expectServerStillServes(addresses)
        }
    }

    static let garbage: [String: String] = [
        "TLS ClientHello": "\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}",
        "not HTTP": "NOT HTTP AT ALL\r\n\r\n",
        "half a request": "GET /grpc HTTP/1.1\r\nHost: x\r\n",
        "70 KB without a line end": String(repeating: "A", count: 70_000),
    ]

    @Test(
        "bytes that are not an HTTP request are dropped within the HTTP idle timeout, the server goes on",
        arguments: ["TLS ClientHello", "not HTTP", "half a request", "70 KB without a line end"]
    )
    func garbageBeforeUpgrade(name: String) async throws {
        var configuration = ServerConfiguration.testing()
        configuration.httpIdleTimeout = .seconds(1)
        try await withTestServer(configuration) { _, addresses in
            try await RawSocket.withConnection(host: addresses.host, port: addresses.port) { socket in
                // On a loaded machine the deadline may pass before all is sent: a failed send is a closed connection.
                try? await socket.sendRaw(ByteBuffer(string: Self.garbage[name] ?? ""))
                // A reset is a close too; only the bounded wait may fail the test.
                try await withTimeout { try? await socket.waitForServerToClose() }
            }
            try await expectServerStillServes(addresses)
        }
    }

    @Test(
        "a first request head that is not HTTP, too large or too slow gets 400, 431 or 408 and the connection closes",
        arguments: [
            ("TLS ClientHello", 400), ("not HTTP", 400), ("half a request", 408), ("70 KB without a line end", 431),
        ]
    )
    func requestHeadRefused(name: String, status: Int) async throws {
        var configuration = ServerConfiguration.testing()
        configuration.requestHeadTimeout = .seconds(1)
        try await withTestServer(configuration) { _, addresses in
            let answer = try await RawSocket.withConnection(host: addresses.host, port: addresses.port) { socket in
                // The server may answer and close before all is sent: a failed send is a closed connection.
                try? await socket.sendRaw(ByteBuffer(string: Self.garbage[name] ?? ""))
                return try await withTimeout { try await socket.readToEnd() }
            }
            let text = String(buffer: answer)
            #expect(text.hasPrefix("HTTP/1.1 \(status) "), "\(text)")
            #expect(text.contains("connection: close"), "\(text)")
            try await expectServerStillServes(addresses)
        }
    }

    @Test(
        "the gRPC port closes a connection whose first bytes are not the HTTP/2 preface at once, and a silent one in time",
        arguments: [("TLS ClientHello", false), ("not HTTP", false), ("half a preface", true)]
    )
    func http2Preface(name: String, waitsForTimeout: Bool) async throws {
        var configuration = ServerConfiguration.testing()
        // Far beyond the test's bound unless the case waits for it: a close within the bound comes from the bytes.
        configuration.requestHeadTimeout = .seconds(waitsForTimeout ? 1 : 600)
        let bytes = name == "half a preface" ? "PRI * HTTP/2.0\r\n" : Self.garbage[name] ?? ""
        try await withTestServer(configuration) { _, addresses in
            try await RawSocket.withConnection(host: addresses.host, port: addresses.grpcPort) { socket in
                try? await socket.sendRaw(ByteBuffer(string: bytes))
                try await withTimeout { try? await socket.waitForServerToClose() }
            }
            try await expectServerStillServes(addresses)
            // The HTTP/2 port still serves gRPC clients.
            let status = try await TransportKind.http2.withClient(to: addresses, HealthTests.Check(service: ""))
            #expect(status == .serving)
        }
    }

    @Test(
        "what may begin a request line, and what may not",
        arguments: [
            ("GET /grpc HTTP/1.1\r\n", true), ("GET", true), ("GET /", true), ("POST /x HTTP/1.0\r\n", true),
            ("get / HTTP/1.1\r\n", false), ("GET  /", false), ("GET / HTTP/2.0\r\n", false), ("\u{16}\u{03}", false),
            ("GET / HTTP/1.1 x", false), ("GET /a\u{7F}", false), ("GET / HTTP/1.1\n", false),
        ]
    )
    func requestLine(line: String, expected: Bool) {
        #expect(RequestLine.couldStart(Array(line.utf8)) == expected)
    }

    @Test("random binary messages after the upgrade close that connection only", arguments: 0..<8)
    func garbageAfterUpgrade(seed: UInt64) async throws {
        try await withTestServer { server, addresses in
            var random = SplitMix64(seed: seed)
            try await RawSocket.withUpgrade(to: addresses) { socket in
                for _ in 0..<20 {
                    var bytes = ByteBuffer()
                    for _ in 0..<(1 + random.next(below: 64)) {
                        bytes.writeInteger(UInt8(truncatingIfNeeded: random.next()))
                    }
                    try? await socket.sendBinary(bytes)
                }
                try await withTimeout { try await socket.waitForServerToClose() }
            }
            try await withTimeout { await server.webSocketTransport.waitForConnectionCount(atMost: 0) }
            try await expectServerStillServes(addresses)
        }
    }
}

extension CrossLanguageTests {
    /// Half-open connections made by a Python process, whose descriptors are its own.
    @Suite("Bad clients, from Python")
    struct HalfOpenConnectionTests {
        static let python = ProcessInfo.processInfo.environment["POLESTAGE_PYTHON"]

        @Test(
            "10,000 half-open connections neither stop a well-behaved client nor outlive the request-head timeout",
            .enabled(
                if: Self.python != nil || ProcessInfo.processInfo.environment["CI"] != nil,
                "POLESTAGE_PYTHON is not set"
            )
        )
        func halfOpenConnections() async throws {
            let python = try #require(Self.python, "CI is set but POLESTAGE_PYTHON is not: .ci/run makes the venv")
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Scripts/half_open_check.py")
            var configuration = ServerConfiguration.testing()
            configuration.requestHeadTimeout = .seconds(5)
            // The connections come from a Python process, whose descriptors are its own; the server holds the other ends.
            try await withTestServer(configuration) { _, addresses in
                let outcome = try await runToEnd(
                    URL(fileURLWithPath: python),
                    [script.path, addresses.host, "\(addresses.port)", "10000", "5"],
                    timeout: .seconds(300)
                )
                #expect(outcome.code == 0, "\(outcome.out)\(outcome.err)")
                #expect(outcome.out.contains("ok 10000 half-open connections held"), "\(outcome.out)")
                #expect(outcome.out.contains("ok /healthz answered while they were held"), "\(outcome.out)")
                #expect(outcome.out.contains("ok every connection closed by the server"), "\(outcome.out)")
                try await expectServerStillServes(addresses)
            }
        }
    }
}
