import Foundation
import Testing

@testable import PoleStageStore

@Suite("Academy directory: updates, archives, searches and merges")
struct AcademyDirectoryTests {
    static let (north, south) = (BasinID("nord")!, BasinID("sud")!)

    /// Runs `body` with an academy store on `backend` with basins `nord` and `sud`.
    private func withBasins(_ backend: Backend, _ body: (any AcademyStorage) async throws -> Void) async throws {
        try await withAcademyStorage(backend) { fixture in
            try await fixture.storage.createBasin(Basin(id: Self.north, name: "Nord"))
            try await fixture.storage.createBasin(Basin(id: Self.south, name: "Sud"))
            try await body(fixture.storage)
        }
    }

    private func school(_ body: String, basin: BasinID = north, rep: Bool = false) -> School {
        School(
            uai: uai(body),
            name: "Collège \(body)",
            kind: .college,
            commune: "Mâcon",
            basin: basin,
            rep: rep,
            location: GeoPoint(latitude: 46.3, longitude: 4.8)!
        )
    }

    private func company(_ digits: String, _ name: String, basins: Set<BasinID>) -> Company {
        Company(
            siret: siret(digits),
            name: name,
            sector: "45.20A",
            street: "1 rue du Pont",
            postalCode: "71100",
            commune: "Chalon-sur-Saône",
            location: GeoPoint(latitude: 46.78, longitude: 4.85)!,
            basins: basins
        )
    }

    @Test(
        "a school's update starts from the stored school; an archived basin takes no school",
        arguments: Backend.tested
    )
    func schoolUpdatesAndArchives(_ backend: Backend) async throws {
        try await withBasins(backend) { store in
            try await store.saveSchool(self.school("0710045", rep: true))
            try await store.saveSchool(self.school("0710046", basin: Self.south))
            let updated = try await store.updateSchool(uai("0710045")) { stored in
                var school = stored
                school.name = stored.name + " (rénové)"
                school.uai = uai("0710099")
                return school
            }
            #expect(updated.uai == uai("0710045"))
            #expect(try await store.school(uai("0710045"))?.name == "Collège 0710045 (rénové)")
            #expect(try await store.school(uai("0710099")) == nil)
            await #expect(throws: Refused.self) {
                try await store.updateSchool(uai("0710045")) { _ in throw Refused() }
            }
            let unknown = await #expect(throws: StoreError.self) { try await store.updateSchool(uai("0710098")) { $0 } }
            #expect(unknown == .notFound("établissement \(uai("0710098"))"))
            #expect(
                try await store.priorityFacts(of: uai("0710045"))
                    == SchoolPriorityFacts(rep: true, repPlus: false, rural: false)
            )
            #expect(
                try await store.priorityFacts(of: uai("0710098"))
                    == SchoolPriorityFacts(rep: false, repPlus: false, rural: false)
            )
            #expect(try await store.schoolCounts() == [Self.north: 1, Self.south: 1])
            #expect(try await store.schoolCount() == 2)
            #expect(try await store.allSchools().map(\.uai) == [uai("0710045"), uai("0710046")])

            let archived = try await store.archiveBasin(Self.north)
            #expect(archived == Basin(id: Self.north, name: "Nord", archived: true))
            #expect(try await store.archiveBasin(Self.north) == archived)
            let readOnly = StoreError.failedPrecondition("le bassin nord est archivé : il est en lecture seule")
            let update = await #expect(throws: StoreError.self) { try await store.updateSchool(uai("0710045")) { $0 } }
            #expect(update == readOnly)
            let moveIn = await #expect(throws: StoreError.self) {
                try await store.updateSchool(uai("0710046")) { stored in
                    var school = stored
                    school.basin = Self.north
                    return school
                }
            }
            #expect(moveIn == readOnly)
            let create = await #expect(throws: StoreError.self) { try await store.createSchool(self.school("0710047")) }
            #expect(create == readOnly)
            let rename = await #expect(throws: StoreError.self) { try await store.renameBasin(Self.north, to: "N") }
            #expect(rename == readOnly)
            #expect(try await store.renameBasin(Self.south, to: "Sud-Est").name == "Sud-Est")
            #expect(try await store.basin(Self.south)?.name == "Sud-Est")
            let absent = await #expect(throws: StoreError.self) {
                try await store.renameBasin(BasinID("absent")!, to: "A")
            }
            #expect(absent == .notFound("bassin absent"))
            let archiveAbsent = await #expect(throws: StoreError.self) {
                try await store.archiveBasin(BasinID("absent")!)
            }
            #expect(archiveAbsent == .notFound("bassin absent"))
        }
    }

    @Test("companies are found by folded name or SIRET prefix, by name, a page at a time", arguments: Backend.tested)
    func searchCompanies(_ backend: Backend) async throws {
        try await withBasins(backend) { store in
            let electrician = self.company("7321234500001", "Électricité Martin", basins: [Self.north])
            let baker = self.company("4420123456789", "Boulangerie Lefèvre", basins: [Self.north, Self.south])
            let garage = self.company("5550000000001", "Garage Bérard", basins: [Self.south])
            let outcome = try await store.importCompanies([electrician, baker, garage])
            #expect(outcome == ImportOutcome(created: 3, updated: 0, committed: true))
            #expect(try await store.importCompanies([]) == ImportOutcome(created: 0, updated: 0, committed: false))

            #expect(
                try await store.searchCompanies(query: "electricite", basin: nil, limit: 10, offset: 0) == [electrician]
            )
            #expect(try await store.searchCompanies(query: "BÉRARD", basin: nil, limit: 10, offset: 0) == [garage])
            #expect(
                try await store.searchCompanies(query: "7321 2345", basin: nil, limit: 10, offset: 0) == [electrician]
            )
            let all = try await store.searchCompanies(query: "", basin: nil, limit: 10, offset: 0)
            #expect(all == [baker, garage, electrician])
            #expect(
                try await store.searchCompanies(query: "", basin: Self.south, limit: 10, offset: 0) == [baker, garage]
            )
            #expect(try await store.searchCompanies(query: "", basin: nil, limit: 1, offset: 1) == [garage])
            #expect(
                try await store.searchCompanies(query: "e", basin: Self.north, limit: 10, offset: 1) == [electrician]
            )
            #expect(try await store.searchCompanies(query: "zzz", basin: nil, limit: 10, offset: 0).isEmpty)

            var renamed = garage
            renamed.name = "Garage Bérard & fils"
            renamed.basins = [Self.north]
            let again = try await store.importCompanies([renamed, self.company("5550000000002", "Atelier", basins: [])])
            #expect(again == ImportOutcome(created: 1, updated: 1, committed: true))
            #expect(try await store.company(garage.siret) == renamed)
            await #expect(throws: StoreError.self) {
                try await store.importCompanies([
                    self.company("5550000000003", "Nouveau", basins: []),
                    self.company("5550000000004", "Perdu", basins: [BasinID("absent")!]),
                ])
            }
            #expect(try await store.company(siret("5550000000003")) == nil)
        }
    }

    @Test("a company's update starts from the stored one and keeps its SIRET", arguments: Backend.tested)
    func updateCompany(_ backend: Backend) async throws {
        try await withBasins(backend) { store in
            let company = self.company("7321234500001", "Électricité Martin", basins: [Self.north])
            try await store.createCompany(company)
            let updated = try await store.updateCompany(company.siret) { stored in
                var company = stored
                company.name = "Martin Électricité"
                company.basins.insert(Self.south)
                company.siret = siret("4420123456789")
                return company
            }
            #expect(updated.siret == company.siret)
            #expect(try await store.company(company.siret) == updated)
            #expect(try await store.company(company.siret)?.basins == [Self.north, Self.south])
            #expect(try await store.company(siret("4420123456789")) == nil)
            await #expect(throws: Refused.self) {
                try await store.updateCompany(company.siret) { _ in throw Refused() }
            }
            let unknown = await #expect(throws: StoreError.self) {
                try await store.updateCompany(siret("4420123456789")) { $0 }
            }
            #expect(unknown == .notFound("entreprise \(siret("4420123456789"))"))
        }
    }

    @Test(
        "merging a duplicate company moves its basins and users to the kept one, then removes it",
        arguments: Backend.tested
    )
    func mergeCompany(_ backend: Backend) async throws {
        try await withBasins(backend) { store in
            let kept = self.company("7321234500001", "Boulangerie Lefèvre", basins: [Self.north])
            let duplicate = self.company("4420123456789", "Boulangerie Lefevre", basins: [Self.north, Self.south])
            try await store.saveCompany(kept)
            try await store.saveCompany(duplicate)
            _ = try await store.insertUser(User(id: "u-4", role: "company", company: duplicate.siret))
            _ = try await store.insertUser(User(id: "u-5", role: "company", company: kept.siret))

            let merged = try await store.mergeCompany(duplicate.siret, into: kept.siret)
            var expected = kept
            expected.basins = [Self.north, Self.south]
            #expect(merged == expected)
            #expect(try await store.company(kept.siret) == expected)
            #expect(try await store.company(duplicate.siret) == nil)
            #expect(try await store.user("u-4")?.company == kept.siret)
            #expect(try await store.user("u-5")?.company == kept.siret)

            let again = await #expect(throws: StoreError.self) {
                try await store.mergeCompany(duplicate.siret, into: kept.siret)
            }
            #expect(again == .notFound("entreprise \(duplicate.siret)"))
            let intoMissing = await #expect(throws: StoreError.self) {
                try await store.mergeCompany(kept.siret, into: duplicate.siret)
            }
            #expect(intoMissing == .notFound("entreprise \(duplicate.siret)"))
        }
    }

    @Test("only an animator is assigned to a basin; a deactivated user is listed", arguments: Backend.tested)
    func animators(_ backend: Backend) async throws {
        try await withBasins(backend) { store in
            _ = try await store.insertUser(User(id: "u-1", role: "animator", basin: Self.north))
            _ = try await store.insertUser(User(id: "u-2", role: "coordinator"))
            #expect(try await store.assignAnimator("u-1", to: Self.south).basin == Self.south)
            #expect(try await store.user("u-1")?.basin == Self.south)
            let coordinator = await #expect(throws: StoreError.self) {
                try await store.assignAnimator("u-2", to: Self.south)
            }
            #expect(
                coordinator
                    == .failedPrecondition(
                        "l'utilisateur u-2 a le rôle « coordinator », pas celui d'animateur : invitez un animateur"
                    )
            )
            let unknown = await #expect(throws: StoreError.self) {
                try await store.assignAnimator("u-9", to: Self.south)
            }
            #expect(unknown == .notFound("utilisateur u-9"))
            let nowhere = await #expect(throws: StoreError.self) {
                try await store.assignAnimator("u-1", to: BasinID("absent")!)
            }
            #expect(nowhere == .notFound("bassin absent"))
            #expect(try await store.inactiveUserIDs().isEmpty)
            #expect(try await store.deactivateUser("u-2").active == false)
            #expect(try await store.inactiveUserIDs() == ["u-2"])
            let deactivateUnknown = await #expect(throws: StoreError.self) { try await store.deactivateUser("u-9") }
            #expect(deactivateUnknown == .notFound("utilisateur u-9"))
        }
    }
}
