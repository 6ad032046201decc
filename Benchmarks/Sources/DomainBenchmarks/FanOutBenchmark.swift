import BenchmarkSupport
import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import PoleStageWebSocketTransport
import Synchronization

/// One offer change delivered to every subscriber of a basin: time from the start of the writing RPC until each
/// subscriber has it, 100 subscriptions per WebSocket. The subscribers are on the deployment's first node, the writer
/// on its last: with two nodes, each change crosses from one to the other through the database.
func fanOutBenchmark(subscribers: Int, rounds: Int, deployment: Deployment = .sqlite) async throws {
    try await deployment.run { nodes in
        let (server, addresses) = nodes[0]
        let fixture = try await DomainFixture.seed(on: server)
        var generator = SyntheticOffers(seed: 3)
        var offerImport = generator.offer(0, weeks: [fixture.week(3)], seats: 2)
        offerImport.details.trade = TradeCode("I1604")!
        let id = try await server.basins.storage(for: fixture.basinA).importOffers([offerImport])[0]
        let offer = try await withWebSocketClients(addresses) { clients in
            try await clients.offers.getOffer(.with { $0.offerID = id }, metadata: fixture.metadata(.animatorA))
        }
        let connections = max(1, subscribers / 100)
        let progress = SubscriberProgress()
        let metadata = fixture.metadata(.schoolA1)
        var latencies: [Duration] = []
        // Process CPU time of the rounds, server and clients together: less bent by other work on a shared machine
        // than the latencies.
        var cpuSeconds = 0.0
        try await withThrowingTaskGroup(of: Void.self) { group in
            let clients = (0..<connections).map { _ in
                GRPCClient(transport: WebSocketTransport.Client(url: addresses.webSocketURL))
            }
            for client in clients { group.addTask { try await client.runConnections() } }
            for index in 0..<subscribers {
                let offers = Polestage_Offers_V1_OfferService.Client(wrapping: clients[index % connections])
                group.addTask {
                    try? await offers.subscribe(.init(), metadata: metadata) { response in
                        for try await event in response.messages {
                            switch event.event {
                            case .live:
                                progress.live.add(1, ordering: .relaxed)
                            case .change:
                                let now = ContinuousClock.now
                                progress.arrivals.withLock { $0.append(now) }
                                progress.received.add(1, ordering: .relaxed)
                            default:
                                break
                            }
                        }
                    }
                }
            }
            while progress.live.load(ordering: .relaxed) < subscribers { try await Task.sleep(for: .milliseconds(10)) }
            let writerClient = GRPCClient(
                transport: WebSocketTransport.Client(url: nodes[nodes.count - 1].addresses.webSocketURL)
            )
            group.addTask { try await writerClient.runConnections() }
            let writer = DomainClients(writerClient)
            cpuSeconds = -processCPUSeconds()
            for round in 0..<rounds {
                progress.arrivals.withLock { $0.removeAll(keepingCapacity: true) }
                var details = offer.details
                details.title = "Tour \(round)"
                let start = ContinuousClock.now
                _ = try await writer.offers.updateOffer(
                    .with {
                        $0.offerID = offer.id
                        $0.details = details
                    },
                    metadata: fixture.metadata(.animatorA)
                )
                while progress.received.load(ordering: .relaxed) < subscribers * (round + 1) {
                    try await Task.sleep(for: .milliseconds(1))
                }
                latencies += progress.arrivals.withLock { $0.map { $0 - start } }
            }
            cpuSeconds += processCPUSeconds()
            group.cancelAll()
        }
        let measurement = BenchmarkSupport.Measurement(latencies: latencies, label: "\(subscribers)")
        print(
            String(
                format: "| %@ | %d | %d | %.1f | %.1f | %.1f | %.1f |",
                deployment.description,
                subscribers,
                connections,
                measurement.percentile(50).milliseconds,
                measurement.percentile(99).milliseconds,
                measurement.latencies.last?.milliseconds ?? 0,
                cpuSeconds * 1_000_000 / Double(subscribers * rounds)
            )
        )
    }
}

/// What the subscribers of a benchmark have seen so far.
final class SubscriberProgress: Sendable {
    /// Subscriptions that reached `live`.
    let live = Atomic<Int>(0)
    /// Changes received, over all subscriptions.
    let received = Atomic<Int>(0)
    /// When each change of the current round arrived.
    let arrivals = Mutex<[ContinuousClock.Instant]>([])
}
