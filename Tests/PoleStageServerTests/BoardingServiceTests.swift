import GRPCCore
import PoleStageProto
import PoleStageTesting
import SwiftProtobuf
import Testing

/// Boarding houses over a socket: the animator keeps them, schools read them and apply with a place, which the
/// application holds and releases; the company never learns where the pupil sleeps.
@Suite("Boarding houses over a socket")
struct BoardingServiceTests {
    @Test(
        "the animator saves a house, a school applies with a place, the company does not see it, a withdrawal frees it"
    )
    func boarding() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let animator = fixture.metadata(.animatorA)
                let school = fixture.metadata(.schoolA1)
                var details = Polestage_Placements_V1_BoardingHouseDetails.with {
                    $0.name = "Internat du lycée de Louhans"
                    $0.commune = "Louhans"
                    $0.location = .with {
                        $0.latitude = 46.63
                        $0.longitude = 5.22
                    }
                    $0.conditions = "Arrivée le dimanche soir, repas compris."
                    $0.places = [3, 4].map { offset in
                        .with {
                            $0.week = fixture.protoWeek(offset)
                            $0.seats = 2
                        }
                    }
                }
                var bad = details
                bad.name = ""
                bad.places = [.with { $0.week = fixture.protoWeek(3) }]
                let refused = await expectStatus(.invalidArgument) {
                    try await clients.applications.saveBoardingHouse(.with { $0.house = bad }, metadata: animator)
                }
                #expect(
                    refused?.message
                        == "house.name : ne doit pas être vide; house.places[0].seats : doit être de 1 à 100 places"
                )
                let house = try await clients.applications.saveBoardingHouse(
                    .with { $0.house = details },
                    metadata: animator
                )
                details.conditions = "Arrivée le lundi matin."
                let renamed = try await clients.applications.saveBoardingHouse(
                    .with {
                        $0.id = house.id
                        $0.house = details
                    },
                    metadata: animator
                )
                #expect(renamed.id == house.id && renamed.details.conditions == "Arrivée le lundi matin.")
                let listed = try await clients.applications.listBoardingHouses(.init(), metadata: school)
                #expect(listed.houses.map(\.id) == [house.id] && listed.houses[0].weeks.map(\.free) == [2, 2])

                try await PlacementServiceTests.declarePeriod(clients, fixture)
                let offer = try await fixture.createOffer(clients)
                let pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: "BH-0001")
                var request = PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupil.id)
                request.boardingHouseID = house.id
                let application = try await clients.applications.apply(request, metadata: school)
                #expect(application.boardingHouseID == house.id)
                let held = try await clients.applications.listBoardingHouses(.init(), metadata: school)
                #expect(held.houses[0].weeks.map(\.taken) == [1, 1])
                let asCompany = try await clients.applications.listApplications(
                    .with { $0.offerID = offer.id },
                    metadata: fixture.metadata(.companyA)
                )
                #expect(asCompany.applications.map(\.boardingHouseID) == [0])
                _ = try await clients.applications.withdrawApplication(
                    .with { $0.applicationID = application.id },
                    metadata: school
                )
                let freed = try await clients.applications.listBoardingHouses(.init(), metadata: school)
                #expect(freed.houses[0].weeks.map(\.taken) == [0, 0])
                request.boardingHouseID = 999
                await expectStatus(.notFound, "internat 999 : introuvable") {
                    try await clients.applications.apply(request, metadata: school)
                }
            }
        }
    }
}
