import GRPCCore
import PoleStageAuth
import PoleStageServices
import PoleStageStore

/// Resolves the basin a verified caller works in: the one place that picks a basin's store.
///
/// - An animator works in its token's basin; a school's staff and pupils in their school's basin.
/// - A company works in the basins the directory lists for it: the one named by the `polestage-basin` metadata key,
///   or its only one.
/// - The coordination works in the basin it names, or in none.
///
/// A named basin outside the caller's scope is refused with `PERMISSION_DENIED`.
struct TenantResolver: Sendable {
    let academy: any AcademyStorage
    let basins: any BasinDirectory

    func resolve(_ principal: Principal, requestedBasin: String?, method: MethodDescriptor) async throws
        -> RequestContext
    {
        var requested: BasinID?
        if let requestedBasin {
            guard let id = BasinID(requestedBasin) else {
                throw RPCError(
                    code: .invalidArgument,
                    message:
                        "\(TenantMetadata.basinKey) : « \(requestedBasin.prefix(48)) » n'est pas un identifiant de bassin"
                )
            }
            requested = id
        }
        let basin: BasinID?
        switch principal {
        case .coordinator:
            basin = requested
        case .animator(_, let own):
            basin = try Self.check(requested, within: [own], role: principal.role)
        case .school(_, let uai), .pupil(_, let uai, _):
            guard let school = try await self.academy.school(uai) else {
                throw AccessDenied.notYours("l'établissement \(uai) du jeton n'est pas dans l'annuaire de l'académie")
            }
            basin = try Self.check(requested, within: [school.basin], role: principal.role)
        case .company(_, let siret):
            guard let company = try await self.academy.company(siret) else {
                throw AccessDenied.notYours("l'entreprise \(siret) du jeton n'est pas dans l'annuaire de l'académie")
            }
            if let requested {
                basin = try Self.check(requested, within: company.basins, role: principal.role)
            } else {
                basin = company.basins.count == 1 ? company.basins.first : nil
            }
        }
        guard let basin else { return RequestContext(principal: principal, tenant: nil, method: method) }
        guard let record = try await self.academy.basin(basin) else {
            throw RPCError(code: .notFound, message: "bassin \(basin) : introuvable")
        }
        try await self.basins.prepare(basin)
        return RequestContext(
            principal: principal,
            tenant: Tenant(basin: record, store: self.basins.storage(for: basin)),
            method: method
        )
    }

    static func check(_ requested: BasinID?, within allowed: Set<BasinID>, role: Role) throws -> BasinID? {
        guard let requested else { return allowed.count == 1 ? allowed.first : nil }
        guard allowed.contains(requested) else {
            throw AccessDenied.notYours("ce jeton « \(role.french) » ne sert pas dans le bassin \(requested)")
        }
        return requested
    }
}
