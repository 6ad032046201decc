import Foundation
package import GRPCCore
import PoleStageAuth
package import PoleStageProto
package import PoleStageStore
import SwiftProtobuf

/// `polestage.placements.v1.PupilService`: a school's roster for the school year. Only the school's own staff read or
/// write it: the animator and the coordination see counts (``ApplicationService``'s follow-up), never the roster.
package struct PupilService: Polestage_Placements_V1_PupilService.SimpleServiceProtocol {
    /// How long a sign-in code can be redeemed.
    static let signInCodeLifetime = Duration.seconds(14 * 86_400)

    package init() {}

    package func savePupil(
        request: Polestage_Placements_V1_SavePupilRequest,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_Pupil {
        let (tenant, school) = try Self.ownSchool(request.schoolUai)
        guard request.hasDetails else { throw InvalidField("details", "est requis") }
        let details = try PupilDetails(validating: request.details, field: "details")
        return try await tenant.store.savePupil(details, school: school).proto()
    }

    package func importPupils(
        request: Polestage_Placements_V1_ImportPupilsRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_ImportReport {
        let (tenant, school) = try Self.ownSchool(request.schoolUai)
        let csv = CSVImport<PupilDetails>(
            columns: Self.pupilColumns,
            optionalColumns: Self.optionalPupilColumns,
            keyColumn: "ref",
            key: \.ref.rawValue
        ) { record in
            try Self.pupil(record)
        }
        return try await csv.run(request.file) { pupils in try await tenant.store.importPupils(pupils, school: school) }
    }

    package func getRoster(
        request: Polestage_Placements_V1_RosterRequest,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_Roster {
        let (tenant, school) = try Self.ownSchool(request.schoolUai)
        var year = tenant.store.schoolYear
        if !request.schoolYear.isEmpty {
            guard let asked = SchoolYear(request.schoolYear) else {
                throw InvalidField("school_year", "doit s'écrire comme 2026-2027")
            }
            year = asked
        }
        let level =
            request.level == .unspecified ? nil : try Level(validating: request.level, field: "level")
        let className = request.className.trimmingCharacters(in: .whitespaces)
        let entries = try await tenant.store.roster(school: school, year: year).filter { entry in
            if let level, entry.pupil.details.level != level { return false }
            if !className.isEmpty, entry.pupil.details.className != className { return false }
            if request.unplacedOnly, case .placed = entry.state { return false }
            return true
        }
        return .with {
            $0.schoolUai = school.rawValue
            $0.schoolYear = year.description
            $0.pupils = entries.map(\.proto)
        }
    }

    package func exportPupil(
        request: Polestage_Placements_V1_PupilRef,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_PupilExport {
        let (tenant, school) = try Self.ownSchool("")
        let pupil = try await Self.ownPupil(request.pupilID, of: school, in: tenant)
        let entry = try await tenant.store.roster(school: school, year: pupil.schoolYear).first {
            $0.pupil.id == pupil.id
        }
        let applications = try await tenant.store.applications(.pupil(pupil.id), liveOnly: false)
        return .with {
            $0.pupil = entry?.proto ?? pupil.proto()
            $0.applications = applications.map { $0.proto(for: .pupilOrSchool) }
        }
    }

    package func deletePupil(
        request: Polestage_Placements_V1_PupilRef,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_DeletePupilResponse {
        let (tenant, school) = try Self.ownSchool("")
        let id = try Self.pupilID(request.pupilID)
        let deleted = try await tenant.store.deletePupil(id) { pupil in try Self.checkOwn(pupil, school: school) }
        return .with { $0.applicationsDeleted = Int32(deleted) }
    }

    package func issueSignInCode(
        request: Polestage_Placements_V1_PupilRef,
        context: ServerContext
    ) async throws -> Polestage_Placements_V1_SignInCode {
        let (tenant, school) = try Self.ownSchool("")
        let id = try Self.pupilID(request.pupilID)
        let (code, expiresAt) = try await tenant.store.issueSignInCode(pupil: id, lifetime: Self.signInCodeLifetime) {
            pupil in try Self.checkOwn(pupil, school: school)
        }
        return .with {
            $0.code = code
            $0.expiresAtUnixMs = expiresAt
        }
    }
}

extension PupilService {
    /// The caller's school and basin: a school token, naming its own school or none.
    static func ownSchool(_ named: String) throws -> (Tenant, UAI) {
        let caller = try RequestContext.current()
        guard case .school(_, let own) = caller.principal else {
            throw caller.roleRefusal
        }
        if !named.isEmpty, UAI(named) != own {
            throw AccessDenied.notYours(
                "un jeton d'établissement ne sert que pour la liste des élèves de son établissement"
            )
        }
        return (try caller.requireTenant(), own)
    }

    static func pupilID(_ value: Int64) throws(InvalidField) -> Int64 {
        guard value > 0 else { throw InvalidField("pupil_id", "est requis") }
        return value
    }

    /// Another school's pupil reads as absent: its id tells nothing.
    static func checkOwn(_ pupil: Pupil, school: UAI) throws {
        guard pupil.school == school else { throw StoreError.notFound("élève \(pupil.id)") }
    }

    static func ownPupil(_ id: Int64, of school: UAI, in tenant: Tenant) async throws -> Pupil {
        let id = try Self.pupilID(id)
        guard let pupil = try await tenant.store.pupil(id) else { throw StoreError.notFound("élève \(id)") }
        try Self.checkOwn(pupil, school: school)
        return pupil
    }
}
