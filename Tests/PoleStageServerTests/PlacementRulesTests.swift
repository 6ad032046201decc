import Foundation
import GRPCCore
import PoleStageAuth
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Synchronization
import Testing

/// Each rule of an application over a real socket, with the server's clock moved for the delays.
@Suite("Placements: every rule of an application, over a socket")
struct PlacementRulesTests {
    @Test("level, past weeks, overlapping placements, the pending limit, acceptance withdrawing the others, expiry")
    func rules() async throws {
        let clock = Mutex(Date())
        var configuration = ServerConfiguration.testing()
        configuration.now = { clock.withLock { $0 } }
        try await withDomainServer(configuration) { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let school = fixture.metadata(.schoolA1)
                let company = fixture.metadata(.companyA)
                try await PlacementServiceTests.declarePeriod(clients, fixture)
                let pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: "RU-0001")
                func apply(_ offer: Int64) async throws -> Polestage_Placements_V1_Application {
                    try await clients.applications.apply(
                        PlacementServiceTests.apply(fixture, offer: offer, pupil: pupil.id),
                        metadata: school
                    )
                }
                // The offer must take the pupil's level.
                let observation = try await fixture.createOffer(
                    clients,
                    details: fixture.offerDetails(levels: [.level3EObservation])
                )
                await expectStatus(
                    .failedPrecondition,
                    "n'accueille pas d'élèves de CAP : choisissez une offre ouverte à ce niveau"
                ) {
                    try await apply(observation.id)
                }
                // A declared period already past.
                _ = try await clients.calendar.setSchoolPeriods(
                    .with {
                        $0.periods = [
                            .with {
                                $0.level = .cap
                                $0.fromWeek = fixture.protoWeek(3)
                                $0.toWeek = fixture.protoWeek(4)
                                $0.pupils = 24
                            },
                            .with {
                                $0.level = .cap
                                $0.fromWeek = .with {
                                    $0.year = 2026; $0.week = 2
                                }
                                $0.toWeek = .with {
                                    $0.year = 2026; $0.week = 3
                                }
                                $0.pupils = 24
                            },
                        ]
                    },
                    metadata: school
                )
                let offers = [
                    try await fixture.createOffer(clients), try await fixture.createOffer(clients),
                    try await fixture.createOffer(clients), try await fixture.createOffer(clients),
                ]
                await expectStatus(
                    .failedPrecondition,
                    "la semaine 2 de 2026 est passée : candidatez pour une période à venir"
                ) {
                    try await clients.applications.apply(
                        .with {
                            $0.offerID = offers[0].id
                            $0.pupilID = pupil.id
                            $0.fromWeek = .with {
                                $0.year = 2026; $0.week = 2
                            }
                            $0.toWeek = .with {
                                $0.year = 2026; $0.week = 3
                            }
                        },
                        metadata: school
                    )
                }
                // At most the basin's limit of pending applications (3).
                let pending = [
                    try await apply(offers[0].id), try await apply(offers[1].id), try await apply(offers[2].id),
                ]
                await expectStatus(.failedPrecondition, "a 3 candidatures en attente, la limite du bassin") {
                    try await apply(offers[3].id)
                }
                // Accepting one withdraws the two others and frees their seats.
                _ = try await clients.applications.acceptApplication(
                    .with { $0.applicationID = pending[0].id },
                    metadata: company
                )
                let listed = try await clients.applications.listApplications(
                    .with { $0.pupilID = pupil.id },
                    metadata: school
                )
                #expect(listed.applications.map(\.status) == [.withdrawn, .withdrawn, .accepted])
                let freed = try await clients.offers.getOffer(.with { $0.offerID = offers[1].id }, metadata: school)
                #expect(freed.periods.map(\.seatsFree) == [2, 2])
                // Placed: nothing else for overlapping weeks.
                await expectStatus(.failedPrecondition, "a déjà un stage accepté sur les semaines") {
                    try await apply(offers[3].id)
                }
                // Expiry: another pupil's pending application, 14 days later, reads expired and frees its seats.
                let other = try await PlacementServiceTests.savePupil(clients, fixture, ref: "RU-0002")
                let waiting = try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: offers[3].id, pupil: other.id),
                    metadata: school
                )
                clock.withLock { $0 = $0.addingTimeInterval(14 * 86_400) }
                let expired = try await clients.applications.listApplications(
                    .with { $0.pupilID = other.id },
                    metadata: school
                )
                #expect(expired.applications.map(\.status) == [.expired])
                #expect(try await server.basins.storage(for: fixture.basinA).expireDueApplications() == 1)
                let again = try await clients.offers.getOffer(.with { $0.offerID = offers[3].id }, metadata: school)
                #expect(again.periods.map(\.seatsFree) == [2, 2])
                _ = waiting
            }
        }
    }

    @Test(
        "withdrawing an offer declines its pending applications and tells their school; accepted ones stay",
        arguments: TestStores.tested
    )
    func offerWithdrawn(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let school = fixture.metadata(.schoolA1)
                let company = fixture.metadata(.companyA)
                try await PlacementServiceTests.declarePeriod(clients, fixture)
                let offer = try await fixture.createOffer(clients)
                var applications: [Polestage_Placements_V1_Application] = []
                for ref in ["OW-0001", "OW-0002"] {
                    let pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: ref)
                    applications.append(
                        try await clients.applications.apply(
                            PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupil.id),
                            metadata: school
                        )
                    )
                }
                _ = try await clients.applications.acceptApplication(
                    .with { $0.applicationID = applications[0].id },
                    metadata: company
                )
                await expectStatus(.invalidArgument, "reason : est donné par le pôle quand une offre est retirée") {
                    try await clients.applications.declineApplication(
                        .with {
                            $0.applicationID = applications[1].id
                            $0.reason = .offerWithdrawn
                        },
                        metadata: company
                    )
                }
                _ = try await clients.offers.withdrawOffer(.with { $0.offerID = offer.id }, metadata: company)
                let listed = try await clients.applications.listApplications(
                    .with { $0.offerID = offer.id },
                    metadata: school
                )
                #expect(listed.applications.map(\.status) == [.declined, .accepted])
                #expect(listed.applications.first?.declineReason == .offerWithdrawn)
                let inbox = try await clients.inbox.listInbox(.init(), metadata: school)
                #expect(inbox.messages.first?.kind == .applicationDeclined)
                #expect(inbox.messages.first?.text.contains("l'entreprise a retiré l'offre") == true)
            }
        }
    }
}
