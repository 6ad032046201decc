import Foundation
import GRPCCore
import PoleStageAuth
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

/// One seeded server for a whole isolation suite: every case of its parameterized tests calls one method on it.
///
/// Its things are kept apart so that cases running at once cannot disturb each other's checks: the role table acts on
/// company A's and school A1's things (and may change them, since a role it allows succeeds); the same-basin matrices
/// only read or are refused on company A2's and school A2's; the cross-basin matrix only is refused on basin B's.
struct IsolationWorld: Sendable {
    /// An offer of a company with a reservation by a school, the school's calendar, a pupil on its roster with an
    /// application to the offer, and a contact of the company.
    struct Things: Sendable {
        var offer: Polestage_Offers_V1_Offer
        var reservationID: Int64
        var contactID: Int64
        var pupilID: Int64
        var applicationID: Int64
        /// The basin's resource of the good-practice space, and its file.
        var resourceID: Int64
        var attachmentID: Int64

        var offerID: Int64 { self.offer.id }
    }

    let server: PoleStageServer
    let addresses: ListeningAddresses
    let fixture: DomainFixture
    /// Company A's and school A1's.
    let own: Things
    /// Company A2's and school A2's; the offer is reserved to school A2.
    let neighbours: Things
    /// Company B's and school B1's, in basin B.
    let otherBasin: Things
    /// A pupil of school A1 signed in with its own token (a `pupil` claim naming its roster entry).
    let signedInPupil: Metadata

    @TaskLocal static var current: IsolationWorld?

    /// The world of the suite being run.
    static var get: IsolationWorld {
        get throws { try #require(Self.current, "the suite needs the .isolationWorld trait") }
    }

    /// A call by `metadata` on `things`, aimed at `school` and `company`.
    func target(_ metadata: Metadata, _ things: Things, school: UAI, company: SIRET) -> IsolationTarget {
        IsolationTarget(metadata: metadata, things: things, fixture: self.fixture, school: school, company: company)
    }

    /// Everything basin B holds, as text: compared before and after the attempts.
    func otherBasinSnapshot() async throws -> String {
        let store = self.server.basins.storage(for: self.fixture.basinB)
        let offers = try await store.searchOffers(OfferQuery(includeInactive: true, viewer: .staff, limit: 100)).offers
        let reservations = try await store.reservations(school: self.fixture.schoolB1, liveOnly: false)
        let periods = try await store.schoolPeriods(self.fixture.schoolB1)
        let contacts = try await store.contacts(trade: nil)
        return "\(offers.map { ($0.id, $0.version, $0.state, $0.periods.map(\.taken)) })"
            + "\(reservations.map { ($0.id, $0.state) })\(periods)\(contacts)"
    }

    /// Everything of school A2 and company A2, as text.
    func neighboursSnapshot() async throws -> String {
        let store = self.server.basins.storage(for: self.fixture.basinA)
        let fixture = self.fixture
        let offer = try await store.offer(self.neighbours.offerID)
        let reservations = try await store.reservations(school: fixture.schoolA2, liveOnly: false)
        let applications = try await store.applications(.pupil(self.neighbours.pupilID), liveOnly: false)
        let roster = try await store.roster(school: fixture.schoolA2, year: store.schoolYear)
        let contacts = try await store.contacts(trade: nil).filter { $0.details.company == fixture.companyA2 }
        return "\(offer.map { ($0.version, $0.state, $0.periods.map(\.taken)) } as Any)"
            + "\(reservations.map { ($0.id, $0.state) })\(try await store.schoolPeriods(fixture.schoolA2))"
            + "\(contacts)\(applications.map { ($0.id, $0.state) })"
            + "\(roster.map { ($0.pupil, $0.state) })"
    }

    static func resourceDetails(_ title: String) -> Polestage_Practice_V1_ResourceDetails {
        .with {
            $0.title = title
            $0.kind = .guide
            $0.audience = .companyTutors
            $0.markdown = "Accueillir un élève de **3e** : la première journée."
        }
    }

    static func seed(
        server: PoleStageServer,
        addresses: ListeningAddresses,
        fixture: DomainFixture
    ) async throws -> IsolationWorld {
        let own = try await Self.seedThings(fixture, addresses, company: .companyA, school: .schoolA1)
        let neighbours = try await Self.seedThings(
            fixture,
            addresses,
            company: .companyA2,
            school: .schoolA2,
            reservedFor: fixture.schoolA2
        )
        let otherBasin = try await Self.seedThings(fixture, addresses, company: .companyB, school: .schoolB1)
        let pupil = try await withWebSocketClients(addresses) { clients in
            try await PlacementServiceTests.savePupil(clients, fixture, ref: "ISO-0100", as: .schoolA1)
        }
        let token = try await server.tokens.issue(
            for: .pupil(user: "u-signed-in", school: fixture.schoolA1, rosterID: pupil.id),
            lifetime: .seconds(3600)
        )
        return IsolationWorld(
            server: server,
            addresses: addresses,
            fixture: fixture,
            own: own,
            neighbours: neighbours,
            otherBasin: otherBasin,
            signedInPupil: ["authorization": "Bearer \(token)"]
        )
    }

    /// Gives `company` an offer (reserved to `reservedFor` if set) with a reservation by `school`, `school` a calendar,
    /// a pupil on its roster and the pupil's application to the offer, and `company` a contact.
    private static func seedThings(
        _ fixture: DomainFixture,
        _ addresses: ListeningAddresses,
        company: DomainFixture.Actor,
        school: DomainFixture.Actor,
        reservedFor: UAI? = nil
    ) async throws -> Things {
        try await withWebSocketClients(addresses) { clients in
            let offer = try await fixture.createOffer(
                clients,
                as: company,
                details: fixture.offerDetails(reservedFor: reservedFor)
            )
            let reservation = try await clients.reservations.requestSeat(
                .with {
                    $0.offerID = offer.id
                    $0.week = fixture.protoWeek(3)
                    $0.pupilRef = "P-\(school)-1"
                    $0.level = .cap
                },
                metadata: fixture.metadata(school)
            )
            try await PlacementServiceTests.declarePeriod(clients, fixture, as: school)
            let contact = try await clients.contacts.addContact(
                .with {
                    $0.tradeCode = "G1602"
                    $0.name = "Chef"
                    $0.phone = "03 85 00 00 00"
                },
                metadata: fixture.metadata(company)
            )
            let pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: "ISO-0001", as: school)
            let application = try await clients.applications.apply(
                PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupil.id),
                metadata: fixture.metadata(school)
            )
            let animator: DomainFixture.Actor = company == .companyB ? .animatorB : .animatorA
            let resource = try await clients.practice.saveResource(
                .with {
                    $0.scope = .basin
                    $0.details = Self.resourceDetails("Guide du tuteur")
                },
                metadata: fixture.metadata(animator)
            )
            let attached = try await clients.practice.attachFile(
                .with {
                    $0.resource = .with {
                        $0.scope = .basin
                        $0.resourceID = resource.id
                    }
                    $0.fileName = "grille.csv"
                    $0.content = Data("critère;note\n".utf8)
                },
                metadata: fixture.metadata(animator)
            )
            return Things(
                offer: offer,
                reservationID: reservation.id,
                contactID: contact.id,
                pupilID: pupil.id,
                applicationID: application.id,
                resourceID: resource.id,
                attachmentID: attached.attachments[0].id
            )
        }
    }
}

/// Starts the server of ``IsolationWorld`` once for the suite, seeds it, and stops it after the suite's last case.
///
/// The server keeps its data in SQLite files, or on PostgreSQL when `POLESTAGE_TEST_ISOLATION_STORES=postgres`:
/// `scripts/test.sh` runs the suite once more that way.
struct IsolationWorldTrait: SuiteTrait, TestScoping {
    static let stores: TestStores =
        ProcessInfo.processInfo.environment["POLESTAGE_TEST_ISOLATION_STORES"] == "postgres" ? .postgres : .files

    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withDomainServer(stores: Self.stores) { server, addresses, fixture in
            let world = try await IsolationWorld.seed(server: server, addresses: addresses, fixture: fixture)
            try await IsolationWorld.$current.withValue(world) { try await function() }
        }
    }
}

extension Trait where Self == IsolationWorldTrait {
    static var isolationWorld: Self { Self() }
}
