import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

/// Every method of the domain services against every token that must not reach what it aims at: one test case per
/// method (and role, or transport), all on one seeded server (``IsolationWorld``).
@Suite("Tenant isolation: no token reaches another basin, school or company", .isolationWorld)
struct TenantIsolationTests {
    @Test("the matrices call every method of the domain services")
    func coverage() {
        let served = Set(IsolatedMethod.services.joined().map(\.method))
        #expect(Set(IsolatedMethod.allCases.map(\.rawValue)) == served)
    }

    @Test(
        "every method × every basin-scoped role × the other basin: PERMISSION_DENIED, nothing read or changed",
        arguments: TransportKind.allCases,
        IsolatedMethod.allCases
    )
    func foreignBasin(transport: TransportKind, method: IsolatedMethod) async throws {
        let world = try IsolationWorld.get
        let fixture = world.fixture
        let before = try await world.otherBasinSnapshot()
        let attempts: [(DomainFixture.Actor, BasinID)] = [
            (.animatorA, fixture.basinB), (.schoolA1, fixture.basinB), (.pupilA1, fixture.basinB),
            (.companyA, fixture.basinB), (.animatorB, fixture.basinA), (.schoolB1, fixture.basinA),
            (.companyB, fixture.basinA),
        ]
        let outcomes = try await transport.withClient(
            to: world.addresses,
            CallEach(
                method: method,
                targets: attempts.map { actor, basin in
                    world.target(
                        fixture.metadata(actor, basin: basin),
                        world.otherBasin,
                        school: fixture.schoolB1,
                        company: fixture.companyB
                    )
                }
            )
        )
        for ((actor, basin), outcome) in zip(attempts, outcomes) {
            #expect(outcome.code == .permissionDenied, "\(actor) → \(basin): \(outcome)")
        }
        #expect(try await world.otherBasinSnapshot() == before)
    }

    /// The methods each role may not call at all (docs/tenancy.md, "Who may do what").
    static let refusedByRole: [DomainFixture.Actor: Set<String>] = [
        .animatorA: Self.rosterMethods.union(["RequestSeat", "Apply"]),
        .coordinator: Self.rosterMethods.union(["RequestSeat", "Apply"]),
        .schoolA1: Set([
            "CreateOffer", "UpdateOffer", "PublishOffer", "WithdrawOffer", "ConfirmReservation", "DeclineReservation",
            "ListOfferReservations", "AddContact", "UpdateContact", "RemoveContact", "GetPresence",
            "AcceptApplication", "DeclineApplication", "SetPlacementRules", "SaveBoardingHouse",
        ]).union(Self.practiceWrites),
        .pupilA1: Set([
            "CreateOffer", "UpdateOffer", "PublishOffer", "WithdrawOffer", "RequestSeat", "ConfirmReservation",
            "DeclineReservation", "CancelReservation", "ListSchoolReservations", "ListOfferReservations",
            "SetSchoolPeriods", "GetBasinCalendar", "GetLoad", "AddContact", "UpdateContact", "RemoveContact",
            "ListContacts", "GetPresence", "AcceptApplication", "DeclineApplication", "GetFollowUp",
            "SetPlacementRules", "SaveBoardingHouse",
        ]).union(Self.rosterMethods).union(Self.practiceWrites).union(Self.practiceReads),
        .companyA: Set([
            "RequestSeat", "CancelReservation", "ListSchoolReservations", "SetSchoolPeriods", "GetSchoolCalendar",
            "GetPresence", "Apply", "WithdrawApplication", "GetFollowUp", "SetPlacementRules", "ListBoardingHouses",
            "SaveBoardingHouse",
        ]).union(Self.rosterMethods).union(Self.practiceWrites),
    ]

    /// The good-practice space: written by the staff, read by every role but the pupil.
    static let practiceWrites: Set<String> = ["SaveResource", "DeleteResource", "AttachFile", "RemoveAttachment"]
    static let practiceReads: Set<String> = ["GetResource", "GetAttachment", "SearchResources", "WatchResources"]

    /// The roster is its school's alone.
    static let rosterMethods: Set<String> = [
        "SavePupil", "ImportPupils", "GetRoster", "ExportPupil", "DeletePupil", "IssueSignInCode",
    ]

    @Test(
        "each role is refused exactly the methods of the permission table, on its own things",
        arguments: [DomainFixture.Actor.animatorA, .coordinator, .schoolA1, .pupilA1, .companyA],
        IsolatedMethod.allCases
    )
    func roleTable(actor: DomainFixture.Actor, method: IsolatedMethod) async throws {
        let world = try IsolationWorld.get
        let fixture = world.fixture
        let metadata = fixture.metadata(actor, basin: actor == .coordinator ? fixture.basinA : nil)
        let outcome = try await TransportKind.webSocket.withClient(
            to: world.addresses,
            CallEach(
                method: method,
                targets: [world.target(metadata, world.own, school: fixture.schoolA1, company: fixture.companyA)]
            )
        )[0]
        let message = outcome.message ?? ""
        if Self.refusedByRole[actor, default: []].contains(method.rawValue) {
            #expect(outcome.code == .permissionDenied && message.contains("le rôle « "), "\(outcome)")
        } else {
            #expect(!message.contains("le rôle « "), "\(outcome)")
        }
    }

    /// Reads of the whole basin that every role but the pupil may make; the rest must be refused.
    static let basinWideReads: Set<String> = Set([
        "SearchOffers", "Subscribe", "GetBasinCalendar", "GetLoad", "ListContacts", "GetPlacementRules",
        "ListBoardingHouses",
        // A school's follow-up shows its own school only; an inbox is its owner's.
        "GetFollowUp", "ListInbox", "MarkRead", "WatchInbox",
    ]).union(Self.practiceReads)

    /// Checks that a call on school A2's and company A2's things was refused or found nothing (or was a basin-wide
    /// read), and changed nothing.
    func expectRefusedOnNeighbours(
        _ metadata: Metadata,
        _ method: IsolatedMethod,
        transport: TransportKind,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let world = try IsolationWorld.get
        let fixture = world.fixture
        let before = try await world.neighboursSnapshot()
        let outcome = try await transport.withClient(
            to: world.addresses,
            CallEach(
                method: method,
                targets: [
                    world.target(metadata, world.neighbours, school: fixture.schoolA2, company: fixture.companyA2)
                ]
            )
        )[0]
        if !(Self.basinWideReads.contains(method.rawValue) && outcome.code == nil) {
            #expect(
                outcome.code == .permissionDenied || outcome.code == .notFound,
                "\(outcome)",
                sourceLocation: sourceLocation
            )
        }
        #expect(try await world.neighboursSnapshot() == before, sourceLocation: sourceLocation)
    }

    @Test(
        "every method × school, pupil and company tokens × another school's and company's things in the same basin",
        arguments: [DomainFixture.Actor.schoolA1, .pupilA1, .companyA],
        IsolatedMethod.allCases
    )
    func foreignSchoolAndCompanyMatrix(actor: DomainFixture.Actor, method: IsolatedMethod) async throws {
        try await self.expectRefusedOnNeighbours(
            IsolationWorld.get.fixture.metadata(actor),
            method,
            transport: .webSocket
        )
    }

    @Test(
        "every method × a signed-in pupil of school A1 × school A2's pupil, application and offer: refused or absent",
        arguments: TransportKind.allCases,
        IsolatedMethod.allCases
    )
    func signedInPupilMatrix(transport: TransportKind, method: IsolatedMethod) async throws {
        try await self.expectRefusedOnNeighbours(IsolationWorld.get.signedInPupil, method, transport: transport)
    }

    @Test(
        "an offer reserved to school A2 is in no other school's, pupil's or company's search or subscription snapshot",
        arguments: [DomainFixture.Actor.schoolA1, .pupilA1, .companyA]
    )
    func reservedOfferHidden(actor: DomainFixture.Actor) async throws {
        let world = try IsolationWorld.get
        let metadata = world.fixture.metadata(actor)
        let (found, snapshot) = try await withWebSocketClients(world.addresses) { clients in
            let found = try await clients.offers.searchOffers(.with { $0.pageSize = 100 }, metadata: metadata)
            let subscriber = OfferSubscriber(clients.offers, .with { $0.snapshot = true }, metadata: metadata)
            let snapshot = try await subscriber.untilLive().flatMap(\.snapshot.offers)
            subscriber.cancel()
            return (found, snapshot)
        }
        #expect(!found.offers.contains { $0.id == world.neighbours.offerID })
        #expect(!snapshot.contains { $0.id == world.neighbours.offerID })
        // The offer is there: the search shows it to its own school.
        let own = try await withWebSocketClients(world.addresses) { clients in
            try await clients.offers.searchOffers(
                .with { $0.pageSize = 100 },
                metadata: world.fixture.metadata(.schoolA2)
            )
        }
        #expect(own.offers.contains { $0.id == world.neighbours.offerID })
    }

    @Test("within a basin: a school never touches another school's things, a company another company's")
    func foreignSchoolAndCompany() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let otherSchool = fixture.schoolA2.rawValue
                await expectStatus(.permissionDenied, "son propre établissement") {
                    try await clients.calendar.setSchoolPeriods(
                        .with { $0.schoolUai = otherSchool },
                        metadata: fixture.metadata(.schoolA1)
                    )
                }
                await expectStatus(.permissionDenied, "son propre établissement") {
                    try await clients.calendar.getSchoolCalendar(
                        .with { $0.schoolUai = otherSchool },
                        metadata: fixture.metadata(.pupilA1)
                    )
                }
                let contact = try await clients.contacts.addContact(
                    .with {
                        $0.tradeCode = "I1604"
                        $0.name = "Atelier"
                        $0.email = "atelier@example.org"
                    },
                    metadata: fixture.metadata(.companyA)
                )
                await expectStatus(.permissionDenied, "appartient à une autre entreprise") {
                    try await clients.contacts.removeContact(
                        .with { $0.contactID = contact.id },
                        metadata: fixture.metadata(.companyA2)
                    )
                }
                await expectStatus(.permissionDenied, "ne gère que les contacts de son entreprise") {
                    try await clients.contacts.addContact(
                        .with {
                            $0.tradeCode = "I1604"
                            $0.companySiret = fixture.companyA.rawValue
                            $0.name = "Usurpateur"
                            $0.email = "x@example.org"
                        },
                        metadata: fixture.metadata(.companyA2)
                    )
                }
                await expectStatus(.permissionDenied, "le rôle « élève » ne peut pas lister les contacts") {
                    try await clients.contacts.listContacts(.init(), metadata: fixture.metadata(.pupilA1))
                }
                let offer = try await fixture.createOffer(clients)
                await expectStatus(.permissionDenied, "appartient à une autre entreprise") {
                    try await clients.reservations.listOfferReservations(
                        .with { $0.offerID = offer.id },
                        metadata: fixture.metadata(.companyA2)
                    )
                }
                let contacts = try await clients.contacts.listContacts(.init(), metadata: fixture.metadata(.schoolA1))
                #expect(contacts.contacts.map(\.details.name) == ["Atelier"])
            }
        }
    }
}
