import GRPCCore
package import PoleStageAuth
package import PoleStageProto
package import PoleStageStore
import SwiftProtobuf

/// `polestage.admin.v1.AdminService`: the academic coordination's service.
///
/// The coordinator may call everything. An animator sees and acts on its own basin only: its basin in
/// ``listBasins(request:context:)`` and ``getStatistics(request:context:)``, its basin's schools, the directory's
/// companies for its basin, and its basin's audit entries. School, company and pupil tokens are refused with
/// `PERMISSION_DENIED`. Every call, refused or not, is written to the audit log (who, what, when; ids only).
/// `docs/admin.md` lists who may call each method.
package struct AdminService: Polestage_Admin_V1_AdminService.SimpleServiceProtocol {
    let academy: any AcademyStorage
    let basins: any BasinDirectory
    let tokens: TokenAuthority
    let revocations: RevocationList
    let backups: StoreBackups

    /// - Parameters:
    ///   - academy: The academy store: basins, schools, companies, users, revocations and the audit log.
    ///   - basins: The basins' stores: created with a basin, marked read-only when it is archived.
    ///   - tokens: Signs the tokens that ``issueToken(request:context:)`` issues.
    ///   - revocations: The authentication interceptor's cache, updated at once by revocations and deactivations.
    ///   - backups: What ``backup(request:context:)`` does on the stores' backend.
    package init(
        academy: any AcademyStorage,
        basins: any BasinDirectory,
        tokens: TokenAuthority,
        revocations: RevocationList,
        backups: StoreBackups
    ) {
        self.academy = academy
        self.basins = basins
        self.tokens = tokens
        self.revocations = revocations
        self.backups = backups
    }
}

/// What the admin service's Backup does, by the stores' backend.
package enum StoreBackups: Sendable {
    /// Copies every SQLite file of the data folder into `backups/<name>` beside them.
    case files(academy: AcademyStore, basins: BasinStoreRegistry)
    /// Refuses: a PostgreSQL database is backed up by its operator, with `pg_dump` (`docs/scaling.md`).
    case database
}

extension AdminService {
    /// Runs an admin call and writes its audit entry, whatever its outcome: a call ``AccessPolicy`` refuses is
    /// recorded too.
    ///
    /// - Parameters:
    ///   - basin: The basin it concerns, as the request names it (ignored when it is not a basin id).
    ///   - target: What it acts on: ids only.
    func audited<T>(
        basin: String = "",
        target: String,
        outcome: (T) -> String = { _ in "OK" },
        _ body: (RequestContext) async throws -> T
    ) async throws -> T {
        try await AuditTrail.record(in: self.academy, basin: BasinID(basin), target: target, outcome: outcome) {
            caller,
            _ in try await body(caller)
        }
    }

    /// An identifier from a request as the audit log shows it: as sent when it looks like one (at most 64 letters,
    /// digits, `-`, `_`, `.` or `@`), `(invalid)` otherwise, so that no free text (a name typed by mistake) is kept.
    static func auditID(_ text: String) -> String {
        guard !text.isEmpty else { return "(none)" }
        guard text.count <= 64, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.@".contains($0)) })
        else { return "(invalid)" }
        return text
    }

    /// Refuses an animator's call about another basin.
    static func checkScope(_ caller: RequestContext, basin: BasinID) throws {
        if case .animator(_, let own) = caller.principal, own != basin {
            throw AccessDenied.notYours("ce jeton d'animateur ne sert pas dans le bassin \(basin)")
        }
    }

    /// The basin, which must exist.
    func requireBasin(_ id: BasinID) async throws -> Basin {
        guard let basin = try await self.academy.basin(id) else { throw StoreError.notFound("bassin \(id)") }
        return basin
    }

    /// The status an error ends a call with, by its name: `PERMISSION_DENIED`.
}

extension BasinID {
    init(validating text: String, field: String) throws(InvalidField) {
        guard !text.isEmpty else { throw InvalidField(field, "est requis") }
        guard let id = BasinID(text) else {
            throw InvalidField(
                field,
                "« \(text.prefix(48)) » n'est pas un identifiant de bassin (2 à 48 caractères parmi a-z, 0-9 et « - », commençant par une lettre)"
            )
        }
        self = id
    }
}
