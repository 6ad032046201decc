import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import PoleStageWire
import SwiftProtobuf
import Testing

@Suite("Operability: /metrics and /readyz")
struct MetricsTests {
    struct SearchAs: ClientBody {
        let metadata: Metadata
        func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws {
            _ = try? await DomainClients(client).offers.searchOffers(.init(), metadata: self.metadata)
        }
    }

    /// The value of the sample whose name is `name` and whose labels include every pair of `labels`.
    static func sample(_ text: String, _ name: String, _ labels: [String: String]) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            guard labels.allSatisfy({ line.contains("\($0.key)=\"\($0.value)\"") }) else { continue }
            return line.split(separator: " ").last.flatMap { Double($0) }
        }
        return nil
    }

    @Test("RPC counters move by service, method, code and transport; gauges show connections and open stores")
    func counters() async throws {
        try await withDomainServer { _, addresses, fixture in
            for _ in 0..<3 {
                try await TransportKind.webSocket.withClient(
                    to: addresses,
                    SearchAs(metadata: fixture.metadata(.animatorA))
                )
            }
            try await TransportKind.http2.withClient(to: addresses, SearchAs(metadata: [:]))
            try await TransportKind.http2.withClient(
                to: addresses,
                SearchAs(metadata: fixture.metadata(.animatorA, basin: fixture.basinB))
            )

            let (status, text) = try await httpGet(addresses, "/metrics")
            #expect(status == 200)
            let search = ["service": "polestage.offers.v1.OfferService", "method": "SearchOffers"]
            #expect(
                Self.sample(
                    text,
                    "polestage_rpc_requests",
                    search.merging(["code": "OK", "transport": "websocket"]) { $1 }
                ) == 3
            )
            #expect(
                Self.sample(
                    text,
                    "polestage_rpc_requests",
                    search.merging(["code": "UNAUTHENTICATED", "transport": "http2"]) { $1 }
                ) == 1
            )
            #expect(
                Self.sample(
                    text,
                    "polestage_rpc_requests",
                    search.merging(["code": "PERMISSION_DENIED", "transport": "http2"]) { $1 }
                ) == 1
            )
            #expect(
                Self.sample(text, "polestage_rpc_duration_count", search.merging(["transport": "websocket"]) { $1 })
                    == 3
            )
            #expect(Self.sample(text, "polestage_stores_open", [:]).map { $0 >= 1 } == true)
            #expect(Self.sample(text, "polestage_websocket_connections", [:]) != nil)
            // Nothing personal, nothing secret.
            #expect(!text.contains("Bearer"))
        }
    }

    @Test("live gauges: subscribers per basin and the fan-out lag")
    func live() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let offer = try await fixture.createOffer(clients)
                let subscribers = [DomainFixture.Actor.schoolA1, .animatorA].map {
                    OfferSubscriber(clients.offers, .init(), metadata: fixture.metadata($0))
                }
                for subscriber in subscribers { _ = try await subscriber.untilLive() }
                try await SubscribeTests.retitle(clients, fixture, offer: offer, title: "Mesuré")
                for subscriber in subscribers { _ = try await subscriber.changes(1) }
                let (_, text) = try await httpGet(addresses, "/metrics")
                #expect(Self.sample(text, "polestage_live_subscribers", ["basin": "basin-a"]) == 2)
                #expect(
                    Self.sample(text, "polestage_live_fanout_lag_seconds", ["basin": "basin-a"]).map { $0 >= 0 } == true
                )
                for subscriber in subscribers { subscriber.cancel() }
            }
        }
    }

    @Test("/readyz is 200 while serving, 503 once draining while an RPC is still in flight")
    func ready() async throws {
        let probe = CancellationProbe()
        try await withTestServer(services: [probe]) { server, addresses in
            let (status, body) = try await httpGet(addresses, "/readyz")
            #expect(status == 200)
            #expect(body == "ready\n")
            try await RawSocket.withUpgrade(to: addresses) { socket in
                try await socket.sendBinary(FrameEncoder.encode(.open(1, "/polestage.testing.Probe/AwaitCancellation")))
                try await withTimeout { await probe.waitForStart() }
                await server.triggerGracefulShutdown()
                // The HTTP port serves until the gRPC servers have drained; each GET is one event awaited.
                let draining = try await withTimeout {
                    while true {
                        let (status, body) = try await httpGet(addresses, "/readyz")
                        if status != 200 { return (status, body) }
                    }
                }
                #expect(draining.0 == 503)
                #expect(draining.1 == "draining\n")
            }
        }
    }
}
