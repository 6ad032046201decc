import JWTKit
import Synchronization

/// The revoked token ids and deactivated users, kept in memory so that checking a call costs no disk read.
///
/// The academy store holds them (`tokenRevocation`, `user.active`); the server loads them at start
/// (``replace(revokedTokens:inactiveUsers:)``) and the admin service adds to both at once when it revokes a token or
/// deactivates a user, so the next call with that token is refused on either transport. The server also reloads it
/// every few seconds (``add(revokedTokens:inactiveUsers:)``) for revocations made by another process.
public final class RevocationList: Sendable {
    private struct State {
        var tokens: Set<String> = []
        var users: Set<String> = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Replaces the whole list, as read from the academy store.
    public func replace(revokedTokens: Set<String>, inactiveUsers: Set<String>) {
        self.state.withLock { $0 = State(tokens: revokedTokens, users: inactiveUsers) }
    }

    /// Adds revoked token ids and deactivated users to the list (a periodic reload: nothing is ever removed).
    public func add(revokedTokens: Set<String>, inactiveUsers: Set<String>) {
        self.state.withLock { state in
            state.tokens.formUnion(revokedTokens)
            state.users.formUnion(inactiveUsers)
        }
    }

    /// Refuses a token id from now on.
    public func revoke(tokenID: String) {
        self.state.withLock { _ = $0.tokens.insert(tokenID) }
    }

    /// Refuses every token of a user from now on.
    public func deactivate(user: String) {
        self.state.withLock { _ = $0.users.insert(user) }
    }

    /// Why claims are refused, if they are.
    public func check(_ claims: TokenClaims) -> TokenError? {
        self.state.withLock { state in
            if state.tokens.contains(claims.jti.value) { return .revoked }
            if state.users.contains(claims.sub.value) { return .userDeactivated }
            return nil
        }
    }
}
