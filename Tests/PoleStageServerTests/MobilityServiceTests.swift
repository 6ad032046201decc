import GRPCCore
import PoleStageProto
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

/// Mobility over a socket: offers say how they are reached (the stop, its lines, the walk) and what they provide;
/// searches for a pupil measure from its school, say what it can reach, and keep only that on request.
@Suite("Mobility: reachable offers over a socket")
struct MobilityServiceTests {
    static func pupil<T: ClientTransport>(
        _ clients: DomainClients<T>,
        _ fixture: DomainFixture,
        ref: String,
        maxKm: Int32,
        transitOnly: Bool
    ) async throws -> Polestage_Placements_V1_Pupil {
        try await clients.pupils.savePupil(
            .with {
                $0.details = .with {
                    $0.ref = ref
                    $0.className = "3eA"
                    $0.level = .level3EObservation
                    $0.mobility = .with {
                        $0.maxKm = maxKm
                        $0.publicTransportOnly = transitOnly
                    }
                }
            },
            metadata: fixture.metadata(.schoolA1)
        )
    }

    @Test("a search for a pupil measures from its school, says what it reaches, and keeps only that on request")
    func reachable() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let school = fixture.metadata(.schoolA1)
                func offer(_ title: String, east degrees: Double, stop: Bool) async throws -> Int64 {
                    var details = fixture.offerDetails(
                        title: title,
                        point: GeoPoint(
                            latitude: fixture.pointA.latitude,
                            longitude: fixture.pointA.longitude + degrees
                        )
                    )
                    if stop {
                        details.transit = .with {
                            $0.stop = "Gare routière"
                            $0.lines = ["Ligne 3", "Ligne 7"]
                            $0.walkMinutes = 6
                        }
                        details.lunchProvided = true
                    }
                    return try await fixture.createOffer(clients, details: details).id
                }
                // About 2 km and 20 km east of school A1.
                let nearServed = try await offer("Près, desservie", east: 0.026, stop: true)
                let nearUnserved = try await offer("Près, sans arrêt", east: 0.03, stop: false)
                let farServed = try await offer("Loin, desservie", east: 0.263, stop: true)
                let byBus = try await Self.pupil(clients, fixture, ref: "MO-0001", maxKm: 10, transitOnly: true)
                let byCar = try await Self.pupil(clients, fixture, ref: "MO-0002", maxKm: 30, transitOnly: false)

                func search(_ pupil: Int64, reachableOnly: Bool) async throws -> [Polestage_Offers_V1_Offer] {
                    try await clients.offers.searchOffers(
                        .with {
                            $0.pupilID = pupil
                            $0.reachableOnly = reachableOnly
                        },
                        metadata: school
                    ).offers
                }
                let all = try await search(byBus.id, reachableOnly: false)
                #expect(all.map(\.id) == [nearServed, nearUnserved, farServed])
                #expect(all.map(\.reachable) == [true, false, false])
                #expect(all.map { ($0.distanceKm * 10).rounded() / 10 } == [2.0, 2.3, 20.0])
                let served = try #require(all.first)
                #expect(
                    served.details.transit.lines == ["Ligne 3", "Ligne 7"] && served.details.transit.walkMinutes == 6
                )
                #expect(served.details.lunchProvided && !served.details.lodgingProvided)
                #expect(try await search(byBus.id, reachableOnly: true).map(\.id) == [nearServed])

                #expect(
                    try await search(byCar.id, reachableOnly: true).map(\.id) == [nearServed, nearUnserved, farServed]
                )

                // A signed-in pupil's own search.
                let code = try await clients.pupils.issueSignInCode(.with { $0.pupilID = byBus.id }, metadata: school)
                let session = try await clients.signIn.redeemSignInCode(
                    .with {
                        $0.basinID = fixture.basinA.rawValue
                        $0.code = code.code
                    }
                )
                let own = try await clients.offers.searchOffers(
                    .with { $0.reachableOnly = true },
                    metadata: PlacementServiceTests.bearer(session.token)
                )
                #expect(own.offers.map(\.id) == [nearServed] && own.offers.allSatisfy(\.reachable))

                // Refusals, each naming its rule.
                await expectStatus(.invalidArgument, "pupil_id : est requis avec reachable_only") {
                    try await clients.offers.searchOffers(.with { $0.reachableOnly = true }, metadata: school)
                }
                await expectStatus(
                    .invalidArgument,
                    "near : doit rester vide avec un élève : les distances partent de son établissement"
                ) {
                    try await clients.offers.searchOffers(
                        .with {
                            $0.pupilID = byBus.id
                            $0.near = .with {
                                $0.latitude = 46.7
                                $0.longitude = 4.8
                            }
                        },
                        metadata: school
                    )
                }
                await expectStatus(
                    .permissionDenied,
                    "une recherche pour un élève est celle de son établissement ou la sienne"
                ) {
                    try await clients.offers.searchOffers(
                        .with { $0.pupilID = byBus.id },
                        metadata: fixture.metadata(.companyA)
                    )
                }
                await expectStatus(.notFound) {
                    try await clients.offers.searchOffers(
                        .with { $0.pupilID = byBus.id },
                        metadata: fixture.metadata(.schoolA2)
                    )
                }
                await expectStatus(.permissionDenied, "un élève ne cherche que pour lui-même : laissez pupil_id vide") {
                    try await clients.offers.searchOffers(
                        .with { $0.pupilID = byCar.id },
                        metadata: PlacementServiceTests.bearer(session.token)
                    )
                }

                // A live subscription for the pupil: what it can reach, now and as it comes.
                let subscriber = OfferSubscriber(
                    clients.offers,
                    .with {
                        $0.filter = .with {
                            $0.pupilID = byBus.id
                            $0.reachableOnly = true
                        }
                        $0.snapshot = true
                    },
                    metadata: school
                )
                let snapshot = try await subscriber.untilLive().flatMap { event -> [Int64] in
                    guard case .snapshot(let page) = event.event else { return [] }
                    return page.offers.map(\.id)
                }
                #expect(snapshot == [nearServed])
                _ = try await offer("Loin, nouvelle", east: 0.3, stop: true)
                let newNear = try await offer("Près, nouvelle", east: 0.02, stop: true)
                #expect(try await subscriber.changes(1).map(\.change.offer.id) == [newNear])
                subscriber.cancel()
            }
        }
    }

    @Test("a stop's fields are checked: its name, 1 to 10 lines, a walk of 0 to 60 minutes")
    func badStops() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                for (stop, message) in [
                    (
                        Polestage_Offers_V1_TransitStop.with { $0.lines = ["Ligne 3"] },
                        "details.transit.stop : ne doit pas être vide"
                    ),
                    (.with { $0.stop = "Gare" }, "details.transit.lines : 1 à 10 lignes desservent un arrêt"),
                    (
                        .with {
                            $0.stop = "Gare"
                            $0.lines = ["Ligne 3"]
                            $0.walkMinutes = 90
                        },
                        "details.transit.walk_minutes : doit être de 0 à 60"
                    ),
                ] {
                    var details = fixture.offerDetails()
                    details.transit = stop
                    await expectStatus(.invalidArgument, message) {
                        try await fixture.createOffer(clients, details: details)
                    }
                }
            }
        }
    }
}
