package import Foundation
package import PoleStageAuth
import PoleStageProto
package import PoleStageStore

/// Sign-in for the web application, without a token to paste.
///
/// A one-time code is exchanged once for a short-lived access token (kept in the page's memory, sent with each call)
/// and a refresh token (kept in an `HttpOnly` cookie): an invite's code for staff, schools and companies, or the code
/// a school gave its pupil. Each refresh token is accepted once and replaced; one presented twice ends its session.
/// The HTTP routes (`/auth/…`) are the server's; the rules are here.
package struct WebSessions: Sendable {
    let academy: any AcademyStorage
    let basins: any BasinDirectory
    let tokens: TokenAuthority
    let revocations: RevocationList

    /// How long an access token lives: the page refreshes it before then.
    package static let accessLifetime = Duration.seconds(10 * 60)
    /// How long a session lasts from its sign-in, whatever its refreshes.
    package static let sessionLifetime = Duration.seconds(30 * 86_400)

    package init(
        academy: any AcademyStorage,
        basins: any BasinDirectory,
        tokens: TokenAuthority,
        revocations: RevocationList
    ) {
        self.academy = academy
        self.basins = basins
        self.tokens = tokens
        self.revocations = revocations
    }

    /// A signed-in page's tokens, and who it is for, with names to show rather than ids.
    package struct SignedIn: Sendable {
        package var accessToken: String
        package var accessTokenID: String
        package var accessExpiresAt: Date
        package var refreshToken: String
        package var sessionExpiresAt: Int64
        package var grant: SessionGrant
        package var basinName: String?
        package var schoolName: String?
        package var companyName: String?
        /// A signed-in pupil's level (`polestage.common.v1.Level`), for the page's default filter.
        package var pupilLevel: Int?
    }

    /// What a code names: an invite (26 characters) or a pupil's code (10), told apart by length.
    package enum Code: Sendable, Equatable {
        case invite(String)
        case pupil(String, basin: BasinID)

        /// Nil when the text is neither.
        package init?(_ text: String, basin: String?) {
            let invite = text.lowercased().filter { $0.isLetter || $0.isNumber }
            if invite.count == 26, invite.allSatisfy({ $0.isASCII }) {
                self = .invite(invite)
                return
            }
            let pupil = text.uppercased().filter { !$0.isWhitespace && $0 != "-" }
            guard pupil.count == 10, let basin = basin.flatMap(BasinID.init) else { return nil }
            self = .pupil(pupil, basin: basin)
        }
    }

    /// Exchanges a one-time code for a session.
    ///
    /// - Throws: ``SignInRefusal`` (unknown, used, expired, deactivated), or a store error.
    package func signIn(_ code: Code) async throws -> SignedIn {
        let grant: SessionGrant
        var lifetime = Self.sessionLifetime
        switch code {
        case .invite(let code):
            let user = try await self.academy.redeemInvite(code)
            grant = SessionGrant(
                user: user.id,
                role: user.role,
                basin: user.basin,
                school: user.school,
                company: user.company
            )
        case .pupil(let code, let basinID):
            guard let basin = try await self.academy.basin(basinID), !basin.archived else {
                throw SignInRefusal.unknown
            }
            try await self.basins.prepare(basinID)
            let pupil: Pupil
            do {
                pupil = try await self.basins.storage(for: basinID).redeemSignInCode(code)
            } catch StoreError.notFound {
                throw SignInRefusal.unknown
            }
            grant = SessionGrant(
                user: "pupil-\(basinID)-\(pupil.id)",
                role: Role.pupil.rawValue,
                basin: basinID,
                school: pupil.school,
                rosterID: pupil.id
            )
            // A pupil's session ends with its school year.
            let untilYearEnd = Duration.seconds(max(60, Int64(pupil.schoolYear.end.timeIntervalSinceNow)))
            lifetime = min(lifetime, untilYearEnd)
        }
        let session = try await self.academy.createSession(grant, lifetime: lifetime)
        return try await self.signedIn(session)
    }

    /// The next tokens of a session.
    ///
    /// - Throws: ``SignInRefusal`` (unknown, expired, revoked, deactivated).
    package func refresh(_ refreshToken: String) async throws -> SignedIn {
        try await self.signedIn(try await self.academy.rotateSession(refreshToken))
    }

    /// Ends a session; the access token it names, if any and valid, is refused from then on.
    package func signOut(_ refreshToken: String, accessToken: String?) async throws -> SessionGrant {
        let grant = try await self.academy.endSession(refreshToken)
        if let accessToken, let claims = try? await self.tokens.verify(accessToken), claims.userID == grant.user {
            self.revocations.revoke(tokenID: claims.tokenID)
        }
        return grant
    }

    private func signedIn(_ session: IssuedSession) async throws -> SignedIn {
        let grant = session.grant
        let principal: Principal
        do {
            switch grant.role {
            case Role.pupil.rawValue:
                guard let school = grant.school else { throw StoreError.corrupt("pupil session without a school") }
                principal = .pupil(user: grant.user, school: school, rosterID: grant.rosterID)
            default:
                guard let role = Role(rawValue: grant.role) else { throw StoreError.corrupt("session role") }
                principal = try Principal(
                    role: role,
                    user: grant.user,
                    basin: grant.basin,
                    school: grant.school,
                    company: grant.company
                )
            }
        }
        let lifetime = min(Self.accessLifetime, .milliseconds(max(1_000, session.expiresAt - Self.nowMilliseconds())))
        let issued = try await self.tokens.issueToken(for: principal, lifetime: lifetime)
        var basinName: String?
        if let basin = grant.basin { basinName = try await self.academy.basin(basin)?.name }
        var schoolName: String?
        if let school = grant.school {
            let found = try await self.academy.school(school)
            schoolName = found?.name
            if basinName == nil, let basin = found?.basin { basinName = try await self.academy.basin(basin)?.name }
        }
        return SignedIn(
            accessToken: issued.token,
            accessTokenID: issued.id,
            accessExpiresAt: issued.expiresAt,
            refreshToken: session.refreshToken,
            sessionExpiresAt: session.expiresAt,
            grant: grant,
            basinName: basinName,
            schoolName: schoolName,
            companyName: try await grant.company.asyncMap { try await self.academy.company($0)?.name } ?? nil,
            pupilLevel: try await self.pupilLevel(grant)
        )
    }

    /// The level of the pupil a session signs in, or nil for another role (or a pupil no longer on the roster).
    private func pupilLevel(_ grant: SessionGrant) async throws -> Int? {
        guard let rosterID = grant.rosterID, let basin = grant.basin else { return nil }
        try await self.basins.prepare(basin)
        return try await self.basins.storage(for: basin).pupil(rosterID)?.details.level.proto.rawValue
    }

    static func nowMilliseconds() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
