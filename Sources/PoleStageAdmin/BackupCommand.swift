import ArgumentParser
import Foundation
import PoleStageProto
import PoleStageStore
import SwiftProtobuf

/// `polestage-admin backup NAME`: an online backup, written by the server under its data folder.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up every store, online, into <data>/backups/NAME on the server."
    )
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The backup's name: lowercase letters, digits and '-'.") var name: String

    func run() async throws {
        let report = try await self.connection.withAdmin { admin, metadata in
            try await admin.backup(.with { $0.name = self.name }, metadata: metadata)
        }
        try self.connection.show(report) { report in
            var table = Table("FICHIER", "OCTETS")
            for file in report.files { table.add(file.name, "\(file.bytes)") }
            return table
        }
        if !self.connection.json { Console.error("backup in \(report.directory)") }
    }
}

/// `polestage-admin restore --from DIR --data DIR`: puts a backup back, offline, on the server's machine.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the stores of a data folder with a backup. Stop the server first.",
        discussion: """
            Each restored basin's change log starts a new epoch: live subscribers get a reset and a snapshot \
            instead of resuming in a log that went back in time.
            """
    )
    @Option(help: "The backup folder (it holds academy.sqlite and basins/).") var from: String
    @Option(help: "The server's data folder.") var data: String
    @Flag(help: "One JSON object per restored file.") var json = false

    func run() throws {
        let files = try StoreBackup.restore(
            from: URL(fileURLWithPath: self.from, isDirectory: true),
            into: URL(fileURLWithPath: self.data, isDirectory: true)
        )
        if self.json {
            for file in files { print("{\"name\":\"\(file.name)\",\"bytes\":\(file.bytes)}") }
        } else {
            var table = Table("RESTAURÉ", "OCTETS")
            for file in files { table.add(file.name, "\(file.bytes)") }
            print(table.rendered, terminator: "")
        }
    }
}
