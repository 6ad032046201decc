import ArgumentParser
import Foundation
import PoleStageProto
import SwiftProtobuf

/// `polestage-admin stats`.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Offers, seats, fill rates, reservations and equity, academy-wide or for one basin."
    )
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "One basin; academy-wide without it (an animator's own basin).") var basin = ""

    func run() async throws {
        let statistics = try await self.connection.withAdmin { admin, metadata in
            try await admin.getStatistics(.with { $0.basinID = self.basin }, metadata: metadata)
        }
        try self.connection.show(statistics) { Self.table($0) }
    }

    static func percent(_ rate: Double) -> String { String(format: "%.1f%%", rate * 100) }

    static func table(_ statistics: Polestage_Admin_V1_Statistics) -> Table {
        var table = Table("FIGURE", "KEY", "VALUE")
        table.add("scope", "", statistics.basinID.isEmpty ? "academy" : statistics.basinID)
        for figure in statistics.byTradeAndLevel {
            table.add(
                "offers",
                "\(figure.tradeCode) \(figure.level)",
                "\(figure.offers) offers, \(figure.seats) seats, \(figure.seatsTaken) taken"
            )
        }
        for week in statistics.fillByWeek {
            table.add(
                "fill",
                String(format: "%04d-W%02d", week.year, week.week),
                "\(week.seatsTaken)/\(week.seats) (\(Self.percent(week.fillRate)))"
            )
        }
        for school in statistics.schools {
            table.add(
                "school",
                school.schoolUai,
                "\(school.confirmed) confirmed, \(school.pending) pending of \(school.pupils) pupils; "
                    + "\(Self.percent(school.shareUnplaced)) unplaced"
            )
        }
        let equity = statistics.equity
        for (name, group) in [("REP/REP+", equity.priority), ("rural", equity.rural), ("others", equity.others)] {
            table.add("placement", name, "\(group.placed)/\(group.pupils) (\(Self.percent(group.placementRate)))")
        }
        return table
    }
}
