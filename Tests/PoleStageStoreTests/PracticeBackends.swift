import Foundation
import Logging
import PostgresNIO
import Testing

@testable import PoleStagePostgres
@testable import PoleStageStore

/// Whose library of the good-practice space a test uses: a basin's, in its store, or the académie's.
enum PracticeHolder: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case basin, academy
    var testDescription: String { self.rawValue }
}

/// Runs `body` with a new, empty library of `holder` on `backend`, and its clock: in a new basin or academy store, on
/// SQLite or in a schema of its own on the test database, dropped afterwards.
func withPracticeStorage<T>(
    _ backend: Backend,
    _ holder: PracticeHolder,
    _ body: (any PracticeStorage, TestClock) async throws -> T
) async throws -> T {
    switch (backend, holder) {
    case (.sqlite, .basin):
        try await withBasinStore { try await body($0.store.practice, $0.clock) }
    case (.sqlite, .academy):
        try await withAcademyStore { store, _, clock in try await body(store.practice, clock) }
    case (.postgres, .basin):
        try await withPostgresBasin { store, clock in try await body(store.practice, clock) }
    case (.postgres, .academy):
        try await withPostgresAcademy(nodes: 1) { stores, clock in try await body(stores[0].practice, clock) }
    }
}

/// Runs `body` with one library of `holder` on the test database, migrated, seen from `nodes` nodes: each with a
/// client of its own, as separate server processes have. The schema is dropped afterwards.
func withPostgresPracticeNodes<T>(
    _ holder: PracticeHolder,
    nodes: Int,
    _ body: ([PostgresPracticeLibrary]) async throws -> T
) async throws -> T {
    switch holder {
    case .academy:
        return try await withPostgresAcademy(nodes: nodes) { stores, _ in try await body(stores.map(\.practice)) }
    case .basin:
        let url = try #require(testDatabaseURL, "POLESTAGE_TEST_POSTGRES_URL is not set")
        let configuration = testConfiguration(clock: TestClock())
        let basin = try #require(BasinID("practice-\(UInt32.random(in: 0...UInt32.max))"))
        let logger = Logger(label: "polestage.test.postgres")
        let clients = try (0..<nodes).map { _ in
            PostgresClient(configuration: try PostgresLocation(url: url).clientConfiguration())
        }
        let stores = clients.map {
            PostgresBasinStore(basin: basin, client: $0, configuration: configuration, logger: logger)
        }
        let drop = PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(stores[0].schema.quoted) CASCADE")
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients { group.addTask { await client.run() } }
            defer { group.cancelAll() }
            let result: T
            do {
                try await stores[0].migrate()
                result = try await body(stores.map(\.practice))
            } catch {
                _ = try? await clients[0].query(drop, logger: logger)
                throw error
            }
            try await clients[0].query(drop, logger: logger)
            return result
        }
    }
}
