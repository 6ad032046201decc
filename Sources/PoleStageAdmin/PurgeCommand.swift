import ArgumentParser
import PoleStageProto
import SwiftProtobuf

/// `polestage-admin purge-pupils`: deletes now the pupils past their retention, in every basin.
struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge-pupils",
        abstract: "Delete the pupils of school years ended longer ago than the server's retention, in every basin.",
        discussion: "The server's janitor does it on its own; this does it now. Coordinator only."
    )
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let report = try await self.connection.withAdmin { admin, metadata in
            try await admin.purgeEndedSchoolYears(.init(), metadata: metadata)
        }
        try self.connection.show(report) { report in
            var table = Table("BASSIN", "ÉLÈVES EFFACÉS")
            for basin in report.basins { table.add(basin.basinID, "\(basin.pupilsDeleted)") }
            return table
        }
    }
}
