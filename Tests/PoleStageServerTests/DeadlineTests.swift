import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageTesting
import Testing

/// A call whose deadline passes ends with DEADLINE_EXCEEDED on both transports, however its handler stops.
@Suite("Deadlines")
struct DeadlineTests {
    /// Subscribes with `grpc-timeout` in the metadata and no deadline of the client's own: what ends the call is the
    /// server's status.
    struct SubscribeWithServerDeadline: ClientBody {
        let metadata: Metadata

        func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws -> Int {
            let offers = Polestage_Offers_V1_OfferService.Client(wrapping: client)
            return try await offers.subscribe(SubscribeTests.request(), metadata: self.metadata) { response in
                var events = 0
                for try await _ in response.messages { events += 1 }
                return events
            }
        }
    }

    @Test(
        "a Subscribe that has read its request and waits for changes ends with DEADLINE_EXCEEDED, not OK; 0 has passed",
        arguments: TransportKind.allCases,
        ["300m", "0m"]
    )
    func subscribe(transport: TransportKind, timeout: String) async throws {
        try await withDomainServer { _, addresses, fixture in
            var metadata = fixture.metadata(.schoolA1)
            metadata.addString(timeout, forKey: "grpc-timeout")
            let body = SubscribeWithServerDeadline(metadata: metadata)
            let error = await #expect(throws: RPCError.self) {
                try await withTimeout { try await transport.withClient(to: addresses, body) }
            }
            #expect(error?.code == .deadlineExceeded, "\(String(describing: error))")
            #expect(error?.message == "The RPC's deadline passed.")
        }
    }

    @Test(
        "a grpc-timeout is read as GRPCCore reads it",
        arguments: [
            ("100m", Duration.milliseconds(100)), ("5S", .seconds(5)), ("2M", .seconds(120)), ("1H", .seconds(3600)),
            ("7u", .microseconds(7)), ("9n", .nanoseconds(9)), ("0m", .zero),
        ]
    )
    func timeout(value: String, duration: Duration) {
        let metadata: Metadata = ["grpc-timeout": .string(value)]
        #expect(metadata.grpcTimeout == duration)
    }

    @Test("an unreadable grpc-timeout is no deadline", arguments: ["", "m", "5", "5x", "123456789m", "1.5S"])
    func unreadableTimeout(value: String) {
        let metadata: Metadata = ["grpc-timeout": .string(value)]
        #expect(metadata.grpcTimeout == nil)
    }
}
