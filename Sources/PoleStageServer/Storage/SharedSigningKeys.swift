import Foundation
package import Logging
package import PoleStageAuth
import PoleStagePostgres
package import PostgresNIO

/// The signing keys of nodes started without any, on PostgreSQL: kept in the database's `polestage` schema, so that
/// every node signs and verifies with the same keys (a token issued through one node is valid on the others).
///
/// The first node creates one random key; the others read it. A configuration that names keys (`[auth]
/// signing_keys`) is used instead, and the table is not read.
package struct SharedSigningKeys: Sendable {
    static let schema = SchemaName("polestage")!

    static let migrator = SchemaMigrator([
        SchemaMigration(
            version: 1,
            [
                """
                CREATE TABLE signing_key (
                  id text PRIMARY KEY,
                  secret bytea NOT NULL,
                  position integer NOT NULL UNIQUE)
                """
            ]
        )
    ])

    let client: PostgresClient
    let logger: Logger

    package init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Keeps `keys` (the signing key first) in place of what the database held: the keys of a data folder copied into
    /// the database, so that the tokens they signed stay valid.
    package func replace(with keys: [SigningKey]) async throws {
        try await Self.migrator.migrate(Self.schema, on: self.client, logger: self.logger)
        try await self.client.withTransaction(logger: self.logger) { connection in
            try await connection.query("DELETE FROM polestage.signing_key", logger: self.logger)
            for (position, key) in keys.enumerated() {
                try await connection.query(
                    """
                    INSERT INTO polestage.signing_key (id, secret, position)
                    VALUES (\(key.id), \(Data(key.secret)), \(position))
                    """,
                    logger: self.logger
                )
            }
        }
    }

    /// The stored keys, the signing key first; one random key created first when there is none.
    package func loadOrCreate() async throws -> [SigningKey] {
        try await Self.migrator.migrate(Self.schema, on: self.client, logger: self.logger)
        var secret = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in secret.indices { secret[index] = UInt8.random(in: 0...255, using: &generator) }
        // Of two nodes starting together, one inserts; both then read the same row.
        try await self.client.query(
            """
            INSERT INTO polestage.signing_key (id, secret, position) VALUES ('k1', \(Data(secret)), 0)
            ON CONFLICT DO NOTHING
            """,
            logger: self.logger
        )
        let rows = try await self.client.query(
            "SELECT id, secret FROM polestage.signing_key ORDER BY position",
            logger: self.logger
        ).collect()
        return try rows.map { row in
            let (id, secret) = try row.decode((String, Data).self)
            return try SigningKey(id: id, secret: [UInt8](secret))
        }
    }
}

/// Whether the database answers, within a bound.
enum DatabaseProbe {
    static let timeout = Duration.seconds(2)

    static func reachable(_ client: PostgresClient, logger: Logger) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    _ = try await client.query("SELECT 1", logger: logger).collect()
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                try? await Task.sleep(for: Self.timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
