import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Synchronization
import Testing

/// Pupils are deleted a configurable time after their school year ends, and nothing of them remains.
@Suite("Retention of pupils' data")
struct RetentionTests {
    @Test("PurgeEndedSchoolYears deletes the pupils of years ended longer ago than the retention, and only those")
    func purge() async throws {
        let clock = Mutex(Date())
        var configuration = ServerConfiguration.testing()
        configuration.now = { clock.withLock { $0 } }
        configuration.pupilRetention = .seconds(30 * 86_400)
        try await withDomainServer(configuration) { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                try await PlacementServiceTests.declarePeriod(clients, fixture)
                let offer = try await fixture.createOffer(clients)
                let pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: "RT-0001")
                _ = try await PlacementServiceTests.savePupil(clients, fixture, ref: "RT-0002")
                _ = try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupil.id),
                    metadata: fixture.metadata(.schoolA1)
                )
                let coordinator = fixture.metadata(.coordinator)
                let store = server.basins.storage(for: fixture.basinA)
                let year = store.schoolYear
                // Within the retention: nothing goes.
                let none = try await clients.admin.purgeEndedSchoolYears(.init(), metadata: coordinator)
                #expect(none.retentionDays == 30)
                #expect(none.basins.map(\.pupilsDeleted) == [0, 0])
                // 30 days and a minute after the year's end.
                clock.withLock { $0 = year.end.addingTimeInterval(30 * 86_400 + 60) }
                await expectStatus(
                    .permissionDenied,
                    "le rôle « animation » ne peut pas supprimer les élèves des années scolaires terminées"
                ) {
                    try await clients.admin.purgeEndedSchoolYears(.init(), metadata: fixture.metadata(.animatorA))
                }
                let report = try await clients.admin.purgeEndedSchoolYears(.init(), metadata: coordinator)
                #expect(report.basins.first { $0.basinID == "basin-a" }?.pupilsDeleted == 2)
                #expect(try await store.roster(school: fixture.schoolA1, year: year).isEmpty)
                #expect(try await store.applications(.offer(offer.id), liveOnly: false).isEmpty)
                #expect(try await store.pupil(pupil.id) == nil)
                #expect(
                    try await store.inbox(.school(fixture.schoolA1), unreadOnly: false, before: nil, limit: 10).messages
                        .allSatisfy {
                            $0.application == nil
                        }
                )
            }
        }
    }
}

extension RetentionTests {
    @Test("on 1 September a new school year starts with an empty roster; the previous one is read, not written")
    func newSchoolYear() async throws {
        let clock = Mutex(Date())
        var configuration = ServerConfiguration.testing()
        configuration.now = { clock.withLock { $0 } }
        try await withDomainServer(configuration) { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let school = fixture.metadata(.schoolA1)
                try await PlacementServiceTests.declarePeriod(clients, fixture)
                let offer = try await fixture.createOffer(clients)
                let pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: "NY-0001")
                let year = server.basins.storage(for: fixture.basinA).schoolYear
                clock.withLock { $0 = year.end.addingTimeInterval(3600) }
                #expect(try await clients.pupils.getRoster(.init(), metadata: school).pupils.isEmpty)
                let previous = try await clients.pupils.getRoster(
                    .with { $0.schoolYear = year.description },
                    metadata: school
                )
                #expect(previous.pupils.map(\.id) == [pupil.id])
                await expectStatus(.failedPrecondition, "close (lecture seule)") {
                    try await clients.applications.apply(
                        PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupil.id),
                        metadata: school
                    )
                }
                await expectStatus(.failedPrecondition, "close (lecture seule)") {
                    try await clients.pupils.issueSignInCode(.with { $0.pupilID = pupil.id }, metadata: school)
                }
            }
        }
    }
}
