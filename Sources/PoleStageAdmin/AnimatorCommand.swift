import ArgumentParser
import PoleStageProto
import SwiftProtobuf

/// `polestage-admin animator create|user|assign|deactivate`.
struct AnimatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "animator",
        abstract: "Create animators and other users, assign animators to basins, deactivate users.",
        subcommands: [Create.self, User.self, Assign.self, Deactivate.self]
    )

    static func table(_ user: Polestage_Admin_V1_User) -> Table {
        var table = Table("UTILISATEUR", "RÔLE", "BASSIN", "ÉTABLISSEMENT", "ENTREPRISE", "ACTIF")
        table.add(
            user.userID,
            Console.roleName(user.role),
            user.basinID,
            user.schoolUai,
            user.companySiret,
            user.active ? "oui" : "non"
        )
        return table
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an animator of a basin.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The user id (opaque: never a name).") var user: String
        @Option(help: "The animator's basin.") var basin: String

        func run() async throws {
            let created = try await self.connection.withAdmin { admin, metadata in
                try await admin.createUser(
                    .with {
                        $0.userID = self.user
                        $0.role = "animator"
                        $0.basinID = self.basin
                    },
                    metadata: metadata
                )
            }
            try self.connection.show(created, table: AnimatorCommand.table)
        }
    }

    struct User: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user of any role with its scope.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The user id (opaque: never a name).") var user: String
        @Option(help: "coordinator, animator, school, company or pupil.") var role: String
        @Option(help: "The animator's basin.") var basin = ""
        @Option(help: "The UAI of a school or pupil user's school.") var school = ""
        @Option(help: "The SIRET of a company user's company.") var company = ""

        func run() async throws {
            let created = try await self.connection.withAdmin { admin, metadata in
                try await admin.createUser(
                    .with {
                        $0.userID = self.user
                        $0.role = self.role
                        $0.basinID = self.basin
                        $0.schoolUai = self.school
                        $0.companySiret = self.company
                    },
                    metadata: metadata
                )
            }
            try self.connection.show(created, table: AnimatorCommand.table)
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Assign an animator to a basin.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The animator's user id.") var user: String
        @Argument(help: "The basin id.") var basin: String

        func run() async throws {
            let user = try await self.connection.withAdmin { admin, metadata in
                try await admin.assignAnimator(
                    .with {
                        $0.userID = self.user
                        $0.basinID = self.basin
                    },
                    metadata: metadata
                )
            }
            try self.connection.show(user, table: AnimatorCommand.table)
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deactivate a user: its tokens are refused.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The user id.") var user: String

        func run() async throws {
            let user = try await self.connection.withAdmin { admin, metadata in
                try await admin.deactivateUser(.with { $0.userID = self.user }, metadata: metadata)
            }
            try self.connection.show(user, table: AnimatorCommand.table)
        }
    }
}
