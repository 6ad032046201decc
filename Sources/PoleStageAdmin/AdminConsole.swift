import ArgumentParser
import Foundation
import GRPCCore
import PoleStageProto

/// `polestage-admin`: the academic coordination's console, over the WebSocket transport.
///
/// Exit codes: 0 on success, 1 when the server refuses or cannot be reached (the message names the gRPC status),
/// 2 for a usage error.
@main
struct AdminConsole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "polestage-admin",
        abstract: "Administer a PoleStage académie: basins, animators, schools, companies, tokens, figures, audit.",
        discussion: "The server and the token come from --url and --token, or POLESTAGE_URL and POLESTAGE_TOKEN.",
        subcommands: [
            BasinCommand.self, AnimatorCommand.self, SchoolCommand.self, CompanyCommand.self, TokenCommand.self,
            InviteCommand.self,
            StatsCommand.self, PlacementsCommand.self, RulesCommand.self, PurgeCommand.self, AuditCommand.self,
            BackupCommand.self,
            RestoreCommand.self,
        ]
    )

    static func main() async {
        Foundation.exit(await self.run(arguments: Array(CommandLine.arguments.dropFirst())))
    }

    /// Parses and runs one command line; returns the exit code.
    static func run(arguments: [String]) async -> Int32 {
        let command: any ParsableCommand
        do {
            command = try self.parseAsRoot(arguments)
        } catch {
            return self.report(error, usage: true)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var command = command
                try command.run()
            }
            return 0
        } catch let error as RPCError {
            Console.error("polestage-admin: \(error.code.canonicalName): \(error.message)")
            return 1
        } catch let error as ConsoleError {
            Console.error("polestage-admin: \(error.message)")
            return 1
        } catch {
            return self.report(error, usage: false)
        }
    }

    /// Help goes to standard output with 0; usage and validation errors to standard error with 2.
    static func report(_ error: any Error, usage: Bool) -> Int32 {
        let code = self.exitCode(for: error)
        if code == .success {
            print(self.fullMessage(for: error))
            return 0
        }
        Console.error(self.fullMessage(for: error))
        return usage || code == .validationFailure ? 2 : 1
    }
}

/// A failure of the console itself (an unreadable file): exit code 1.
struct ConsoleError: Error {
    var message: String
}
