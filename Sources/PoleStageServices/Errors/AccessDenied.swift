package import GRPCCore
package import PoleStageAuth

/// A call refused for who makes it: `PERMISSION_DENIED`. Messages name roles and identifiers, never personal data.
package enum AccessDenied: Error, Sendable, Equatable, CustomStringConvertible {
    /// The caller's role may not do this at all.
    case role(Role, action: String)
    /// The caller may do this, but not on this thing: another basin's, school's or company's.
    case notYours(String)
    /// The method has no access rule (``AccessPolicy``): no one may call it.
    case noRule(String)

    package var description: String {
        switch self {
        case .role(let role, let action): "le rôle « \(role.french) » ne peut pas \(action)"
        case .notYours(let what): what
        case .noRule(let method): "\(method) n'a pas de règle d'accès : aucun rôle ne peut l'appeler"
        }
    }
}

extension Role {
    /// The role as a refusal names it.
    package var french: String {
        switch self {
        case .coordinator: "coordination"
        case .animator: "animation"
        case .school: "établissement"
        case .company: "entreprise"
        case .pupil: "élève"
        }
    }
}

extension AccessDenied: RPCErrorConvertible {
    package var rpcErrorCode: RPCError.Code { .permissionDenied }
    package var rpcErrorMessage: String { self.description }
}
