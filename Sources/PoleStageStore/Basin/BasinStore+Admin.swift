import GRDB

extension BasinStore {
    /// The `meta` key that marks an archived basin's store read-only.
    static let archivedKey = "archived"

    /// Marks the store read-only: every later write fails with ``StoreError/failedPrecondition(_:)``.
    ///
    /// The academy store marks the basin archived too (``AcademyStore/archiveBasin(_:)``); this mark is the one that
    /// refuses writes, in the write transaction, whatever service makes them.
    public func markArchived() async throws {
        try await self.write(allowArchived: true) { db in try Self.setMeta(db, Self.archivedKey, 1) }
    }

    /// Whether the store is marked read-only.
    public func isArchived() async throws -> Bool {
        try await self.read { db in try Self.meta(db, Self.archivedKey) == 1 }
    }

    /// How many offers the basin holds, withdrawn ones excluded.
    public func offerCount() async throws -> Int {
        try await self.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM offer WHERE state != 'withdrawn'") ?? 0
        }
    }

    /// Moves a company's offers and contacts to another SIRET (a directory merge), archived basin or not.
    ///
    /// Each moved offer gets a new version and an `offer.updated` change. An external reference that the kept company
    /// already uses is dropped from the moved offer.
    /// - Returns: How many offers and contacts moved.
    public func moveCompany(from duplicate: SIRET, to kept: SIRET, name: String) async throws -> (
        offers: Int, contacts: Int
    ) {
        let now = self.configuration.nowMilliseconds()
        return try await self.write(allowArchived: true) { db in
            let ids = try Int64.fetchAll(
                db,
                sql: "SELECT id FROM offer WHERE companySiret = ? ORDER BY id",
                arguments: [duplicate.rawValue]
            )
            for id in ids {
                let before = try Self.requireOffer(db, id: id)
                try db.execute(
                    sql: """
                        UPDATE offer SET externalRef = NULL
                        WHERE id = ? AND externalRef IN (SELECT externalRef FROM offer WHERE companySiret = ?)
                        """,
                    arguments: [id, kept.rawValue]
                )
                try db.execute(
                    sql: """
                        UPDATE offer SET companySiret = ?, companyName = ?, version = version + 1, updatedAt = ?
                        WHERE id = ?
                        """,
                    arguments: [kept.rawValue, name, now, id]
                )
                _ = try db.logChange(.offerUpdated, offer: id, before: before, at: now)
            }
            try db.execute(
                sql: "UPDATE contact SET companySiret = ?, companyName = ? WHERE companySiret = ?",
                arguments: [kept.rawValue, name, duplicate.rawValue]
            )
            return (ids.count, db.changesCount)
        }
    }
}
