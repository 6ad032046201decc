public import Foundation
public import Logging
import PoleStagePostgres
public import PoleStageServer
public import PostgresNIO

/// Where a test server keeps its data.
public enum TestStores: Sendable, CustomStringConvertible {
    /// SQLite files under the server's data folder.
    case files
    /// A new database of its own on the test cluster (`POLESTAGE_TEST_POSTGRES_URL`), dropped afterwards.
    case postgres

    /// Files always; PostgreSQL when a test database is named, and always in CI, where its absence fails the tests.
    public static let tested: [TestStores] =
        testDatabaseURL != nil || ProcessInfo.processInfo.environment["CI"] != nil ? [.files, .postgres] : [.files]

    /// The test cluster: `scripts/postgres-test-cluster.sh` starts one, and `.ci/run` names it.
    public static let testDatabaseURL = ProcessInfo.processInfo.environment["POLESTAGE_TEST_POSTGRES_URL"]

    public var description: String {
        switch self {
        case .files: "SQLite files"
        case .postgres: "PostgreSQL"
        }
    }
}

/// Why a test could not get a database.
public struct TestDatabaseUnavailable: Error, CustomStringConvertible {
    public var description: String {
        "POLESTAGE_TEST_POSTGRES_URL names no database: start one with scripts/postgres-test-cluster.sh"
    }
}

/// Runs `body` with a client on a new, empty database of the test cluster, and its URL (the cluster's, naming the new
/// database); the database is dropped afterwards, whatever `body` did.
public func withTestDatabase<T: Sendable>(
    logger: Logger = .testing,
    _ body: (PostgresClient, String) async throws -> T
) async throws -> T {
    guard let url = TestStores.testDatabaseURL else { throw TestDatabaseUnavailable() }
    let cluster = try PostgresLocation(url: url)
    let name = "polestage_test_\(UInt32.random(in: 0...UInt32.max))"
    let admin = PostgresClient(configuration: try cluster.clientConfiguration(), backgroundLogger: logger)
    var databaseConfiguration = try cluster.clientConfiguration()
    databaseConfiguration.database = name
    let client = PostgresClient(configuration: databaseConfiguration, backgroundLogger: logger)
    var components = URLComponents(string: url)
    components?.path = "/\(name)"
    guard let databaseURL = components?.string else { throw TestDatabaseUnavailable() }
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await admin.run() }
        defer { group.cancelAll() }
        try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        let result: Result<T, any Error>
        do {
            result = .success(
                try await withThrowingTaskGroup(of: Void.self) { inner in
                    inner.addTask { await client.run() }
                    defer { inner.cancelAll() }
                    return try await body(client, databaseURL)
                }
            )
        } catch {
            result = .failure(error)
        }
        try await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)"), logger: logger)
        return try result.get()
    }
}
