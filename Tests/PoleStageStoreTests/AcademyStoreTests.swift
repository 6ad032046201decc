import Foundation
import GRDB
import Testing

@testable import PoleStageStore

@Suite("Academy store")
struct AcademyStoreTests {
    /// Runs `body` with an academy store on `backend`.
    private func withAcademy(_ backend: Backend, _ body: (any AcademyStorage) async throws -> Void) async throws {
        try await withAcademyStorage(backend) { fixture in try await body(fixture.storage) }
    }

    @Test("a basin is created once; a second time it already exists", arguments: Backend.tested)
    func basins(_ backend: Backend) async throws {
        try await withAcademy(backend) { store in
            let chalon = Basin(id: BasinID("chalon-tournus-louhans")!, name: "Chalon – Tournus – Louhans")
            let autun = Basin(id: BasinID("autun")!, name: "Autun", archived: true)
            try await store.createBasin(chalon)
            try await store.createBasin(autun)
            let again = await #expect(throws: StoreError.self) {
                try await store.createBasin(Basin(id: chalon.id, name: "Autre nom"))
            }
            #expect(again == .alreadyExists("bassin chalon-tournus-louhans"))
            #expect(try await store.basin(chalon.id) == chalon)
            #expect(try await store.basins() == [autun, chalon])
            #expect(try await store.basin(BasinID("nowhere")!) == nil)
        }
    }

    @Test(
        "lookups are remembered until the next write: a school that moves, or appears, is seen at once",
        arguments: Backend.tested
    )
    func rememberedLookups(_ backend: Backend) async throws {
        try await withAcademy(backend) { store in
            let (macon, chalon) = (BasinID("macon")!, BasinID("chalon-tournus-louhans")!)
            try await store.createBasin(Basin(id: macon, name: "Mâcon"))
            let uai = uai("0710045")
            #expect(try await store.school(uai) == nil)
            #expect(try await store.basin(chalon) == nil)

            var school = School(
                uai: uai,
                name: "Lycée Émiland-Gauthey",
                kind: .lyceeProfessionnel,
                commune: "Chalon-sur-Saône",
                basin: macon,
                rep: false,
                rural: false,
                location: GeoPoint(latitude: 46.79, longitude: 4.85)!
            )
            try await store.saveSchool(school)
            #expect(try await store.school(uai)?.basin == macon)
            #expect(try await store.school(uai)?.basin == macon)

            try await store.createBasin(Basin(id: chalon, name: "Chalon"))
            #expect(try await store.basin(chalon)?.name == "Chalon")
            school.basin = chalon
            try await store.saveSchool(school)
            #expect(try await store.school(uai)?.basin == chalon)
        }
    }

    @Test("a school goes into an existing basin only, and reads back", arguments: Backend.tested)
    func schools(_ backend: Backend) async throws {
        try await withAcademy(backend) { store in
            let basin = BasinID("macon")!
            let school = School(
                uai: uai("0710045"),
                name: "Lycée professionnel Émiland-Gauthey",
                kind: .lyceeProfessionnel,
                commune: "Chalon-sur-Saône",
                basin: basin,
                rep: true,
                rural: false,
                location: GeoPoint(latitude: 46.79, longitude: 4.85)!
            )
            let missing = await #expect(throws: StoreError.self) { try await store.saveSchool(school) }
            #expect(missing == .notFound("bassin macon"))
            #expect(try await store.school(school.uai) == nil)

            try await store.createBasin(Basin(id: basin, name: "Mâcon"))
            try await store.saveSchool(school)
            #expect(try await store.school(school.uai) == school)
            var renamed = school
            renamed.name = "LP Émiland Gauthey"
            renamed.repPlus = true
            try await store.saveSchool(renamed)
            #expect(try await store.schools(in: basin) == [renamed])
            #expect(try await store.schools(in: BasinID("autre")!).isEmpty)
        }
    }

    @Test(
        "a company reads back with its basins; a save naming an unknown basin changes nothing",
        arguments: Backend.tested
    )
    func companies(_ backend: Backend) async throws {
        try await withAcademy(backend) { store in
            let (north, south) = (BasinID("nord")!, BasinID("sud")!)
            try await store.createBasin(Basin(id: north, name: "Nord"))
            try await store.createBasin(Basin(id: south, name: "Sud"))
            let company = Company(
                siret: siret("7321234500001"),
                name: "Boulangerie Lefèvre",
                sector: "10.71C",
                street: "12 rue de l'Église",
                postalCode: "71100",
                commune: "Chalon-sur-Saône",
                location: GeoPoint(latitude: 46.78, longitude: 4.85)!,
                basins: [north, south]
            )
            try await store.saveCompany(company)
            #expect(try await store.company(company.siret) == company)

            var moved = company
            moved.basins = [south]
            moved.name = "Boulangerie Lefèvre et fils"
            try await store.saveCompany(moved)
            #expect(try await store.company(company.siret) == moved)

            var broken = moved
            broken.basins = [north, BasinID("inconnu")!]
            broken.name = "Ne doit pas rester"
            let error = await #expect(throws: StoreError.self) { try await store.saveCompany(broken) }
            #expect(error == .notFound("bassin inconnu"))
            #expect(try await store.company(company.siret) == moved)
            #expect(try await store.company(siret("4420123456789")) == nil)
        }
    }

    @Test("the ROME trades are seeded", arguments: Backend.tested)
    func trades(_ backend: Backend) async throws {
        try await withAcademy(backend) { store in
            #expect(try await store.trade(TradeCode("G1602")!)?.label == "Personnel de cuisine")
            #expect(try await store.trade(TradeCode("F1602")!)?.label == "Électricité bâtiment")
            #expect(try await store.trade(TradeCode("Z9999")!) == nil)
            let trades = try await store.trades()
            #expect(trades.count == AcademyMigrations.romeTrades.count)
            #expect(trades.map(\.code) == trades.map(\.code).sorted())
        }
    }

    @Test("reopening the academy file keeps its data and does not seed twice")
    func reopen() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = StoreConfiguration(directory: directory)
            let first = try AcademyStore(configuration: configuration)
            try await first.createBasin(Basin(id: BasinID("nord")!, name: "Nord"))
            try first.close()
            let second = try AcademyStore(configuration: configuration)
            defer { try? second.close() }
            #expect(try await second.basins().map(\.name) == ["Nord"])
            #expect(try await second.trades().count == AcademyMigrations.romeTrades.count)
        }
    }

    @Test(
        "a user is inserted once, saved any number of times, and names only a basin, school or company that exists",
        arguments: Backend.tested
    )
    func users(_ backend: Backend) async throws {
        try await withAcademyStorage(backend) { fixture in
            let (store, clock) = (fixture.storage, fixture.clock)
            let basin = BasinID("nord")!
            try await store.createBasin(Basin(id: basin, name: "Nord"))
            let animator = try await store.insertUser(User(id: "u-1", role: "animator", basin: basin))
            #expect(animator == User(id: "u-1", role: "animator", basin: basin, active: true))
            let duplicate = await #expect(throws: StoreError.self) {
                try await store.insertUser(User(id: "u-1", role: "coordinator"))
            }
            #expect(duplicate == .alreadyExists("utilisateur u-1"))

            // Saved again later: role, scope and state change, the creation time stays.
            clock.advance(by: .seconds(60))
            let coordinator = try await store.saveUser(User(id: "u-1", role: "coordinator"))
            #expect(coordinator == User(id: "u-1", role: "coordinator"))
            #expect(try await store.user("u-1") == coordinator)
            let created = try await fixture.userCreatedAt("u-1")
            #expect(created == clock.milliseconds - 60_000)
            #expect(try await store.saveUser(User(id: "u-1", role: "coordinator", active: false)).active == false)
            #expect(try await store.saveUser(User(id: "u-1", role: "coordinator")).active)

            for (user, missing) in [
                (User(id: "u-2", role: "animator", basin: BasinID("absent")!), "bassin absent"),
                (User(id: "u-2", role: "school", school: uai("0710099")), "établissement \(uai("0710099"))"),
                (
                    User(id: "u-2", role: "company", company: siret("4420123456789")),
                    "entreprise \(siret("4420123456789"))"
                ),
            ] {
                let error = await #expect(throws: StoreError.self) { try await store.saveUser(user) }
                #expect(error == .notFound(missing))
            }
            #expect(try await store.user("u-2") == nil)
        }
    }

    @Test(
        "saving a school or company again updates its row in place: the users naming it and its basins stay",
        arguments: Backend.tested
    )
    func savedAgain(_ backend: Backend) async throws {
        try await withAcademy(backend) { store in
            let (north, south) = (BasinID("nord")!, BasinID("sud")!)
            try await store.createBasin(Basin(id: north, name: "Nord"))
            try await store.createBasin(Basin(id: south, name: "Sud"))
            let school = School(
                uai: uai("0710045"),
                name: "Collège Jean-Vilar",
                kind: .college,
                commune: "Chalon-sur-Saône",
                basin: north,
                location: GeoPoint(latitude: 46.78, longitude: 4.85)!
            )
            let company = Company(
                siret: siret("7321234500001"),
                name: "Garage Bérard",
                sector: "45.20A",
                street: "1 rue du Pont",
                postalCode: "71100",
                commune: "Chalon-sur-Saône",
                location: GeoPoint(latitude: 46.78, longitude: 4.85)!,
                basins: [north, south]
            )
            try await store.saveSchool(school)
            try await store.saveCompany(company)
            _ = try await store.insertUser(User(id: "u-3", role: "school", school: school.uai))
            _ = try await store.insertUser(User(id: "u-4", role: "company", company: company.siret))
            var renamedSchool = school
            renamedSchool.name = "Collège Jean Vilar"
            try await store.saveSchool(renamedSchool)
            var renamedCompany = company
            renamedCompany.name = "Garage Bérard & fils"
            try await store.saveCompany(renamedCompany)
            #expect(try await store.school(school.uai) == renamedSchool)
            #expect(try await store.company(company.siret) == renamedCompany)
            #expect(try await store.company(company.siret)?.basins == [north, south])
            #expect(try await store.user("u-3")?.school == school.uai)
            #expect(try await store.user("u-4")?.company == company.siret)

            // The same single write behind create and save: create refuses what exists.
            let again = await #expect(throws: StoreError.self) { try await store.createCompany(company) }
            #expect(again == .alreadyExists("entreprise \(company.siret)"))
            let schoolAgain = await #expect(throws: StoreError.self) { try await store.createSchool(school) }
            #expect(schoolAgain == .alreadyExists("établissement \(school.uai)"))
            #expect(try await store.school(school.uai) == renamedSchool)
        }
    }

    /// A row that no longer passes its column's rule, written behind the store's back.
    struct CorruptRow: Sendable, CustomTestStringConvertible {
        var what: String
        var sql: String
        var read: @Sendable (AcademyStore) async throws -> Void
        var error: StoreError
        var testDescription: String { self.what }
    }

    static let corruptRows: [CorruptRow] = [
        CorruptRow(
            what: "a basin id that is no slug",
            sql: "INSERT INTO basin (id, name, archived, createdAt) VALUES ('Sud Ouest', 'Sud-Ouest', 0, 0)",
            read: { _ = try await $0.basins() },
            error: .corrupt("basin Sud Ouest: column id cannot be read")
        ),
        CorruptRow(
            what: "a school of an unknown kind",
            sql: """
                INSERT INTO school (uai, name, kind, commune, basinId, rep, repPlus, rural, latitude, longitude)
                VALUES ('0710045N', 'Collège', 'castle', 'Mâcon', 'nord', 0, 0, 0, 46.3, 4.8)
                """,
            read: { _ = try await $0.schools(in: BasinID("nord")!) },
            error: .corrupt("school 0710045N: column kind cannot be read")
        ),
        CorruptRow(
            what: "a school's latitude out of range",
            sql: """
                INSERT INTO school (uai, name, kind, commune, basinId, rep, repPlus, rural, latitude, longitude)
                VALUES ('0710045N', 'Collège', 'college', 'Mâcon', 'nord', 0, 0, 0, 146.3, 4.8)
                """,
            read: { _ = try await $0.school(uai("0710045")) },
            error: .corrupt("school 0710045N: column latitude cannot be read")
        ),
        CorruptRow(
            what: "a trade code that is no ROME code",
            sql: "INSERT INTO trade (code, label) VALUES ('cook', 'Cuisine')",
            read: { _ = try await $0.trades() },
            error: .corrupt("trade cook: column code cannot be read")
        ),
        CorruptRow(
            what: "a company's SIRET with a wrong check digit",
            sql: """
                INSERT INTO company (siret, name, sector, street, postalCode, commune, latitude, longitude)
                VALUES ('73212345000010', 'Garage', '45.20A', '1 rue du Pont', '71100', 'Chalon', 46.78, 4.85)
                """,
            read: { _ = try await $0.searchCompanies(query: "garage", basin: nil, limit: 10, offset: 0) },
            error: .corrupt("company 73212345000010: column siret cannot be read")
        ),
        CorruptRow(
            what: "a company's basin that is no slug",
            sql: """
                INSERT INTO company (siret, name, sector, street, postalCode, commune, latitude, longitude)
                VALUES ('\(siret("7321234500001").rawValue)', 'Garage', '45.20A', '1 rue', '71100', 'Chalon', 46.78, 4.85);
                INSERT INTO basin (id, name, archived, createdAt) VALUES ('Nord Est', 'Nord-Est', 0, 0);
                INSERT INTO companyBasin (siret, basinId) VALUES ('\(siret("7321234500001").rawValue)', 'Nord Est')
                """,
            read: { _ = try await $0.company(siret("7321234500001")) },
            error: .corrupt("companyBasin \(siret("7321234500001").rawValue): column basinId cannot be read")
        ),
        CorruptRow(
            what: "a user's school that is no UAI",
            sql: """
                INSERT INTO school (uai, name, kind, commune, basinId, rep, repPlus, rural, latitude, longitude)
                VALUES ('0710045', 'Collège', 'college', 'Mâcon', 'nord', 0, 0, 0, 46.3, 4.8);
                INSERT INTO user (id, role, schoolUai, active, createdAt) VALUES ('u-9', 'school', '0710045', 1, 0)
                """,
            read: { _ = try await $0.user("u-9") },
            error: .corrupt("user u-9: column schoolUai cannot be read")
        ),
        CorruptRow(
            what: "an audit entry about a basin id that is no slug",
            sql: """
                INSERT INTO audit (at, userId, role, method, basinId, target, outcome)
                VALUES (0, 'u-1', 'coordinator', 'CreateBasin', 'Nord Est', 'basin Nord Est', 'OK')
                """,
            read: { _ = try await $0.auditEntries(before: nil, basin: nil, limit: 10) },
            error: .corrupt("audit 1: column basinId cannot be read")
        ),
        CorruptRow(
            what: "an issued token's expiry that is no number",
            sql: """
                INSERT INTO issuedToken (tokenId, userId, role, issuedAt, expiresAt)
                VALUES ('jti-1', 'u-1', 'coordinator', 0, 'soon')
                """,
            read: { _ = try await $0.issuedTokens(of: "u-1") },
            error: .corrupt("issuedToken jti-1: column expiresAt cannot be read")
        ),
    ]

    @Test(
        "a row that breaks its column's rule fails the read with an error naming its table, key and column",
        arguments: corruptRows
    )
    func corruptRow(_ corrupt: CorruptRow) async throws {
        try await withAcademyStore { store, database, _ in
            try await store.createBasin(Basin(id: BasinID("nord")!, name: "Nord"))
            try await database.write { db in try db.execute(sql: corrupt.sql) }
            let error = await #expect(throws: StoreError.self) { try await corrupt.read(store) }
            #expect(error == corrupt.error)
        }
    }
}
