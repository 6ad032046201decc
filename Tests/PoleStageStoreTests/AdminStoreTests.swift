import Foundation
import GRDB
import Testing

@testable import PoleStageStore

@Suite("Admin operations of the stores: archive, revocations, users, audit, imports")
struct AdminStoreTests {
    /// Runs `body` with an academy store with basin `macon`, and that basin's store, both in memory.
    private func withStores(_ body: (AcademyStore, BasinStore) async throws -> Void) async throws {
        try await withAcademyStore { academy, _, clock in
            let macon = BasinID("macon")!
            try await academy.createBasin(Basin(id: macon, name: "Mâcon"))
            let store = try BasinStore(
                basin: macon,
                writer: DatabaseQueue(),
                configuration: testConfiguration(clock: clock)
            )
            try await body(academy, store)
        }
    }

    /// Runs `body` with an academy store on `backend` with basin `macon`.
    private func withMacon(_ backend: Backend, _ body: (any AcademyStorage) async throws -> Void) async throws {
        try await withAcademyStorage(backend) { fixture in
            try await fixture.storage.createBasin(Basin(id: BasinID("macon")!, name: "Mâcon"))
            try await body(fixture.storage)
        }
    }

    private func school(_ body: String, basin: String = "macon") -> School {
        School(
            uai: uai(body),
            name: "Collège",
            kind: .college,
            commune: "Mâcon",
            basin: BasinID(basin)!,
            location: GeoPoint(latitude: 46.3, longitude: 4.8)!
        )
    }

    @Test("an archived basin store refuses writes in the transaction; reads and merges still work")
    func archive() async throws {
        try await withStores { academy, store in
            _ = try await store.setSchoolPeriods([], school: uai("0710045"))
            try await store.markArchived()
            #expect(try await store.isArchived())
            let refused = await #expect(throws: StoreError.self) {
                try await store.setSchoolPeriods([], school: uai("0710045"))
            }
            #expect(refused == .failedPrecondition("le bassin macon est archivé : il est en lecture seule"))
            #expect(try await store.offerCount() == 0)
            let moved = try await store.moveCompany(from: siret("4000000000001"), to: siret("4000000000002"), name: "X")
            #expect(moved.offers == 0)
            let basin = try await academy.archiveBasin(BasinID("macon")!)
            #expect(basin.archived)
            let school = await #expect(throws: StoreError.self) {
                try await academy.createSchool(self.school("0710045"))
            }
            #expect(school == .failedPrecondition("le bassin macon est archivé : il est en lecture seule"))
        }
    }

    @Test(
        "issued tokens are listed newest first; revocations are stored once, read back, and need an issued token",
        arguments: Backend.tested
    )
    func revocations(_ backend: Backend) async throws {
        try await withMacon(backend) { academy in
            let unknown = await #expect(throws: StoreError.self) {
                try await academy.revokeToken("jti-1", by: "u-coordinator")
            }
            #expect(unknown == .notFound("jeton jti-1"))
            for (id, at) in [("jti-1", Int64(1_000)), ("jti-2", 2_000)] {
                try await academy.recordIssuedToken(
                    IssuedTokenRecord(
                        tokenId: id,
                        userId: "u-1",
                        role: "animator",
                        basinId: "macon",
                        issuedAt: at,
                        expiresAt: at + 60_000
                    )
                )
            }
            let first = try await academy.revokeToken("jti-1", by: "u-coordinator")
            let again = try await academy.revokeToken("jti-1", by: "u-other")
            #expect(first == again)
            #expect(try await academy.revokedTokenIDs() == ["jti-1"])
            let listed = try await academy.issuedTokens(of: "u-1")
            #expect(listed.map(\.tokenId) == ["jti-2", "jti-1"])
            #expect(listed.map(\.revokedAt) == [nil, first])
            #expect(listed.first?.basinId == "macon" && listed.first?.expiresAt == 62_000)
            #expect(try await academy.issuedTokens(of: "u-2").isEmpty)
            _ = try await academy.insertUser(User(id: "u-7", role: "animator", basin: BasinID("macon")!))
            let duplicate = await #expect(throws: StoreError.self) {
                try await academy.insertUser(User(id: "u-7", role: "coordinator"))
            }
            #expect(duplicate == .alreadyExists("utilisateur u-7"))
            #expect(try await academy.deactivateUser("u-7").active == false)
            #expect(try await academy.inactiveUserIDs() == ["u-7"])
        }
    }

    @Test("the audit log pages newest first and filters by basin", arguments: Backend.tested)
    func audit(_ backend: Backend) async throws {
        try await withMacon(backend) { academy in
            for index in 0..<5 {
                try await academy.appendAudit(
                    AuditEntry(
                        user: "u-\(index)",
                        role: "coordinator",
                        method: "CreateBasin",
                        basin: index % 2 == 0 ? BasinID("macon")! : nil,
                        target: "basin \(index)",
                        outcome: "OK"
                    )
                )
            }
            let first = try await academy.auditEntries(before: nil, basin: nil, limit: 2)
            #expect(first.map(\.user) == ["u-4", "u-3"])
            let next = try await academy.auditEntries(before: first.last?.id, basin: nil, limit: 10)
            #expect(next.map(\.user) == ["u-2", "u-1", "u-0"])
            let macon = try await academy.auditEntries(before: nil, basin: BasinID("macon")!, limit: 10)
            #expect(macon.map(\.user) == ["u-4", "u-2", "u-0"])
        }
    }

    @Test(
        "a school import writes all its schools in one transaction, or none when a basin is unknown",
        arguments: Backend.tested
    )
    func importSchools(_ backend: Backend) async throws {
        try await withMacon(backend) { academy in
            let outcome = try await academy.importSchools([self.school("0710045"), self.school("0710046")])
            #expect(outcome == ImportOutcome(created: 2, updated: 0, committed: true))
            let again = try await academy.importSchools([self.school("0710045"), self.school("0710049")])
            #expect(again == ImportOutcome(created: 1, updated: 1, committed: true))
            await #expect(throws: StoreError.self) {
                try await academy.importSchools([self.school("0710047"), self.school("0710048", basin: "nowhere")])
            }
            #expect(try await academy.schoolCount() == 3)
        }
    }
}
