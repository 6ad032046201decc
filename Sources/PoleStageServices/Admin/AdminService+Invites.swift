package import GRPCCore
import PoleStageAuth
package import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension AdminService {
    /// The longest an invite stays valid, in hours (two weeks), and its default (three days).
    static let inviteLifetimes: ClosedRange<Int32> = 1...336
    static let defaultInviteLifetime: Int32 = 72

    package func inviteUser(
        request: Polestage_Admin_V1_InviteUserRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_Invite {
        try await self.audited(
            basin: request.basinID,
            target: "invite \(request.role) \(Self.auditID(request.userID))"
        ) { caller in
            let wanted = try await self.invitedUser(request, caller: caller)
            let hours = request.lifetimeHours == 0 ? Self.defaultInviteLifetime : request.lifetimeHours
            guard Self.inviteLifetimes.contains(hours) else {
                throw InvalidField("lifetime_hours", "doit être de 1 à 336 heures (deux semaines) ; 0 pour 72")
            }
            var user = wanted
            if let existing = try await self.academy.user(wanted.id) {
                guard existing.role == wanted.role, existing.basin == wanted.basin, existing.school == wanted.school,
                    existing.company == wanted.company
                else {
                    throw StoreError.failedPrecondition(
                        "l'utilisateur \(wanted.id) existe avec un autre rôle ou une autre portée : nommez un autre "
                            + "user_id, ou laissez-le vide"
                    )
                }
                guard existing.active else {
                    throw StoreError.failedPrecondition(
                        "l'utilisateur \(wanted.id) est désactivé : il ne peut pas être invité"
                    )
                }
                user = existing
            } else {
                user = try await self.academy.insertUser(wanted)
            }
            let invite = try await self.academy.createInvite(
                for: user.id,
                by: caller.principal.user,
                lifetime: .seconds(Int64(hours) * 3_600)
            )
            return .with {
                $0.user = Self.proto(user)
                $0.code = invite.code
                $0.path = "/dashboard/#invite=\(invite.code)"
                $0.expiresAt = invite.expiresAt
            }
        }
    }

    /// The user an invite is for, checked against who invites: the coordination anyone but a pupil, an animator its
    /// basin's schools and companies.
    private func invitedUser(_ request: Polestage_Admin_V1_InviteUserRequest, caller: RequestContext) async throws
        -> User
    {
        guard let role = Role(rawValue: request.role), role != .pupil else {
            throw InvalidField(
                "role",
                "doit être coordinator, animator, school ou company (un élève se connecte avec le code que lui donne son établissement)"
            )
        }
        var animatorBasin: BasinID?
        if case .animator(_, let own) = caller.principal {
            guard role == .school || role == .company else {
                throw AccessDenied.notYours(
                    "un animateur invite les établissements et les entreprises de son bassin ; la coordination invite les animateurs"
                )
            }
            animatorBasin = own
        }
        let basin = try Self.scopeField(request.basinID, "basin_id", needed: role == .animator, role: role) {
            try BasinID(validating: $0, field: "basin_id")
        }
        let school = try Self.scopeField(request.schoolUai, "school_uai", needed: role == .school, role: role) {
            try UAI(validating: $0, field: "school_uai")
        }
        let company = try Self.scopeField(request.companySiret, "company_siret", needed: role == .company, role: role) {
            try SIRET(validating: $0, field: "company_siret")
        }
        if let basin { _ = try await self.requireBasin(basin) }
        if let school {
            guard let found = try await self.academy.school(school) else {
                throw StoreError.notFound("établissement \(school)")
            }
            if let animatorBasin, found.basin != animatorBasin {
                throw AccessDenied.notYours("l'établissement \(school) n'est pas dans le bassin \(animatorBasin)")
            }
        }
        if let company {
            guard let found = try await self.academy.company(company) else {
                throw StoreError.notFound("entreprise \(company)")
            }
            if let animatorBasin, !found.basins.contains(animatorBasin) {
                throw AccessDenied.notYours("l'entreprise \(company) n'est pas partenaire du bassin \(animatorBasin)")
            }
        }
        let id =
            request.userID.isEmpty
            ? "\(role.rawValue)-\(basin?.rawValue ?? school?.rawValue ?? company?.rawValue ?? "academie")"
            : try Self.userID(request.userID, field: "user_id")
        return User(id: id, role: role.rawValue, basin: basin, school: school, company: company)
    }
}
