import GRPCCore
import PoleStageProto
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

/// Against discrimination: each company's decline rate for the basin's priority pupils against the others', its reasons,
/// and the flag beyond a threshold, in the basin's statistics, under statistical secrecy.
@Suite("Statistics: decline rates per company and group")
struct DeclineRatesTests {
    @Test("a company declining priority pupils far more than the others is flagged; under 5 pupils a side is withheld")
    func declineRates() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let school = fixture.metadata(.schoolA1)
                // Only pupils in a QPV are priority pupils here, and they may apply at once.
                _ = try await clients.applications.setPlacementRules(
                    PriorityAccessServiceTests.rules(groups: [.qpv], window: 0),
                    metadata: fixture.metadata(.animatorA)
                )
                try await PlacementServiceTests.declarePeriod(clients, fixture)
                let garage = try await fixture.createOffer(
                    clients,
                    details: fixture.offerDetails(weeks: [3: 20, 4: 20])
                )
                let bakery = try await fixture.createOffer(
                    clients,
                    as: .companyA2,
                    details: fixture.offerDetails(weeks: [3: 5, 4: 5])
                )
                func apply(_ number: Int, qpv: Bool, to offer: Int64) async throws -> Int64 {
                    let pupil = try await clients.pupils.savePupil(
                        .with {
                            $0.details = .with {
                                $0.ref = "DR-\(1000 + number)"
                                $0.className = "1CAP-MV"
                                $0.level = .cap
                                $0.qpv = qpv
                            }
                        },
                        metadata: school
                    )
                    return try await clients.applications.apply(
                        PlacementServiceTests.apply(fixture, offer: offer, pupil: pupil.id),
                        metadata: school
                    ).id
                }
                func answer(
                    _ application: Int64,
                    _ reason: Polestage_Placements_V1_DeclineReason?,
                    as company: DomainFixture.Actor = .companyA
                ) async throws {
                    if let reason {
                        _ = try await clients.applications.declineApplication(
                            .with {
                                $0.applicationID = application
                                $0.reason = reason
                                if reason == .other { $0.note = "Atelier fermé." }
                            },
                            metadata: fixture.metadata(company)
                        )
                    } else {
                        _ = try await clients.applications.acceptApplication(
                            .with { $0.applicationID = application },
                            metadata: fixture.metadata(company)
                        )
                    }
                }
                // The garage declines 4 of 6 priority pupils and 1 of 6 others.
                let priorityAnswers: [Polestage_Placements_V1_DeclineReason?] = [
                    .tutorUnavailable, .tutorUnavailable, .tutorUnavailable, .datesUnsuitable, nil, nil,
                ]
                for (index, reason) in priorityAnswers.enumerated() {
                    try await answer(try await apply(index, qpv: true, to: garage.id), reason)
                }
                let otherAnswers: [Polestage_Placements_V1_DeclineReason?] = [.seatsFilled, nil, nil, nil, nil, nil]
                for (index, reason) in otherAnswers.enumerated() {
                    try await answer(try await apply(10 + index, qpv: false, to: garage.id), reason)
                }
                // A pending application does not count; the bakery answered one pupil only.
                _ = try await apply(20, qpv: true, to: garage.id)
                try await answer(try await apply(21, qpv: false, to: bakery.id), .other, as: .companyA2)

                let animator = fixture.metadata(.animatorA)
                let statistics = try await clients.admin.getStatistics(.init(), metadata: animator)
                #expect(statistics.declineGapPoints == 20)
                #expect(statistics.companyDeclines.map(\.companyName) == ["Garage A", "Boulangerie A2"])
                let flagged = try #require(statistics.companyDeclines.first)
                #expect(flagged.companySiret == fixture.companyA.rawValue)
                #expect(flagged.priorityPupils.answered == 6 && flagged.priorityPupils.declined == 4)
                #expect(flagged.otherPupils.answered == 6 && flagged.otherPupils.declined == 1)
                #expect(
                    flagged.priorityPupils.reasons.map { "\($0.reason) \($0.count)" } == [
                        "tutor_unavailable 3", "dates_unsuitable 1",
                    ]
                )
                #expect(flagged.priorityPupils.reasons.first?.label == "pas de tuteur disponible sur ces semaines")
                #expect(flagged.gapPoints == 50 && flagged.flagged)
                let withheld = try #require(statistics.companyDeclines.last)
                #expect(withheld.priorityPupils.answered == 0 && withheld.otherPupils.fewerThanFive)
                #expect(withheld.otherPupils.answered == 0 && withheld.gapPoints == 0 && !withheld.flagged)

                // A higher threshold: the same gap is no longer flagged.
                let lenient = try await clients.admin.getStatistics(
                    .with { $0.declineGapPoints = 60 },
                    metadata: animator
                )
                #expect(lenient.companyDeclines.first?.gapPoints == 50)
                #expect(lenient.companyDeclines.allSatisfy { !$0.flagged })
                await expectStatus(.invalidArgument, "decline_gap_points : doit être de 1 à 100, ou 0 pour 20") {
                    try await clients.admin.getStatistics(.with { $0.declineGapPoints = 150 }, metadata: animator)
                }
                // The académie's figures add the basins up.
                let academy = try await clients.admin.getStatistics(.init(), metadata: fixture.metadata(.coordinator))
                #expect(academy.companyDeclines.first?.flagged == true)
            }
        }
    }
}
