import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import PoleStageWebSocketTransport
import SwiftProtobuf
import Synchronization
import Testing

@Suite("Reservations: seats held, decided, never overbooked")
struct ReservationServiceTests {
    static func request(_ offer: Int64, week: Polestage_Common_V1_IsoWeek, pupil: String)
        -> Polestage_Reservations_V1_RequestSeatRequest
    {
        .with {
            $0.offerID = offer
            $0.week = week
            $0.pupilRef = pupil
            $0.level = .cap
        }
    }

    @Test("a school requests, the company confirms or declines, the school cancels", arguments: TestStores.tested)
    func flow(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let offer = try await fixture.createOffer(clients, details: fixture.offerDetails(weeks: [3: 2]))
                let week = fixture.protoWeek(3)
                let school = fixture.metadata(.schoolA1)
                let first = try await clients.reservations.requestSeat(
                    Self.request(offer.id, week: week, pupil: "E2027-001"),
                    metadata: school
                )
                #expect(first.status == .pending)
                #expect(first.pupilRef == "E2027-001")
                #expect(first.schoolUai == fixture.schoolA1.rawValue)
                #expect(first.expiresAtUnixMs > first.createdAtUnixMs)
                let second = try await clients.reservations.requestSeat(
                    Self.request(offer.id, week: week, pupil: "E2027-002"),
                    metadata: school
                )
                await expectStatus(.failedPrecondition, "plus aucune place libre sur l'offre") {
                    try await clients.reservations.requestSeat(
                        Self.request(offer.id, week: week, pupil: "E2027-003"),
                        metadata: school
                    )
                }
                let full = try await clients.offers.getOffer(.with { $0.offerID = offer.id }, metadata: school)
                #expect(full.status == .full)

                // The company sees the requests, not who the pupils are.
                let seenByCompany = try await clients.reservations.listOfferReservations(
                    .with { $0.offerID = offer.id },
                    metadata: fixture.metadata(.companyA)
                )
                #expect(seenByCompany.reservations.count == 2)
                #expect(seenByCompany.reservations.allSatisfy { $0.pupilRef.isEmpty })

                let confirmed = try await clients.reservations.confirmReservation(
                    .with { $0.reservationID = first.id },
                    metadata: fixture.metadata(.companyA)
                )
                #expect(confirmed.status == .confirmed)
                #expect(confirmed.pupilRef.isEmpty)
                let declined = try await clients.reservations.declineReservation(
                    .with { $0.reservationID = second.id },
                    metadata: fixture.metadata(.companyA)
                )
                #expect(declined.status == .declined)
                await expectStatus(.failedPrecondition, "la réservation \(second.id) est refusée") {
                    try await clients.reservations.confirmReservation(
                        .with { $0.reservationID = second.id },
                        metadata: fixture.metadata(.companyA)
                    )
                }
                // The declined seat is free again.
                _ = try await clients.reservations.requestSeat(
                    Self.request(offer.id, week: week, pupil: "E2027-003"),
                    metadata: school
                )
                let cancelled = try await clients.reservations.cancelReservation(
                    .with { $0.reservationID = first.id },
                    metadata: school
                )
                #expect(cancelled.status == .cancelled)
                let mine = try await clients.reservations.listSchoolReservations(
                    .with { $0.liveOnly = true },
                    metadata: school
                )
                #expect(mine.reservations.map(\.pupilRef) == ["E2027-003"])
            }
        }
    }

    @Test("bad requests name their field or state", arguments: TestStores.tested)
    func badRequests(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let offer = try await fixture.createOffer(clients, details: fixture.offerDetails(weeks: [3: 2]))
                let school = fixture.metadata(.schoolA1)
                let week = fixture.protoWeek(3)
                await expectStatus(.invalidArgument, "pupil_ref : doit être une référence pseudonyme") {
                    try await clients.reservations.requestSeat(
                        Self.request(offer.id, week: week, pupil: "Jean Dupont"),
                        metadata: school
                    )
                }
                await expectStatus(.invalidArgument, "offer_id : est requis") {
                    try await clients.reservations.requestSeat(
                        Self.request(0, week: week, pupil: "P-0001"),
                        metadata: school
                    )
                }
                await expectStatus(.invalidArgument, "level : un niveau est requis") {
                    var request = Self.request(offer.id, week: week, pupil: "P-0001")
                    request.level = .unspecified
                    return try await clients.reservations.requestSeat(request, metadata: school)
                }
                await expectStatus(.failedPrecondition, "n'accueille pas d'élèves de BTS") {
                    var request = Self.request(offer.id, week: week, pupil: "P-0001")
                    request.level = .bts
                    return try await clients.reservations.requestSeat(request, metadata: school)
                }
                await expectStatus(.failedPrecondition, "n'a pas de place en semaine") {
                    try await clients.reservations.requestSeat(
                        Self.request(offer.id, week: fixture.protoWeek(9), pupil: "P-0001"),
                        metadata: school
                    )
                }
                await expectStatus(.notFound, "offre 999 : introuvable") {
                    try await clients.reservations.requestSeat(
                        Self.request(999, week: week, pupil: "P-0001"),
                        metadata: school
                    )
                }
                _ = try await clients.reservations.requestSeat(
                    Self.request(offer.id, week: week, pupil: "P-0001"),
                    metadata: school
                )
                await expectStatus(.alreadyExists, "réservation en cours pour cette référence d'élève") {
                    try await clients.reservations.requestSeat(
                        Self.request(offer.id, week: week, pupil: "P-0001"),
                        metadata: school
                    )
                }
                await expectStatus(.permissionDenied, "le rôle « entreprise » ne peut pas demander une place") {
                    try await clients.reservations.requestSeat(
                        Self.request(offer.id, week: week, pupil: "P-0002"),
                        metadata: fixture.metadata(.companyA)
                    )
                }
                await expectStatus(.permissionDenied, "le rôle « établissement » ne peut pas confirmer une réservation")
                {
                    try await clients.reservations.confirmReservation(.with { $0.reservationID = 1 }, metadata: school)
                }
                await expectStatus(.permissionDenied, "porte sur l'offre d'une autre entreprise") {
                    try await clients.reservations.confirmReservation(
                        .with { $0.reservationID = 1 },
                        metadata: fixture.metadata(.companyA2)
                    )
                }
                await expectStatus(.permissionDenied, "appartient à un autre établissement") {
                    try await clients.reservations.cancelReservation(
                        .with { $0.reservationID = 1 },
                        metadata: fixture.metadata(.schoolA2)
                    )
                }
                await expectStatus(.permissionDenied, "ne lit que les réservations de son établissement") {
                    try await clients.reservations.listSchoolReservations(
                        .with { $0.schoolUai = fixture.schoolA2.rawValue },
                        metadata: school
                    )
                }
                await expectStatus(.notFound, "dans le bassin basin-a") {
                    try await clients.reservations.listSchoolReservations(
                        .with { $0.schoolUai = fixture.schoolB1.rawValue },
                        metadata: fixture.metadata(.animatorA)
                    )
                }
            }
        }
    }

    @Test(
        "200 concurrent requests for 10 seats, over every node: exactly 10 succeed, the store stays consistent",
        arguments: TestDeployment.tested
    )
    func race(_ deployment: TestDeployment) async throws {
        try await withDomainNodes(deployment) { nodes, fixture in
            let (server, addresses) = nodes[0]
            let offer = try await withWebSocketClients(addresses) { clients in
                try await fixture.createOffer(clients, details: fixture.offerDetails(weeks: [3: 10]))
            }
            let week = fixture.protoWeek(3)
            // Four WebSockets, 50 requests each, all in flight together, spread over the nodes.
            let outcomes = try await withThrowingTaskGroup(of: [RPCError.Code?].self) { group in
                for connection in 0..<4 {
                    group.addTask {
                        try await withWebSocketClients(nodes[connection % nodes.count].addresses) { clients in
                            try await withThrowingTaskGroup(of: RPCError.Code?.self) { calls in
                                for index in 0..<50 {
                                    calls.addTask {
                                        do {
                                            _ = try await clients.reservations.requestSeat(
                                                Self.request(offer.id, week: week, pupil: "R\(connection)-\(index)"),
                                                metadata: fixture.metadata(.schoolA1)
                                            )
                                            return nil
                                        } catch let error as RPCError {
                                            return error.code
                                        }
                                    }
                                }
                                return try await calls.reduce(into: []) { $0.append($1) }
                            }
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(outcomes.count == 200)
            #expect(outcomes.filter { $0 == nil }.count == 10)
            #expect(outcomes.filter { $0 == .failedPrecondition }.count == 190)
            let store = server.basins.storage(for: fixture.basinA)
            let stored = try #require(try await store.offer(offer.id))
            #expect(stored.periods.map(\.taken) == [10])
            #expect(try await store.reservations(offer: offer.id, liveOnly: true).count == 10)
        }
    }

    @Test("a pending request expires after the hold delay and frees its seat")
    func expiry() async throws {
        let clock = TestClock()
        var configuration = ServerConfiguration.testing()
        configuration.reservationHold = .seconds(3600)
        configuration.now = { clock.now }
        try await withDomainServer(configuration) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let offer = try await fixture.createOffer(clients, details: fixture.offerDetails(weeks: [3: 1]))
                let week = fixture.protoWeek(3)
                let held = try await clients.reservations.requestSeat(
                    Self.request(offer.id, week: week, pupil: "X-0001"),
                    metadata: fixture.metadata(.schoolA1)
                )
                await expectStatus(.failedPrecondition, "plus aucune place libre") {
                    try await clients.reservations.requestSeat(
                        Self.request(offer.id, week: week, pupil: "X-0002"),
                        metadata: fixture.metadata(.schoolA2)
                    )
                }
                clock.advance(by: 3601)
                let next = try await clients.reservations.requestSeat(
                    Self.request(offer.id, week: week, pupil: "X-0002"),
                    metadata: fixture.metadata(.schoolA2)
                )
                #expect(next.status == .pending)
                let old = try await clients.reservations.listSchoolReservations(
                    .init(),
                    metadata: fixture.metadata(.schoolA1)
                )
                #expect(old.reservations.map(\.id) == [held.id])
                #expect(old.reservations.map(\.status) == [.expired])
            }
        }
    }
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let date = Mutex(Date())
    var now: Date { self.date.withLock { $0 } }
    func advance(by seconds: TimeInterval) { self.date.withLock { $0.addTimeInterval(seconds) } }
}
