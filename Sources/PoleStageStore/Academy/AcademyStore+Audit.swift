import GRDB

extension AcademyStore {
    /// Appends an entry to the audit log, stamped with the store's clock.
    public func appendAudit(_ entry: AuditEntry) async throws {
        let now = self.configuration.nowMilliseconds()
        try await self.write { db in
            try db.execute(
                sql: """
                    INSERT INTO audit (at, userId, role, method, basinId, target, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    now, entry.user, entry.role, entry.method, entry.basin?.rawValue, entry.target, entry.outcome,
                ]
            )
        }
    }

    /// Up to `limit` entries older than `before` (all when `nil`), newest first.
    ///
    /// - Parameter basin: Only the entries about this basin, when set.
    public func auditEntries(before: Int64?, basin: BasinID?, limit: Int) async throws -> [AuditEntry] {
        try await self.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM audit WHERE (? IS NULL OR id < ?) AND (? IS NULL OR basinId = ?)
                    ORDER BY id DESC LIMIT ?
                    """,
                arguments: [before, before, basin?.rawValue, basin?.rawValue, limit]
            ).map { row in
                AuditEntry(
                    id: row["id"],
                    at: row["at"],
                    user: row["userId"],
                    role: row["role"],
                    method: row["method"],
                    basin: (row["basinId"] as String?).flatMap(BasinID.init),
                    target: row["target"],
                    outcome: row["outcome"]
                )
            }
        }
    }
}
