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

    /// Builds the principal from verified claims.
    ///
    /// - Throws: ``TokenError/invalidClaims(_:)`` when the role's scope claim is missing or malformed.
    public init(claims: TokenClaims) throws(TokenError) {
        let user = claims.sub.value
        guard let role = Role(rawValue: claims.role) else { throw .invalidClaims("unknown role '\(claims.role)'") }
        switch role {
        case .coordinator:
            self = .coordinator(user: user)
        case .animator:
            guard let basin = claims.basin.flatMap(BasinID.init) else {
                throw .invalidClaims("an animator token needs a basin")
            }
            self = .animator(user: user, basin: basin)
        case .school, .pupil:
            guard let school = claims.school.flatMap(UAI.init) else {
                throw .invalidClaims("a \(role.rawValue) token needs a school UAI")
            }
            if role == .school {
                self = .school(user: user, school: school)
            } else {
                var rosterID: Int64?
                if let pupil = claims.pupil {
                    guard let id = Int64(pupil), id > 0 else {
                        throw .invalidClaims("a pupil token's pupil must be an id")
                    }
                    rosterID = id
                }
                self = .pupil(user: user, school: school, rosterID: rosterID)
            }
        case .company:
            guard let company = claims.company.flatMap(SIRET.init) else {
                throw .invalidClaims("a company token needs a SIRET")
            }
            self = .company(user: user, company: company)
        }
    }
}
