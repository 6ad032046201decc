import Foundation
import GRPCCore
import PoleStageDemo
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

@Suite("Offers: lifecycle, validation, visibility and search over real sockets")
struct OfferServiceTests {
    @Test(
        "a company creates, updates, publishes and withdraws its offer; readers see its status",
        arguments: TestStores.tested
    )
    func lifecycle(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let draft = try await fixture.createOffer(clients, publish: false)
                #expect(draft.status == .draft)
                #expect(draft.companySiret == fixture.companyA.rawValue)
                #expect(draft.companyName == "Garage A")
                #expect(draft.tradeLabel == "Mécanique automobile")
                #expect(draft.periods.map(\.seatsFree) == [2, 2])
                // A draft is not for schools.
                await expectStatus(.notFound, "offre \(draft.id) : introuvable") {
                    try await clients.offers.getOffer(
                        .with { $0.offerID = draft.id },
                        metadata: fixture.metadata(.schoolA1)
                    )
                }
                let published = try await clients.offers.publishOffer(
                    .with { $0.offerID = draft.id },
                    metadata: fixture.metadata(.companyA)
                )
                #expect(published.status == .published)
                #expect(published.version == draft.version + 1)
                let seen = try await clients.offers.getOffer(
                    .with { $0.offerID = draft.id },
                    metadata: fixture.metadata(.pupilA1)
                )
                #expect(seen.details == published.details)

                var details = fixture.offerDetails(title: "Mécanique et carrosserie", weeks: [3: 1])
                details.accessible = false
                let updated = try await clients.offers.updateOffer(
                    .with {
                        $0.offerID = draft.id
                        $0.details = details
                        $0.expectedVersion = published.version
                    },
                    metadata: fixture.metadata(.companyA)
                )
                #expect(updated.details.title == "Mécanique et carrosserie")
                #expect(updated.periods.count == 1)
                await expectStatus(.aborted, "version \(published.version) attendue") {
                    try await clients.offers.updateOffer(
                        .with {
                            $0.offerID = draft.id
                            $0.details = details
                            $0.expectedVersion = published.version
                        },
                        metadata: fixture.metadata(.companyA)
                    )
                }
                let withdrawn = try await clients.offers.withdrawOffer(
                    .with { $0.offerID = draft.id },
                    metadata: fixture.metadata(.animatorA)
                )
                #expect(withdrawn.status == .withdrawn)
                await expectStatus(.failedPrecondition, "est retirée") {
                    try await clients.offers.publishOffer(
                        .with { $0.offerID = draft.id },
                        metadata: fixture.metadata(.companyA)
                    )
                }
            }
        }
    }

    @Test(
        "a company lists its own offers, drafts and withdrawn ones too; another reader sees only the published ones",
        arguments: TestStores.tested
    )
    func ownOffers(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let draft = try await fixture.createOffer(clients, publish: false)
                let published = try await fixture.createOffer(clients)
                let withdrawn = try await fixture.createOffer(clients)
                _ = try await clients.offers.withdrawOffer(
                    .with { $0.offerID = withdrawn.id },
                    metadata: fixture.metadata(.companyA)
                )
                let other = try await fixture.createOffer(clients, as: .companyA2)
                func list(_ actor: DomainFixture.Actor, siret: SIRET, inactive: Bool) async throws -> [Int64] {
                    try await clients.offers.searchOffers(
                        .with {
                            $0.companySiret = siret.rawValue
                            $0.includeInactive = inactive
                            $0.pageSize = 100
                        },
                        metadata: fixture.metadata(actor)
                    ).offers.map(\.id).sorted()
                }
                #expect(
                    try await list(.companyA, siret: fixture.companyA, inactive: true) == [
                        draft.id, published.id, withdrawn.id,
                    ]
                )
                #expect(try await list(.companyA, siret: fixture.companyA, inactive: false) == [published.id])
                #expect(try await list(.companyA2, siret: fixture.companyA, inactive: true) == [published.id])
                #expect(try await list(.schoolA1, siret: fixture.companyA2, inactive: false) == [other.id])
                #expect(
                    try await list(.animatorA, siret: fixture.companyA, inactive: true) == [
                        draft.id, published.id, withdrawn.id,
                    ]
                )
                await expectStatus(.invalidArgument, "company_siret") {
                    try await clients.offers.searchOffers(
                        .with { $0.companySiret = "1234" },
                        metadata: fixture.metadata(.companyA)
                    )
                }
            }
        }
    }

    @Test("the same external reference twice updates one offer instead of adding one", arguments: TestStores.tested)
    func externalReference(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                func push(_ title: String) async throws -> Polestage_Offers_V1_Offer {
                    try await clients.offers.createOffer(
                        .with {
                            $0.details = fixture.offerDetails(title: title)
                            $0.externalRef = "partner-42"
                            $0.publish = true
                        },
                        metadata: fixture.metadata(.companyA)
                    )
                }
                let first = try await push("Premier envoi")
                let second = try await push("Second envoi")
                #expect(second.id == first.id)
                #expect(second.details.title == "Second envoi")
                #expect(second.externalRef == "partner-42")
                let all = try await clients.offers.searchOffers(
                    .with { $0.includeInactive = true },
                    metadata: fixture.metadata(.animatorA)
                )
                #expect(all.offers.count == 1)
            }
        }
    }

    /// One broken field per row, and the field the message must name.
    static let invalidDetails: [(String, @Sendable (inout Polestage_Offers_V1_OfferDetails) -> Void)] = [
        ("details.trade_code", { $0.tradeCode = "X12" }),
        ("details.trade_code", { $0.tradeCode = "Z9999" }),
        ("details.title", { $0.title = "   " }),
        ("details.title", { $0.title = String(repeating: "a", count: 121) }),
        ("details.levels", { $0.levels = [] }),
        ("details.levels[0]", { $0.levels = [.unspecified] }),
        ("details.periods", { $0.periods = [] }),
        ("details.periods[0].week", { $0.periods[0].week.week = 54 }),
        ("details.periods[0].seats", { $0.periods[0].seats = 0 }),
        ("details.periods[1].week", { $0.periods[1].week = $0.periods[0].week }),
        ("details.address.postal_code", { $0.address.postalCode = "7110" }),
        ("details.address.street", { $0.address.street = "" }),
        ("details.location", { $0.clearLocation() }),
        ("details.location", { $0.location.latitude = 91 }),
        ("details.reserved_for_school", { $0.reservedForSchool = "0710011X" }),
        ("details.description", { $0.description_p = "a\u{0}b" }),
    ]

    @Test("every invalid field is INVALID_ARGUMENT naming the field", arguments: 0..<Self.invalidDetails.count)
    func invalidFields(row: Int) async throws {
        let (field, breakIt) = Self.invalidDetails[row]
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                var details = fixture.offerDetails()
                breakIt(&details)
                await expectStatus(.invalidArgument, "\(field) :") {
                    try await fixture.createOffer(clients, details: details)
                }
            }
        }
    }

    @Test("who may write which offer", arguments: TestStores.tested)
    func writePermissions(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let offer = try await fixture.createOffer(clients)
                let ref = Polestage_Offers_V1_OfferRef.with { $0.offerID = offer.id }
                for actor in [DomainFixture.Actor.schoolA1, .pupilA1] {
                    await expectStatus(.permissionDenied, "ne peut pas créer une offre") {
                        try await fixture.createOffer(clients, as: actor, siret: fixture.companyA)
                    }
                    await expectStatus(.permissionDenied, "ne peut pas retirer une offre") {
                        try await clients.offers.withdrawOffer(ref, metadata: fixture.metadata(actor))
                    }
                }
                await expectStatus(.permissionDenied, "appartient à une autre entreprise") {
                    try await clients.offers.withdrawOffer(ref, metadata: fixture.metadata(.companyA2))
                }
                await expectStatus(.permissionDenied, "que pour son entreprise") {
                    try await fixture.createOffer(clients, as: .companyA2, siret: fixture.companyA)
                }
                await expectStatus(.invalidArgument, "company_siret : est requis") {
                    try await fixture.createOffer(clients, as: .animatorA)
                }
                await expectStatus(.notFound, "dans l'annuaire de l'académie") {
                    try await fixture.createOffer(
                        clients,
                        as: .animatorA,
                        siret: DemoAcademy.companySIRET(basin: 99, index: 9)
                    )
                }
                await expectStatus(.failedPrecondition, "n'est pas partenaire du bassin basin-a") {
                    try await fixture.createOffer(clients, as: .animatorA, siret: fixture.companyB)
                }
                // The animator writes for any partner company of its basin.
                let byAnimator = try await fixture.createOffer(clients, as: .animatorA, siret: fixture.companyA2)
                #expect(byAnimator.companySiret == fixture.companyA2.rawValue)
                // A company working with two basins names the one it writes in.
                await expectStatus(.invalidArgument, "'polestage-basin' metadata key") {
                    try await fixture.createOffer(clients, as: .companyAB)
                }
                let inB = try await fixture.createOffer(clients, as: .companyAB, basin: fixture.basinB)
                #expect(inB.companySiret == fixture.companyAB.rawValue)
            }
        }
    }

    @Test("an offer reserved to one school is hidden from the others", arguments: TestStores.tested)
    func reservedOffer(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let offer = try await fixture.createOffer(
                    clients,
                    details: fixture.offerDetails(reservedFor: fixture.schoolA2)
                )
                let ref = Polestage_Offers_V1_OfferRef.with { $0.offerID = offer.id }
                _ = try await clients.offers.getOffer(ref, metadata: fixture.metadata(.schoolA2))
                await expectStatus(.notFound) {
                    try await clients.offers.getOffer(ref, metadata: fixture.metadata(.schoolA1))
                }
                await expectStatus(.notFound) {
                    try await clients.offers.getOffer(ref, metadata: fixture.metadata(.companyA2))
                }
                let search = try await clients.offers.searchOffers(.init(), metadata: fixture.metadata(.schoolA1))
                #expect(search.offers.isEmpty)
            }
        }
    }

    @Test("search: accents folded, distance from the school, filters and pages", arguments: TestStores.tested)
    func search(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                // Offers at 0, ~5, ~11 and ~22 km north of the school.
                var ids: [Int64] = []
                for (index, km) in [0.0, 5.0, 11.0, 22.0].enumerated() {
                    let point = GeoPoint(
                        latitude: fixture.pointA.latitude + km / 111.2,
                        longitude: fixture.pointA.longitude
                    )!
                    let details = fixture.offerDetails(
                        trade: index % 2 == 0 ? "F1602" : "G1602",
                        title: index % 2 == 0 ? "Électricité du bâtiment" : "Cuisine traditionnelle",
                        point: point
                    )
                    ids.append(try await fixture.createOffer(clients, details: details).id)
                }
                let near = try await clients.offers.searchOffers(
                    .with { $0.radiusKm = 12 },
                    metadata: fixture.metadata(.schoolA1)
                )
                #expect(near.offers.map(\.id) == Array(ids.prefix(3)))
                #expect(near.offers.map(\.distanceKm) == near.offers.map(\.distanceKm).sorted())
                #expect(near.offers.allSatisfy { $0.distanceKm <= 12 })

                let text = try await clients.offers.searchOffers(
                    .with { $0.text = "electricite batim" },
                    metadata: fixture.metadata(.schoolA1)
                )
                #expect(text.offers.map(\.id) == [ids[0], ids[2]])
                let trade = try await clients.offers.searchOffers(
                    .with { $0.tradeCodes = ["G1602"] },
                    metadata: fixture.metadata(.schoolA1)
                )
                #expect(Set(trade.offers.map(\.id)) == [ids[1], ids[3]])
                let level = try await clients.offers.searchOffers(
                    .with { $0.level = .bts },
                    metadata: fixture.metadata(.schoolA1)
                )
                #expect(level.offers.isEmpty)

                // Pages of one, in distance order, with a token bound to the query.
                var seen: [Int64] = []
                var token = ""
                repeat {
                    let page = try await clients.offers.searchOffers(
                        .with {
                            $0.pageSize = 1
                            $0.pageToken = token
                        },
                        metadata: fixture.metadata(.schoolA1)
                    )
                    seen += page.offers.map(\.id)
                    token = page.nextPageToken
                } while !token.isEmpty && seen.count < 10
                #expect(seen == ids)
                let first = try await clients.offers.searchOffers(
                    .with { $0.pageSize = 1 },
                    metadata: fixture.metadata(.schoolA1)
                )
                await expectStatus(.invalidArgument, "page_token : appartient à une autre recherche") {
                    try await clients.offers.searchOffers(
                        .with {
                            $0.pageToken = first.nextPageToken
                            $0.text = "cuisine"
                        },
                        metadata: fixture.metadata(.schoolA1)
                    )
                }
                await expectStatus(.invalidArgument, "page_token : n'est pas un jeton de page") {
                    try await clients.offers.searchOffers(
                        .with { $0.pageToken = "garbage" },
                        metadata: fixture.metadata(.schoolA1)
                    )
                }
                await expectStatus(.invalidArgument, "page_size : doit être entre 1 et 100") {
                    try await clients.offers.searchOffers(
                        .with { $0.pageSize = 101 },
                        metadata: fixture.metadata(.schoolA1)
                    )
                }
                await expectStatus(.invalidArgument, "radius_km") {
                    try await clients.offers.searchOffers(
                        .with { $0.radiusKm = -1 },
                        metadata: fixture.metadata(.schoolA1)
                    )
                }
                await expectStatus(.invalidArgument, "near : est requis avec radius_km") {
                    try await clients.offers.searchOffers(
                        .with { $0.radiusKm = 5 },
                        metadata: fixture.metadata(.animatorA)
                    )
                }
                await expectStatus(.permissionDenied, "include_inactive") {
                    try await clients.offers.searchOffers(
                        .with { $0.includeInactive = true },
                        metadata: fixture.metadata(.pupilA1)
                    )
                }
            }
        }
    }
}
