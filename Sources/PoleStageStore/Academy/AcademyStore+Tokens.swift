import GRDB

extension AcademyStore {
    /// Records a token's revocation; revoking a revoked token keeps the first time.
    ///
    /// - Returns: When it was revoked, in Unix milliseconds.
    public func revokeToken(_ tokenID: String, by user: String) async throws -> Int64 {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO tokenRevocation (tokenId, revokedAt, revokedBy) VALUES (?, ?, ?)",
                arguments: [tokenID, now, user]
            )
            return try Int64.fetchOne(
                db,
                sql: "SELECT revokedAt FROM tokenRevocation WHERE tokenId = ?",
                arguments: [tokenID]
            ) ?? now
        }
    }

    /// Every revoked token id, to load the interceptor's cache.
    public func revokedTokenIDs() async throws -> Set<String> {
        try await self.pool.read { db in Set(try String.fetchAll(db, sql: "SELECT tokenId FROM tokenRevocation")) }
    }
}
