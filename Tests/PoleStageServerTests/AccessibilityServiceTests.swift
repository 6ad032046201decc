import GRPCCore
import PoleStageProto
import PoleStageTesting
import SwiftProtobuf
import Testing

/// Structured accessibility over a socket: offers say what they provide, schools say what a pupil needs (by the API or
/// a class's CSV), and an application whose needs the offer does not meet is refused before the company hears of it.
@Suite("Accessibility over a socket")
struct AccessibilityServiceTests {
    @Test("a pupil needing a trained tutor cannot apply to an offer without one; the company hears nothing")
    func refusedBeforeTheCompany() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let school = fixture.metadata(.schoolA1)
                try await PlacementServiceTests.declarePeriod(clients, fixture)
                var stepFree = fixture.offerDetails()
                stepFree.accessibility = .with { $0.stepFree = true }
                let ramp = try await fixture.createOffer(clients, details: stepFree)
                #expect(ramp.details.accessible && ramp.details.accessibility.stepFree)
                #expect(!ramp.details.accessibility.trainedTutor)
                // Said accessible without detail: all three.
                var legacy = fixture.offerDetails(title: "Garage accessible")
                legacy.accessible = true
                let everything = try await fixture.createOffer(clients, details: legacy)
                #expect(everything.details.accessibility.trainedTutor && everything.details.accessibility.adaptedTasks)

                let pupil = try await clients.pupils.savePupil(
                    .with {
                        $0.details = .with {
                            $0.ref = "AC-0001"
                            $0.className = "1CAP-MV"
                            $0.level = .cap
                            $0.needs = .with {
                                $0.stepFree = true
                                $0.trainedTutor = true
                            }
                        }
                    },
                    metadata: school
                )
                #expect(pupil.details.needsAccessible && pupil.details.needs.trainedTutor)
                await expectStatus(
                    .failedPrecondition,
                    "n'offre pas ce dont cet élève a besoin (un tuteur formé) : choisissez une offre qui l'offre"
                ) {
                    try await clients.applications.apply(
                        PlacementServiceTests.apply(fixture, offer: ramp.id, pupil: pupil.id),
                        metadata: school
                    )
                }
                let inbox = try await clients.inbox.listInbox(.init(), metadata: fixture.metadata(.companyA))
                #expect(inbox.messages.isEmpty)
                let applied = try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: everything.id, pupil: pupil.id),
                    metadata: school
                )
                #expect(applied.status == .pending)
            }
        }
    }

    @Test("a class's CSV may say each pupil's needs, in French or as codes; an unknown need is reported by its column")
    func csvNeeds() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let school = fixture.metadata(.schoolA1)
                let csv =
                    "ref;class;level;accessible;max_km;transit_only;qpv;gender;needs\n"
                    + "AC-101;3eA;3e;oui;;;;;plain-pied + tuteur formé\n"
                    + "AC-102;3eA;3e;non;;;;;adapted_tasks\n"
                    + "AC-103;3eA;3e;non;;;;;\n"
                    + "AC-104;3eA;3e;oui;;;;;ascenseur\n"
                let report = try await clients.pupils.importPupils(
                    .with { $0.file = .with { $0.csv = csv } },
                    metadata: school
                )
                #expect(report.created == 3)
                #expect(report.rejected.map(\.line) == [5])
                #expect(
                    report.rejected.first?.reasons
                        == [
                            "needs : « ascenseur » n'est pas un besoin : plain-pied, tâches adaptées ou tuteur formé, joints par « + »"
                        ]
                )
                let roster = try await clients.pupils.getRoster(.init(), metadata: school).pupils
                let needs = roster.map {
                    [$0.details.needs.stepFree, $0.details.needs.adaptedTasks, $0.details.needs.trainedTutor]
                }
                #expect(needs == [[true, false, true], [false, true, false], [false, false, false]])
                #expect(roster.map(\.details.needsAccessible) == [true, true, false])
                // Without the column, the header of before still imports.
                let old = try await clients.pupils.importPupils(
                    .with {
                        $0.file = .with {
                            $0.csv =
                                "ref;class;level;accessible;max_km;transit_only;qpv;gender\nAC-105;3eA;3e;oui;;;;\n"
                        }
                    },
                    metadata: school
                )
                #expect(old.created == 1)
            }
        }
    }
}
