import Foundation
package import GRPCCore
import PoleStageAuth
package import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension AdminService {
    package func backup(
        request: Polestage_Admin_V1_BackupRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_BackupReport {
        try await self.audited(
            target: "backup \(Self.auditID(request.name))"
        ) { _ in
            let name = request.name
            guard (1...64).contains(name.count),
                name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") })
            else { throw InvalidField("name", "doit faire 1 à 64 minuscules, chiffres ou « - »") }
            guard case .files(let academy, let basins) = self.backups else {
                throw StoreError.failedPrecondition(
                    "les données sont dans PostgreSQL : le serveur n'en fait pas de copie ; sauvegardez la base avec "
                        + "pg_dump (docs/scaling.md, « Sauvegarder »)"
                )
            }
            let directory = StoreBackup.backupsDirectory(in: basins.configuration.directory)
                .appendingPathComponent(name, isDirectory: true)
            let files = try await StoreBackup.backup(academy: academy, basins: basins, into: directory)
            return .with {
                $0.directory = directory.path
                $0.files = files.map { file in
                    .with {
                        $0.name = file.name
                        $0.bytes = Int64(file.bytes)
                    }
                }
            }
        }
    }
}

extension AdminService {
    package func purgeEndedSchoolYears(
        request: Polestage_Admin_V1_PurgeEndedSchoolYearsRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_PurgeReport {
        try await self.audited(
            target: "pupils of ended school years"
        ) { _ in
            var report = Polestage_Admin_V1_PurgeReport()
            report.retentionDays = Int32(self.basins.configuration.pupilRetention.components.seconds / 86_400)
            for basin in try await self.academy.basins() where try await self.basins.exists(basin.id) {
                let deleted = try await self.basins.storage(for: basin.id).purgePupils()
                report.basins.append(
                    .with {
                        $0.basinID = basin.id.rawValue
                        $0.pupilsDeleted = Int64(deleted)
                    }
                )
            }
            return report
        }
    }
}
