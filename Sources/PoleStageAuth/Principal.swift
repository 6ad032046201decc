import JWTKit
public import PoleStageStore

/// Who is calling, as a verified token says: a role with the one thing it is scoped to.
public enum Principal: Sendable, Hashable {
    case coordinator(user: String)
    case animator(user: String, basin: BasinID)
    case school(user: String, school: UAI)
    case company(user: String, company: SIRET)
    /// A pupil: `rosterID` is its roster entry when it signed in with its school's code, `nil` for a search-only token.
    case pupil(user: String, school: UAI, rosterID: Int64? = nil)

    public var role: Role {
        switch self {
        case .coordinator: .coordinator
        case .animator: .animator
        case .school: .school
        case .company: .company
        case .pupil: .pupil
        }
    }

    /// The token's subject: an opaque user id, safe to log.
    public var user: String {
        switch self {
        case .coordinator(let user), .animator(let user, _), .school(let user, _), .company(let user, _),
            .pupil(let user, _, _):
            user
        }
    }

    /// The scope a role needs and was not given: an animator's basin, a school's or pupil's UAI, a company's SIRET.
    public struct MissingScope: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Scope: String, Sendable {
            case basin
            case school
            case company
        }

        public let role: Role
        public let scope: Scope

        /// What the role needs: "a basin", "a school UAI", "a SIRET".
        public var needed: String {
            switch self.scope {
            case .basin: "a basin"
            case .school: "a school UAI"
            case .company: "a SIRET"
            }
        }

        public var description: String {
            "\(self.role == .animator ? "an" : "a") \(self.role.rawValue) needs \(self.needed)"
        }
    }

    /// The principal of `user` in `role`, with the one scope its role takes: where a role becomes a caller identity,
    /// for tokens, stored users and the command line alike. Scopes the role does not take are ignored.
    ///
    /// - Throws: ``MissingScope`` when the role's scope is `nil`.
    public init(
        role: Role,
        user: String,
        basin: BasinID?,
        school: UAI?,
        company: SIRET?,
        rosterID: Int64? = nil
    ) throws(MissingScope) {
        switch role {
        case .coordinator:
            self = .coordinator(user: user)
        case .animator:
            guard let basin else { throw MissingScope(role: role, scope: .basin) }
            self = .animator(user: user, basin: basin)
        case .school:
            guard let school else { throw MissingScope(role: role, scope: .school) }
            self = .school(user: user, school: school)
        case .pupil:
            guard let school else { throw MissingScope(role: role, scope: .school) }
            self = .pupil(user: user, school: school, rosterID: rosterID)
        case .company:
            guard let company else { throw MissingScope(role: role, scope: .company) }
            self = .company(user: user, company: company)
        }
    }

    /// Builds the principal from verified claims.
    ///
    /// - Throws: ``TokenError/invalidClaims(_:)`` when the role's scope claim is missing or malformed.
    public init(claims: TokenClaims) throws(TokenError) {
        guard let role = Role(rawValue: claims.role) else { throw .invalidClaims("unknown role '\(claims.role)'") }
        var rosterID: Int64?
        if role == .pupil, let pupil = claims.pupil {
            guard let id = Int64(pupil), id > 0 else { throw .invalidClaims("a pupil token's pupil must be an id") }
            rosterID = id
        }
        do {
            try self.init(
                role: role,
                user: claims.sub.value,
                basin: claims.basin.flatMap(BasinID.init),
                school: claims.school.flatMap(UAI.init),
                company: claims.company.flatMap(SIRET.init),
                rosterID: rosterID
            )
        } catch {
            throw .invalidClaims("\(error.role == .animator ? "an" : "a") \(role.rawValue) token needs \(error.needed)")
        }
    }
}
