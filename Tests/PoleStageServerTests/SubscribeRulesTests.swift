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

/// Who sees which change, the filter's rules, heartbeats, presence and the end of a stream.
@Suite("Live offers: visibility, validation, heartbeats, presence, shutdown")
struct SubscribeRulesTests {
    static func title(_ event: OfferEvent) -> String? {
        if case .change(let change) = event.event { change.offer.details.title } else { nil }
    }

    @Test("a subscriber of another basin never sees a change: its next change is its own basin's")
    func otherBasin() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let inB = OfferSubscriber(
                    clients.offers,
                    SubscribeTests.request(),
                    metadata: fixture.metadata(.schoolB1)
                )
                let coordinatorInB = OfferSubscriber(
                    clients.offers,
                    SubscribeTests.request(),
                    metadata: fixture.metadata(.coordinator, basin: fixture.basinB)
                )
                let inA = OfferSubscriber(
                    clients.offers,
                    SubscribeTests.request(),
                    metadata: fixture.metadata(.animatorA)
                )
                for subscriber in [inB, coordinatorInB, inA] { _ = try await subscriber.untilLive() }

                // The same company, in both basins: first in A, then in B.
                _ = try await fixture.createOffer(
                    clients,
                    as: .companyAB,
                    basin: fixture.basinA,
                    details: fixture.offerDetails(title: "Offre en A")
                )
                _ = try await fixture.createOffer(
                    clients,
                    as: .companyAB,
                    basin: fixture.basinB,
                    details: fixture.offerDetails(title: "Offre en B", point: fixture.pointB)
                )
                #expect(try await inA.changes(1).map(Self.title) == ["Offre en A"])
                #expect(try await inB.changes(1).map(Self.title) == ["Offre en B"])
                #expect(try await coordinatorInB.changes(1).map(Self.title) == ["Offre en B"])
                for subscriber in [inB, coordinatorInB, inA] { subscriber.cancel() }
            }
        }
    }

    @Test("schools see published offers meant for them, and see an offer leave; staff see drafts")
    func visibility() async throws {
        try await withDomainServer { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let a1 = OfferSubscriber(
                    clients.offers,
                    SubscribeTests.request(),
                    metadata: fixture.metadata(.schoolA1)
                )
                let a2 = OfferSubscriber(
                    clients.offers,
                    SubscribeTests.request(),
                    metadata: fixture.metadata(.schoolA2)
                )
                let staff = OfferSubscriber(
                    clients.offers,
                    SubscribeTests.request(),
                    metadata: fixture.metadata(.animatorA)
                )
                for subscriber in [a1, a2, staff] { _ = try await subscriber.untilLive() }

                let draft = try await fixture.createOffer(
                    clients,
                    details: fixture.offerDetails(title: "Brouillon"),
                    publish: false
                )
                _ = try await fixture.createOffer(
                    clients,
                    details: fixture.offerDetails(title: "Pour A1", reservedFor: fixture.schoolA1)
                )
                _ = try await clients.offers.publishOffer(
                    .with { $0.offerID = draft.id },
                    metadata: fixture.metadata(.companyA)
                )
                _ = try await clients.offers.withdrawOffer(
                    .with { $0.offerID = draft.id },
                    metadata: fixture.metadata(.companyA)
                )

                let staffChanges = try await staff.changes(4)
                #expect(staffChanges.map(Self.title) == ["Brouillon", "Pour A1", "Brouillon", "Brouillon"])
                let a1Changes = try await a1.changes(3)
                #expect(a1Changes.map(Self.title) == ["Pour A1", "Brouillon", "Brouillon"])
                let kinds = a1Changes.compactMap { event -> Polestage_Offers_V1_ChangeKind? in
                    if case .change(let change) = event.event { change.kind } else { nil }
                }
                #expect(kinds == [.offerCreated, .offerPublished, .offerWithdrawn])
                // A2 never hears of the offer reserved for A1: its first two changes are the published one's.
                #expect(try await a2.changes(2).map(Self.title) == ["Brouillon", "Brouillon"])
                for subscriber in [a1, a2, staff] { subscriber.cancel() }
                // The server ends a subscription whose client cancelled it.
                try await waitUntil { server.hub.presence(of: fixture.basinA) == 0 }
            }
        }
    }

    @Test("a seat taken reaches a free-seats-only subscriber, and the last seat tells it the offer left its view")
    func seats() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let offer = try await fixture.createOffer(clients, details: fixture.offerDetails(weeks: [3: 2]))
                let request = Polestage_Offers_V1_SubscribeRequest.with {
                    $0.filter = .with { $0.freeSeatsOnly = true }
                    $0.snapshot = true
                }
                let subscriber = OfferSubscriber(clients.offers, request, metadata: fixture.metadata(.schoolA1))
                _ = try await subscriber.untilLive()
                for pupil in ["E2027-001", "E2027-002"] {
                    _ = try await clients.reservations.requestSeat(
                        ReservationServiceTests.request(offer.id, week: fixture.protoWeek(3), pupil: pupil),
                        metadata: fixture.metadata(.schoolA1)
                    )
                }
                let changes = try await subscriber.changes(2)
                let seats = changes.compactMap { event -> (Polestage_Offers_V1_ChangeKind, Int32, Int32)? in
                    guard case .change(let change) = event.event else { return nil }
                    #expect(change.week == fixture.protoWeek(3))
                    return (change.kind, change.offer.periods[0].seatsTaken, change.offer.periods[0].seatsFree)
                }
                #expect(seats.map(\.0) == [.seatsTaken, .seatsTaken])
                #expect(seats.map(\.1) == [1, 2])
                #expect(seats.map(\.2) == [1, 0])
                // The change events carry no reservation and so no pupil reference.
                #expect(!changes.map { "\($0)" }.joined().contains("E2027-001"))
                subscriber.cancel()
            }
        }
    }

    @Test("offers carry their distance from the school, or from the filter's point, which `live` names")
    func distances() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                // 0.1° of latitude north of the school: about 11.1 km.
                let north = GeoPoint(latitude: fixture.pointA.latitude + 0.1, longitude: fixture.pointA.longitude)!
                _ = try await fixture.createOffer(
                    clients,
                    details: fixture.offerDetails(title: "Au nord", point: north)
                )
                let snapshot = Polestage_Offers_V1_SubscribeRequest.with { $0.snapshot = true }
                let school = OfferSubscriber(clients.offers, snapshot, metadata: fixture.metadata(.schoolA1))
                let events = try await school.untilLive()
                let offers = events.flatMap { event -> [Polestage_Offers_V1_Offer] in
                    if case .snapshot(let page) = event.event { page.offers } else { [] }
                }
                let far = try #require(offers.first { $0.details.title == "Au nord" })
                #expect(abs(far.distanceKm - 11.12) < 0.05, "\(far.distanceKm)")
                let live = try #require(events.last)
                #expect(live.live.origin.latitude == fixture.pointA.latitude)
                #expect(live.live.origin.longitude == fixture.pointA.longitude)

                // A change is measured too; with `near`, from that point.
                let fromNorth = Polestage_Offers_V1_SubscribeRequest.with {
                    $0.filter = .with {
                        $0.near = .with {
                            $0.latitude = north.latitude
                            $0.longitude = north.longitude
                        }
                    }
                }
                let measured = OfferSubscriber(clients.offers, fromNorth, metadata: fixture.metadata(.animatorA))
                let measuredLive = try #require(try await measured.untilLive().last)
                #expect(measuredLive.live.origin.latitude == north.latitude)
                _ = try await fixture.createOffer(clients, details: fixture.offerDetails(title: "À l'école"))
                let atSchool = try #require(try await school.changes(1).first)
                let fromThere = try #require(try await measured.changes(1).first)
                #expect(atSchool.change.offer.distanceKm == 0)
                #expect(abs(fromThere.change.offer.distanceKm - 11.12) < 0.05)

                // A coordinator without a point: no origin, no distance.
                let staff = OfferSubscriber(
                    clients.offers,
                    .init(),
                    metadata: fixture.metadata(.coordinator, basin: fixture.basinA)
                )
                let staffLive = try #require(try await staff.untilLive().last)
                #expect(!staffLive.live.hasOrigin)
                for subscriber in [school, measured, staff] { subscriber.cancel() }
            }
        }
    }

    @Test("a silent stream gets heartbeats carrying the position to resume from")
    func heartbeat() async throws {
        var configuration = ServerConfiguration.testing()
        configuration.live.heartbeatInterval = .milliseconds(100)
        try await withDomainServer(configuration) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let offer = try await fixture.createOffer(clients)
                let subscriber = OfferSubscriber(
                    clients.offers,
                    SubscribeTests.request(),
                    metadata: fixture.metadata(.schoolA1)
                )
                let live = try #require(try await subscriber.untilLive().last)
                var event = try await subscriber.next()
                #expect(event.heartbeat == .init())
                #expect(event.position == live.position)
                // A change the filter leaves out still moves the position a heartbeat carries.
                let filtered = OfferSubscriber(
                    clients.offers,
                    SubscribeTests.request(trades: ["G1602"]),
                    metadata: fixture.metadata(.schoolA1)
                )
                _ = try await filtered.untilLive()
                try await SubscribeTests.retitle(clients, fixture, offer: offer, title: "Autre")
                repeat { event = try await filtered.next() } while event.position.offset <= live.position.offset
                #expect(event.heartbeat == .init())
                #expect(event.position.offset == live.position.offset + 1)
                subscriber.cancel()
                filtered.cancel()
            }
        }
    }

    @Test("a bad filter or position is INVALID_ARGUMENT naming the field")
    func badInput() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let cases: [(String, Polestage_Offers_V1_SubscribeRequest)] = [
                    ("filter.trade_codes[1]", .with { $0.filter = .with { $0.tradeCodes = ["I1604", "nope"] } }),
                    ("filter.levels[0]", .with { $0.filter = .with { $0.levels = [.unspecified] } }),
                    (
                        "filter.from_week",
                        .with {
                            $0.filter = .with {
                                $0.fromWeek = .with {
                                    $0.year = 2027; $0.week = 60
                                }
                            }
                        }
                    ),
                    (
                        "filter.to_week",
                        .with {
                            $0.filter = .with {
                                $0.fromWeek = fixture.protoWeek(4)
                                $0.toWeek = fixture.protoWeek(2)
                            }
                        }
                    ),
                    ("filter.radius_km", .with { $0.filter = .with { $0.radiusKm = 1000 } }),
                    ("filter.near", .with { $0.filter = .with { $0.near = .with { $0.latitude = 95 } } }),
                    ("resume_from.epoch", .with { $0.resumeFrom = .with { $0.offset = 3 } }),
                    (
                        "resume_from.offset",
                        .with {
                            $0.resumeFrom = .with {
                                $0.epoch = 1; $0.offset = -1
                            }
                        }
                    ),
                ]
                for (field, request) in cases {
                    let subscriber = OfferSubscriber(clients.offers, request, metadata: fixture.metadata(.schoolA1))
                    let error = try await subscriber.ended() as? RPCError
                    #expect(error?.code == .invalidArgument, "\(field): \(String(describing: error))")
                    #expect(error?.message.hasPrefix(field) == true, "\(field): \(String(describing: error?.message))")
                }
                // The staff have no school to measure from.
                let staff = OfferSubscriber(
                    clients.offers,
                    .with { $0.filter = .with { $0.radiusKm = 10 } },
                    metadata: fixture.metadata(.animatorA)
                )
                let error = try await staff.ended() as? RPCError
                #expect(error?.code == .invalidArgument)
                #expect(error?.message.hasPrefix("filter.near : est requis") == true)
                // No token, no stream.
                let anonymous = OfferSubscriber(clients.offers, .init(), metadata: [:])
                #expect((try await anonymous.ended() as? RPCError)?.code == .unauthenticated)
            }
        }
    }

    @Test("presence is for animators and the coordination")
    func presence() async throws {
        try await withDomainServer { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let subscriber = OfferSubscriber(
                    clients.offers,
                    SubscribeTests.request(),
                    metadata: fixture.metadata(.schoolA1)
                )
                _ = try await subscriber.untilLive()
                let presence = try await clients.offers.getPresence(
                    .init(),
                    metadata: fixture.metadata(.coordinator, basin: fixture.basinA)
                )
                #expect(presence.subscribers == 1)
                #expect(presence.head.epoch > 0)
                let inB = try await clients.offers.getPresence(.init(), metadata: fixture.metadata(.animatorB))
                #expect(inB.subscribers == 0)
                for actor in [DomainFixture.Actor.schoolA1, .pupilA1, .companyA] {
                    await expectStatus(.permissionDenied, "lire la présence des abonnés") {
                        try await clients.offers.getPresence(.init(), metadata: fixture.metadata(actor))
                    }
                }
                subscriber.cancel()
                _ = try await subscriber.ended()
                try await waitUntil {
                    try await clients.offers.getPresence(.init(), metadata: fixture.metadata(.animatorA))
                        .subscribers == 0
                }
            }
        }
    }

    @Test("over HTTP/2 too: replay then live")
    func http2() async throws {
        try await withDomainServer { _, addresses, fixture in
            let transport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: addresses.host, port: addresses.grpcPort),
                transportSecurity: .plaintext
            )
            try await withGRPCClient(transport: transport) { client in
                let clients = DomainClients(client)
                let offer = try await fixture.createOffer(clients)
                let first = OfferSubscriber(
                    clients.offers,
                    SubscribeTests.request(),
                    metadata: fixture.metadata(.schoolA1)
                )
                let position = try #require(try await first.untilLive().last?.position)
                first.cancel()
                for index in 0..<3 {
                    try await SubscribeTests.retitle(clients, fixture, offer: offer, title: "H2 \(index)")
                }
                let second = OfferSubscriber(
                    clients.offers,
                    SubscribeTests.request(resumeFrom: position),
                    metadata: fixture.metadata(.schoolA1)
                )
                #expect(try await second.untilLive().compactMap(Self.title) == ["H2 0", "H2 1", "H2 2"])
                second.cancel()
            }
        }
    }

    @Test("the position of a snapshot page before the last (epoch 0) is resumed from: the snapshot starts over")
    func resumeFromSnapshotPage() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let offer = try await fixture.createOffer(clients)
                let unset = Polestage_Offers_V1_StreamPosition()
                let subscriber = OfferSubscriber(
                    clients.offers,
                    SubscribeTests.request(resumeFrom: unset),
                    metadata: fixture.metadata(.schoolA1)
                )
                let events = try await subscriber.untilLive()
                let snapshot = events.compactMap { event -> [Int64]? in
                    if case .snapshot(let page) = event.event { page.offers.map(\.id) } else { nil }
                }
                #expect(snapshot.flatMap { $0 } == [offer.id], "\(events)")
                #expect(events.last?.position.epoch != 0)
                subscriber.cancel()
            }
        }
    }

    @Test(
        "a graceful shutdown ends live streams with UNAVAILABLE and the position to resume from",
        arguments: [0, 3]
    )
    func shutdown(changes: Int) async throws {
        let configuration = ServerConfiguration.testing()
        let server = try await PoleStageServer(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let addresses = try await server.listeningAddresses()
            let fixture = try await DomainFixture.seed(on: server)
            try await withWebSocketClients(addresses) { clients in
                let subscriber = OfferSubscriber(
                    clients.offers,
                    SubscribeTests.request(),
                    metadata: fixture.metadata(.schoolA1)
                )
                var position = try #require(try await subscriber.untilLive().last?.position)
                if changes > 0 {
                    // Written by the feed while the subscription waits: the position still moves with them.
                    let offer = try await fixture.createOffer(clients)
                    for index in 0..<changes {
                        try await SubscribeTests.retitle(
                            clients,
                            fixture,
                            offer: offer,
                            title: "Avant l'arrêt \(index)"
                        )
                    }
                    position = try #require(try await subscriber.changes(changes + 1).last?.position)
                }
                await server.triggerGracefulShutdown()
                let error = try await subscriber.ended() as? RPCError
                #expect(error?.code == .unavailable)
                #expect(error?.message.contains("resume from position \(position.epoch)/\(position.offset)") == true)
            }
            try await group.waitForAll()
        }
    }
}
