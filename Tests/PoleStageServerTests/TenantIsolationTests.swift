import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

@Suite("Tenant isolation: no token reaches another basin, school or company")
struct TenantIsolationTests {
    /// Calls every method of the four domain services with `metadata`, returning each one's status (nil: success).
    struct EveryMethod: ClientBody {
        let metadata: Metadata
        let offerID: Int64
        let reservationID: Int64
        let contactID: Int64
        /// A pupil of the target school's roster, and its application to the offer.
        let pupilID: Int64
        let applicationID: Int64
        let fixture: DomainFixture
        /// The school and company that the calls target: someone else's.
        let school: UAI
        let company: SIRET

        /// What one call gave: no code on success.
        struct Outcome: Sendable {
            var code: RPCError.Code?
            var message: String?
        }

        func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws -> [String: Outcome] {
            let clients = DomainClients(client)
            let week = self.fixture.protoWeek(3)
            let offer = Polestage_Offers_V1_OfferRef.with { $0.offerID = self.offerID }
            let reservation = Polestage_Reservations_V1_ReservationRef.with { $0.reservationID = self.reservationID }
            let range = Polestage_Calendar_V1_WeekRange.with {
                $0.fromWeek = week
                $0.toWeek = week
            }
            let contact = Polestage_Contacts_V1_ContactDetails.with {
                $0.tradeCode = "I1604"
                $0.companySiret = self.company.rawValue
                $0.name = "Contact"
                $0.email = "contact@example.org"
            }
            var calls: [(String, @Sendable () async throws -> Void)] = [
                (
                    "CreateOffer",
                    {
                        _ = try await clients.offers.createOffer(
                            .with {
                                $0.companySiret = self.company.rawValue
                                $0.details = self.fixture.offerDetails()
                            },
                            metadata: self.metadata
                        )
                    }
                ),
                (
                    "UpdateOffer",
                    {
                        _ = try await clients.offers.updateOffer(
                            .with {
                                $0.offerID = self.offerID
                                $0.details = self.fixture.offerDetails()
                            },
                            metadata: self.metadata
                        )
                    }
                ),
                ("PublishOffer", { _ = try await clients.offers.publishOffer(offer, metadata: self.metadata) }),
                ("WithdrawOffer", { _ = try await clients.offers.withdrawOffer(offer, metadata: self.metadata) }),
                ("GetOffer", { _ = try await clients.offers.getOffer(offer, metadata: self.metadata) }),
                ("SearchOffers", { _ = try await clients.offers.searchOffers(.init(), metadata: self.metadata) }),
                (
                    "Subscribe",
                    {
                        // The first event (live), then the call ends.
                        try await clients.offers.subscribe(.init(), metadata: self.metadata) { response in
                            for try await _ in response.messages { return }
                        }
                    }
                ),
                ("GetPresence", { _ = try await clients.offers.getPresence(.init(), metadata: self.metadata) }),
                (
                    "RequestSeat",
                    {
                        _ = try await clients.reservations.requestSeat(
                            .with {
                                $0.offerID = self.offerID
                                $0.week = week
                                $0.pupilRef = "ISO-0001"
                                $0.level = .cap
                            },
                            metadata: self.metadata
                        )
                    }
                ),
                (
                    "ConfirmReservation",
                    { _ = try await clients.reservations.confirmReservation(reservation, metadata: self.metadata) }
                ),
                (
                    "DeclineReservation",
                    { _ = try await clients.reservations.declineReservation(reservation, metadata: self.metadata) }
                ),
                (
                    "CancelReservation",
                    { _ = try await clients.reservations.cancelReservation(reservation, metadata: self.metadata) }
                ),
                (
                    "ListSchoolReservations",
                    {
                        _ = try await clients.reservations.listSchoolReservations(
                            .with { $0.schoolUai = self.school.rawValue },
                            metadata: self.metadata
                        )
                    }
                ),
                (
                    "ListOfferReservations",
                    {
                        _ = try await clients.reservations.listOfferReservations(
                            .with { $0.offerID = self.offerID },
                            metadata: self.metadata
                        )
                    }
                ),
                (
                    "SetSchoolPeriods",
                    {
                        _ = try await clients.calendar.setSchoolPeriods(
                            .with { $0.schoolUai = self.school.rawValue },
                            metadata: self.metadata
                        )
                    }
                ),
                (
                    "GetSchoolCalendar",
                    {
                        _ = try await clients.calendar.getSchoolCalendar(
                            .with { $0.schoolUai = self.school.rawValue },
                            metadata: self.metadata
                        )
                    }
                ),
                (
                    "GetBasinCalendar",
                    { _ = try await clients.calendar.getBasinCalendar(range, metadata: self.metadata) }
                ),
                ("GetLoad", { _ = try await clients.calendar.getLoad(range, metadata: self.metadata) }),
                ("AddContact", { _ = try await clients.contacts.addContact(contact, metadata: self.metadata) }),
                (
                    "UpdateContact",
                    {
                        _ = try await clients.contacts.updateContact(
                            .with {
                                $0.contactID = self.contactID
                                $0.details = contact
                            },
                            metadata: self.metadata
                        )
                    }
                ),
                (
                    "RemoveContact",
                    {
                        _ = try await clients.contacts.removeContact(
                            .with { $0.contactID = self.contactID },
                            metadata: self.metadata
                        )
                    }
                ),
                ("ListContacts", { _ = try await clients.contacts.listContacts(.init(), metadata: self.metadata) }),
            ]
            calls += self.placementCalls(clients)
            var outcomes: [String: Outcome] = [:]
            for (name, call) in calls {
                do {
                    try await call()
                    outcomes[name] = Outcome()
                } catch let error as RPCError {
                    outcomes[name] = Outcome(code: error.code, message: error.message)
                }
            }
            return outcomes
        }
    }

    /// Gives `company` an offer (reserved to `reservedFor` if set) with a reservation by `school`, `school` a calendar,
    /// a pupil on its roster and the pupil's application to the offer, and `company` a contact.
    static func seedThings(
        _ fixture: DomainFixture,
        _ addresses: ListeningAddresses,
        company: DomainFixture.Actor,
        school: DomainFixture.Actor,
        reservedFor: UAI? = nil
    ) async throws -> Seeded {
        let (offer, reservation, contact) = try await Self.seedOfferThings(
            fixture,
            addresses,
            company: company,
            school: school,
            reservedFor: reservedFor
        )
        return try await withWebSocketClients(addresses) { clients in
            let pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: "ISO-0001", as: school)
            let application = try await clients.applications.apply(
                PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupil.id),
                metadata: fixture.metadata(school)
            )
            return Seeded(
                offer: offer,
                reservationID: reservation.id,
                contactID: contact.id,
                pupilID: pupil.id,
                applicationID: application.id
            )
        }
    }

    struct Seeded: Sendable {
        var offer: Polestage_Offers_V1_Offer
        var reservationID: Int64
        var contactID: Int64
        var pupilID: Int64
        var applicationID: Int64

        func everyMethod(_ metadata: Metadata, _ fixture: DomainFixture, school: UAI, company: SIRET) -> EveryMethod {
            EveryMethod(
                metadata: metadata,
                offerID: self.offer.id,
                reservationID: self.reservationID,
                contactID: self.contactID,
                pupilID: self.pupilID,
                applicationID: self.applicationID,
                fixture: fixture,
                school: school,
                company: company
            )
        }
    }

    /// Gives `company` an offer (reserved to `reservedFor` if set) with a reservation by `school`, `school` a calendar,
    /// and `company` a contact.
    static func seedOfferThings(
        _ fixture: DomainFixture,
        _ addresses: ListeningAddresses,
        company: DomainFixture.Actor,
        school: DomainFixture.Actor,
        reservedFor: UAI? = nil
    ) async throws -> (Polestage_Offers_V1_Offer, Polestage_Reservations_V1_Reservation, Polestage_Contacts_V1_Contact)
    {
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
            _ = try await clients.calendar.setSchoolPeriods(
                .with {
                    $0.periods = [
                        .with {
                            $0.level = .cap
                            $0.fromWeek = fixture.protoWeek(3)
                            $0.toWeek = fixture.protoWeek(4)
                            $0.pupils = 12
                        }
                    ]
                },
                metadata: fixture.metadata(school)
            )
            let contact = try await clients.contacts.addContact(
                .with {
                    $0.tradeCode = "G1602"
                    $0.name = "Chef"
                    $0.phone = "03 85 00 00 00"
                },
                metadata: fixture.metadata(company)
            )
            return (offer, reservation, contact)
        }
    }

    /// Everything basin B holds, as text: compared before and after the attempts.
    static func snapshot(_ store: BasinStore, _ fixture: DomainFixture) async throws -> String {
        let offers = try await store.searchOffers(OfferQuery(includeInactive: true, viewer: .staff, limit: 100)).offers
        let reservations = try await store.reservations(school: fixture.schoolB1, liveOnly: false)
        let periods = try await store.schoolPeriods(fixture.schoolB1)
        let contacts = try await store.contacts(trade: nil)
        return "\(offers.map { ($0.id, $0.version, $0.state, $0.periods.map(\.taken)) })"
            + "\(reservations.map { ($0.id, $0.state) })\(periods)\(contacts)"
    }

    @Test(
        "every method × every basin-scoped role × the other basin: PERMISSION_DENIED, nothing read or changed",
        arguments: TransportKind.allCases
    )
    func foreignBasin(transport: TransportKind) async throws {
        try await withDomainServer { server, addresses, fixture in
            // Basin B holds an offer, a reservation, a calendar and a contact.
            let seeded = try await Self.seedThings(fixture, addresses, company: .companyB, school: .schoolB1)
            let storeB = server.basins.store(for: fixture.basinB)
            let before = try await Self.snapshot(storeB, fixture)

            let attempts: [(DomainFixture.Actor, BasinID)] = [
                (.animatorA, fixture.basinB), (.schoolA1, fixture.basinB), (.pupilA1, fixture.basinB),
                (.companyA, fixture.basinB), (.animatorB, fixture.basinA), (.schoolB1, fixture.basinA),
                (.companyB, fixture.basinA),
            ]
            for (actor, basin) in attempts {
                let outcomes = try await transport.withClient(
                    to: addresses,
                    seeded.everyMethod(
                        fixture.metadata(actor, basin: basin),
                        fixture,
                        school: fixture.schoolB1,
                        company: fixture.companyB
                    )
                )
                #expect(outcomes.count == Self.methodCount)
                for (method, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
                    #expect(
                        outcome.code == .permissionDenied,
                        "\(actor) → \(basin): \(method) gave \(String(describing: outcome.code))"
                    )
                }
            }
            #expect(try await Self.snapshot(storeB, fixture) == before)
        }
    }

    /// The methods each role may not call at all (docs/tenancy.md, "Who may do what").
    static let refusedByRole: [DomainFixture.Actor: Set<String>] = [
        .animatorA: Self.rosterMethods.union(["RequestSeat", "Apply"]),
        .coordinator: Self.rosterMethods.union(["RequestSeat", "Apply"]),
        .schoolA1: [
            "CreateOffer", "UpdateOffer", "PublishOffer", "WithdrawOffer", "ConfirmReservation", "DeclineReservation",
            "ListOfferReservations", "AddContact", "UpdateContact", "RemoveContact", "GetPresence",
            "AcceptApplication", "DeclineApplication", "SetPlacementRules",
        ],
        .pupilA1: Set([
            "CreateOffer", "UpdateOffer", "PublishOffer", "WithdrawOffer", "RequestSeat", "ConfirmReservation",
            "DeclineReservation", "CancelReservation", "ListSchoolReservations", "ListOfferReservations",
            "SetSchoolPeriods", "GetBasinCalendar", "GetLoad", "AddContact", "UpdateContact", "RemoveContact",
            "ListContacts", "GetPresence", "AcceptApplication", "DeclineApplication", "GetFollowUp",
            "SetPlacementRules",
        ]).union(Self.rosterMethods),
        .companyA: Set([
            "RequestSeat", "CancelReservation", "ListSchoolReservations", "SetSchoolPeriods", "GetSchoolCalendar",
            "GetPresence", "Apply", "WithdrawApplication", "GetFollowUp", "SetPlacementRules",
        ]).union(Self.rosterMethods),
    ]

    /// The roster is its school's alone.
    static let rosterMethods: Set<String> = [
        "SavePupil", "ImportPupils", "GetRoster", "ExportPupil", "DeletePupil", "IssueSignInCode",
    ]

    @Test(
        "each role is refused exactly the methods of the permission table, on its own things",
        arguments: [DomainFixture.Actor.animatorA, .coordinator, .schoolA1, .pupilA1, .companyA]
    )
    func roleTable(actor: DomainFixture.Actor) async throws {
        try await withDomainServer { _, addresses, fixture in
            let seeded = try await Self.seedThings(fixture, addresses, company: .companyA, school: .schoolA1)
            let outcomes = try await TransportKind.webSocket.withClient(
                to: addresses,
                seeded.everyMethod(
                    fixture.metadata(actor, basin: actor == .coordinator ? fixture.basinA : nil),
                    fixture,
                    school: fixture.schoolA1,
                    company: fixture.companyA
                )
            )
            let refused = Self.refusedByRole[actor] ?? []
            for (method, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
                let message = outcome.message ?? ""
                if refused.contains(method) {
                    #expect(
                        outcome.code == .permissionDenied && message.contains("role may not"),
                        "\(actor): \(method): \(message)"
                    )
                } else {
                    #expect(!message.contains("role may not"), "\(actor): \(method): \(message)")
                }
            }
        }
    }

    /// Reads of the whole basin that every role but the pupil may make; the rest must be refused.
    static let basinWideReads: Set<String> = [
        "SearchOffers", "Subscribe", "GetBasinCalendar", "GetLoad", "ListContacts", "GetPlacementRules",
        // A school's follow-up shows its own school only; an inbox is its owner's.
        "GetFollowUp", "ListInbox", "MarkRead",
    ]

    @Test(
        "every method × school, pupil and company tokens × another school's and company's things in the same basin",
        arguments: [DomainFixture.Actor.schoolA1, .pupilA1, .companyA]
    )
    func foreignSchoolAndCompanyMatrix(actor: DomainFixture.Actor) async throws {
        try await withDomainServer { server, addresses, fixture in
            // School A2 and company A2 own an offer reserved to A2, a reservation, a calendar and a contact.
            let seeded = try await Self.seedThings(
                fixture,
                addresses,
                company: .companyA2,
                school: .schoolA2,
                reservedFor: fixture.schoolA2
            )
            let offer = seeded.offer
            let store = server.basins.store(for: fixture.basinA)
            func snapshot() async throws -> String {
                let offer = try await store.offer(offer.id)
                let reservations = try await store.reservations(school: fixture.schoolA2, liveOnly: false)
                let applications = try await store.applications(.pupil(seeded.pupilID), liveOnly: false)
                let roster = try await store.roster(school: fixture.schoolA2, year: store.schoolYear)
                return "\(offer.map { ($0.version, $0.state, $0.periods.map(\.taken)) } as Any)"
                    + "\(reservations.map { ($0.id, $0.state) })\(try await store.schoolPeriods(fixture.schoolA2))"
                    + "\(try await store.contacts(trade: nil))\(applications.map { ($0.id, $0.state) })"
                    + "\(roster.map { ($0.pupil, $0.state) })"
            }
            let before = try await snapshot()
            let outcomes = try await TransportKind.webSocket.withClient(
                to: addresses,
                seeded.everyMethod(
                    fixture.metadata(actor),
                    fixture,
                    school: fixture.schoolA2,
                    company: fixture.companyA2
                )
            )
            #expect(outcomes.count == Self.methodCount)
            for (method, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
                if Self.basinWideReads.contains(method), outcome.code == nil { continue }
                #expect(
                    outcome.code == .permissionDenied || outcome.code == .notFound,
                    "\(actor) on school A2 / company A2: \(method) gave \(String(describing: outcome.code))"
                )
            }
            #expect(try await snapshot() == before)
            // The basin-wide search does not show the offer reserved to school A2 either.
            let (found, snapshot) = try await withWebSocketClients(addresses) { clients in
                let found = try await clients.offers.searchOffers(
                    .with { $0.pageSize = 100 },
                    metadata: fixture.metadata(actor)
                )
                // Nor does a subscription's snapshot.
                let subscriber = OfferSubscriber(
                    clients.offers,
                    .with { $0.snapshot = true },
                    metadata: fixture.metadata(actor)
                )
                let snapshot = try await subscriber.untilLive().flatMap(\.snapshot.offers)
                subscriber.cancel()
                return (found, snapshot)
            }
            #expect(!found.offers.contains { $0.id == offer.id })
            #expect(!snapshot.contains { $0.id == offer.id })
        }
    }

    @Test("within a basin: a school never touches another school's things, a company another company's")
    func foreignSchoolAndCompany() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let otherSchool = fixture.schoolA2.rawValue
                await expectStatus(.permissionDenied, "its own school only") {
                    try await clients.calendar.setSchoolPeriods(
                        .with { $0.schoolUai = otherSchool },
                        metadata: fixture.metadata(.schoolA1)
                    )
                }
                await expectStatus(.permissionDenied, "its own school only") {
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
                await expectStatus(.permissionDenied, "belongs to another company") {
                    try await clients.contacts.removeContact(
                        .with { $0.contactID = contact.id },
                        metadata: fixture.metadata(.companyA2)
                    )
                }
                await expectStatus(.permissionDenied, "its own company's contacts only") {
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
                await expectStatus(.permissionDenied, "the pupil role may not list contacts") {
                    try await clients.contacts.listContacts(.init(), metadata: fixture.metadata(.pupilA1))
                }
                let offer = try await fixture.createOffer(clients)
                await expectStatus(.permissionDenied, "belongs to another company") {
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
