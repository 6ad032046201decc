import Foundation
import GRDB

extension AcademyStore {
    /// Stores a one-time invite for `user` and returns its code, which is kept only as its SHA-256.
    ///
    /// The code is 26 letters and digits (128 random bits): it cannot be guessed.
    public func createInvite(for user: String, by creator: String, lifetime: Duration) async throws -> IssuedInvite {
        let now = self.configuration.nowMilliseconds()
        let expiresAt = now + lifetime.milliseconds
        let code = Self.randomCode(bytes: 16)
        try await self.write { db in
            _ = try Self.requireUser(db, user)
            try db.execute(sql: "DELETE FROM invite WHERE expiresAt <= ? AND usedAt IS NULL", arguments: [now])
            try db.execute(
                literal: """
                    INSERT INTO invite (codeHash, userId, createdBy, createdAt, expiresAt)
                    VALUES (\(Self.digest(code)), \(user), \(creator), \(now), \(expiresAt))
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
                    literal: "SELECT userId, expiresAt, usedAt FROM invite WHERE codeHash = \(Self.digest(code))"
                ).fetchOne(db)
            else { throw SignInRefusal.unknown }
            if let usedAt: Int64 = row["usedAt"] { throw SignInRefusal.used(at: usedAt) }
            let expiresAt: Int64 = row["expiresAt"]
            guard expiresAt > now else { throw SignInRefusal.expired(at: expiresAt) }
            let user = try Self.requireUser(db, row["userId"])
            guard user.active else { throw SignInRefusal.deactivated }
            try db.execute(literal: "UPDATE invite SET usedAt = \(now) WHERE codeHash = \(Self.digest(code))")
            return user
        }
    }

    /// Opens a web session and returns its first refresh token.
    public func createSession(_ grant: SessionGrant, lifetime: Duration) async throws -> IssuedSession {
        let now = self.configuration.nowMilliseconds()
        let session = IssuedSession(
            refreshToken: Self.randomCode(bytes: 32),
            grant: grant,
            expiresAt: now + lifetime.milliseconds
        )
        try await self.write { db in
            try db.execute(sql: "DELETE FROM webSession WHERE expiresAt <= ?", arguments: [now])
            try db.execute(
                literal: """
                    INSERT INTO webSession (tokenHash, sessionId, userId, role, basinId, schoolUai, companySiret,
                      rosterId, createdAt, expiresAt)
                    VALUES (\(Self.digest(session.refreshToken)), \(Self.randomCode(bytes: 16)), \(grant.user),
                      \(grant.role), \(grant.basin?.rawValue), \(grant.school?.rawValue), \(grant.company?.rawValue),
                      \(grant.rosterID), \(now), \(session.expiresAt))
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
        let next = Self.randomCode(bytes: 32)
        let outcome: Result<IssuedSession, SignInRefusal> = try await self.write { db in
            let row = try Self.sessionRow(db, refreshToken)
            let session: String = row["sessionId"]
            if row["usedAt"] as Int64? != nil || row["revokedAt"] as Int64? != nil {
                // Replayed: the whole session ends, whoever holds its latest token.
                try db.execute(
                    literal:
                        "UPDATE webSession SET revokedAt = coalesce(revokedAt, \(now)) WHERE sessionId = \(session)"
                )
                return .failure(.revoked)
            }
            let expiresAt: Int64 = row["expiresAt"]
            guard expiresAt > now else { return .failure(.expired(at: expiresAt)) }
            let grant = try Self.grant(row)
            if let user = try Self.fetchUser(db, grant.user), !user.active { return .failure(.deactivated) }
            try db.execute(
                literal: "UPDATE webSession SET usedAt = \(now) WHERE tokenHash = \(Self.digest(refreshToken))"
            )
            try db.execute(
                literal: """
                    INSERT INTO webSession (tokenHash, sessionId, userId, role, basinId, schoolUai, companySiret,
                      rosterId, createdAt, expiresAt)
                    SELECT \(Self.digest(next)), sessionId, userId, role, basinId, schoolUai, companySiret, rosterId,
                      \(now), expiresAt
                    FROM webSession WHERE tokenHash = \(Self.digest(refreshToken))
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
                literal: "SELECT * FROM webSession WHERE tokenHash = \(Self.digest(refreshToken))"
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

    /// Random letters and digits (lower-case base 32), `bytes` random bytes' worth.
    static func randomCode(bytes: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var generator = SystemRandomNumberGenerator()
        let count = (bytes * 8 + 4) / 5
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt32(32)))] })
    }

    static func digest(_ code: String) -> String {
        sha256Hex(Data(code.utf8))
    }
}
