import Foundation
import GRPCCore
import PoleStageAuth
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf
import Testing

@Suite("Admin service: basins, users, tokens, schools, companies, statistics, audit")
struct AdminServiceTests {
    @Test(
        "basins: create (with its store), rename, list with counts, archive (read-only)",
        arguments: TestStores.tested
    )
    func basins(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let coordinator = fixture.metadata(.coordinator)
                let created = try await clients.admin.createBasin(
                    .with {
                        $0.id = "macon"
                        $0.name = "Mâcon"
                    },
                    metadata: coordinator
                )
                #expect(created.id == "macon" && created.name == "Mâcon" && !created.archived)
                let exists = try await server.basins.exists(BasinID("macon")!)
                #expect(exists)
                let renamed = try await clients.admin.renameBasin(
                    .with {
                        $0.basinID = "macon"
                        $0.name = "Mâcon-Cluny"
                    },
                    metadata: coordinator
                )
                #expect(renamed.name == "Mâcon-Cluny")
                _ = try await fixture.createOffer(clients)
                let list = try await clients.admin.listBasins(.init(), metadata: coordinator)
                #expect(list.basins.map(\.id) == ["basin-a", "basin-b", "macon"])
                let a = try #require(list.basins.first { $0.id == "basin-a" })
                #expect(a.schoolCount == 2 && a.offerCount == 1)

                let archived = try await clients.admin.archiveBasin(
                    .with { $0.basinID = "basin-b" },
                    metadata: coordinator
                )
                #expect(archived.archived)
                let visible = try await clients.admin.listBasins(.init(), metadata: coordinator)
                #expect(visible.basins.map(\.id) == ["basin-a", "macon"])
                let all = try await clients.admin.listBasins(.with { $0.includeArchived = true }, metadata: coordinator)
                #expect(all.basins.count == 3)
                // Writes in the archived basin fail, reads still work.
                await expectStatus(.failedPrecondition, "le bassin basin-b est archivé : il est en lecture seule") {
                    try await fixture.createOffer(
                        clients,
                        as: .companyB,
                        details: fixture.offerDetails(point: fixture.pointB)
                    )
                }
                await expectStatus(.failedPrecondition, "archivé") {
                    try await clients.calendar.setSchoolPeriods(
                        .with { $0.schoolUai = fixture.schoolB1.rawValue },
                        metadata: fixture.metadata(.schoolB1)
                    )
                }
                _ = try await clients.offers.searchOffers(.init(), metadata: fixture.metadata(.schoolB1))
                await expectStatus(.failedPrecondition, "archivé") {
                    try await clients.admin.createSchool(
                        AdminRequests.school(AdminRequests.uai(1), basin: fixture.basinB),
                        metadata: coordinator
                    )
                }
                await expectStatus(.failedPrecondition, "archivé") {
                    try await clients.admin.renameBasin(
                        .with {
                            $0.basinID = "basin-b"
                            $0.name = "B"
                        },
                        metadata: coordinator
                    )
                }
                await expectStatus(.alreadyExists, "bassin macon : existe déjà") {
                    try await clients.admin.createBasin(
                        .with {
                            $0.id = "macon"
                            $0.name = "Again"
                        },
                        metadata: coordinator
                    )
                }
                await expectStatus(.notFound, "bassin nowhere : introuvable") {
                    try await clients.admin.archiveBasin(.with { $0.basinID = "nowhere" }, metadata: coordinator)
                }
            }
        }
    }

    @Test(
        "users and tokens: create, assign, issue, deactivate; the issued token works until revoked",
        arguments: TestStores.tested
    )
    func usersAndTokens(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let coordinator = fixture.metadata(.coordinator)
                let user = try await clients.admin.createUser(
                    .with {
                        $0.userID = "u-animator-new"
                        $0.role = "animator"
                        $0.basinID = "basin-a"
                    },
                    metadata: coordinator
                )
                #expect(user.active && user.basinID == "basin-a")
                let moved = try await clients.admin.assignAnimator(
                    .with {
                        $0.userID = "u-animator-new"
                        $0.basinID = "basin-b"
                    },
                    metadata: coordinator
                )
                #expect(moved.basinID == "basin-b")
                let issued = try await clients.admin.issueToken(
                    .with { $0.userID = "u-animator-new" },
                    metadata: coordinator
                )
                #expect(!issued.tokenID.isEmpty && issued.expiresAt > 0 && issued.user.basinID == "basin-b")
                let metadata: Metadata = ["authorization": "Bearer \(issued.token)"]
                let own = try await clients.admin.listBasins(.init(), metadata: metadata)
                #expect(own.basins.map(\.id) == ["basin-b"])

                _ = try await clients.admin.createUser(
                    .with {
                        $0.userID = "u-school-new"
                        $0.role = "school"
                        $0.schoolUai = fixture.schoolA1.rawValue
                    },
                    metadata: coordinator
                )
                let school = try await clients.admin.issueToken(
                    .with { $0.userID = "u-school-new" },
                    metadata: coordinator
                )
                let schoolMetadata: Metadata = ["authorization": "Bearer \(school.token)"]
                _ = try await clients.offers.searchOffers(.init(), metadata: schoolMetadata)
                let deactivated = try await clients.admin.deactivateUser(
                    .with { $0.userID = "u-school-new" },
                    metadata: coordinator
                )
                #expect(!deactivated.active)
                await expectStatus(.unauthenticated, "the token's user has been deactivated") {
                    try await clients.offers.searchOffers(.init(), metadata: schoolMetadata)
                }
                await expectStatus(.failedPrecondition, "l'utilisateur u-school-new est désactivé") {
                    try await clients.admin.issueToken(.with { $0.userID = "u-school-new" }, metadata: coordinator)
                }
                await expectStatus(.alreadyExists, "utilisateur u-animator-new : existe déjà") {
                    try await clients.admin.createUser(
                        .with {
                            $0.userID = "u-animator-new"
                            $0.role = "coordinator"
                        },
                        metadata: coordinator
                    )
                }
                await expectStatus(.failedPrecondition, "pas celui d'animateur") {
                    try await clients.admin.assignAnimator(
                        .with {
                            $0.userID = "u-school-new"
                            $0.basinID = "basin-a"
                        },
                        metadata: coordinator
                    )
                }
                await expectStatus(.notFound, "utilisateur nobody : introuvable") {
                    try await clients.admin.issueToken(.with { $0.userID = "nobody" }, metadata: coordinator)
                }
                // Revocations survive a restart of the cache: they are read back from the academy store.
                let revoked = try await clients.admin.revokeToken(
                    .with { $0.tokenID = issued.tokenID },
                    metadata: coordinator
                )
                #expect(revoked.tokenID == issued.tokenID && revoked.revokedAt > 0)
                #expect(try await server.academy.revokedTokenIDs().contains(issued.tokenID))
            }
        }
    }

    /// Lists basins with a token over either transport and reports the status code (`nil`: success).
    struct ListBasins: ClientBody {
        let token: String
        func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws -> RPCError.Code? {
            do {
                _ = try await Polestage_Admin_V1_AdminService.Client(wrapping: client).listBasins(
                    .init(),
                    metadata: ["authorization": "Bearer \(self.token)"]
                )
                return nil
            } catch let error as RPCError {
                #expect(error.code != .unauthenticated || error.message == "the token has been revoked")
                return error.code
            }
        }
    }

    @Test("a revoked token is refused UNAUTHENTICATED at once, over WebSocket and HTTP/2", arguments: TestStores.tested)
    func revocationOnBothTransports(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { _, addresses, fixture in
            let issued = try await withWebSocketClients(addresses) { clients in
                _ = try await clients.admin.createUser(
                    .with {
                        $0.userID = "u-revoked"
                        $0.role = "animator"
                        $0.basinID = "basin-a"
                    },
                    metadata: fixture.metadata(.coordinator)
                )
                return try await clients.admin.issueToken(
                    .with { $0.userID = "u-revoked" },
                    metadata: fixture.metadata(.coordinator)
                )
            }
            for kind in TransportKind.allCases {
                #expect(try await kind.withClient(to: addresses, ListBasins(token: issued.token)) == nil)
            }
            try await withWebSocketClients(addresses) { clients in
                _ = try await clients.admin.revokeToken(
                    .with { $0.tokenID = issued.tokenID },
                    metadata: fixture.metadata(.coordinator)
                )
            }
            for kind in TransportKind.allCases {
                #expect(try await kind.withClient(to: addresses, ListBasins(token: issued.token)) == .unauthenticated)
            }
        }
    }

    @Test("schools: create, update; companies: create, update, search", arguments: TestStores.tested)
    func schoolsAndCompanies(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let coordinator = fixture.metadata(.coordinator)
                let uai = AdminRequests.uai(42)
                let created = try await clients.admin.createSchool(
                    AdminRequests.school(uai, basin: fixture.basinA, rep: true),
                    metadata: coordinator
                )
                #expect(created.details.uai == uai.rawValue && created.details.rep)
                // A rename alone changes the name only: the REP flag stays.
                let renamed = try await clients.admin.updateSchool(
                    .with {
                        $0.uai = uai.rawValue
                        $0.name = "Collège Lamartine"
                    },
                    metadata: fixture.metadata(.animatorA)
                )
                #expect(renamed.details.name == "Collège Lamartine" && renamed.details.rep)
                #expect(renamed.details.commune == created.details.commune)
                // A false flag changes only when the mask names it.
                var update = Polestage_Admin_V1_SchoolDetails.with {
                    $0.uai = uai.rawValue
                    $0.rural = true
                }
                update.updateMask = .init(protoPaths: ["rural", "rep"])
                let updated = try await clients.admin.updateSchool(update, metadata: fixture.metadata(.animatorA))
                #expect(updated.details.name == "Collège Lamartine")
                let stored = try #require(try await server.academy.school(uai))
                #expect(stored.rural && !stored.rep && stored.name == "Collège Lamartine")
                await expectStatus(
                    .invalidArgument,
                    "update_mask : « uai » désigne l'enregistrement et ne peut pas changer"
                ) {
                    var bad = update
                    bad.updateMask = .init(protoPaths: ["uai"])
                    return try await clients.admin.updateSchool(bad, metadata: coordinator)
                }
                await expectStatus(
                    .invalidArgument,
                    "update_mask : « nickname » n'est pas un champ ; utilisez name, type"
                ) {
                    var bad = update
                    bad.updateMask = .init(protoPaths: ["nickname"])
                    return try await clients.admin.updateSchool(bad, metadata: coordinator)
                }
                await expectStatus(.alreadyExists, "établissement \(uai) : existe déjà") {
                    try await clients.admin.createSchool(
                        AdminRequests.school(uai, basin: fixture.basinA),
                        metadata: coordinator
                    )
                }
                await expectStatus(.notFound, "introuvable") {
                    try await clients.admin.updateSchool(
                        AdminRequests.school(AdminRequests.uai(43), basin: fixture.basinA),
                        metadata: coordinator
                    )
                }

                let siret = AdminRequests.siret(7)
                let company = try await clients.admin.createCompany(
                    AdminRequests.company(siret, basins: [fixture.basinA], name: "Ébénisterie Durand"),
                    metadata: fixture.metadata(.animatorA)
                )
                #expect(company.details.basinIds == ["basin-a"])
                let both = try await clients.admin.updateCompany(
                    AdminRequests.company(siret, basins: [fixture.basinA, fixture.basinB], name: "Ébénisterie Durand"),
                    metadata: coordinator
                )
                #expect(both.details.basinIds == ["basin-a", "basin-b"])
                let found = try await clients.admin.searchCompanies(
                    .with { $0.query = "ebenisterie" },
                    metadata: coordinator
                )
                #expect(found.companies.map(\.details.siret) == [siret.rawValue])
                let bySiret = try await clients.admin.searchCompanies(
                    .with { $0.query = String(siret.rawValue.prefix(9)) },
                    metadata: coordinator
                )
                #expect(bySiret.companies.count == 1)
                let inB = try await clients.admin.searchCompanies(
                    .with { $0.basinID = "basin-b" },
                    metadata: coordinator
                )
                #expect(
                    Set(inB.companies.map(\.details.siret)) == [
                        fixture.companyB.rawValue, fixture.companyAB.rawValue, siret.rawValue,
                    ]
                )
                let page1 = try await clients.admin.searchCompanies(.with { $0.pageSize = 2 }, metadata: coordinator)
                #expect(page1.companies.count == 2 && page1.nextPageToken == "2")
                let page2 = try await clients.admin.searchCompanies(
                    .with {
                        $0.pageSize = 2
                        $0.pageToken = page1.nextPageToken
                    },
                    metadata: coordinator
                )
                #expect(page2.companies.count == 2)
                #expect(
                    Set(page1.companies.map(\.details.siret)).isDisjoint(with: page2.companies.map(\.details.siret))
                )
                await expectStatus(.alreadyExists, "entreprise \(siret) : existe déjà") {
                    try await clients.admin.createCompany(
                        AdminRequests.company(siret, basins: []),
                        metadata: coordinator
                    )
                }
            }
        }
    }

    @Test(
        "MergeCompanies moves the duplicate's offers in every basin to the kept SIRET, then removes it",
        arguments: TestStores.tested
    )
    func merge(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let inA = try await fixture.createOffer(clients, as: .companyA)
                let second = try await fixture.createOffer(
                    clients,
                    as: .companyA,
                    details: fixture.offerDetails(title: "Carrosserie")
                )
                let report = try await clients.admin.mergeCompanies(
                    .with {
                        $0.keptSiret = fixture.companyAB.rawValue
                        $0.duplicateSiret = fixture.companyA.rawValue
                    },
                    metadata: fixture.metadata(.coordinator)
                )
                #expect(report.offersMoved == 2)
                #expect(report.kept.details.siret == fixture.companyAB.rawValue)
                #expect(report.kept.details.basinIds == ["basin-a", "basin-b"])
                #expect(try await server.academy.company(fixture.companyA) == nil)
                for id in [inA.id, second.id] {
                    let offer = try #require(try await server.basins.storage(for: fixture.basinA).offer(id))
                    #expect(offer.company == fixture.companyAB)
                    #expect(offer.companyName == "Transports AB")
                }
                // The kept company's token now manages the moved offers.
                _ = try await clients.offers.withdrawOffer(
                    .with { $0.offerID = inA.id },
                    metadata: fixture.metadata(.companyAB, basin: fixture.basinA)
                )
                await expectStatus(.notFound, "entreprise \(fixture.companyA) : introuvable") {
                    try await clients.admin.mergeCompanies(
                        .with {
                            $0.keptSiret = fixture.companyAB.rawValue
                            $0.duplicateSiret = fixture.companyA.rawValue
                        },
                        metadata: fixture.metadata(.coordinator)
                    )
                }
            }
        }
    }

    @Test(
        "MergeCompanies moves offers and contacts in every basin the duplicate works in",
        arguments: TestStores.tested
    )
    func mergeAcrossBasins(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let inA = try await fixture.createOffer(clients, as: .companyAB, basin: fixture.basinA)
                let inB = try await fixture.createOffer(
                    clients,
                    as: .companyAB,
                    basin: fixture.basinB,
                    details: fixture.offerDetails(point: fixture.pointB)
                )
                _ = try await clients.contacts.addContact(
                    .with {
                        $0.tradeCode = "I1604"
                        $0.name = "Contact"
                        $0.email = "contact@example.org"
                    },
                    metadata: fixture.metadata(.companyAB, basin: fixture.basinB)
                )
                let report = try await clients.admin.mergeCompanies(
                    .with {
                        $0.keptSiret = fixture.companyA2.rawValue
                        $0.duplicateSiret = fixture.companyAB.rawValue
                    },
                    metadata: fixture.metadata(.coordinator)
                )
                #expect(report.offersMoved == 2 && report.contactsMoved == 1)
                #expect(report.kept.details.basinIds == ["basin-a", "basin-b"])
                for (basin, id) in [(fixture.basinA, inA.id), (fixture.basinB, inB.id)] {
                    let offer = try #require(try await server.basins.storage(for: basin).offer(id))
                    #expect(offer.company == fixture.companyA2 && offer.companyName == "Boulangerie A2")
                }
                let contacts = try await server.basins.storage(for: fixture.basinB).contacts(trade: nil)
                #expect(contacts.map(\.details.company) == [fixture.companyA2])
                #expect(try await server.academy.company(fixture.companyAB) == nil)
            }
        }
    }

    @Test(
        "statistics: seats by trade and level, fill by week, pupils placed per school, level and group, with secrecy",
        arguments: TestStores.tested
    )
    func statistics(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let offer = try await fixture.createOffer(clients, details: fixture.offerDetails(weeks: [3: 3, 4: 3]))
                let reservation = try await clients.reservations.requestSeat(
                    .with {
                        $0.offerID = offer.id
                        $0.week = fixture.protoWeek(3)
                        $0.pupilRef = "E2027-001"
                        $0.level = .level3EObservation
                    },
                    metadata: fixture.metadata(.schoolA1)
                )
                _ = try await clients.reservations.confirmReservation(
                    .with { $0.reservationID = reservation.id },
                    metadata: fixture.metadata(.companyA)
                )
                // School A1: six CAP pupils, one of them in a QPV; one placed for two weeks, one waiting.
                try await PlacementServiceTests.declarePeriod(clients, fixture)
                var pupils: [Polestage_Placements_V1_Pupil] = []
                for number in 1...6 {
                    pupils.append(try await PlacementServiceTests.savePupil(clients, fixture, ref: "ST-000\(number)"))
                }
                _ = try await clients.pupils.savePupil(
                    .with {
                        $0.details = pupils[5].details
                        $0.details.qpv = true
                        $0.details.gender = .female
                    },
                    metadata: fixture.metadata(.schoolA1)
                )
                let placed = try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupils[0].id),
                    metadata: fixture.metadata(.schoolA1)
                )
                _ = try await clients.applications.acceptApplication(
                    .with { $0.applicationID = placed.id },
                    metadata: fixture.metadata(.companyA)
                )
                _ = try await clients.applications.apply(
                    PlacementServiceTests.apply(fixture, offer: offer.id, pupil: pupils[1].id),
                    metadata: fixture.metadata(.schoolA1)
                )
                // School A2: two pupils, under the secrecy threshold.
                try await PlacementServiceTests.declarePeriod(clients, fixture, as: .schoolA2)
                for ref in ["ST-0101", "ST-0102"] {
                    _ = try await PlacementServiceTests.savePupil(clients, fixture, ref: ref, as: .schoolA2)
                }
                for request in [
                    Polestage_Admin_V1_StatisticsRequest.with { $0.basinID = "basin-a" },
                    Polestage_Admin_V1_StatisticsRequest(),
                ] {
                    let statistics = try await clients.admin.getStatistics(
                        request,
                        metadata: fixture.metadata(.coordinator)
                    )
                    let observation = try #require(
                        statistics.byTradeAndLevel.first { $0.tradeCode == "I1604" && $0.level == .level3EObservation }
                    )
                    // Weeks 3 and 4 have 3 seats each: the reservation and the two applications take 5 week-seats.
                    #expect(observation.offers == 1 && observation.seats == 6 && observation.seatsTaken == 5)
                    let week = try #require(statistics.fillByWeek.first { $0.week == fixture.protoWeek(3).week })
                    #expect(week.seats == 3 && week.seatsTaken == 3 && week.fillRate == 1)
                    // Pupils, not weeks: the two-week placement counts one pupil.
                    let a1 = try #require(statistics.schools.first { $0.schoolUai == fixture.schoolA1.rawValue })
                    #expect(a1.confirmed == 1 && a1.pupils == 6 && a1.placed == 1 && !a1.fewerThanFive)
                    #expect(abs(a1.shareUnplaced - 5.0 / 6.0) < 1e-9)
                    let a2 = try #require(statistics.schools.first { $0.schoolUai == fixture.schoolA2.rawValue })
                    #expect(a2.fewerThanFive && a2.pupils == 0 && a2.placed == 0)
                    #expect(statistics.equity.all.pupils == 8 && statistics.equity.all.placed == 1)
                    #expect(statistics.equity.all.pending == 1)
                    #expect(
                        statistics.equity.priority.pupils == 8
                            && abs(statistics.equity.priority.placementRate - 0.125) < 1e-9
                    )
                    #expect(statistics.equity.qpv.fewerThanFive && statistics.equity.qpv.pupils == 0)
                    #expect(statistics.equity.female.fewerThanFive)
                    #expect(statistics.equity.others.pupils == 0 && !statistics.equity.others.fewerThanFive)
                    #expect(statistics.byLevel.map(\.level) == [.cap])
                    #expect(statistics.byLevel.first?.figures.pupils == 8)
                    #expect(statistics.schoolYear == server.basins.storage(for: fixture.basinA).schoolYear.description)
                }
                let own = try await clients.admin.getStatistics(.init(), metadata: fixture.metadata(.animatorA))
                #expect(own.basinID == "basin-a")
            }
        }
    }

    @Test(
        "the audit log records every admin call, newest first, paginated; an animator reads its basin's",
        arguments: TestStores.tested
    )
    func audit(_ stores: TestStores) async throws {
        try await withDomainServer(stores: stores) { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let coordinator = fixture.metadata(.coordinator)
                _ = try await clients.admin.createBasin(
                    .with {
                        $0.id = "macon"
                        $0.name = "Mâcon"
                    },
                    metadata: coordinator
                )
                _ = try await clients.admin.createSchool(
                    AdminRequests.school(AdminRequests.uai(5), basin: fixture.basinA),
                    metadata: fixture.metadata(.animatorA)
                )
                await expectStatus(.permissionDenied) {
                    try await clients.admin.getStatistics(
                        .with { $0.basinID = "basin-b" },
                        metadata: fixture.metadata(.animatorA)
                    )
                }
                let page = try await clients.admin.listAudit(.with { $0.pageSize = 2 }, metadata: coordinator)
                #expect(page.entries.map(\.method) == ["GetStatistics", "CreateSchool"])
                #expect(page.entries[0].outcome == "PERMISSION_DENIED" && page.entries[0].userID == "u-animator-a")
                #expect(page.entries[1].outcome == "OK" && page.entries[1].target == "school \(AdminRequests.uai(5))")
                #expect(page.entries[1].at > 0 && page.entries[1].role == "animator")
                let next = try await clients.admin.listAudit(
                    .with {
                        $0.pageSize = 2
                        $0.pageToken = page.nextPageToken
                    },
                    metadata: coordinator
                )
                #expect(next.entries.map(\.method) == ["CreateBasin"])
                #expect(next.nextPageToken.isEmpty)
                let animator = try await clients.admin.listAudit(.init(), metadata: fixture.metadata(.animatorA))
                #expect(Set(animator.entries.map(\.basinID)) == ["basin-a"])
                #expect(!animator.entries.map(\.method).contains("CreateBasin"))
                // Free text sent where an id belongs never reaches the log.
                await expectStatus(.invalidArgument, "user_id :") {
                    try await clients.admin.createUser(
                        .with {
                            $0.userID = "Jean Dupont"
                            $0.role = "coordinator"
                        },
                        metadata: coordinator
                    )
                }
                let last = try await clients.admin.listAudit(.with { $0.pageSize = 1 }, metadata: coordinator)
                #expect(last.entries.first?.target == "user (invalid)")
                #expect(last.entries.first?.outcome == "INVALID_ARGUMENT")
            }
        }
    }
}
