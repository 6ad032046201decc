import GRPCCore
import NIOCore
import PoleStageInterop
import PoleStageServer
import PoleStageTesting
import PoleStageWire
import SwiftProtobuf
import Testing

/// BATCH messages on a real server (docs/protocol.md §2, "Batches"): read from any client, sent only to
/// clients that announced a `max_batch_size`, never over it.
@Suite("Batches")
struct BatchTests {
    @Test("a BATCH of requests runs every call, and a client that announced no batches gets lone frames")
    func batchedRequests() async throws {
        try await withTestServer { _, addresses in
            let outcome = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                let ids = (0..<40).map { UInt32(2 * $0 + 1) }
                try await client.send(RawFrameClient.settings())
                try await client.send(
                    batch: ids.flatMap { id in
                        [.open(id, InteropPath.emptyCall), .message(id, InteropMessage.empty, flags: [.endStream])]
                    }
                )
                var ended: Set<UInt32> = []
                while ended.count < ids.count, let frame = try await client.nextStreamFrame() {
                    if let code = frame.trailersCode {
                        #expect(code == 0)
                        ended.insert(frame.streamID.rawValue)
                    }
                }
                #expect(ended == Set(ids))
                return client.batchesReceived
            }
            #expect(outcome.value == 0)
            #expect(outcome.closeCode == nil)
        }
    }

    @Test("a server stream to a client that accepts batches arrives whole and in order, each BATCH within its limit")
    func batchedResponses() async throws {
        let count = 600
        try await withTestServer { _, addresses in
            // The client reads BATCHes of at most 4 KiB: a larger one would be an `.invalid` event and fail the read.
            let outcome = try await RawFrameClient.connect(url: addresses.webSocketURL, maxBatchSize: 4096) { client in
                try await client.send(RawFrameClient.settings(maxBatchSize: 4096))
                var request = Grpc_Testing_StreamingOutputCallRequest()
                request.responseParameters = (1...count).map { size in
                    var parameters = Grpc_Testing_ResponseParameters()
                    parameters.size = Int32(size % 200 + 1)
                    return parameters
                }
                try await call(client, 1, InteropPath.streamingOutputCall, request)
                var sizes: [Int] = []
                while let frame = try await client.nextStreamFrame() {
                    if case .message(_, let body, _) = frame {
                        let response = try Grpc_Testing_StreamingOutputCallResponse(
                            serializedBytes: Array(body.readableBytesView)
                        )
                        sizes.append(response.payload.body.count)
                    } else if frame.trailersCode != nil {
                        #expect(frame.trailersCode == 0)
                        break
                    }
                }
                #expect(sizes == (1...count).map { $0 % 200 + 1 })
                return client.batchesReceived
            }
            // 600 messages are produced faster than one WebSocket message is written: some leave together.
            #expect(outcome.value > 0)
        }
    }
}
