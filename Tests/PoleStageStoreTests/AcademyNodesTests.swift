import Foundation
import Testing

@testable import PoleStagePostgres
@testable import PoleStageStore

/// The academy store on PostgreSQL with several server nodes, each with its own client, writing at once.
@Suite("Academy store on PostgreSQL, several nodes", .enabled(if: Backend.tested.contains(.postgres)))
struct AcademyNodesTests {
    /// What each node's call gave: its value, or the refusal it threw.
    private func race<T: Sendable>(
        _ stores: [PostgresAcademyStore],
        _ call: @escaping @Sendable (PostgresAcademyStore) async throws -> T
    ) async -> [Result<T, SignInRefusal>] {
        await withTaskGroup(of: Result<T, SignInRefusal>.self) { group in
            for store in stores {
                group.addTask {
                    do { return .success(try await call(store)) } catch let refusal as SignInRefusal {
                        return .failure(refusal)
                    } catch {
                        Issue.record(error)
                        return .failure(.unknown)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("a second node migrating the schema applies nothing: its data stays, the trades are seeded once")
    func migrateAgain() async throws {
        try await withPostgresAcademy(nodes: 2) { stores, _ in
            try await stores[0].createBasin(Basin(id: BasinID("nord")!, name: "Nord"))
            let applied = try await AcademySchema.migrator.migrate(
                stores[1].schema,
                on: stores[1].client,
                logger: stores[1].logger
            )
            #expect(applied.isEmpty)
            #expect(try await stores[1].basins().map(\.name) == ["Nord"])
            #expect(try await stores[1].trades().count == AcademyMigrations.romeTrades.count)
        }
    }

    @Test("two nodes redeeming one invite at once: one gets the user, the other finds it used")
    func oneRedemption() async throws {
        try await withPostgresAcademy(nodes: 2) { stores, clock in
            _ = try await stores[0].insertUser(User(id: "u-1", role: "coordinator"))
            for _ in 0..<20 {
                let invite = try await stores[0].createInvite(for: "u-1", by: "u-admin", lifetime: .seconds(60))
                let results = await self.race(stores) { try await $0.redeemInvite(invite.code).id }
                #expect(results.compactMap { try? $0.get() } == ["u-1"])
                #expect(results.contains { $0 == .failure(.used(at: clock.milliseconds)) })
            }
        }
    }

    @Test("two nodes exchanging one refresh token at once: one gets the next token, the other ends the session")
    func oneRotation() async throws {
        try await withPostgresAcademy(nodes: 2) { stores, _ in
            _ = try await stores[0].insertUser(User(id: "u-1", role: "coordinator"))
            for _ in 0..<20 {
                let session = try await stores[0].createSession(
                    SessionGrant(user: "u-1", role: "coordinator"),
                    lifetime: .seconds(3600)
                )
                let results = await self.race(stores) { try await $0.rotateSession(session.refreshToken) }
                let next = results.compactMap { try? $0.get() }
                #expect(next.count == 1)
                #expect(results.contains { $0 == .failure(.revoked) })
                // The replay ended the session: the token the winner got is refused too.
                let ended = await #expect(throws: SignInRefusal.self) {
                    try await stores[1].rotateSession(try #require(next.first).refreshToken)
                }
                #expect(ended == .revoked)
            }
        }
    }

    @Test("two nodes creating one basin at once: one creates it, the other is told it exists")
    func oneCreation() async throws {
        try await withPostgresAcademy(nodes: 2) { stores, _ in
            for index in 0..<10 {
                let basin = Basin(id: BasinID("bassin-\(index)")!, name: "Bassin \(index)")
                let results = await withTaskGroup(of: StoreError?.self) { group in
                    for store in stores {
                        group.addTask {
                            do {
                                try await store.createBasin(basin)
                                return nil
                            } catch let error as StoreError {
                                return error
                            } catch {
                                Issue.record(error)
                                return .corrupt("\(error)")
                            }
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                #expect(results.filter { $0 == nil }.count == 1)
                #expect(results.contains(.alreadyExists("bassin bassin-\(index)")))
            }
        }
    }
}
