package import PoleStageStore
import PostgresNIO

extension PostgresAcademyStore {
    package func appendAudit(_ entry: AuditEntry) async throws {
        let now = self.nowMilliseconds
        try await self.write { t in
            try await t.execute(
                """
                INSERT INTO \(unescaped: t.tables.audit) (at, user_id, role, method, basin_id, target, outcome)
                VALUES (\(now), \(entry.user), \(entry.role), \(entry.method), \(entry.basin?.rawValue),
                  \(entry.target), \(entry.outcome))
                """
            )
        }
    }

    package func auditEntries(before: Int64?, basin: BasinID?, limit: Int) async throws -> [AuditEntry] {
        try await self.rows(
            """
            SELECT id, at, user_id, role, method, basin_id, target, outcome FROM \(unescaped: self.tables.audit)
            WHERE (\(before)::bigint IS NULL OR id < \(before))
              AND (\(basin?.rawValue)::text IS NULL OR basin_id = \(basin?.rawValue))
            ORDER BY id DESC LIMIT \(limit)
            """
        ).map { row in
            let row = AcademyRow(row, table: "audit")
            return AuditEntry(
                id: try row.decode("id"),
                at: try row.decode("at"),
                user: try row.decode("user_id"),
                role: try row.decode("role"),
                method: try row.decode("method"),
                basin: try row.decodeIfPresent("basin_id", as: BasinID.init),
                target: try row.decode("target"),
                outcome: try row.decode("outcome")
            )
        }
    }
}
