import GRPCCore
public import PoleStageAuth
public import PoleStageStore

/// The caller of the RPC being served: who it is, and the basin it works in.
///
/// Only the server's authentication interceptor builds it, from a verified token, and binds it to the handler's task
/// with ``withValue(_:operation:)``. Services read ``current`` and never parse a token or pick a database themselves.
public struct RequestContext: Sendable {
    /// The verified caller.
    public let principal: Principal
    /// The basin the call works in; `nil` for a coordinator that named none.
    public let tenant: Tenant?

    public init(principal: Principal, tenant: Tenant?) {
        self.principal = principal
        self.tenant = tenant
    }

    @TaskLocal static var bound: RequestContext?

    /// Runs `operation` with `context` as the ``current`` context.
    public static func withValue<T>(_ context: RequestContext, operation: () async throws -> T) async rethrows -> T {
        try await self.$bound.withValue(context, operation: operation)
    }

    /// The context of the RPC being served.
    ///
    /// - Throws: `unauthenticated` when no interceptor bound one: a service registered without authentication refuses
    ///   every call rather than serve it unscoped.
    public static func current() throws -> RequestContext {
        guard let context = self.bound else {
            throw RPCError(code: .unauthenticated, message: "the call was not authenticated")
        }
        return context
    }

    /// The basin of the call.
    ///
    /// - Throws: `invalidArgument` when a coordinator (or a company working with several basins) named none.
    public func requireTenant() throws -> Tenant {
        guard let tenant else {
            throw RPCError(
                code: .invalidArgument,
                message: "this call works in one basin: name it with the '\(TenantMetadata.basinKey)' metadata key"
            )
        }
        return tenant
    }

    /// Refuses the call unless the caller has one of `roles`.
    ///
    /// - Parameter action: What the call does, for the message: "create offers".
    public func require(_ roles: Set<Role>, to action: String) throws {
        guard roles.contains(self.principal.role) else { throw AccessDenied.role(self.principal.role, action: action) }
    }
}

/// The basin a call works in, resolved by the interceptor.
public struct Tenant: Sendable {
    public let basin: Basin
    public let store: BasinStore

    public init(basin: Basin, store: BasinStore) {
        self.basin = basin
        self.store = store
    }
}

/// The metadata keys of tenancy.
public enum TenantMetadata {
    /// Names the basin for a token that spans several (coordinator, company); must match the token's basin otherwise.
    public static let basinKey = "polestage-basin"
}
