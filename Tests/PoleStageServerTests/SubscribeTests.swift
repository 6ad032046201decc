import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import PoleStageLive
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import PoleStageWebSocketTransport
import SwiftProtobuf
import Testing

typealias OfferEvent = Polestage_Offers_V1_OfferEvent

/// Offers.Subscribe over real sockets: replay, resume, snapshot, fan-out and isolation.
@Suite("Live offers: subscribe, resume without a gap or a duplicate")
struct SubscribeTests {
    static func request(
        trades: [String] = [],
        resumeFrom: Polestage_Offers_V1_StreamPosition? = nil,
        snapshot: Bool = false
    ) -> Polestage_Offers_V1_SubscribeRequest {
        .with {
            if !trades.isEmpty { $0.filter = .with { $0.tradeCodes = trades } }
            if let resumeFrom { $0.resumeFrom = resumeFrom }
            $0.snapshot = snapshot
        }
    }

    /// Changes an offer's title: one `offer.updated` change.
    static func retitle<T: ClientTransport>(
        _ clients: DomainClients<T>,
        _ fixture: DomainFixture,
        offer: Polestage_Offers_V1_Offer,
        title: String,
        as actor: DomainFixture.Actor = .companyA
    ) async throws {
        var details = offer.details
        details.title = title
        _ = try await clients.offers.updateOffer(
            .with {
                $0.offerID = offer.id
                $0.details = details
            },
            metadata: fixture.metadata(actor)
        )
    }

    static func expectIncreasingOffsets(
        _ events: [OfferEvent],
        after start: Int64,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var last = start
        for event in events {
            #expect(
                event.position.offset > last,
                "offset \(event.position.offset) after \(last)",
                sourceLocation: sourceLocation
            )
            last = event.position.offset
        }
    }

    @Test(
        "a subscriber that misses N changes gets exactly those that match its filter, in order, then live ones",
        arguments: [0, 1, 1000]
    )
    func resume(missed: Int) async throws {
        try await withDomainServer { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let school = fixture.metadata(.schoolA1)
                let watched = try await fixture.createOffer(clients, details: fixture.offerDetails(trade: "I1604"))
                let other = try await fixture.createOffer(
                    clients,
                    details: fixture.offerDetails(trade: "G1602", title: "Cuisine")
                )

                let first = OfferSubscriber(
                    clients.offers,
                    Self.request(trades: ["I1604"], snapshot: true),
                    metadata: school
                )
                let opening = try await first.untilLive()
                let snapshot = opening.compactMap { event -> [Polestage_Offers_V1_Offer]? in
                    if case .snapshot(let page) = event.event { return page.offers } else { return nil }
                }.flatMap { $0 }
                #expect(snapshot.map(\.id) == [watched.id])
                let position = try #require(opening.last?.position)
                #expect(position.epoch > 0)
                first.cancel()
                _ = try await first.ended()

                // N matching changes, each next to one that does not match, and a change in the other basin.
                for index in 0..<missed {
                    try await Self.retitle(clients, fixture, offer: watched, title: "Mécanique \(index)")
                    try await Self.retitle(clients, fixture, offer: other, title: "Cuisine \(index)")
                }
                _ = try await fixture.createOffer(clients, as: .companyB, details: fixture.offerDetails(trade: "I1604"))

                let second = OfferSubscriber(
                    clients.offers,
                    Self.request(trades: ["I1604"], resumeFrom: position),
                    metadata: school
                )
                let replay = try await second.untilLive(within: .seconds(60))
                let changes = replay.dropLast()
                #expect(changes.count == missed)
                for (index, event) in changes.enumerated() {
                    guard case .change(let change) = event.event else {
                        Issue.record("expected a change, got \(event)")
                        break
                    }
                    #expect(change.kind == .offerUpdated)
                    #expect(change.offer.id == watched.id)
                    #expect(change.offer.details.title == "Mécanique \(index)")
                    #expect(event.position.epoch == position.epoch)
                }
                Self.expectIncreasingOffsets(Array(changes), after: position.offset)

                // Then live, after the last replayed one.
                try await Self.retitle(clients, fixture, offer: watched, title: "En direct")
                let live = try #require(try await second.changes(1).first)
                guard case .change(let change) = live.event else { return }
                #expect(change.offer.details.title == "En direct")
                #expect(live.position.offset > (changes.last?.position.offset ?? position.offset))
                second.cancel()
                _ = server
            }
        }
    }

    @Test("resume positions the log cannot serve get an explicit reset, a snapshot, then live changes")
    func reset() async throws {
        var configuration = ServerConfiguration.testing()
        configuration.changeLogRetention = ChangeLogRetention(maxEntries: 5, maxAge: .seconds(3600))
        try await withDomainServer(configuration) { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let school = fixture.metadata(.schoolA1)
                let offer = try await fixture.createOffer(clients)
                let start = OfferSubscriber(clients.offers, Self.request(), metadata: school)
                let position = try #require(try await start.untilLive().last?.position)
                start.cancel()
                for index in 0..<20 {
                    try await Self.retitle(clients, fixture, offer: offer, title: "Titre \(index)")
                }
                let store = server.basins.storage(for: fixture.basinA)
                let pruned = try await store.pruneChangeLog()
                #expect(pruned == 16)
                let pruning = try await store.changeLogBounds()
                #expect(pruning.retainedAfter == pruning.head - 5)

                let cases: [(Polestage_Offers_V1_StreamPosition, Polestage_Offers_V1_StreamReset.Reason)] = [
                    (position, .tooOld),
                    (
                        .with {
                            $0.epoch = position.epoch + 1; $0.offset = position.offset
                        }, .epochChanged
                    ),
                    (
                        .with {
                            $0.epoch = position.epoch; $0.offset = pruning.head + 10
                        }, .ahead
                    ),
                ]
                var title = "Titre 19"
                for (resumeFrom, reason) in cases {
                    let bounds = try await store.changeLogBounds()
                    let subscriber = OfferSubscriber(
                        clients.offers,
                        Self.request(resumeFrom: resumeFrom),
                        metadata: school
                    )
                    let events = try await subscriber.untilLive()
                    guard events.count == 3, case .reset(let reset) = events[0].event,
                        case .snapshot(let snapshot) = events[1].event, case .live = events[2].event
                    else {
                        Issue.record("expected reset, snapshot, live; got \(events)")
                        continue
                    }
                    #expect(reset.reason == reason)
                    #expect(reset.message.contains("starting from a snapshot"))
                    #expect(snapshot.last)
                    #expect(snapshot.offers.map(\.id) == [offer.id])
                    #expect(snapshot.offers.first?.details.title == title)
                    #expect(
                        events[1].position
                            == .with {
                                $0.epoch = bounds.epoch; $0.offset = bounds.head
                            }
                    )
                    title = "Après \(reason)"
                    try await Self.retitle(clients, fixture, offer: offer, title: title)
                    let live = try await subscriber.changes(1)
                    #expect(live.first?.position.offset ?? 0 > bounds.head)
                    subscriber.cancel()
                }

                // A position inside the retained log still resumes without a reset.
                let bounds = try await store.changeLogBounds()
                let kept = OfferSubscriber(
                    clients.offers,
                    Self.request(
                        resumeFrom: .with {
                            $0.epoch = bounds.epoch; $0.offset = bounds.retainedAfter
                        }
                    ),
                    metadata: school
                )
                let replay = try await kept.untilLive()
                #expect(replay.dropLast().allSatisfy { if case .change = $0.event { true } else { false } })
                #expect(replay.count == Int(bounds.head - bounds.retainedAfter) + 1)
                kept.cancel()
            }
        }
    }

    @Test("the log's reset starts a new epoch: a live subscriber is told and starts again from a snapshot")
    func epochReset() async throws {
        try await withDomainServer { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let offer = try await fixture.createOffer(clients)
                let subscriber = OfferSubscriber(clients.offers, Self.request(), metadata: fixture.metadata(.animatorA))
                let before = try #require(try await subscriber.untilLive().last?.position)
                let after = try await server.basins.storage(for: fixture.basinA).resetChangeLog()
                #expect(after.epoch != before.epoch)
                let reset = try await subscriber.nextSignificant()
                guard case .reset(let notice) = reset.event else {
                    Issue.record("expected a reset, got \(reset)")
                    return
                }
                #expect(notice.reason == .epochChanged)
                let snapshot = try await subscriber.nextSignificant()
                guard case .snapshot(let page) = snapshot.event else {
                    Issue.record("expected a snapshot, got \(snapshot)")
                    return
                }
                #expect(page.offers.map(\.id) == [offer.id])
                #expect(snapshot.position.epoch == after.epoch)
                try await Self.retitle(clients, fixture, offer: offer, title: "Nouvelle époque")
                let change = try await subscriber.changes(1)
                #expect(change.first?.position.epoch == after.epoch)
                subscriber.cancel()
            }
        }
    }

    @Test("1,000 subscribers of one basin on 10 WebSockets all receive a change, and presence counts them")
    func thousandSubscribers() async throws {
        var configuration = ServerConfiguration.testing()
        configuration.transport.maxConcurrentStreams = 128
        try await withDomainServer(configuration) { server, addresses, fixture in
            let offer = try await withWebSocketClients(addresses) { clients in try await fixture.createOffer(clients) }
            let connections = (0..<10).map { _ in WebSocketTransport.Client(url: addresses.webSocketURL) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                var clients: [GRPCClient<WebSocketTransport.Client>] = []
                for transport in connections {
                    let client = GRPCClient(transport: transport)
                    clients.append(client)
                    group.addTask { try await client.runConnections() }
                }
                var subscribers: [OfferSubscriber] = []
                for index in 0..<1000 {
                    let offers = Polestage_Offers_V1_OfferService.Client(wrapping: clients[index % 10])
                    let actor: DomainFixture.Actor = [.schoolA1, .schoolA2, .animatorA, .companyA][index % 4]
                    subscribers.append(OfferSubscriber(offers, Self.request(), metadata: fixture.metadata(actor)))
                }
                for subscriber in subscribers { _ = try await subscriber.untilLive(within: .seconds(60)) }
                #expect(server.hub.presence(of: fixture.basinA) == 1000)
                let domain = DomainClients(clients[0])
                let presence = try await domain.offers.getPresence(.init(), metadata: fixture.metadata(.animatorA))
                #expect(presence.subscribers == 1000)
                #expect(presence.basin == fixture.basinA.rawValue)

                try await Self.retitle(domain, fixture, offer: offer, title: "Pour tous")
                for subscriber in subscribers {
                    let change = try await subscriber.changes(1, within: .seconds(60))
                    guard case .change(let payload) = change.first?.event else { continue }
                    #expect(payload.offer.details.title == "Pour tous")
                }
                // Over a WebSocket, the feed wrote the change to waiting subscribers itself.
                let written = server.hub.mailboxStatistics(of: fixture.basinA).reduce(0) { $0 + $1.immediateWrites }
                #expect(written > 0)
                for subscriber in subscribers { subscriber.cancel() }
                for subscriber in subscribers { _ = try await subscriber.ended(within: .seconds(60)) }
                for client in clients { client.beginGracefulShutdown() }
            }
        }
    }

    @Test("a subscriber that never reads holds a bounded buffer, delays no one, and later gets every change once")
    func slowSubscriber() async throws {
        var configuration = ServerConfiguration.testing()
        configuration.live = LiveConfiguration(mailboxCapacity: 16, batchSize: 16)
        try await withDomainServer(configuration) { server, addresses, fixture in
            var slowConfiguration = WebSocketTransportConfiguration()
            slowConfiguration.initialWindowSize = 2048
            let slowTransport = WebSocketTransport.Client(url: addresses.webSocketURL, configuration: slowConfiguration)
            try await withGRPCClient(transport: slowTransport) { slowClient in
                try await withWebSocketClients(addresses) { clients in
                    let offer = try await fixture.createOffer(clients)
                    let (gate, open) = AsyncStream.makeStream(of: Void.self)
                    let slow = OfferSubscriber(
                        Polestage_Offers_V1_OfferService.Client(wrapping: slowClient),
                        Self.request(),
                        metadata: fixture.metadata(.schoolA1),
                        gate: gate
                    )
                    let others = (0..<20).map { _ in
                        OfferSubscriber(clients.offers, Self.request(), metadata: fixture.metadata(.schoolA2))
                    }
                    var start: Int64 = 0
                    for other in others { start = try #require(try await other.untilLive().last?.position.offset) }
                    // Registered once presence counts it (its first events wait unread).
                    try await waitUntil { server.hub.presence(of: fixture.basinA) >= 21 }

                    let count = 300
                    for index in 0..<count {
                        try await Self.retitle(clients, fixture, offer: offer, title: "Titre \(index)")
                    }
                    for other in others {
                        let changes = try await other.changes(count)
                        Self.expectIncreasingOffsets(changes, after: start)
                        #expect(
                            changes.last.map { event -> String in
                                if case .change(let change) = event.event { change.offer.details.title } else { "" }
                            } == "Titre \(count - 1)"
                        )
                    }
                    let statistics = server.hub.mailboxStatistics(of: fixture.basinA)
                    #expect(statistics.count == 21)
                    #expect(statistics.allSatisfy { $0.highWater <= 16 })
                    #expect(statistics.contains { $0.overflows > 0 }, "the unread subscriber overflowed")

                    // Once it reads, it catches up from the log: every change once, in order.
                    open.yield()
                    let events = try await slow.untilLive(within: .seconds(60))
                    var titles = events.compactMap { event -> String? in
                        if case .change(let change) = event.event { change.offer.details.title } else { nil }
                    }
                    if titles.count < count {
                        titles += try await slow.changes(count - titles.count).compactMap { event in
                            if case .change(let change) = event.event { change.offer.details.title } else { nil }
                        }
                    }
                    #expect(titles == (0..<count).map { "Titre \($0)" })
                    Self.expectIncreasingOffsets(
                        slow.received.filter { if case .change = $0.event { true } else { false } },
                        after: start
                    )
                    slow.cancel()
                    for other in others { other.cancel() }
                }
            }
        }
    }
}
