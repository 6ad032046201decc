/// Why a token was refused. Messages never quote the token.
public enum TokenError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing
    case malformed
    case unknownKey(String)
    case badSignature
    case expired
    case invalidClaims(String)
    /// Its id was revoked (`AdminService.RevokeToken`).
    case revoked
    /// Its user was deactivated (`AdminService.DeactivateUser`).
    case userDeactivated

    public var description: String {
        switch self {
        case .missing: "missing 'authorization: Bearer <token>' metadata"
        case .malformed: "the bearer token is not a well-formed JWT"
        case .unknownKey(let kid): "the token is signed with unknown key id '\(kid)'"
        case .badSignature: "the token's signature does not verify"
        case .expired: "the token has expired"
        case .invalidClaims(let reason): "the token's claims are invalid: \(reason)"
        case .revoked: "the token has been revoked"
        case .userDeactivated: "the token's user has been deactivated"
        }
    }
}
