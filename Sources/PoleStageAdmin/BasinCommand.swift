import ArgumentParser
import PoleStageProto
import SwiftProtobuf

/// `polestage-admin basin create|rename|archive|list`.
struct BasinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "basin",
        abstract: "Create, rename, archive and list basins.",
        subcommands: [Create.self, Rename.self, Archive.self, List.self]
    )

    static func table(_ basins: [Polestage_Admin_V1_Basin]) -> Table {
        var table = Table("ID", "NOM", "ÉTABLISSEMENTS", "OFFRES", "ARCHIVÉ")
        for basin in basins {
            table.add(
                basin.id,
                basin.name,
                "\(basin.schoolCount)",
                "\(basin.offerCount)",
                basin.archived ? "oui" : "non"
            )
        }
        return table
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a basin and its store.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The basin id: a lowercase slug such as macon-cluny.") var id: String
        @Argument(help: "Its name.") var name: String

        func run() async throws {
            let basin = try await self.connection.withAdmin { admin, metadata in
                try await admin.createBasin(
                    .with {
                        $0.id = self.id
                        $0.name = self.name
                    },
                    metadata: metadata
                )
            }
            try self.connection.show(basin) { BasinCommand.table([$0]) }
        }
    }

    struct Rename: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a basin.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The basin id.") var id: String
        @Argument(help: "Its new name.") var name: String

        func run() async throws {
            let basin = try await self.connection.withAdmin { admin, metadata in
                try await admin.renameBasin(
                    .with {
                        $0.basinID = self.id
                        $0.name = self.name
                    },
                    metadata: metadata
                )
            }
            try self.connection.show(basin) { BasinCommand.table([$0]) }
        }
    }

    struct Archive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Archive a basin: kept, read-only.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The basin id.") var id: String

        func run() async throws {
            let basin = try await self.connection.withAdmin { admin, metadata in
                try await admin.archiveBasin(.with { $0.basinID = self.id }, metadata: metadata)
            }
            try self.connection.show(basin) { BasinCommand.table([$0]) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List basins with their counts.")
        @OptionGroup var connection: ConnectionOptions
        @Flag(help: "List archived basins too.") var archived = false

        func run() async throws {
            let list = try await self.connection.withAdmin { admin, metadata in
                try await admin.listBasins(.with { $0.includeArchived = self.archived }, metadata: metadata)
            }
            try self.connection.show(list) { BasinCommand.table($0.basins) }
        }
    }
}
