package import PoleStageStore
import PostgresNIO

extension PostgresAcademyStore {
    package func recordIssuedToken(_ token: IssuedTokenRecord) async throws {
        try await self.write { t in
            try await t.execute(
                """
                INSERT INTO \(unescaped: t.tables.issuedToken)
                  (token_id, user_id, role, basin_id, school_uai, company_siret, issued_at, expires_at)
                VALUES (\(token.tokenId), \(token.userId), \(token.role), \(token.basinId), \(token.schoolUai),
                  \(token.companySiret), \(token.issuedAt), \(token.expiresAt))
                """
            )
        }
    }

    package func issuedTokens(of user: String) async throws -> [IssuedTokenRecord] {
        try await self.rows(
            """
            SELECT i.token_id, i.user_id, i.role, i.basin_id, i.school_uai, i.company_siret, i.issued_at,
              i.expires_at, r.revoked_at
            FROM \(unescaped: self.tables.issuedToken) i
              LEFT JOIN \(unescaped: self.tables.tokenRevocation) r ON r.token_id = i.token_id
            WHERE i.user_id = \(user) ORDER BY i.issued_at DESC, i.token_id
            """
        ).map { row in
            let row = AcademyRow(row, table: "issuedToken")
            var token = IssuedTokenRecord(
                tokenId: try row.decode("token_id"),
                userId: try row.decode("user_id"),
                role: try row.decode("role"),
                basinId: try row.decode("basin_id"),
                schoolUai: try row.decode("school_uai"),
                companySiret: try row.decode("company_siret"),
                issuedAt: try row.decode("issued_at"),
                expiresAt: try row.decode("expires_at")
            )
            token.revokedAt = try row.decode("revoked_at")
            return token
        }
    }

    package func revokeToken(_ tokenID: String, by user: String) async throws -> Int64 {
        let now = self.nowMilliseconds
        return try await self.write { t in
            guard try await t.exists("SELECT 1 FROM \(unescaped: t.tables.issuedToken) WHERE token_id = \(tokenID)")
            else { throw StoreError.unknownToken(tokenID) }
            // A revocation another node commits meanwhile is waited for, then kept: the first time stays.
            try await t.execute(
                """
                INSERT INTO \(unescaped: t.tables.tokenRevocation) (token_id, revoked_at, revoked_by)
                VALUES (\(tokenID), \(now), \(user)) ON CONFLICT (token_id) DO NOTHING
                """
            )
            let rows = try await t.rows(
                "SELECT revoked_at FROM \(unescaped: t.tables.tokenRevocation) WHERE token_id = \(tokenID)"
            )
            return try rows.first?.decode(Int64.self) ?? now
        }
    }

    package func revokedTokenIDs() async throws -> Set<String> {
        Set(
            try await self.rows("SELECT token_id FROM \(unescaped: self.tables.tokenRevocation)").map {
                try $0.decode(String.self)
            }
        )
    }
}
