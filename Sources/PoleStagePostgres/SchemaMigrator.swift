package import Logging
package import PostgresNIO

/// One step of a schema's history: statements run in order, in the same transaction as the record of the version.
package struct SchemaMigration: Sendable {
    package var version: Int
    package var statements: [String]

    package init(version: Int, _ statements: [String]) {
        self.version = version
        self.statements = statements
    }
}

/// A schema that this server cannot use.
package enum SchemaMigrationError: Error, Equatable, CustomStringConvertible {
    /// The schema was migrated by a newer server: this one does not know its latest versions, so it refuses to start
    /// rather than write what the newer one would misread.
    case newerSchema(schema: String, found: Int, known: Int)

    package var description: String {
        switch self {
        case .newerSchema(let schema, let found, let known):
            "schema \(schema) is at version \(found), and this server knows versions up to \(known): "
                + "run a server at least as new as the one that migrated it"
        }
    }
}

/// Brings a PostgreSQL schema to the latest of its versioned migrations, as the SQLite stores' migrators do for their
/// files.
///
/// Each schema keeps its history in its own `schema_migration` table. The whole migration is one transaction that
/// first takes a transaction-level advisory lock named after the schema: nodes starting together migrate a schema
/// once, one after the other, and a node that fails part way leaves the schema as it was.
package struct SchemaMigrator: Sendable {
    package let migrations: [SchemaMigration]

    /// - Precondition: Versions start at 1 and follow one another.
    package init(_ migrations: [SchemaMigration]) {
        precondition(
            migrations.enumerated().allSatisfy { $0.offset + 1 == $0.element.version },
            "migrations are numbered 1, 2, 3… in order"
        )
        self.migrations = migrations
    }

    /// The latest version this server knows.
    package var latestVersion: Int { self.migrations.last?.version ?? 0 }

    /// Migrates `schema`, creating it if needed.
    ///
    /// - Returns: The versions applied, in order (empty when the schema was already current).
    /// - Throws: ``SchemaMigrationError/newerSchema(schema:found:known:)`` when the schema is ahead of this server;
    ///   the database's error when a statement fails (nothing of the migration is kept then).
    @discardableResult
    package func migrate(_ schema: SchemaName, on client: PostgresClient, logger: Logger) async throws -> [Int] {
        do {
            return try await self.migrateInTransaction(schema, on: client, logger: logger)
        } catch let error as PostgresTransactionError {
            // The migration's own error, once its transaction is rolled back: what callers and operators need to read.
            throw error.cause
        }
    }

    private func migrateInTransaction(_ schema: SchemaName, on client: PostgresClient, logger: Logger) async throws
        -> [Int]
    {
        let name = schema.quoted
        return try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(schema.rawValue)))", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(name)"), logger: logger)
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        CREATE TABLE IF NOT EXISTS \(name).schema_migration (
                          version integer PRIMARY KEY,
                          applied_at timestamptz NOT NULL DEFAULT now()
                        )
                        """
                ),
                logger: logger
            )
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT coalesce(max(version), 0) FROM \(name).schema_migration"),
                logger: logger
            )
            var found = 0
            for try await (version) in rows.decode(Int.self) { found = version }
            guard found <= self.latestVersion else {
                throw SchemaMigrationError.newerSchema(schema: schema.rawValue, found: found, known: self.latestVersion)
            }
            var applied: [Int] = []
            try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(name)"), logger: logger)
            for migration in self.migrations where migration.version > found {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "INSERT INTO \(name).schema_migration (version) VALUES (\(migration.version))"
                    ),
                    logger: logger
                )
                applied.append(migration.version)
            }
            if !applied.isEmpty {
                logger.notice(
                    "Schema migrated",
                    metadata: [
                        "schema": "\(schema.rawValue)",
                        "versions": "\(applied.map(String.init).joined(separator: ","))",
                    ]
                )
            }
            return applied
        }
    }

    /// The version `schema` is at, 0 when it has none (not created, or never migrated).
    package static func version(of schema: SchemaName, on client: PostgresClient, logger: Logger) async throws -> Int {
        let rows = try await client.query(
            "SELECT to_regclass(\(schema.rawValue + ".schema_migration")) IS NOT NULL",
            logger: logger
        )
        var exists = false
        for try await (value) in rows.decode(Bool.self) { exists = value }
        guard exists else { return 0 }
        let versions = try await client.query(
            PostgresQuery(unsafeSQL: "SELECT coalesce(max(version), 0) FROM \(schema.quoted).schema_migration"),
            logger: logger
        )
        var version = 0
        for try await (value) in versions.decode(Int.self) { version = value }
        return version
    }
}
