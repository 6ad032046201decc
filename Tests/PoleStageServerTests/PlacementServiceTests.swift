import Foundation
import GRPCCore
import PoleStageAuth
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

/// The placement over real sockets: rosters, sign-in codes, applications for whole periods, answers, follow-up.
@Suite("Placements: roster, sign-in, applications and follow-up over a socket")
struct PlacementServiceTests {
    /// School A1 declares a CAP period over weeks 3 to 4 from now.
    static func declarePeriod<T: ClientTransport>(
        _ clients: DomainClients<T>,
        _ fixture: DomainFixture,
        as school: DomainFixture.Actor = .schoolA1
    )
        async throws
    {
        _ = try await clients.calendar.setSchoolPeriods(
            .with {
                $0.periods = [
                    .with {
                        $0.level = .cap
                        $0.fromWeek = fixture.protoWeek(3)
                        $0.toWeek = fixture.protoWeek(4)
                        $0.pupils = 24
                    }
                ]
            },
            metadata: fixture.metadata(school)
        )
    }

    static func savePupil<T: ClientTransport>(
        _ clients: DomainClients<T>,
        _ fixture: DomainFixture,
        ref: String,
        as school: DomainFixture.Actor = .schoolA1
    ) async throws -> Polestage_Placements_V1_Pupil {
        try await clients.pupils.savePupil(
            .with {
                $0.details = .with {
                    $0.ref = ref
                    $0.className = "1CAP-MV"
                    $0.level = .cap
                    $0.needsAccessible = true
                    $0.mobility = .with { $0.maxKm = 15 }
                }
            },
            metadata: fixture.metadata(school)
        )
    }

    static func apply(
        _ fixture: DomainFixture,
        offer: Int64,
        pupil: Int64 = 0,
        motivation: String = "J'aime réparer les moteurs."
    ) -> Polestage_Placements_V1_ApplyRequest {
        .with {
            $0.offerID = offer
            $0.pupilID = pupil
            $0.fromWeek = fixture.protoWeek(3)
            $0.toWeek = fixture.protoWeek(4)
            $0.motivation = motivation
        }
    }

    /// Metadata with a bearer token.
    static func bearer(_ token: String) -> Metadata { ["authorization": "Bearer \(token)"] }

    @Test(
        "a class is imported, a pupil signs in with its code, applies, the company accepts; each sees what it may",
        arguments: TestStores.tested
    )
    func flow(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let school = fixture.metadata(.schoolA1)
                // A French spreadsheet's export: BOM, ';', CRLF, a quoted class, and one bad line.
                let csv =
                    "\u{FEFF}ref;class;level;accessible;max_km;transit_only;qpv;gender\r\n"
                    + "E27-001;\"1CAP MV\";CAP;oui;20;non;oui;F\r\n"
                    + "E27-002;1CAP MV;cap;0;;1;0;\r\n"
                    + "Jean Dupont;1CAP MV;CAPA;2;loin;0;0;Z\r\n"
                let report = try await clients.pupils.importPupils(
                    .with { $0.file = .with { $0.csv = csv } },
                    metadata: school
                )
                #expect(report.lines == 3)
                #expect(report.created == 2)
                #expect(report.rejected.map(\.line) == [4])
                #expect(
                    report.rejected.first?.reasons.map { $0.components(separatedBy: " : ").first ?? "" }
                        == ["accessible", "level", "max_km", "gender", "ref"]
                )
                try await Self.declarePeriod(clients, fixture)
                let offer = try await fixture.createOffer(clients, details: fixture.offerDetails(weeks: [3: 1, 4: 1]))
                let roster = try await clients.pupils.getRoster(.init(), metadata: school)
                #expect(roster.pupils.map(\.details.ref) == ["E27-001", "E27-002"])
                #expect(roster.pupils.allSatisfy { $0.state == .nothingYet })
                let pupil = roster.pupils[0]
                #expect(pupil.details.qpv && pupil.details.needsAccessible && pupil.details.gender == .female)

                // The school hands the pupil a code; the pupil exchanges it, without a token, once.
                let code = try await clients.pupils.issueSignInCode(.with { $0.pupilID = pupil.id }, metadata: school)
                let session = try await clients.signIn.redeemSignInCode(
                    .with {
                        $0.basinID = fixture.basinA.rawValue
                        $0.code = code.code
                    }
                )
                #expect(session.pupilID == pupil.id)
                await expectStatus(.notFound, "déjà utilisé") {
                    try await clients.signIn.redeemSignInCode(
                        .with {
                            $0.basinID = fixture.basinA.rawValue
                            $0.code = code.code
                        }
                    )
                }
                let asPupil = Self.bearer(session.token)
                let application = try await clients.applications.apply(
                    Self.apply(fixture, offer: offer.id),
                    metadata: asPupil
                )
                #expect(application.status == .pending)
                #expect(application.madeBy == .pupil)
                #expect(application.pupilRef == "E27-001")
                // The other pupil, by its school: the one seat of each week is held, the offer is full.
                await expectStatus(.failedPrecondition, "est complète : il faut une place chaque semaine de la période")
                {
                    try await clients.applications.apply(
                        Self.apply(fixture, offer: offer.id, pupil: roster.pupils[1].id),
                        metadata: school
                    )
                }
                let full = try await clients.offers.getOffer(.with { $0.offerID = offer.id }, metadata: school)
                #expect(full.status == .full)

                // The company sees the level, weeks, motivation and needs; not the pupil nor the school.
                let company = fixture.metadata(.companyA)
                let seen = try await clients.applications.listApplications(
                    .with { $0.offerID = offer.id },
                    metadata: company
                )
                let before = try #require(seen.applications.first)
                #expect(before.motivation == "J'aime réparer les moteurs.")
                #expect(before.needs.needsAccessible && before.needs.mobility.maxKm == 20)
                #expect(before.level == .cap)
                #expect(before.pupilRef.isEmpty && before.schoolUai.isEmpty && before.pupilID == 0)
                let accepted = try await clients.applications.acceptApplication(
                    .with { $0.applicationID = application.id },
                    metadata: company
                )
                #expect(accepted.status == .accepted)
                #expect(accepted.pupilRef == "E27-001" && accepted.schoolUai == fixture.schoolA1.rawValue)

                // The school's roster: placed, and where; the unplaced list has the other pupil.
                let placed = try await clients.pupils.getRoster(.init(), metadata: school)
                #expect(placed.pupils[0].state == .placed)
                #expect(placed.pupils[0].placement.offerID == offer.id)
                #expect(placed.pupils[0].placement.companyName == "Garage A")
                let unplaced = try await clients.pupils.getRoster(.with { $0.unplacedOnly = true }, metadata: school)
                #expect(unplaced.pupils.map(\.details.ref) == ["E27-002"])
                // The pupil sees its own applications.
                let mine = try await clients.applications.listApplications(.init(), metadata: asPupil)
                #expect(mine.applications.map(\.id) == [application.id])

                // The animator's follow-up: two CAP pupils in school A1, under the secrecy threshold.
                let followUp = try await clients.applications.getFollowUp(
                    .init(),
                    metadata: fixture.metadata(.animatorA)
                )
                let a1 = try #require(followUp.schools.first { $0.schoolUai == fixture.schoolA1.rawValue })
                #expect(a1.schoolName == "Collège A1")
                #expect(a1.levels.map(\.fewerThanFive) == [true])
                #expect(a1.levels.first?.pupils == 0)
                // Its own school sees the figures.
                let own = try await clients.applications.getFollowUp(.init(), metadata: school)
                #expect(own.schools.map(\.schoolUai) == [fixture.schoolA1.rawValue])
                let figures = try #require(own.schools.first?.levels.first)
                #expect((figures.pupils, figures.placed, figures.pending, figures.nothingYet) == (2, 1, 0, 1))

                // Access and erasure.
                let export = try await clients.pupils.exportPupil(.with { $0.pupilID = pupil.id }, metadata: school)
                #expect(export.applications.map(\.id) == [application.id])
                let deleted = try await clients.pupils.deletePupil(.with { $0.pupilID = pupil.id }, metadata: school)
                #expect(deleted.applicationsDeleted == 1)
                let freed = try await clients.offers.getOffer(.with { $0.offerID = offer.id }, metadata: school)
                #expect(freed.periods.map(\.seatsFree) == [1, 1])
                await expectStatus(.notFound, "élève \(pupil.id) : introuvable") {
                    try await clients.pupils.exportPupil(.with { $0.pupilID = pupil.id }, metadata: school)
                }
            }
        }
    }

    @Test(
        "every bad input and refused rule has its status and a message that names it",
        arguments: TransportKind.allCases
    )
    func refusals(transport: TransportKind) async throws {
        try await withDomainServer { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                try await Self.declarePeriod(clients, fixture)
            }
            try await transport.withClient(to: addresses, Refusals(fixture: fixture))
        }
    }

    struct Refusals: ClientBody {
        let fixture: DomainFixture

        func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws {
            let clients = DomainClients(client)
            let fixture = self.fixture
            let school = fixture.metadata(.schoolA1)
            let pupil = try await PlacementServiceTests.savePupil(clients, fixture, ref: "R-0001")
            let offer = try await fixture.createOffer(clients)
            await expectStatus(.invalidArgument, "details.ref : doit être une référence pseudonyme") {
                try await PlacementServiceTests.savePupil(clients, fixture, ref: "Jean Dupont")
            }
            await expectStatus(.invalidArgument, "details.level : un niveau est requis") {
                try await clients.pupils.savePupil(
                    .with {
                        $0.details = .with {
                            $0.ref = "R-0002"; $0.className = "3eB"
                        }
                    },
                    metadata: school
                )
            }
            await expectStatus(.permissionDenied, "la liste des élèves de son établissement") {
                try await clients.pupils.getRoster(.with { $0.schoolUai = fixture.schoolA2.rawValue }, metadata: school)
            }
            await expectStatus(
                .permissionDenied,
                "le rôle « animation » ne peut pas lire la liste des élèves d'un établissement"
            ) {
                try await clients.pupils.getRoster(.init(), metadata: fixture.metadata(.animatorA))
            }
            await expectStatus(.invalidArgument, "school_year : doit s'écrire comme 2026-2027") {
                try await clients.pupils.getRoster(.with { $0.schoolYear = "2026" }, metadata: school)
            }
            // Applications: bad fields are all reported at once.
            let bad = await expectStatus(.invalidArgument) {
                try await clients.applications.apply(
                    .with {
                        $0.offerID = offer.id
                        $0.pupilID = pupil.id
                        $0.fromWeek = fixture.protoWeek(4)
                        $0.toWeek = fixture.protoWeek(3)
                        $0.motivation = "Écrivez-moi à eleve@example.org"
                    },
                    metadata: school
                )
            }
            #expect(bad?.message.contains("to_week : ne doit pas précéder from_week") == true)
            #expect(bad?.message.contains("motivation : ne doit pas contenir d'adresse de courriel") == true)
            await expectStatus(.invalidArgument, "motivation : ne doit pas contenir de numéro de téléphone") {
                try await clients.applications.apply(
                    PlacementServiceTests.apply(
                        fixture,
                        offer: offer.id,
                        pupil: pupil.id,
                        motivation: "Appelez le 06 12 34 56 78"
                    ),
                    metadata: school
                )
            }
            await expectStatus(.invalidArgument, "motivation : au plus 1000 caractères") {
                try await clients.applications.apply(
                    PlacementServiceTests.apply(
                        fixture,
                        offer: offer.id,
                        pupil: pupil.id,
                        motivation: String(repeating: "é", count: 1_001)
                    ),
                    metadata: school
                )
            }
            await expectStatus(.invalidArgument, "from_week : est requis") {
                try await clients.applications.apply(
                    .with {
                        $0.offerID = offer.id; $0.pupilID = pupil.id
                    },
                    metadata: school
                )
            }
            await expectStatus(.failedPrecondition, "déclarée par l'établissement") {
                try await clients.applications.apply(
                    .with {
                        $0.offerID = offer.id
                        $0.pupilID = pupil.id
                        $0.fromWeek = fixture.protoWeek(3)
                        $0.toWeek = fixture.protoWeek(3)
                    },
                    metadata: school
                )
            }
            // Another school's pupil reads as absent; a search-only pupil token cannot apply; a company may not.
            await expectStatus(.notFound, "élève \(pupil.id) : introuvable") {
                try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupil.id),
                    metadata: fixture.metadata(.schoolA2)
                )
            }
            await expectStatus(.permissionDenied, "connectez-vous avec le code que votre établissement vous a donné") {
                try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: offer.id),
                    metadata: fixture.metadata(.pupilA1)
                )
            }
            await expectStatus(.permissionDenied, "le rôle « entreprise » ne peut pas candidater à un stage") {
                try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupil.id),
                    metadata: fixture.metadata(.companyA)
                )
            }
            let application = try await clients.applications.apply(
                PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupil.id),
                metadata: school
            )
            #expect(application.madeBy == .school)
            await expectStatus(.alreadyExists, "(candidature \(application.id)) : existe déjà") {
                try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupil.id),
                    metadata: school
                )
            }
            // Answers: a reason is required, a note with 'other'; another company may not answer.
            let company = fixture.metadata(.companyA)
            await expectStatus(.invalidArgument, "reason : un motif est requis") {
                try await clients.applications.declineApplication(
                    .with { $0.applicationID = application.id },
                    metadata: company
                )
            }
            await expectStatus(.invalidArgument, "note : est requise avec le motif « autre »") {
                try await clients.applications.declineApplication(
                    .with {
                        $0.applicationID = application.id
                        $0.reason = .other
                    },
                    metadata: company
                )
            }
            await expectStatus(.permissionDenied, "porte sur l'offre d'une autre entreprise") {
                try await clients.applications.acceptApplication(
                    .with { $0.applicationID = application.id },
                    metadata: fixture.metadata(.companyA2)
                )
            }
            await expectStatus(.permissionDenied, "le rôle « établissement » ne peut pas accepter une candidature") {
                try await clients.applications.acceptApplication(
                    .with { $0.applicationID = application.id },
                    metadata: school
                )
            }
            await expectStatus(.invalidArgument, "application_id : est requis") {
                try await clients.applications.withdrawApplication(.init(), metadata: school)
            }
            let declined = try await clients.applications.declineApplication(
                .with {
                    $0.applicationID = application.id
                    $0.reason = .datesUnsuitable
                },
                metadata: company
            )
            #expect(declined.status == .declined && declined.declineReason == .datesUnsuitable)
            await expectStatus(
                .failedPrecondition,
                "la candidature \(application.id) est refusée : seule une candidature en attente peut être acceptée"
            ) {
                try await clients.applications.acceptApplication(
                    .with { $0.applicationID = application.id },
                    metadata: company
                )
            }
            // The basin's rules: the animator sets them, within bounds.
            let animator = fixture.metadata(.animatorA)
            let both = await expectStatus(.invalidArgument) {
                try await clients.applications.setPlacementRules(
                    .with {
                        $0.maxPendingApplications = 0
                        $0.pendingDays = 90
                    },
                    metadata: animator
                )
            }
            #expect(
                both?.message == "max_pending_applications : doit être de 1 à 20; pending_days : doit être de 1 à 60"
            )
            await expectStatus(
                .permissionDenied,
                "le rôle « établissement » ne peut pas changer les règles de candidature du bassin"
            ) {
                try await clients.applications.setPlacementRules(
                    .with {
                        $0.maxPendingApplications = 1; $0.pendingDays = 7
                    },
                    metadata: school
                )
            }
            let rules = try await clients.applications.setPlacementRules(
                .with {
                    $0.maxPendingApplications = 1
                    $0.pendingDays = 7
                },
                metadata: animator
            )
            #expect(rules.maxPendingApplications == 1)
            #expect(try await clients.applications.getPlacementRules(.init(), metadata: school) == rules)
            // Sign-in: a code is checked before any lookup.
            await expectStatus(.invalidArgument, "basin_id : n'est pas un identifiant de bassin") {
                try await clients.signIn.redeemSignInCode(.with { $0.code = "ABCDEFGHJK" })
            }
            await expectStatus(.invalidArgument, "code : doit être les dix lettres et chiffres") {
                try await clients.signIn.redeemSignInCode(
                    .with {
                        $0.basinID = fixture.basinA.rawValue; $0.code = "123"
                    }
                )
            }
            await expectStatus(.notFound, "code de connexion (inconnu, déjà utilisé ou expiré) : introuvable") {
                try await clients.signIn.redeemSignInCode(
                    .with {
                        $0.basinID = fixture.basinA.rawValue
                        $0.code = "ABCDEFGHJK"
                    }
                )
            }
            await expectStatus(.notFound, "bassin nowhere : introuvable") {
                try await clients.signIn.redeemSignInCode(
                    .with {
                        $0.basinID = "nowhere"; $0.code = "ABCDEFGHJK"
                    }
                )
            }
        }
    }

    @Test(
        "a signed-in pupil sees and changes its own applications only, never another pupil's",
        arguments: TestStores.tested
    )
    func pupilsAreApart(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                try await Self.declarePeriod(clients, fixture)
                let school = fixture.metadata(.schoolA1)
                let first = try await Self.savePupil(clients, fixture, ref: "A-0001")
                let second = try await Self.savePupil(clients, fixture, ref: "A-0002")
                let offer = try await fixture.createOffer(clients)
                let theirs = try await clients.applications.apply(
                    Self.apply(fixture, offer: offer.id, pupil: second.id),
                    metadata: school
                )
                let token = try await server.tokens.issue(
                    for: .pupil(user: "u-roster-1", school: fixture.schoolA1, rosterID: first.id),
                    lifetime: .seconds(600)
                )
                let me = Self.bearer(token)
                await expectStatus(.permissionDenied, "un élève ne candidate que pour lui-même") {
                    try await clients.applications.apply(
                        Self.apply(fixture, offer: offer.id, pupil: second.id),
                        metadata: me
                    )
                }
                await expectStatus(.permissionDenied, "un élève ne liste que ses propres candidatures") {
                    try await clients.applications.listApplications(.with { $0.pupilID = second.id }, metadata: me)
                }
                await expectStatus(.notFound, "candidature \(theirs.id) : introuvable") {
                    try await clients.applications.withdrawApplication(
                        .with { $0.applicationID = theirs.id },
                        metadata: me
                    )
                }
                await expectStatus(
                    .permissionDenied,
                    "le rôle « élève » ne peut pas lire la liste des élèves d'un établissement"
                ) {
                    try await clients.pupils.getRoster(.init(), metadata: me)
                }
                let mine = try await clients.applications.apply(Self.apply(fixture, offer: offer.id), metadata: me)
                #expect(
                    try await clients.applications.listApplications(.init(), metadata: me).applications.map(\.id) == [
                        mine.id
                    ]
                )
                let withdrawn = try await clients.applications.withdrawApplication(
                    .with { $0.applicationID = mine.id },
                    metadata: me
                )
                #expect(withdrawn.status == .withdrawn)
                // The other pupil's application is untouched.
                let still = try await clients.applications.listApplications(
                    .with { $0.pupilID = second.id },
                    metadata: school
                )
                #expect(still.applications.map(\.status) == [.pending])
            }
        }
    }
}
