import GRDB

extension AcademyStore {
    /// Stores a one-time invite for `user` and returns its code, which is kept only as its SHA-256.
    ///
    /// The code is 26 letters and digits (128 random bits): it cannot be guessed.
    public func createInvite(for user: String, by creator: String, lifetime: Duration) async throws -> IssuedInvite {
        let now = self.configuration.nowMilliseconds()
        let expiresAt = now + lifetime.milliseconds
        let code = SignInSecret.random(bytes: 16)
        try await self.write { db in
            _ = try Self.requireUser(db, user)
            try db.execute(sql: "DELETE FROM invite WHERE expiresAt <= ? AND usedAt IS NULL", arguments: [now])
            try db.execute(
                literal: """
                    INSERT INTO invite (codeHash, userId, createdBy, createdAt, expiresAt)
                    VALUES (\(SignInSecret.digest(code)), \(user), \(creator), \(now), \(expiresAt))
                    """
            )
        }
        return IssuedInvite(code: code, expiresAt: expiresAt)
    }

    /// Uses an invite once and returns its user.
    ///
    /// - Throws: ``SignInRefusal``: unknown, used, expired, or its user deactivated.
    public func redeemInvite(_ code: String) async throws -> User {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            guard
                let row = try SQLRequest<Row>(
                    literal:
                        "SELECT userId, expiresAt, usedAt FROM invite WHERE codeHash = \(SignInSecret.digest(code))"
                ).fetchOne(db)
            else { throw SignInRefusal.unknown }
            if let refusal = SignInRefusal.invite(usedAt: row["usedAt"], expiresAt: row["expiresAt"], now: now) {
                throw refusal
            }
            let user = try Self.requireUser(db, row["userId"])
            guard user.active else { throw SignInRefusal.deactivated }
            try db.execute(literal: "UPDATE invite SET usedAt = \(now) WHERE codeHash = \(SignInSecret.digest(code))")
            return user
        }
    }

    /// Opens a web session and returns its first refresh token.
    public func createSession(_ grant: SessionGrant, lifetime: Duration) async throws -> IssuedSession {
        let now = self.configuration.nowMilliseconds()
        let session = IssuedSession(
            refreshToken: SignInSecret.random(bytes: 32),
            grant: grant,
            expiresAt: now + lifetime.milliseconds
        )
        try await self.write { db in
            try db.execute(sql: "DELETE FROM webSession WHERE expiresAt <= ?", arguments: [now])
            try db.execute(
                literal: """
                    INSERT INTO webSession (tokenHash, sessionId, userId, role, basinId, schoolUai, companySiret,
                      rosterId, createdAt, expiresAt)
                    VALUES (\(SignInSecret.digest(session.refreshToken)), \(SignInSecret.random(bytes: 16)),
                      \(grant.user), \(grant.role), \(grant.basin?.rawValue), \(grant.school?.rawValue),
                      \(grant.company?.rawValue), \(grant.rosterID), \(now), \(session.expiresAt))
                    """
            )
        }
        return session
    }

    /// Exchanges a refresh token for the next one of its session: each is accepted once. A token presented a second
    /// time (stolen, or replayed) ends its whole session.
    ///
    /// - Throws: ``SignInRefusal``: unknown, expired, revoked (signed out, or replayed), or its user deactivated.
    public func rotateSession(_ refreshToken: String) async throws -> IssuedSession {
        let now = self.configuration.nowMilliseconds()
        let next = SignInSecret.random(bytes: 32)
        let outcome: Result<IssuedSession, SignInRefusal> = try await self.write { db in
            let row = try Self.sessionRow(db, refreshToken)
            let session: String = row["sessionId"]
            let expiresAt: Int64 = row["expiresAt"]
            switch SignInRefusal.refreshToken(
                usedAt: row["usedAt"],
                revokedAt: row["revokedAt"],
                expiresAt: expiresAt,
                now: now
            ) {
            case .revoked?:
                // Replayed: the whole session ends, whoever holds its latest token.
                try db.execute(
                    literal:
                        "UPDATE webSession SET revokedAt = coalesce(revokedAt, \(now)) WHERE sessionId = \(session)"
                )
                return .failure(.revoked)
            case let refusal?: return .failure(refusal)
            case nil: break
            }
            let grant = try Self.grant(row)
            if let user = try Self.fetchUser(db, grant.user), !user.active { return .failure(.deactivated) }
            try db.execute(
                literal: "UPDATE webSession SET usedAt = \(now) WHERE tokenHash = \(SignInSecret.digest(refreshToken))"
            )
            try db.execute(
                literal: """
                    INSERT INTO webSession (tokenHash, sessionId, userId, role, basinId, schoolUai, companySiret,
                      rosterId, createdAt, expiresAt)
                    SELECT \(SignInSecret.digest(next)), sessionId, userId, role, basinId, schoolUai, companySiret,
                      rosterId, \(now), expiresAt
                    FROM webSession WHERE tokenHash = \(SignInSecret.digest(refreshToken))
                    """
            )
            return .success(IssuedSession(refreshToken: next, grant: grant, expiresAt: expiresAt))
        }
        // A replay's revocation must commit: the refusal is thrown after the transaction.
        return try outcome.get()
    }

    /// Ends the session of a refresh token (signing out), and returns what it granted.
    public func endSession(_ refreshToken: String) async throws -> SessionGrant {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            let row = try Self.sessionRow(db, refreshToken)
            let session: String = row["sessionId"]
            try db.execute(
                literal: "UPDATE webSession SET revokedAt = coalesce(revokedAt, \(now)) WHERE sessionId = \(session)"
            )
            return try Self.grant(row)
        }
    }

    private static func sessionRow(_ db: Database, _ refreshToken: String) throws -> Row {
        guard
            let row = try SQLRequest<Row>(
                literal: "SELECT * FROM webSession WHERE tokenHash = \(SignInSecret.digest(refreshToken))"
            ).fetchOne(db)
        else { throw SignInRefusal.unknown }
        return row
    }

    private static func grant(_ row: Row) throws -> SessionGrant {
        let stored = StoredRow(row, table: "webSession", key: "sessionId")
        return SessionGrant(
            user: try stored.decode("userId"),
            role: try stored.decode("role"),
            basin: try stored.decodeIfPresent("basinId", as: BasinID.init),
            school: try stored.decodeIfPresent("schoolUai", as: UAI.init),
            company: try stored.decodeIfPresent("companySiret", as: SIRET.init),
            rosterID: try stored.decode("rosterId", as: Int64?.self)
        )
    }
}
