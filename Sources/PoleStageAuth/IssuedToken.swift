public import Foundation

/// A signed token with its id (the `jti` claim, to revoke it) and expiry.
public struct IssuedToken: Sendable, Hashable {
    public var token: String
    public var id: String
    public var expiresAt: Date
}
