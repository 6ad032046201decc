/// Who a web session is for: a user of the académie, or a pupil signed in with its school's code.
///
/// Roles by name, as in ``User``: the store knows no token.
public struct SessionGrant: Sendable, Hashable {
    public var user: String
    public var role: String
    public var basin: BasinID?
    public var school: UAI?
    public var company: SIRET?
    /// A pupil's roster entry.
    public var rosterID: Int64?

    public init(
        user: String,
        role: String,
        basin: BasinID? = nil,
        school: UAI? = nil,
        company: SIRET? = nil,
        rosterID: Int64? = nil
    ) {
        self.user = user
        self.role = role
        self.basin = basin
        self.school = school
        self.company = company
        self.rosterID = rosterID
    }
}

/// Why a sign-in code or a refresh token was not accepted. The messages are the web page's, in French.
public enum SignInRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// No such code or token: mistyped, or never issued.
    case unknown
    /// Used already (at, Unix milliseconds).
    case used(at: Int64)
    /// Expired (at, Unix milliseconds).
    case expired(at: Int64)
    /// The session was ended: signed out, or its refresh token was used twice (the whole session is then revoked).
    case revoked
    /// The user was deactivated.
    case deactivated

    public var description: String {
        switch self {
        case .unknown: "unknown"
        case .used: "used"
        case .expired: "expired"
        case .revoked: "revoked"
        case .deactivated: "deactivated"
        }
    }
}

/// An invite as its creator sees it: its code (shown once) and when it expires.
public struct IssuedInvite: Sendable, Hashable {
    public var code: String
    /// Unix milliseconds.
    public var expiresAt: Int64

    package init(code: String, expiresAt: Int64) {
        self.code = code
        self.expiresAt = expiresAt
    }
}

/// A web session's refresh token (shown once, kept in the browser's cookie) and what it grants.
public struct IssuedSession: Sendable, Hashable {
    public var refreshToken: String
    public var grant: SessionGrant
    /// Unix milliseconds: the session's end, whatever its rotations.
    public var expiresAt: Int64

    package init(refreshToken: String, grant: SessionGrant, expiresAt: Int64) {
        self.refreshToken = refreshToken
        self.grant = grant
        self.expiresAt = expiresAt
    }
}
