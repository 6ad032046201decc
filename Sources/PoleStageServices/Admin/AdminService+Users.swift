import Foundation
package import GRPCCore
import PoleStageAuth
package import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension AdminService {
    /// Tokens live 30 days unless the request says otherwise, and at most 366 days.
    static let defaultTokenLifetime: Int64 = 30 * 24 * 3600
    static let tokenLifetimes: ClosedRange<Int64> = 60...(366 * 24 * 3600)

    package func createUser(
        request: Polestage_Admin_V1_CreateUserRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_User {
        try await self.audited(
            basin: request.basinID,
            target: "user \(Self.auditID(request.userID))"
        ) { _ in
            let id = try Self.userID(request.userID, field: "user_id")
            guard let role = Role(rawValue: request.role) else {
                throw InvalidField("role", "doit être l'un de \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let needsBasin = role == .animator
            let needsSchool = role == .school || role == .pupil
            let needsCompany = role == .company
            let basin = try Self.scopeField(request.basinID, "basin_id", needed: needsBasin, role: role) {
                try BasinID(validating: $0, field: "basin_id")
            }
            let school = try Self.scopeField(request.schoolUai, "school_uai", needed: needsSchool, role: role) {
                try UAI(validating: $0, field: "school_uai")
            }
            let company = try Self.scopeField(request.companySiret, "company_siret", needed: needsCompany, role: role) {
                try SIRET(validating: $0, field: "company_siret")
            }
            let user = try await self.academy.insertUser(
                User(id: id, role: role.rawValue, basin: basin, school: school, company: company)
            )
            return Self.proto(user)
        }
    }

    package func assignAnimator(
        request: Polestage_Admin_V1_AssignAnimatorRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_User {
        try await self.audited(
            basin: request.basinID,
            target: "user \(Self.auditID(request.userID))"
        ) { _ in
            let id = try Self.userID(request.userID, field: "user_id")
            let basin = try BasinID(validating: request.basinID, field: "basin_id")
            let record = try await self.requireBasin(basin)
            guard !record.archived else {
                throw StoreError.failedPrecondition("le bassin \(basin) est archivé : il est en lecture seule")
            }
            return Self.proto(try await self.academy.assignAnimator(id, to: basin))
        }
    }

    package func deactivateUser(
        request: Polestage_Admin_V1_UserRef,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_User {
        try await self.audited(
            target: "user \(Self.auditID(request.userID))"
        ) { _ in
            let id = try Self.userID(request.userID, field: "user_id")
            let user = try await self.academy.deactivateUser(id)
            self.revocations.deactivate(user: id)
            return Self.proto(user)
        }
    }

    package func issueToken(
        request: Polestage_Admin_V1_IssueTokenRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_IssuedToken {
        try await self.audited(
            target: "user \(Self.auditID(request.userID))"
        ) { _ in
            let id = try Self.userID(request.userID, field: "user_id")
            let lifetime = request.lifetimeSeconds == 0 ? Self.defaultTokenLifetime : request.lifetimeSeconds
            guard Self.tokenLifetimes.contains(lifetime) else {
                throw InvalidField(
                    "lifetime_seconds",
                    "doit être entre \(Self.tokenLifetimes.lowerBound) et \(Self.tokenLifetimes.upperBound) secondes"
                )
            }
            guard let user = try await self.academy.user(id) else { throw StoreError.notFound("utilisateur \(id)") }
            guard user.active else {
                throw StoreError.failedPrecondition(
                    "l'utilisateur \(id) est désactivé : réactivez-le ou créez-en un autre"
                )
            }
            let principal = try Self.principal(of: user)
            let issued = try await self.tokens.issueRecordedToken(
                for: principal,
                lifetime: .seconds(lifetime),
                in: self.academy
            )
            return .with {
                $0.token = issued.token
                $0.tokenID = issued.id
                $0.expiresAt = Int64((issued.expiresAt.timeIntervalSince1970 * 1000).rounded())
                $0.user = Self.proto(user)
            }
        }
    }

    package func revokeToken(
        request: Polestage_Admin_V1_RevokeTokenRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_RevokedToken {
        try await self.audited(
            target: "token \(Self.auditID(request.tokenID))"
        ) { caller in
            let tokenID = try Text.required(request.tokenID, field: "token_id", max: 64)
            let revokedAt = try await self.academy.revokeToken(tokenID, by: caller.principal.user)
            self.revocations.revoke(tokenID: tokenID)
            return .with {
                $0.tokenID = tokenID
                $0.revokedAt = revokedAt
            }
        }
    }
}

extension AdminService {
    package func listTokens(
        request: Polestage_Admin_V1_ListTokensRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_TokenList {
        try await self.audited(
            target: "user \(Self.auditID(request.userID))"
        ) { _ in
            let id = try Self.userID(request.userID, field: "user_id")
            let tokens = try await self.academy.issuedTokens(of: id)
            return .with {
                $0.tokens = tokens.map { token in
                    .with {
                        $0.tokenID = token.tokenId
                        $0.userID = token.userId
                        $0.role = token.role
                        $0.basinID = token.basinId ?? ""
                        $0.schoolUai = token.schoolUai ?? ""
                        $0.companySiret = token.companySiret ?? ""
                        $0.issuedAt = token.issuedAt
                        $0.expiresAt = token.expiresAt
                        $0.revokedAt = token.revokedAt ?? 0
                    }
                }
            }
        }
    }
}

extension AdminService {
    /// A user id: 1 to 64 letters, digits, `-`, `_`, `.` or `@`; opaque, never a name.
    static func userID(_ text: String, field: String) throws(InvalidField) -> String {
        guard !text.isEmpty else { throw InvalidField(field, "est requis") }
        guard text.count <= 64, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.@".contains($0)) })
        else { throw InvalidField(field, "doit faire 1 à 64 lettres, chiffres, « - », « _ », « . » ou « @ »") }
        return text
    }

    /// A scope field: required for the roles it scopes, refused for the others.
    static func scopeField<T>(
        _ text: String,
        _ field: String,
        needed: Bool,
        role: Role,
        parse: (String) throws -> T
    ) throws -> T? {
        if text.isEmpty {
            if needed { throw InvalidField(field, "est requis pour le rôle « \(role.french) »") }
            return nil
        }
        guard needed else { throw InvalidField(field, "doit être vide pour le rôle « \(role.french) »") }
        return try parse(text)
    }

    static func principal(of user: User) throws -> Principal {
        guard let role = Role(rawValue: user.role) else {
            throw StoreError.corrupt("user \(user.id) has an unknown role")
        }
        do {
            return try Principal(
                role: role,
                user: user.id,
                basin: user.basin,
                school: user.school,
                company: user.company
            )
        } catch {
            throw StoreError.failedPrecondition(
                "l'utilisateur \(user.id) n'a pas de portée pour son rôle « \(user.role) » : donnez-lui un bassin, un "
                    + "établissement ou une entreprise"
            )
        }
    }

    static func proto(_ user: User) -> Polestage_Admin_V1_User {
        .with {
            $0.userID = user.id
            $0.role = user.role
            $0.basinID = user.basin?.rawValue ?? ""
            $0.schoolUai = user.school?.rawValue ?? ""
            $0.companySiret = user.company?.rawValue ?? ""
            $0.active = user.active
        }
    }
}
