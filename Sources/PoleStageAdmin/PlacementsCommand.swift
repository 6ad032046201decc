import ArgumentParser
import Foundation
import GRPCCore
import PoleStageProto
import PoleStageStore
import SwiftProtobuf

/// `polestage-admin placements`: a basin's follow-up, per school and level, and the offers nobody applies to.
struct PlacementsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "placements",
        abstract: "Pupils on each school's roster and those still without a placement, per level, for one basin.",
        discussion: "Figures over fewer than 5 pupils read '< 5' (statistical secrecy)."
    )
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "The basin (an animator's token names its own).") var basin = ""

    func run() async throws {
        let followUp = try await self.connection.withClient { client, metadata in
            var metadata = metadata
            if !self.basin.isEmpty { metadata.addString(self.basin, forKey: "polestage-basin") }
            return try await Polestage_Placements_V1_ApplicationService.Client(wrapping: client).getFollowUp(
                .init(),
                metadata: metadata
            )
        }
        try self.connection.show(followUp) { Self.table($0) }
    }

    static func table(_ followUp: Polestage_Placements_V1_FollowUp) -> Table {
        var table = Table("UAI", "ÉTABLISSEMENT", "NIVEAU", "ÉLÈVES", "PLACÉS", "EN ATTENTE", "SANS STAGE")
        for school in followUp.schools {
            for level in school.levels {
                if level.fewerThanFive {
                    table.add(school.schoolUai, school.schoolName, level.level.name, "< 5", "", "", "")
                } else {
                    table.add(
                        school.schoolUai,
                        school.schoolName,
                        level.level.name,
                        "\(level.pupils)",
                        "\(level.placed)",
                        "\(level.pending)",
                        "\(level.nothingYet + level.pending)"
                    )
                }
            }
        }
        for offer in followUp.unaskedOffers {
            table.add(
                "offre \(offer.offerID)",
                offer.title,
                "aucune candidature",
                "",
                "",
                "",
                "\(offer.weeks.count) semaine(s)"
            )
        }
        return table
    }
}

extension Polestage_Common_V1_Level {
    /// The level as the pôle's people say it: "3e", "Bac Pro".
    var name: String { Level(rawValue: self.rawValue)?.name ?? "\(self)" }
}
