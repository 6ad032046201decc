import GRDB

/// A token the académie issued, as the academy store lists it: never the token itself.
public struct IssuedTokenRecord: Sendable, Hashable {
    /// The token's `jti`.
    public var tokenId: String
    public var userId: String
    public var role: String
    public var basinId: String?
    public var schoolUai: String?
    public var companySiret: String?
    /// Unix milliseconds.
    public var issuedAt: Int64
    public var expiresAt: Int64
    /// Unix milliseconds; `nil` while not revoked (read from the revocations, never stored here).
    public var revokedAt: Int64?

    public init(
        tokenId: String,
        userId: String,
        role: String,
        basinId: String? = nil,
        schoolUai: String? = nil,
        companySiret: String? = nil,
        issuedAt: Int64,
        expiresAt: Int64
    ) {
        self.tokenId = tokenId
        self.userId = userId
        self.role = role
        self.basinId = basinId
        self.schoolUai = schoolUai
        self.companySiret = companySiret
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }

    /// An `issuedToken` row, with its `revokedAt` from the revocations.
    init(row: Row) throws {
        let stored = StoredRow(row, table: "issuedToken", key: "tokenId")
        self.tokenId = try stored.decode("tokenId")
        self.userId = try stored.decode("userId")
        self.role = try stored.decode("role")
        self.basinId = try stored.decode("basinId")
        self.schoolUai = try stored.decode("schoolUai")
        self.companySiret = try stored.decode("companySiret")
        self.issuedAt = try stored.decode("issuedAt")
        self.expiresAt = try stored.decode("expiresAt")
        self.revokedAt = try stored.decode("revokedAt")
    }
}

extension AcademyStore {
    /// Records a token the académie issued, so that it can be listed and revoked by its id.
    public func recordIssuedToken(_ token: IssuedTokenRecord) async throws {
        try await self.write { db in
            try db.execute(
                sql: """
                    INSERT INTO issuedToken
                      (tokenId, userId, role, basinId, schoolUai, companySiret, issuedAt, expiresAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    token.tokenId, token.userId, token.role, token.basinId, token.schoolUai, token.companySiret,
                    token.issuedAt, token.expiresAt,
                ]
            )
        }
    }

    /// The tokens issued to `user`, newest first, with their revocation time when revoked.
    public func issuedTokens(of user: String) async throws -> [IssuedTokenRecord] {
        try await self.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT issuedToken.*, tokenRevocation.revokedAt AS revokedAt
                    FROM issuedToken LEFT JOIN tokenRevocation USING (tokenId)
                    WHERE userId = ? ORDER BY issuedAt DESC, tokenId
                    """,
                arguments: [user]
            )
            return try rows.map(IssuedTokenRecord.init(row:))
        }
    }

    /// Records the revocation of a token the académie issued; revoking a revoked token keeps the first time.
    ///
    /// - Returns: When it was revoked, in Unix milliseconds.
    /// - Throws: ``StoreError/notFound(_:)`` when no token with this id was issued.
    public func revokeToken(_ tokenID: String, by user: String) async throws -> Int64 {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM issuedToken WHERE tokenId = ?", arguments: [tokenID]) != nil
            else { throw StoreError.unknownToken(tokenID) }
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
        try await self.read { db in Set(try String.fetchAll(db, sql: "SELECT tokenId FROM tokenRevocation")) }
    }
}
