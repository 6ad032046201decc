import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

/// What the company's page relies on, over a socket: an offer given no address is at the company's, and the company
/// lists every application to its offers in one call.
@Suite("The company's page: offers at its address, all its applications at once")
struct CompanyPageTests {
    @Test("an offer without an address takes the directory's; ListApplications without an offer lists all of them")
    func companyWork() async throws {
        try await withDomainServer { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let company = fixture.metadata(.companyA)
                var details = fixture.offerDetails()
                details.clearAddress()
                details.clearLocation()
                let offer = try await clients.offers.createOffer(
                    .with {
                        $0.details = details
                        $0.publish = true
                    },
                    metadata: company
                )
                let directory = try #require(try await server.academy.company(fixture.companyA))
                #expect(offer.details.address.commune == directory.commune)
                #expect(offer.details.location.latitude == directory.location.latitude)
                // One of the two without the other is still refused.
                var half = fixture.offerDetails()
                half.clearLocation()
                await expectStatus(.invalidArgument, "details.location : est requis") {
                    try await clients.offers.createOffer(.with { $0.details = half }, metadata: company)
                }

                try await PlacementServiceTests.declarePeriod(clients, fixture)
                let pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: "CP-0001")
                let other = try await fixture.createOffer(clients)
                let first = try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupil.id),
                    metadata: fixture.metadata(.schoolA1)
                )
                let second = try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: other.id, pupil: pupil.id),
                    metadata: fixture.metadata(.schoolA1)
                )
                let all = try await clients.applications.listApplications(.init(), metadata: company)
                #expect(Set(all.applications.map(\.id)) == [first.id, second.id])
                // The company does not learn who the pupil is before it accepts.
                #expect(all.applications.allSatisfy { $0.pupilRef.isEmpty })
                let another = try await clients.applications.listApplications(
                    .init(),
                    metadata: fixture.metadata(.companyA2)
                )
                #expect(another.applications.isEmpty)
                await expectStatus(.permissionDenied, "une entreprise liste les candidatures de ses offres") {
                    try await clients.applications.listApplications(.with { $0.pupilID = pupil.id }, metadata: company)
                }
            }
        }
    }
}
