import Foundation
import Testing

@testable import PoleStageStore

@Suite("Academy store")
struct AcademyStoreTests {
    /// Runs `body` with an academy store in memory.
    private func withAcademy(_ body: (AcademyStore) async throws -> Void) async throws {
        try await withAcademyStore { store, _, _ in try await body(store) }
    }

    @Test("a basin is created once; a second time it already exists")
    func basins() async throws {
        try await withAcademy { store in
            let chalon = Basin(id: BasinID("chalon-tournus-louhans")!, name: "Chalon – Tournus – Louhans")
            let autun = Basin(id: BasinID("autun")!, name: "Autun", archived: true)
            try await store.createBasin(chalon)
            try await store.createBasin(autun)
            let again = await #expect(throws: StoreError.self) {
                try await store.createBasin(Basin(id: chalon.id, name: "Autre nom"))
            }
            #expect(again == .alreadyExists("basin chalon-tournus-louhans"))
            #expect(try await store.basin(chalon.id) == chalon)
            #expect(try await store.basins() == [autun, chalon])
            #expect(try await store.basin(BasinID("nowhere")!) == nil)
        }
    }

    @Test("lookups are remembered until the next write: a school that moves, or appears, is seen at once")
    func rememberedLookups() async throws {
        try await withAcademy { store in
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

    @Test("a school goes into an existing basin only, and reads back")
    func schools() async throws {
        try await withAcademy { store in
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
            #expect(missing == .notFound("basin macon"))
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

    @Test("a company reads back with its basins; a save naming an unknown basin changes nothing")
    func companies() async throws {
        try await withAcademy { store in
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
            #expect(error == .notFound("basin inconnu"))
            #expect(try await store.company(company.siret) == moved)
            #expect(try await store.company(siret("4420123456789")) == nil)
        }
    }

    @Test("the ROME trades are seeded")
    func trades() async throws {
        try await withAcademy { store in
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

    @Test("users are recorded, and the school and company they name can still be saved again")
    func users() async throws {
        try await withAcademy { store in
            let basin = BasinID("nord")!
            try await store.createBasin(Basin(id: basin, name: "Nord"))
            try await store.createUser(id: "u-1", role: "animator", basin: basin)
            try await store.createUser(id: "u-1", role: "coordinator")
            await #expect(throws: (any Error).self) {
                try await store.createUser(id: "u-2", role: "animator", basin: BasinID("absent")!)
            }

            let school = School(
                uai: uai("0710045"),
                name: "Collège Jean-Vilar",
                kind: .college,
                commune: "Chalon-sur-Saône",
                basin: basin,
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
                basins: [basin]
            )
            try await store.saveSchool(school)
            try await store.saveCompany(company)
            try await store.createUser(id: "u-3", role: "school", school: school.uai)
            try await store.createUser(id: "u-4", role: "company", company: company.siret)
            var renamedSchool = school
            renamedSchool.name = "Collège Jean Vilar"
            try await store.saveSchool(renamedSchool)
            var renamedCompany = company
            renamedCompany.name = "Garage Bérard & fils"
            try await store.saveCompany(renamedCompany)
            #expect(try await store.school(school.uai) == renamedSchool)
            #expect(try await store.company(company.siret) == renamedCompany)
        }
    }
}
