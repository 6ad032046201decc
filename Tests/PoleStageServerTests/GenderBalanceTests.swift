import GRPCCore
import PoleStageProto
import PoleStageTesting
import SwiftProtobuf
import Testing

/// Mixité des métiers: girls and boys placed per trade, in the basin's and the académie's statistics.
@Suite("Statistics: gender balance per trade")
struct GenderBalanceTests {
    @Test("placed pupils per trade by gender, with the trade's name; a trade under 5 such pupils is withheld")
    func genderByTrade() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let mechanics = try await fixture.createOffer(
                    clients,
                    details: fixture.offerDetails(trade: "I1604", weeks: [3: 12, 4: 12])
                )
                let kitchen = try await fixture.createOffer(
                    clients,
                    details: fixture.offerDetails(trade: "G1602", title: "Cuisine", weeks: [3: 12, 4: 12])
                )
                try await PlacementServiceTests.declarePeriod(clients, fixture)
                // (trade, gender, accepted): four girls and two boys placed in mechanics, one pupil without a gender,
                // one girl waiting for an answer; one boy placed in the kitchen.
                let cases: [(Polestage_Offers_V1_Offer, Polestage_Placements_V1_Gender?, Bool)] = [
                    (mechanics, .female, true), (mechanics, .female, true), (mechanics, .female, true),
                    (mechanics, .female, true), (mechanics, .male, true), (mechanics, .male, true),
                    (mechanics, nil, true), (mechanics, .female, false), (kitchen, .male, true),
                ]
                for (index, (offer, gender, accepted)) in cases.enumerated() {
                    var pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: "MX-\(100 + index)")
                    if let gender {
                        pupil = try await clients.pupils.savePupil(
                            .with {
                                $0.details = pupil.details
                                $0.details.gender = gender
                            },
                            metadata: fixture.metadata(.schoolA1)
                        )
                    }
                    let application = try await clients.applications.apply(
                        PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupil.id),
                        metadata: fixture.metadata(.schoolA1)
                    )
                    if accepted {
                        _ = try await clients.applications.acceptApplication(
                            .with { $0.applicationID = application.id },
                            metadata: fixture.metadata(.companyA)
                        )
                    }
                }
                for (request, actor) in [
                    (
                        Polestage_Admin_V1_StatisticsRequest.with { $0.basinID = "basin-a" },
                        DomainFixture.Actor.animatorA
                    ),
                    (Polestage_Admin_V1_StatisticsRequest(), .coordinator),
                ] {
                    let statistics = try await clients.admin.getStatistics(request, metadata: fixture.metadata(actor))
                    #expect(statistics.genderByTrade.map(\.tradeCode) == ["G1602", "I1604"])
                    let cars = try #require(statistics.genderByTrade.first { $0.tradeCode == "I1604" })
                    #expect(cars.tradeLabel != "I1604" && !cars.tradeLabel.isEmpty)
                    #expect(cars.girls == 4 && cars.boys == 2 && !cars.fewerThanFive)
                    #expect(abs(cars.shareGirls - 4.0 / 6.0) < 1e-9)
                    let cooks = try #require(statistics.genderByTrade.first { $0.tradeCode == "G1602" })
                    #expect(cooks.fewerThanFive && cooks.girls == 0 && cooks.boys == 0 && cooks.shareGirls == 0)
                }
            }
        }
    }
}
