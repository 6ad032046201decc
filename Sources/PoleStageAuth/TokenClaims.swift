public import Foundation
public import JWTKit

/// The claims of a PôleStage token.
public struct TokenClaims: JWTPayload, Equatable {
    /// The user id: opaque, never a name.
    public var sub: SubjectClaim
    public var iat: IssuedAtClaim
    public var exp: ExpirationClaim
    /// The token id, so that a token can be revoked.
    public var jti: IDClaim
    public var role: String
    /// The animator's basin.
    public var basin: String?
    /// The UAI of a school user's or a pupil's school.
    public var school: String?
    /// The SIRET of a company user's company.
    public var company: String?
    /// A pupil token's roster entry in its basin (the pupil's id, not its reference): set for a pupil who signed in
    /// with a code from its school.
    public var pupil: String?

    public init(
        sub: String,
        role: Role,
        issuedAt: Date,
        expiresAt: Date,
        id: String,
        basin: String? = nil,
        school: String? = nil,
        company: String? = nil,
        pupil: String? = nil
    ) {
        self.sub = SubjectClaim(value: sub)
        self.iat = IssuedAtClaim(value: issuedAt)
        self.exp = ExpirationClaim(value: expiresAt)
        self.jti = IDClaim(value: id)
        self.role = role.rawValue
        self.basin = basin
        self.school = school
        self.company = company
        self.pupil = pupil
    }

    /// Nothing beyond the signature: ``TokenAuthority/verify(_:)`` checks the expiry by its own clock.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

extension TokenClaims {
    /// The token's id (`jti`), for its revocation.
    public var tokenID: String { self.jti.value }
    /// The user id (`sub`).
    public var userID: String { self.sub.value }
}
