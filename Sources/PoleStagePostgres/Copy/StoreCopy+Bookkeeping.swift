import GRDB
import PostgresNIO

/// What PostgreSQL keeps in other forms than SQLite: meta values as integers, the heads the write transactions lock,
/// and the identity sequences that give the next ids.
extension StoreCopy {
    /// The numbers a basin's SQLite file keeps beside its tables: its meta values (epochs, retention) and the highest
    /// change-log offset and inbox id ever given (AUTOINCREMENT keeps them when rows go).
    func sourceBookkeeping() async throws -> (meta: [String: Int64], sequences: [String: Int64]) {
        try await self.source.read { db in
            var meta: [String: Int64] = [:]
            if try db.tableExists("meta") {
                for row in try Row.fetchAll(db, sql: "SELECT key, value FROM meta") {
                    let key: String = row["key"]
                    let text: String = row["value"]
                    guard let value = Int64(text) else {
                        throw StoreCopyError.unexpectedValue("the meta value \(key) '\(text)'", column: "bigint")
                    }
                    meta[key] = value
                }
            }
            var sequences: [String: Int64] = [:]
            if try db.tableExists("sqlite_sequence") {
                for row in try Row.fetchAll(db, sql: "SELECT name, seq FROM sqlite_sequence") {
                    sequences[row["name"]] = row["seq"]
                }
            }
            if try db.tableExists("inboxMessage") {
                let highest = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM inboxMessage") ?? 0
                meta["inboxHead"] = max(sequences["inboxMessage"] ?? 0, highest)
            }
            return (meta, sequences)
        }
    }

    /// Whether the schema has `table`.
    func hasTable(_ table: String, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query(
            "SELECT to_regclass(\(self.qualified(table))) IS NOT NULL",
            logger: self.logger
        ).collect().first?.decode(Bool.self) ?? false
    }

    func copyBookkeeping(on connection: PostgresConnection) async throws {
        let (meta, sequences) = try await self.sourceBookkeeping()
        if try await self.hasTable("meta", on: connection) {
            for (key, value) in meta.sorted(by: { $0.key < $1.key }) {
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            INSERT INTO \(self.qualified("meta")) (key, value) VALUES ($1, $2)
                            ON CONFLICT (key) DO UPDATE SET value = excluded.value
                            """,
                        binds: try Self.bindings(key, value)
                    ),
                    logger: self.logger
                )
            }
        }
        if try await self.hasTable("change_log_head", on: connection) {
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: "UPDATE \(self.qualified("change_log_head")) SET head = $1",
                    binds: try Self.bindings(sequences["changeLog"] ?? 0)
                ),
                logger: self.logger
            )
        }
        if try await self.hasTable("practice_head", on: connection) {
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        UPDATE \(self.qualified("practice_head"))
                        SET revision = (SELECT coalesce(max(revision), 0) FROM \(self.qualified("resource")))
                        """
                ),
                logger: self.logger
            )
        }
        // The next id of every identity column follows the highest ever given on SQLite.
        let identities = try await connection.query(
            """
            SELECT table_name::text, column_name::text FROM information_schema.columns
            WHERE table_schema = \(self.schema.rawValue) AND is_identity = 'YES'
            """,
            logger: self.logger
        ).collect()
        for row in identities {
            let (table, column) = try row.decode((String, String).self)
            let given = sequences[Self.camelCase(table)] ?? 0
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT setval(pg_get_serial_sequence($1, $2), greatest(v, 1), v > 0)
                        FROM (SELECT greatest(coalesce(max("\(column)"), 0), $3) AS v FROM \(self.qualified(table))) AS m
                        """,
                    binds: try Self.bindings(self.qualified(table), column, given)
                ),
                logger: self.logger
            )
        }
    }

    /// Checks the meta values and the change log's head against the source.
    func checkBookkeeping() async throws {
        let (meta, sequences) = try await self.sourceBookkeeping()
        try await self.client.withConnection { connection in
            if try await self.hasTable("meta", on: connection) {
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT key, value FROM \(self.qualified("meta"))"),
                    logger: self.logger
                ).collect()
                let copied = try Dictionary(uniqueKeysWithValues: rows.map { try $0.decode((String, Int64).self) })
                for (key, value) in meta where copied[key] != value {
                    throw StoreCopyError.mismatch(
                        table: "meta",
                        detail: "\(key) is \(copied[key].map(String.init) ?? "missing"), \(value) in SQLite"
                    )
                }
            }
            if try await self.hasTable("change_log_head", on: connection) {
                let head = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT head FROM \(self.qualified("change_log_head"))"),
                    logger: self.logger
                ).collect().first?.decode(Int64.self)
                if head != (sequences["changeLog"] ?? 0) {
                    throw StoreCopyError.mismatch(
                        table: "change_log_head",
                        detail:
                            "the head is \(head.map(String.init) ?? "missing"), \(sequences["changeLog"] ?? 0) in SQLite"
                    )
                }
            }
        }
    }

    static func bindings(_ values: any PostgresDynamicTypeEncodable...) throws -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { try bindings.append(value) }
        return bindings
    }
}
