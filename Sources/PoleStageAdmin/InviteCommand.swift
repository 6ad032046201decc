import ArgumentParser
import Foundation
import PoleStageProto
import SwiftProtobuf

/// `polestage-admin invite`: a one-time sign-in link for the web application.
struct InviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Make a one-time sign-in link for the web application (the user is created if it does not exist).",
        discussion: """
            The coordination invites anyone but a pupil; an animator, its basin's schools and companies. Give the role
            and its scope: --basin for an animator, --school for a school, --company for a company. The link works
            once, for --hours hours (default 72).
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The role: coordinator, animator, school or company.") var role: String
    @Option(help: "An animator's basin.") var basin: String = ""
    @Option(help: "A school's UAI.") var school: String = ""
    @Option(help: "A company's SIRET.") var company: String = ""
    @Option(help: "The user id (default: named after the role and scope).") var user: String = ""
    @Option(help: "How long the link works, in hours (1 to 336).") var hours: Int32 = 0

    func run() async throws {
        let invite = try await self.connection.withAdmin { admin, metadata in
            try await admin.inviteUser(
                .with {
                    $0.role = self.role
                    $0.basinID = self.basin
                    $0.schoolUai = self.school
                    $0.companySiret = self.company
                    $0.userID = self.user
                    $0.lifetimeHours = self.hours
                },
                metadata: metadata
            )
        }
        try self.connection.show(invite) { invite in
            var table = Table("UTILISATEUR", "RÔLE", "VALABLE JUSQU'AU", "LIEN (UNE SEULE FOIS)")
            table.add(
                invite.user.userID,
                Console.roleName(invite.user.role),
                Self.parisTime(invite.expiresAt),
                self.connection.pageBase + invite.path
            )
            return table
        }
    }

    /// A time in Paris, as « 2026-12-09 14:05 ».
    static func parisTime(_ milliseconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "fr_FR")
        formatter.timeZone = TimeZone(identifier: "Europe/Paris")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
