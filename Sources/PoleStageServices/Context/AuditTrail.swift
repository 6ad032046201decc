package import GRPCCore
import PoleStageAuth
import PoleStageProto
import PoleStageStore

/// The académie's audit log, as the services write it: one entry per call they wrap, done or refused.
enum AuditTrail {
    /// Runs a call and writes its entry, whatever its outcome: a call ``AccessPolicy`` refuses is recorded too.
    ///
    /// - Parameters:
    ///   - basin: The basin the call concerns; an animator's own when nil.
    ///   - target: What it acts on (ids only, at most 120 characters kept); `body` may make it precise once it knows
    ///     more, such as the changes it made.
    ///   - outcome: The entry's outcome for a call that succeeded.
    static func record<T>(
        in academy: any AcademyStorage,
        basin: BasinID?,
        target: String,
        outcome: (T) -> String = { _ in "OK" },
        _ body: (RequestContext, inout String) async throws -> T
    ) async throws -> T {
        let caller = try RequestContext.unchecked()
        var target = target
        var basinID = basin
        if basinID == nil, case .animator(_, let own) = caller.principal { basinID = own }
        let entry = { (target: String, outcome: String) in
            AuditEntry(
                user: caller.principal.user,
                role: caller.principal.role.rawValue,
                method: caller.method.method,
                basin: basinID,
                target: String(target.prefix(120)),
                outcome: outcome
            )
        }
        do {
            try caller.checkAccess()
            let result = try await body(caller, &target)
            try await academy.appendAudit(entry(target, outcome(result)))
            return result
        } catch {
            try? await academy.appendAudit(entry(target, self.statusName(of: error)))
            throw error
        }
    }

    /// The canonical name of the status an error ends a call with: `PERMISSION_DENIED`.
    static func statusName(of error: any Error) -> String {
        let code: RPCError.Code
        switch error {
        case let error as RPCError: code = error.code
        case let error as any RPCErrorConvertible: code = error.rpcErrorCode
        default: code = .unknown
        }
        return code.canonicalName
    }
}
