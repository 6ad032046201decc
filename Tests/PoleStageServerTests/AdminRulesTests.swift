import Foundation
import GRPCCore
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import PoleStageWebSocketTransport
import SwiftProtobuf
import Testing

@Suite("Admin service: who may call what, and what it refuses")
struct AdminRulesTests {
    typealias Admin = Polestage_Admin_V1_AdminService.Client<WebSocketTransport.Client>

    /// Every RPC of the service with an empty request.
    static func everyMethod(_ admin: Admin, _ metadata: Metadata) -> [(String, () async throws -> Void)] {
        [
            ("CreateBasin", { _ = try await admin.createBasin(.init(), metadata: metadata) }),
            ("RenameBasin", { _ = try await admin.renameBasin(.init(), metadata: metadata) }),
            ("ArchiveBasin", { _ = try await admin.archiveBasin(.init(), metadata: metadata) }),
            ("ListBasins", { _ = try await admin.listBasins(.init(), metadata: metadata) }),
            ("CreateUser", { _ = try await admin.createUser(.init(), metadata: metadata) }),
            ("AssignAnimator", { _ = try await admin.assignAnimator(.init(), metadata: metadata) }),
            ("DeactivateUser", { _ = try await admin.deactivateUser(.init(), metadata: metadata) }),
            ("IssueToken", { _ = try await admin.issueToken(.init(), metadata: metadata) }),
            ("RevokeToken", { _ = try await admin.revokeToken(.init(), metadata: metadata) }),
            ("ListTokens", { _ = try await admin.listTokens(.init(), metadata: metadata) }),
            ("CreateSchool", { _ = try await admin.createSchool(.init(), metadata: metadata) }),
            ("UpdateSchool", { _ = try await admin.updateSchool(.init(), metadata: metadata) }),
            ("ImportSchools", { _ = try await admin.importSchools(.init(), metadata: metadata) }),
            ("CreateCompany", { _ = try await admin.createCompany(.init(), metadata: metadata) }),
            ("UpdateCompany", { _ = try await admin.updateCompany(.init(), metadata: metadata) }),
            ("SearchCompanies", { _ = try await admin.searchCompanies(.init(), metadata: metadata) }),
            ("ImportCompanies", { _ = try await admin.importCompanies(.init(), metadata: metadata) }),
            ("MergeCompanies", { _ = try await admin.mergeCompanies(.init(), metadata: metadata) }),
            ("GetStatistics", { _ = try await admin.getStatistics(.init(), metadata: metadata) }),
            ("ListAudit", { _ = try await admin.listAudit(.init(), metadata: metadata) }),
        ]
    }

    @Test(
        "school, company and pupil tokens get PERMISSION_DENIED from every admin RPC",
        arguments: [DomainFixture.Actor.schoolA1, .companyA, .companyAB, .pupilA1]
    )
    func othersRefused(actor: DomainFixture.Actor) async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let calls = Self.everyMethod(clients.admin, fixture.metadata(actor))
                #expect(calls.count == 20)
                for (name, call) in calls {
                    let error = await expectStatus(.permissionDenied, "le rôle « ") { try await call() }
                    #expect(error != nil, "\(name)")
                }
            }
        }
    }

    @Test("an animator acts on its own basin only; coordinator-only methods are refused to it")
    func animatorScope() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let animator = fixture.metadata(.animatorA)
                let admin = clients.admin
                for (name, call) in Self.everyMethod(admin, animator)
                where [
                    "CreateBasin", "RenameBasin", "ArchiveBasin", "CreateUser", "AssignAnimator", "DeactivateUser",
                    "IssueToken", "RevokeToken", "ListTokens", "ImportCompanies", "MergeCompanies",
                ].contains(name) {
                    let error = await expectStatus(.permissionDenied, "le rôle « animation » ne peut pas") {
                        try await call()
                    }
                    #expect(error != nil, "\(name)")
                }
                let denied = "ce jeton d'animateur ne sert pas dans le bassin basin-b"
                await expectStatus(.permissionDenied, denied) {
                    try await admin.createSchool(
                        AdminRequests.school(AdminRequests.uai(1), basin: fixture.basinB),
                        metadata: animator
                    )
                }
                // Moving basin B's school into basin A is touching basin B.
                await expectStatus(.permissionDenied, denied) {
                    try await admin.updateSchool(
                        AdminRequests.school(fixture.schoolB1, basin: fixture.basinA),
                        metadata: animator
                    )
                }
                await expectStatus(.permissionDenied, denied) {
                    try await admin.getStatistics(.with { $0.basinID = "basin-b" }, metadata: animator)
                }
                await expectStatus(.permissionDenied, "qu'à son propre bassin basin-a") {
                    try await admin.createCompany(
                        AdminRequests.company(AdminRequests.siret(1), basins: [fixture.basinB]),
                        metadata: animator
                    )
                }
                await expectStatus(.permissionDenied, "n'est pas partenaire du bassin basin-a") {
                    try await admin.updateCompany(
                        AdminRequests.company(fixture.companyB, basins: [fixture.basinB]),
                        metadata: animator
                    )
                }
                await expectStatus(.permissionDenied, "ne change que les partenaires de son propre bassin") {
                    try await admin.updateCompany(
                        AdminRequests.company(fixture.companyAB, basins: [fixture.basinA]),
                        metadata: animator
                    )
                }
                let basins = try await admin.listBasins(.init(), metadata: animator)
                #expect(basins.basins.map(\.id) == ["basin-a"])
                // An import's lines in another basin are rejected, the others imported.
                let csv =
                    AdminRequests.schoolsCSV(count: 2, basin: fixture.basinA)
                    + "\(AdminRequests.uai(99)),Collège B,college,Dijon,basin-b,0,0,0,47.3,5.0\n"
                let report = try await admin.importSchools(.with { $0.csv = csv }, metadata: animator)
                #expect(report.imported == 2)
                #expect(report.rejected.map(\.line) == [4])
                #expect(report.rejected.first?.reason == denied)
            }
        }
    }

    @Test("every validation error carries INVALID_ARGUMENT and names its field")
    func validation() async throws {
        try await withDomainServer { _, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let admin = clients.admin
                let coordinator = fixture.metadata(.coordinator)
                let school = AdminRequests.school(AdminRequests.uai(1), basin: fixture.basinA)
                let company = AdminRequests.company(AdminRequests.siret(1), basins: [fixture.basinA])
                let cases: [(String, () async throws -> Void)] = [
                    (
                        "id : est requis",
                        { _ = try await admin.createBasin(.with { $0.name = "X" }, metadata: coordinator) }
                    ),
                    (
                        "id : « Bad Id » n'est pas un identifiant de bassin",
                        {
                            _ = try await admin.createBasin(
                                .with {
                                    $0.id = "Bad Id"; $0.name = "X"
                                },
                                metadata: coordinator
                            )
                        }
                    ),
                    (
                        "name : ne doit pas être vide",
                        { _ = try await admin.createBasin(.with { $0.id = "ok-id" }, metadata: coordinator) }
                    ),
                    (
                        "basin_id : est requis",
                        { _ = try await admin.renameBasin(.with { $0.name = "X" }, metadata: coordinator) }
                    ),
                    (
                        "name : ne doit pas être vide",
                        {
                            _ = try await admin.renameBasin(
                                .with {
                                    $0.basinID = "basin-a"; $0.name = "  "
                                },
                                metadata: coordinator
                            )
                        }
                    ),
                    ("basin_id : est requis", { _ = try await admin.archiveBasin(.init(), metadata: coordinator) }),
                    (
                        "user_id : est requis",
                        { _ = try await admin.createUser(.with { $0.role = "coordinator" }, metadata: coordinator) }
                    ),
                    (
                        "user_id : doit faire 1 à 64",
                        {
                            _ = try await admin.createUser(
                                .with {
                                    $0.userID = "Jean Dupont"; $0.role = "coordinator"
                                },
                                metadata: coordinator
                            )
                        }
                    ),
                    (
                        "role : doit être l'un de",
                        {
                            _ = try await admin.createUser(
                                .with {
                                    $0.userID = "u1"; $0.role = "boss"
                                },
                                metadata: coordinator
                            )
                        }
                    ),
                    (
                        "basin_id : est requis pour le rôle « animation »",
                        {
                            _ = try await admin.createUser(
                                .with {
                                    $0.userID = "u1"; $0.role = "animator"
                                },
                                metadata: coordinator
                            )
                        }
                    ),
                    (
                        "school_uai : est requis pour le rôle « établissement »",
                        {
                            _ = try await admin.createUser(
                                .with {
                                    $0.userID = "u1"; $0.role = "school"
                                },
                                metadata: coordinator
                            )
                        }
                    ),
                    (
                        "company_siret : « 12345678901234 » n'est pas un SIRET",
                        {
                            _ = try await admin.createUser(
                                .with {
                                    $0.userID = "u1"; $0.role = "company"; $0.companySiret = "12345678901234"
                                },
                                metadata: coordinator
                            )
                        }
                    ),
                    (
                        "basin_id : doit être vide pour le rôle « coordination »",
                        {
                            _ = try await admin.createUser(
                                .with {
                                    $0.userID = "u1"; $0.role = "coordinator"; $0.basinID = "basin-a"
                                },
                                metadata: coordinator
                            )
                        }
                    ),
                    (
                        "basin_id : est requis",
                        { _ = try await admin.assignAnimator(.with { $0.userID = "u1" }, metadata: coordinator) }
                    ),
                    ("user_id : est requis", { _ = try await admin.deactivateUser(.init(), metadata: coordinator) }),
                    ("user_id : est requis", { _ = try await admin.issueToken(.init(), metadata: coordinator) }),
                    (
                        "lifetime_seconds : doit être entre 60 et",
                        {
                            _ = try await admin.issueToken(
                                .with {
                                    $0.userID = "u1"; $0.lifetimeSeconds = 5
                                },
                                metadata: coordinator
                            )
                        }
                    ),
                    (
                        "token_id : ne doit pas être vide",
                        { _ = try await admin.revokeToken(.init(), metadata: coordinator) }
                    ),
                    (
                        "uai : « 0710000A » n'est pas un UAI",
                        {
                            var bad = school
                            bad.uai = "0710000A"
                            _ = try await admin.createSchool(bad, metadata: coordinator)
                        }
                    ),
                    (
                        "name : ne doit pas être vide",
                        {
                            var bad = school
                            bad.name = ""
                            _ = try await admin.createSchool(bad, metadata: coordinator)
                        }
                    ),
                    (
                        "type : doit être l'un de college",
                        {
                            var bad = school
                            bad.type = "lycee"
                            _ = try await admin.updateSchool(bad, metadata: coordinator)
                        }
                    ),
                    (
                        "commune : ne doit pas être vide",
                        {
                            var bad = school
                            bad.commune = ""
                            _ = try await admin.createSchool(bad, metadata: coordinator)
                        }
                    ),
                    (
                        "basin_id : est requis",
                        {
                            var bad = school
                            bad.basinID = ""
                            _ = try await admin.createSchool(bad, metadata: coordinator)
                        }
                    ),
                    (
                        "rep_plus : un établissement est REP ou REP+, pas les deux",
                        {
                            var bad = school
                            bad.rep = true
                            bad.repPlus = true
                            _ = try await admin.createSchool(bad, metadata: coordinator)
                        }
                    ),
                    (
                        "latitude : une position est requise",
                        {
                            var bad = school
                            bad.latitude = 0
                            bad.longitude = 0
                            _ = try await admin.createSchool(bad, metadata: coordinator)
                        }
                    ),
                    (
                        "latitude : la latitude doit être dans",
                        {
                            var bad = school
                            bad.latitude = 91
                            _ = try await admin.createSchool(bad, metadata: coordinator)
                        }
                    ),
                    (
                        "csv : la ligne 1 doit être l'en-tête UAI,name,type",
                        {
                            _ = try await admin.importSchools(.with { $0.csv = "uai;name\n" }, metadata: coordinator)
                        }
                    ),
                    (
                        "csv : ligne 2 : un champ entre guillemets n'est pas fermé",
                        {
                            _ = try await admin.importSchools(
                                .with { $0.csv = AdminRequests.schoolsCSV(count: 0, basin: fixture.basinA) + "\"open" },
                                metadata: coordinator
                            )
                        }
                    ),
                    (
                        "siret : « 12345678901234 » n'est pas un SIRET (14 chiffres avec une clé de contrôle valide)",
                        {
                            var bad = company
                            bad.siret = "12345678901234"
                            _ = try await admin.createCompany(bad, metadata: coordinator)
                        }
                    ),
                    (
                        "sector : « food » n'est pas un code NAF",
                        {
                            var bad = company
                            bad.sector = "food"
                            _ = try await admin.createCompany(bad, metadata: coordinator)
                        }
                    ),
                    (
                        "postal_code : doit faire cinq chiffres",
                        {
                            var bad = company
                            bad.postalCode = "7100"
                            _ = try await admin.updateCompany(bad, metadata: coordinator)
                        }
                    ),
                    (
                        "street : ne doit pas être vide",
                        {
                            var bad = company
                            bad.street = ""
                            _ = try await admin.createCompany(bad, metadata: coordinator)
                        }
                    ),
                    (
                        "basin_ids[1] : « B » n'est pas un identifiant de bassin",
                        {
                            var bad = company
                            bad.basinIds = ["basin-a", "B"]
                            _ = try await admin.createCompany(bad, metadata: coordinator)
                        }
                    ),
                    (
                        "page_size : doit être entre 1 et 200",
                        {
                            _ = try await admin.searchCompanies(.with { $0.pageSize = 500 }, metadata: coordinator)
                        }
                    ),
                    (
                        "page_token : n'est pas un jeton d'une page précédente",
                        {
                            _ = try await admin.searchCompanies(.with { $0.pageToken = "x" }, metadata: coordinator)
                        }
                    ),
                    (
                        "basin_id : « B B » n'est pas un identifiant de bassin",
                        {
                            _ = try await admin.searchCompanies(.with { $0.basinID = "B B" }, metadata: coordinator)
                        }
                    ),
                    (
                        "csv : la ligne 1 doit être l'en-tête SIRET,name,sector",
                        {
                            _ = try await admin.importCompanies(.with { $0.csv = "" }, metadata: coordinator)
                        }
                    ),
                    (
                        "kept_siret : « 1 » n'est pas un SIRET",
                        {
                            _ = try await admin.mergeCompanies(
                                .with {
                                    $0.keptSiret = "1"; $0.duplicateSiret = fixture.companyA.rawValue
                                },
                                metadata: coordinator
                            )
                        }
                    ),
                    (
                        "duplicate_siret : doit différer de kept_siret",
                        {
                            _ = try await admin.mergeCompanies(
                                .with {
                                    $0.keptSiret = fixture.companyA.rawValue;
                                    $0.duplicateSiret = fixture.companyA.rawValue
                                },
                                metadata: coordinator
                            )
                        }
                    ),
                    (
                        "basin_id : « Nope! » n'est pas un identifiant de bassin",
                        {
                            _ = try await admin.getStatistics(.with { $0.basinID = "Nope!" }, metadata: coordinator)
                        }
                    ),
                    (
                        "page_size : doit être entre 1 et 500",
                        {
                            _ = try await admin.listAudit(.with { $0.pageSize = -1 }, metadata: coordinator)
                        }
                    ),
                    (
                        "page_token : n'est pas un jeton d'une page précédente",
                        {
                            _ = try await admin.listAudit(.with { $0.pageToken = "-3" }, metadata: coordinator)
                        }
                    ),
                ]
                for (message, call) in cases {
                    let error = await expectStatus(.invalidArgument, message) { try await call() }
                    #expect(error?.message.hasPrefix(String(message.prefix { $0 != ":" }) + ":") == true, "\(message)")
                }
            }
        }
    }

    @Test("a CSV of 500 schools with 3 bad lines: the report names them; all-or-nothing imports none")
    func importSchools() async throws {
        try await withDomainServer { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let bad = [
                    10:
                        "\(AdminRequests.uai(99_999).rawValue.dropLast())Z,Collège X,college,Mâcon,basin-a,0,0,0,46.3,4.8",
                    200: "\(AdminRequests.uai(20_000)),Collège Y,lycee,Mâcon,basin-a,0,0,0,46.3,4.8",
                    // Two rules broken: both reasons, the unreadable cell's first.
                    499: "\(AdminRequests.uai(20_001)),Collège Z,lycee,Mâcon,basin-a,0,0,0,north,4.8",
                ]
                let csv = AdminRequests.schoolsCSV(count: 500, basin: fixture.basinA, bad: bad)
                let before = try await server.academy.schoolCount()
                let refused = try await clients.admin.importSchools(
                    .with {
                        $0.csv = csv
                        $0.allOrNothing = true
                    },
                    metadata: fixture.metadata(.coordinator)
                )
                #expect(refused.lines == 500 && refused.imported == 0 && !refused.committed)
                #expect(refused.rejected.map(\.line) == [12, 202, 501])
                #expect(try await server.academy.schoolCount() == before)

                let report = try await clients.admin.importSchools(
                    .with { $0.csv = csv },
                    metadata: fixture.metadata(.coordinator)
                )
                #expect(report.lines == 500 && report.imported == 497 && report.committed)
                #expect(report.rejected.map(\.line) == [12, 202, 501])
                let reasons = report.rejected.map(\.reason)
                #expect(reasons[0].hasPrefix("UAI : ") && reasons[0].contains("n'est pas un UAI"), "\(reasons[0])")
                #expect(reasons[1].hasPrefix("type : doit être l'un de"), "\(reasons[1])")
                #expect(
                    report.rejected[2].reasons == [
                        "latitude : « north » n'est pas un nombre",
                        "type : doit être l'un de college, lycee-professionnel, lycee-general-technologique, "
                            + "lycee-agricole, erea",
                    ],
                    "\(report.rejected[2].reasons)"
                )
                #expect(reasons[2] == report.rejected[2].reasons.joined(separator: "; "))
                #expect(report.created == 497 && report.updated == 0)
                #expect(try await server.academy.schoolCount() == before + 497)
                let imported = try #require(try await server.academy.school(AdminRequests.uai(30_001)))
                #expect(imported.name == "Collège n° 1, Saône" && imported.repPlus && imported.rural)

                // Importing again updates: nothing new, the same 3 lines rejected.
                let again = try await clients.admin.importSchools(
                    .with { $0.csv = csv },
                    metadata: fixture.metadata(.coordinator)
                )
                #expect(again.imported == 497 && again.rejected.count == 3)
                #expect(again.created == 0 && again.updated == 497)
                #expect(try await server.academy.schoolCount() == before + 497)
            }
        }
    }

    @Test("a company CSV import: bad SIRET checksum and unknown basin rejected with their lines")
    func importCompanies() async throws {
        try await withDomainServer { server, addresses, fixture in
            try await withWebSocketClients(addresses) { clients in
                let good = AdminRequests.siret(100)
                let badChecksum = String(AdminRequests.siret(101).rawValue.dropLast()) + "0"
                let csv = """
                    SIRET,name,sector,street,postal_code,commune,latitude,longitude,basins
                    \(good),Garage Central,45.20A,1 rue Neuve,71000,Mâcon,46.3,4.8,basin-a;basin-b
                    \(badChecksum),Garage Faux,45.20A,1 rue Neuve,71000,Mâcon,46.3,4.8,basin-a
                    \(AdminRequests.siret(102)),Garage Loin,45.20A,1 rue Neuve,71000,Mâcon,46.3,4.8,nowhere
                    """
                let report = try await clients.admin.importCompanies(
                    .with { $0.csv = csv },
                    metadata: fixture.metadata(.coordinator)
                )
                #expect(report.imported == 1 && report.committed)
                #expect(report.rejected.map(\.line) == [3, 4])
                #expect(report.rejected.first?.reason.hasPrefix("SIRET : ") == true)
                #expect(report.rejected.last?.reason == "basins : aucun bassin « nowhere »")
                let company = try #require(try await server.academy.company(good))
                #expect(company.basins == [fixture.basinA, fixture.basinB])
            }
        }
    }
}
