package import GRPCCore
import PoleStageAuth
package import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension AdminService {
    /// The audit log, newest first: all of it for the coordinator, its basin's entries for an animator.
    package func listAudit(
        request: Polestage_Admin_V1_ListAuditRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_AuditPage {
        try await self.audited(target: "audit") { caller in
            let size = request.pageSize == 0 ? 50 : Int(request.pageSize)
            guard (1...500).contains(size) else { throw InvalidField("page_size", "doit être entre 1 et 500") }
            var before: Int64?
            if !request.pageToken.isEmpty {
                guard let value = Int64(request.pageToken), value > 0 else {
                    throw InvalidField("page_token", "n'est pas un jeton d'une page précédente")
                }
                before = value
            }
            var basin: BasinID?
            if case .animator(_, let own) = caller.principal { basin = own }
            let entries = try await self.academy.auditEntries(before: before, basin: basin, limit: size)
            return .with {
                $0.entries = entries.map { entry in
                    .with {
                        $0.id = entry.id
                        $0.at = entry.at
                        $0.userID = entry.user
                        $0.role = entry.role
                        $0.method = entry.method
                        $0.basinID = entry.basin?.rawValue ?? ""
                        $0.target = entry.target
                        $0.outcome = entry.outcome
                    }
                }
                $0.nextPageToken = entries.count == size ? entries.last.map { String($0.id) } ?? "" : ""
            }
        }
    }
}
