import ArgumentParser
import Foundation
import PoleStageProto
import SwiftProtobuf

/// `polestage-admin audit`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read the audit log, newest first."
    )
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Entries per page (1 to 500).") var pageSize: Int32 = 50
    @Option(help: "The next page's token, from the previous page.") var pageToken = ""

    func run() async throws {
        let page = try await self.connection.withAdmin { admin, metadata in
            try await admin.listAudit(
                .with {
                    $0.pageSize = self.pageSize
                    $0.pageToken = self.pageToken
                },
                metadata: metadata
            )
        }
        try self.connection.show(page) { page in
            var table = Table("N°", "QUAND", "UTILISATEUR", "RÔLE", "MÉTHODE", "BASSIN", "CIBLE", "RÉSULTAT")
            let formatter = ISO8601DateFormatter()
            for entry in page.entries {
                table.add(
                    "\(entry.id)",
                    formatter.string(from: Date(timeIntervalSince1970: Double(entry.at) / 1000)),
                    entry.userID,
                    Console.roleName(entry.role),
                    entry.method,
                    entry.basinID,
                    entry.target,
                    entry.outcome
                )
            }
            return table
        }
        if !self.connection.json, !page.nextPageToken.isEmpty {
            Console.error("suite : --page-token \(page.nextPageToken)")
        }
    }
}
