package import PoleStageStore
import PostgresNIO

extension PostgresAcademyStore {
    package func createInvite(for user: String, by creator: String, lifetime: Duration) async throws -> IssuedInvite {
        let now = self.nowMilliseconds
        let expiresAt = now + lifetime.milliseconds
        let code = SignInSecret.random(bytes: 16)
        try await self.write { t in
            _ = try await t.requireUser(user, lock: .keyShare)
            try await t.execute(
                "DELETE FROM \(unescaped: t.tables.invite) WHERE expires_at <= \(now) AND used_at IS NULL"
            )
            try await t.execute(
                """
                INSERT INTO \(unescaped: t.tables.invite) (code_hash, user_id, created_by, created_at, expires_at)
                VALUES (\(SignInSecret.digest(code)), \(user), \(creator), \(now), \(expiresAt))
                """
            )
        }
        return IssuedInvite(code: code, expiresAt: expiresAt)
    }

    /// Uses an invite once. Its row is locked first: a redemption of the same code on another node waits for this one
    /// to commit, then reads the invite used.
    package func redeemInvite(_ code: String) async throws -> User {
        let now = self.nowMilliseconds
        let hash = SignInSecret.digest(code)
        return try await self.write { t in
            guard
                let row = try await t.rows(
                    """
                    SELECT user_id, expires_at, used_at FROM \(unescaped: t.tables.invite) WHERE code_hash = \(hash)
                    FOR UPDATE
                    """
                ).first
            else { throw SignInRefusal.unknown }
            let (userID, expiresAt, usedAt) = try row.decode((String, Int64, Int64?).self)
            if let refusal = SignInRefusal.invite(usedAt: usedAt, expiresAt: expiresAt, now: now) { throw refusal }
            let user = try await t.requireUser(userID)
            guard user.active else { throw SignInRefusal.deactivated }
            try await t.execute("UPDATE \(unescaped: t.tables.invite) SET used_at = \(now) WHERE code_hash = \(hash)")
            return user
        }
    }

    package func createSession(_ grant: SessionGrant, lifetime: Duration) async throws -> IssuedSession {
        let now = self.nowMilliseconds
        let session = IssuedSession(
            refreshToken: SignInSecret.random(bytes: 32),
            grant: grant,
            expiresAt: now + lifetime.milliseconds
        )
        try await self.write { t in
            try await t.execute("DELETE FROM \(unescaped: t.tables.webSession) WHERE expires_at <= \(now)")
            try await t.execute(
                """
                INSERT INTO \(unescaped: t.tables.webSession) (token_hash, session_id, user_id, role, basin_id,
                  school_uai, company_siret, roster_id, created_at, expires_at)
                VALUES (\(SignInSecret.digest(session.refreshToken)), \(SignInSecret.random(bytes: 16)),
                  \(grant.user), \(grant.role), \(grant.basin?.rawValue), \(grant.school?.rawValue),
                  \(grant.company?.rawValue), \(grant.rosterID), \(now), \(session.expiresAt))
                """
            )
        }
        return session
    }

    /// Exchanges a refresh token once. Its row is locked first: a second exchange of the same token on another node
    /// waits for this one to commit, then reads the token used, and ends the session as a replay.
    package func rotateSession(_ refreshToken: String) async throws -> IssuedSession {
        let now = self.nowMilliseconds
        let next = SignInSecret.random(bytes: 32)
        let hash = SignInSecret.digest(refreshToken)
        let outcome: Result<IssuedSession, SignInRefusal> = try await self.write { t in
            let table = t.tables.webSession
            let session = try await t.sessionRow(hash, lock: .update)
            switch SignInRefusal.refreshToken(
                usedAt: session.usedAt,
                revokedAt: session.revokedAt,
                expiresAt: session.expiresAt,
                now: now
            ) {
            case .revoked?:
                // Replayed: the whole session ends, whoever holds its latest token.
                try await t.execute(
                    """
                    UPDATE \(unescaped: table) SET revoked_at = coalesce(revoked_at, \(now))
                    WHERE session_id = \(session.id)
                    """
                )
                return .failure(.revoked)
            case let refusal?: return .failure(refusal)
            case nil: break
            }
            if let user = try await t.fetchUser(session.grant.user), !user.active { return .failure(.deactivated) }
            try await t.execute("UPDATE \(unescaped: table) SET used_at = \(now) WHERE token_hash = \(hash)")
            try await t.execute(
                """
                INSERT INTO \(unescaped: table) (token_hash, session_id, user_id, role, basin_id, school_uai,
                  company_siret, roster_id, created_at, expires_at)
                SELECT \(SignInSecret.digest(next)), session_id, user_id, role, basin_id, school_uai, company_siret,
                  roster_id, \(now), expires_at
                FROM \(unescaped: table) WHERE token_hash = \(hash)
                """
            )
            return .success(IssuedSession(refreshToken: next, grant: session.grant, expiresAt: session.expiresAt))
        }
        // A replay's revocation must commit: the refusal is thrown after the transaction.
        return try outcome.get()
    }

    package func endSession(_ refreshToken: String) async throws -> SessionGrant {
        let now = self.nowMilliseconds
        return try await self.write { t in
            let session = try await t.sessionRow(SignInSecret.digest(refreshToken), lock: .none)
            try await t.execute(
                """
                UPDATE \(unescaped: t.tables.webSession) SET revoked_at = coalesce(revoked_at, \(now))
                WHERE session_id = \(session.id)
                """
            )
            return session.grant
        }
    }
}

/// A refresh token's row of `web_session`.
struct SessionRow {
    var id: String
    var grant: SessionGrant
    var expiresAt: Int64
    var usedAt: Int64?
    var revokedAt: Int64?
}

extension AcademyTransaction {
    /// The row of the refresh token with this hash.
    ///
    /// - Throws: ``SignInRefusal/unknown`` when there is none.
    func sessionRow(_ hash: String, lock: RowLock) async throws -> SessionRow {
        guard
            let row = try await self.rows(
                """
                SELECT session_id, user_id, role, basin_id, school_uai, company_siret, roster_id, expires_at, used_at,
                  revoked_at
                FROM \(unescaped: self.tables.webSession) WHERE token_hash = \(hash)\(unescaped: lock.rawValue)
                """
            ).first
        else { throw SignInRefusal.unknown }
        let stored = AcademyRow(row, table: "webSession")
        return SessionRow(
            id: try stored.decode("session_id"),
            grant: SessionGrant(
                user: try stored.decode("user_id"),
                role: try stored.decode("role"),
                basin: try stored.decodeIfPresent("basin_id", as: BasinID.init),
                school: try stored.decodeIfPresent("school_uai", as: UAI.init),
                company: try stored.decodeIfPresent("company_siret", as: SIRET.init),
                rosterID: try stored.decode("roster_id")
            ),
            expiresAt: try stored.decode("expires_at"),
            usedAt: try stored.decode("used_at"),
            revokedAt: try stored.decode("revoked_at")
        )
    }
}
