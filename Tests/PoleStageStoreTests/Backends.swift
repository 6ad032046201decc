import Foundation
import GRDB
import Logging
import PostgresNIO
import Testing

@testable import PoleStagePostgres
@testable import PoleStageStore

/// The test database: `scripts/postgres-test-cluster.sh` starts one, and `.ci/run` names it here.
let testDatabaseURL = ProcessInfo.processInfo.environment["POLESTAGE_TEST_POSTGRES_URL"]

/// A backend of the basin stores. The conformance tests run each case once per backend.
enum Backend: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { self.rawValue }

    /// SQLite always; PostgreSQL when a test database is named, and always in CI, where its absence fails the tests.
    static let tested: [Backend] =
        testDatabaseURL != nil || ProcessInfo.processInfo.environment["CI"] != nil ? [.sqlite, .postgres] : [.sqlite]
}

/// A basin's storage on one backend, with its clock, and what only a test reads around it.
struct StorageFixture: StorageTestFixture {
    let clock: TestClock
    let storage: any ConformingStorage
    /// Runs a query that reads what only a test reads around the store (what is stored, not what the store says),
    /// given for each backend: its first column, as text. In the PostgreSQL query, `{schema}` names the basin's
    /// schema.
    let query: @Sendable (_ sqlite: String, _ postgres: String) async throws -> [String]

    /// The change log's stored payloads, as text: what a test checks holds no personal data.
    func storedPayloads() async throws -> [String] {
        try await self.query(
            "SELECT CAST(payload AS TEXT) FROM changeLog ORDER BY offset",
            "SELECT convert_from(payload, 'UTF8') FROM {schema}.change_log ORDER BY position"
        )
    }
}

extension StorageTestFixture {
    /// The whole change log, in order.
    func changeLog() async throws -> [ChangeLogEntry] {
        try await self.storage.changes(after: 0, limit: 1_000_000).changes.map(ChangeLogEntry.init)
    }
}

/// Runs `body` with a new basin on `backend`: a SQLite file under a registry in a temporary folder, or a schema of its
/// own on the test database, dropped afterwards.
func withStorage<T>(
    _ backend: Backend,
    reservationHold: Duration = .seconds(7 * 24 * 3600),
    changeLogRetention: ChangeLogRetention = .init(),
    _ body: (StorageFixture) async throws -> T
) async throws -> T {
    switch backend {
    case .sqlite:
        return try await withBasinFile(reservationHold: reservationHold, changeLogRetention: changeLogRetention) {
            fixture in
            let store = fixture.store
            return try await body(
                StorageFixture(clock: fixture.clock, storage: store) { sql, _ in
                    try await store.read { db in try String.fetchAll(db, sql: sql) }
                }
            )
        }
    case .postgres:
        return try await withPostgresBasin(reservationHold: reservationHold, changeLogRetention: changeLogRetention) {
            store,
            clock in
            try await body(
                StorageFixture(clock: clock, storage: store) { _, sql in
                    let sql = sql.replacingOccurrences(of: "{schema}", with: store.schema.quoted)
                    return try await store.client.query(PostgresQuery(unsafeSQL: sql)).collect().map {
                        try $0.decode(String.self)
                    }
                }
            )
        }
    }
}

/// Runs `body` with a new basin in a schema of its own on the test database, and its clock; the schema is dropped
/// afterwards.
func withPostgresBasin<T>(
    reservationHold: Duration = .seconds(7 * 24 * 3600),
    changeLogRetention: ChangeLogRetention = .init(),
    _ body: (PostgresBasinStore, TestClock) async throws -> T
) async throws -> T {
    let url = try #require(testDatabaseURL, "POLESTAGE_TEST_POSTGRES_URL is not set")
    let client = PostgresClient(configuration: try PostgresLocation(url: url).clientConfiguration())
    let clock = TestClock()
    let configuration = testConfiguration(
        clock: clock,
        reservationHold: reservationHold,
        changeLogRetention: changeLogRetention
    )
    let basin = try #require(BasinID("conformance-\(UInt32.random(in: 0...UInt32.max))"))
    let logger = Logger(label: "polestage.test.postgres")
    let store = PostgresBasinStore(basin: basin, client: client, configuration: configuration, logger: logger)
    let drop = PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(store.schema.quoted) CASCADE")
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        let result: T
        do {
            try await store.migrate()
            result = try await body(store, clock)
        } catch {
            _ = try? await client.query(drop, logger: logger)
            throw error
        }
        try await client.query(drop, logger: logger)
        return result
    }
}
