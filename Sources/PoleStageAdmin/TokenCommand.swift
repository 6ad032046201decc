import ArgumentParser
import Foundation
import PoleStageProto
import SwiftProtobuf

/// `polestage-admin token issue|list|revoke`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issue a token for a user, list a user's tokens, or revoke one by its id.",
        subcommands: [Issue.self, List.self, Revoke.self]
    )

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a token for a user.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The user id.") var user: String
        @Option(help: "Lifetime in seconds (default: 30 days).") var lifetime: Int64 = 0

        func run() async throws {
            let issued = try await self.connection.withAdmin { admin, metadata in
                try await admin.issueToken(
                    .with {
                        $0.userID = self.user
                        $0.lifetimeSeconds = self.lifetime
                    },
                    metadata: metadata
                )
            }
            try self.connection.show(issued) { issued in
                var table = Table("ID DU JETON", "UTILISATEUR", "EXPIRE LE", "JETON")
                let expires = Date(timeIntervalSince1970: Double(issued.expiresAt) / 1000)
                table.add(
                    issued.tokenID,
                    issued.user.userID,
                    ISO8601DateFormatter().string(from: expires),
                    issued.token
                )
                return table
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tokens issued to a user, newest first.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The user id.") var user: String

        func run() async throws {
            let list = try await self.connection.withAdmin { admin, metadata in
                try await admin.listTokens(.with { $0.userID = self.user }, metadata: metadata)
            }
            try self.connection.show(list) { list in
                var table = Table("ID DU JETON", "RÔLE", "PÉRIMÈTRE", "ÉMIS LE", "EXPIRE LE", "RÉVOQUÉ LE")
                let format = { (milliseconds: Int64) in
                    milliseconds == 0
                        ? "-"
                        : ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
                }
                for token in list.tokens {
                    let scope = [token.basinID, token.schoolUai, token.companySiret].first { !$0.isEmpty } ?? "-"
                    table.add(
                        token.tokenID,
                        Console.roleName(token.role),
                        scope,
                        format(token.issuedAt),
                        format(token.expiresAt),
                        format(token.revokedAt)
                    )
                }
                return table
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id (jti): refused at once.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The token id.") var tokenID: String

        func run() async throws {
            let revoked = try await self.connection.withAdmin { admin, metadata in
                try await admin.revokeToken(.with { $0.tokenID = self.tokenID }, metadata: metadata)
            }
            try self.connection.show(revoked) { revoked in
                var table = Table("ID DU JETON", "RÉVOQUÉ LE")
                let at = Date(timeIntervalSince1970: Double(revoked.revokedAt) / 1000)
                table.add(revoked.tokenID, ISO8601DateFormatter().string(from: at))
                return table
            }
        }
    }
}
