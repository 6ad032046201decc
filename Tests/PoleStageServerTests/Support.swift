import GRPCCore
import NIOCore
import PoleStageInterop
import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import PoleStageWire
import SwiftProtobuf
import Testing

/// A good RPC on a fresh WebSocket: the server is still up and serving after whatever came before.
func expectServerStillServes(_ addresses: ListeningAddresses) async throws {
    try await withTimeout {
        try await withGRPCClient(transport: WebSocketTransport.Client(url: addresses.webSocketURL)) { client in
            let test = Grpc_Testing_TestService.Client(wrapping: client)
            _ = try await test.emptyCall(Grpc_Testing_Empty())
        }
    }
}

/// Opens stream `id` on `method`, sends `message` and half-closes.
func call(_ client: RawFrameClient, _ id: UInt32, _ method: String, _ message: some SwiftProtobufMessage) async throws {
    try await client.send(.open(id, method))
    try await client.send(.message(id, message, flags: [.endStream]))
}

typealias SwiftProtobufMessage = SwiftProtobuf.Message

/// Reads frames until stream `id`'s TRAILERS, returning them (other streams' frames are skipped).
func trailers(of id: UInt32, from client: RawFrameClient) async throws -> Frame {
    while let frame = try await client.nextStreamFrame() {
        if frame.streamID == StreamID(id), frame.trailersCode != nil { return frame }
    }
    throw TestFailure("the connection closed before stream \(id) ended")
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
