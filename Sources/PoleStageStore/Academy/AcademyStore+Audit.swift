import GRDB

extension AcademyStore {
    /// Appends an entry to the audit log, stamped with the store's clock.
    public func appendAudit(_ entry: AuditEntry) async throws {
        let now = self.configuration.nowMilliseconds()
        try await self.write { db in
            try db.execute(
                literal: """
                    INSERT INTO audit (at, userId, role, method, basinId, target, outcome)
                    VALUES (\(now), \(entry.user), \(entry.role), \(entry.method), \(entry.basin?.rawValue), \
                    \(entry.target), \(entry.outcome))
                    """
            )
        }
    }

    /// Up to `limit` entries older than `before` (all when `nil`), newest first.
    ///
    /// - Parameter basin: Only the entries about this basin, when set.
    public func auditEntries(before: Int64?, basin: BasinID?, limit: Int) async throws -> [AuditEntry] {
        try await self.read { db in
            var request = AuditRecord.order(Column("id").desc).limit(limit)
            if let before { request = request.filter(Column("id") < before) }
            if let basin { request = request.filter(Column("basinId") == basin.rawValue) }
            return try request.fetchAll(db).map(\.entry)
        }
    }
}
