import Foundation
import GRDB
import Logging
import PostgresNIO
import Testing

@testable import PoleStagePostgres
@testable import PoleStageStore

/// The academy store on one backend, with its clock, and what only a test reads around it.
struct AcademyStorageFixture: Sendable {
    let clock: TestClock
    let storage: any AcademyStorage
    /// A user's creation time as stored, which the store's users do not carry.
    let userCreatedAt: @Sendable (String) async throws -> Int64?
}

/// Runs `body` with a new academy store on `backend`: a SQLite database in memory, or a schema of its own on the test
/// database, dropped afterwards.
func withAcademyStorage<T>(_ backend: Backend, _ body: (AcademyStorageFixture) async throws -> T) async throws -> T {
    switch backend {
    case .sqlite:
        return try await withAcademyStore { store, database, clock in
            try await body(
                AcademyStorageFixture(clock: clock, storage: store) { id in
                    try await database.read { db in
                        try Int64.fetchOne(db, sql: "SELECT createdAt FROM user WHERE id = ?", arguments: [id])
                    }
                }
            )
        }
    case .postgres:
        return try await withPostgresAcademy(nodes: 1) { stores, clock in
            let store = stores[0]
            return try await body(
                AcademyStorageFixture(clock: clock, storage: store) { id in
                    try await store.rows("SELECT created_at FROM \(unescaped: store.tables.user) WHERE id = \(id)")
                        .first?.decode(Int64.self)
                }
            )
        }
    }
}

/// Runs `body` with an academy schema of its own on the test database, migrated, and one store per node on it: each
/// with a client of its own, as separate server processes have. The schema is dropped afterwards.
func withPostgresAcademy<T>(
    nodes: Int,
    _ body: ([PostgresAcademyStore], TestClock) async throws -> T
) async throws -> T {
    let url = try #require(testDatabaseURL, "POLESTAGE_TEST_POSTGRES_URL is not set")
    let clock = TestClock()
    let configuration = testConfiguration(clock: clock)
    let schema = try #require(SchemaName("academy_test_\(UInt32.random(in: 0...UInt32.max))"))
    let logger = Logger(label: "polestage.test.postgres")
    let clients = try (0..<nodes).map { _ in
        PostgresClient(configuration: try PostgresLocation(url: url).clientConfiguration())
    }
    let stores = clients.map {
        PostgresAcademyStore(client: $0, configuration: configuration, logger: logger, schema: schema)
    }
    let drop = PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema.quoted) CASCADE")
    return try await withThrowingTaskGroup(of: Void.self) { group in
        for client in clients { group.addTask { await client.run() } }
        defer { group.cancelAll() }
        let result: T
        do {
            try await stores[0].migrate()
            result = try await body(stores, clock)
        } catch {
            _ = try? await clients[0].query(drop, logger: logger)
            throw error
        }
        try await clients[0].query(drop, logger: logger)
        return result
    }
}
