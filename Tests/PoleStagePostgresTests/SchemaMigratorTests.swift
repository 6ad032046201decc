import Foundation
import Logging
import PostgresNIO
import Testing

@testable import PoleStagePostgres

/// The test database: `scripts/postgres-test-cluster.sh` starts one, and `.ci/run` names it here.
let testDatabaseURL = ProcessInfo.processInfo.environment["POLESTAGE_TEST_POSTGRES_URL"]

/// Against a real PostgreSQL. Without one the suite is skipped, except in CI, where it must run.
@Suite(
    "Schema migrations on PostgreSQL",
    .enabled(
        if: testDatabaseURL != nil || ProcessInfo.processInfo.environment["CI"] != nil,
        "POLESTAGE_TEST_POSTGRES_URL names no database (scripts/postgres-test-cluster.sh starts one)"
    )
)
struct SchemaMigratorTests {
    static let logger = Logger(label: "polestage.test.postgres")

    static let history = [
        SchemaMigration(version: 1, ["CREATE TABLE offer (id bigint PRIMARY KEY, title text NOT NULL)"]),
        SchemaMigration(
            version: 2,
            [
                "ALTER TABLE offer ADD COLUMN seats integer NOT NULL DEFAULT 1",
                "INSERT INTO offer (id, title, seats) VALUES (1, 'Boulanger', 2)",
            ]
        ),
    ]

    /// A client on the test database, running while `body` runs; `body` gets a new schema name, dropped at the end.
    static func withSchema(_ body: (PostgresClient, SchemaName) async throws -> Void) async throws {
        let url = try #require(testDatabaseURL, "POLESTAGE_TEST_POSTGRES_URL is not set")
        let client = PostgresClient(configuration: try PostgresLocation(url: url).clientConfiguration())
        let schema = try #require(SchemaName("test_\(UInt32.random(in: 0...UInt32.max))"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            do {
                try await body(client, schema)
            } catch {
                _ = try? await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema.quoted) CASCADE"))
                throw error
            }
            try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema.quoted) CASCADE"))
        }
    }

    @Test("a new schema is created and brought to the latest version; a second run changes nothing")
    func migrate() async throws {
        try await Self.withSchema { client, schema in
            let migrator = SchemaMigrator(Self.history)
            #expect(try await SchemaMigrator.version(of: schema, on: client, logger: Self.logger) == 0)
            #expect(try await migrator.migrate(schema, on: client, logger: Self.logger) == [1, 2])
            #expect(try await SchemaMigrator.version(of: schema, on: client, logger: Self.logger) == 2)
            #expect(try await migrator.migrate(schema, on: client, logger: Self.logger) == [])
            let rows = try await client.query(
                PostgresQuery(unsafeSQL: "SELECT title, seats FROM \(schema.quoted).offer"),
                logger: Self.logger
            )
            var offers: [String] = []
            for try await (title, seats) in rows.decode((String, Int).self) { offers.append("\(title) \(seats)") }
            #expect(offers == ["Boulanger 2"])
        }
    }

    @Test("a schema at version 1 takes only the later migrations")
    func later() async throws {
        try await Self.withSchema { client, schema in
            let first = try await SchemaMigrator(Array(Self.history.prefix(1)))
                .migrate(schema, on: client, logger: Self.logger)
            let then = try await SchemaMigrator(Self.history).migrate(schema, on: client, logger: Self.logger)
            #expect(first == [1] && then == [2])
        }
    }

    @Test("a schema migrated by a newer server is refused, and left as it is")
    func newer() async throws {
        try await Self.withSchema { client, schema in
            try await SchemaMigrator(Self.history).migrate(schema, on: client, logger: Self.logger)
            let older = SchemaMigrator(Array(Self.history.prefix(1)))
            await #expect(throws: SchemaMigrationError.newerSchema(schema: schema.rawValue, found: 2, known: 1)) {
                try await older.migrate(schema, on: client, logger: Self.logger)
            }
            #expect(try await SchemaMigrator.version(of: schema, on: client, logger: Self.logger) == 2)
            #expect(
                SchemaMigrationError.newerSchema(schema: "academy", found: 2, known: 1).description
                    == "schema academy is at version 2, and this server knows versions up to 1: run a server at least "
                    + "as new as the one that migrated it"
            )
        }
    }

    @Test("a failing statement keeps nothing of the migration")
    func failure() async throws {
        try await Self.withSchema { client, schema in
            let broken = SchemaMigrator(Self.history + [SchemaMigration(version: 3, ["ALTER TABLE nowhere ADD x int"])])
            await #expect(throws: PSQLError.self) { try await broken.migrate(schema, on: client, logger: Self.logger) }
            // The transaction held versions 1 to 3: none of them is kept.
            let version = try await SchemaMigrator.version(of: schema, on: client, logger: Self.logger)
            #expect(version == 0)
        }
    }

    @Test("nodes migrating the same schema at once apply each version once")
    func concurrent() async throws {
        try await Self.withSchema { client, schema in
            let migrator = SchemaMigrator(Self.history)
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 {
                    group.addTask { try await migrator.migrate(schema, on: client, logger: Self.logger) }
                }
                var all: [[Int]] = []
                for try await versions in group { all.append(versions) }
                return all
            }
            #expect(applied.filter { !$0.isEmpty } == [[1, 2]])
            let rows = try await client.query(
                PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(schema.quoted).offer"),
                logger: Self.logger
            )
            var count = 0
            for try await (value) in rows.decode(Int.self) { count = value }
            #expect(count == 1)
        }
    }
}
