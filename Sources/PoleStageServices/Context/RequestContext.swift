package import GRPCCore
package import PoleStageAuth
package import PoleStageStore

/// The caller of the RPC being served: who it is, the method it calls, and the basin it works in.
///
/// Only the server's authentication interceptor builds it, from a verified token, and binds it to the handler's task
/// with ``withValue(_:operation:)``. Services read ``current()``, which lets through only the roles that
/// ``AccessPolicy`` names for the method, and never parse a token or pick a database themselves.
package struct RequestContext: Sendable {
    /// The verified caller.
    package let principal: Principal
    /// The basin the call works in; `nil` for a coordinator that named none.
    package let tenant: Tenant?
    /// The method being served.
    package let method: MethodDescriptor

    package init(principal: Principal, tenant: Tenant?, method: MethodDescriptor) {
        self.principal = principal
        self.tenant = tenant
        self.method = method
    }

    @TaskLocal static var bound: RequestContext?

    /// Runs `operation` with `context` as the ``current()`` context.
    package static func withValue<T>(_ context: RequestContext, operation: () async throws -> T) async rethrows -> T {
        try await self.$bound.withValue(context, operation: operation)
    }

    /// The context of the RPC being served, once ``AccessPolicy`` lets its caller's role call its method.
    ///
    /// - Throws: `unauthenticated` when no interceptor bound one (a service registered without authentication refuses
    ///   every call rather than serve it unscoped); ``AccessDenied`` when the method has no rule or the rule does not
    ///   name the caller's role.
    package static func current() throws -> RequestContext {
        let context = try self.unchecked()
        try context.checkAccess()
        return context
    }

    /// The context and its basin: ``current()``, then ``requireTenant()``.
    package static func inBasin() throws -> (RequestContext, Tenant) {
        let context = try self.current()
        return (context, try context.requireTenant())
    }

    /// The context bound to the task, before its access is checked: for the audit log, which records refusals too.
    static func unchecked() throws -> RequestContext {
        guard let context = self.bound else {
            throw RPCError(code: .unauthenticated, message: "the call was not authenticated")
        }
        return context
    }

    /// Refuses the call unless ``AccessPolicy`` names the caller's role for the method.
    func checkAccess() throws(AccessDenied) {
        guard let rule = AccessPolicy.rule(for: self.method) else { throw AccessDenied.noRule(self.method.description) }
        guard rule.roles.contains(self.principal.role) else {
            throw AccessDenied.role(self.principal.role, action: rule.action)
        }
    }

    /// The refusal of the caller's role for the method, as ``current()`` throws it: for a service that takes only some
    /// of the roles the policy lets through down a path (a pupil's own application and a school's for its pupil).
    package var roleRefusal: AccessDenied {
        AccessDenied.role(
            self.principal.role,
            action: AccessPolicy.rule(for: self.method)?.action ?? self.method.method
        )
    }

    /// The basin of the call.
    ///
    /// - Throws: `invalidArgument` when a coordinator (or a company working with several basins) named none.
    package func requireTenant() throws -> Tenant {
        guard let tenant else {
            throw RPCError(
                code: .invalidArgument,
                message: "this call works in one basin: name it with the '\(TenantMetadata.basinKey)' metadata key"
            )
        }
        return tenant
    }
}

/// The basin a call works in, resolved by the interceptor.
package struct Tenant: Sendable {
    package let basin: Basin
    package let store: any BasinStorage

    package init(basin: Basin, store: any BasinStorage) {
        self.basin = basin
        self.store = store
    }
}

/// The metadata keys of tenancy.
package enum TenantMetadata {
    /// Names the basin for a token that spans several (coordinator, company); must match the token's basin otherwise.
    package static let basinKey = "polestage-basin"
}
