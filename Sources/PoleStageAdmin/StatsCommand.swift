import ArgumentParser
import Foundation
import PoleStageProto
import SwiftProtobuf

/// `polestage-admin stats`.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract:
            "Offers, seats, fill rates, pupils placed per school, level and equity group, and girls and boys placed per trade, academy-wide or for one basin."
    )
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "One basin; academy-wide without it (an animator's own basin).") var basin = ""
    @Option(
        help:
            "Flag a company whose decline rate for priority pupils exceeds the others' by more than this many points (1 to 100; default 20)."
    )
    var declineGap: Double?

    func run() async throws {
        let statistics = try await self.connection.withAdmin { admin, metadata in
            try await admin.getStatistics(
                .with {
                    $0.basinID = self.basin
                    $0.declineGapPoints = self.declineGap ?? 0
                },
                metadata: metadata
            )
        }
        try self.connection.show(statistics) { Self.table($0) }
    }

    static func percent(_ rate: Double) -> String { Self.french(rate * 100) + " %" }

    /// Placed over pupils, or "< 5" when the figure is withheld.
    static func figures(_ group: Polestage_Admin_V1_EquityGroup) -> String {
        if group.fewerThanFive { return "< 5 élèves" }
        return
            "\(group.placed)/\(group.pupils) placés (\(Self.percent(group.placementRate))), \(group.pending) en attente"
    }

    /// Girls and boys placed in a trade, or "< 5 élèves" when withheld.
    static func genderBalance(_ trade: Polestage_Admin_V1_TradeGenderBalance) -> String {
        if trade.fewerThanFive { return "< 5 élèves placés" }
        let share = String(format: "%.1f", trade.shareGirls * 100).replacingOccurrences(of: ".", with: ",")
        return "\(trade.girls) filles, \(trade.boys) garçons placés (\(share) % de filles)"
    }

    /// A number the French way: one decimal, a comma.
    static func french(_ value: Double, sign: Bool = false) -> String {
        String(format: sign ? "%+.1f" : "%.1f", value).replacingOccurrences(of: ".", with: ",")
    }

    /// A company's answers to one group, in French, or "< 5 élèves" when withheld.
    static func declines(_ figures: Polestage_Admin_V1_DeclineFigures) -> String {
        if figures.fewerThanFive { return "< 5 élèves" }
        let reasons = figures.reasons.map { "\($0.label) : \($0.count)" }.joined(separator: ", ")
        return "\(Self.french(figures.declineRate * 100)) % de refus sur \(figures.answered) réponses"
            + (reasons.isEmpty ? "" : " (\(reasons))")
    }

    /// A company's decline rates, priority pupils against the others, in French.
    static func declines(_ company: Polestage_Admin_V1_CompanyDeclines, threshold: Double) -> String {
        var line =
            "élèves prioritaires : \(Self.declines(company.priorityPupils)) ; autres élèves : "
            + Self.declines(company.otherPupils)
        if !company.priorityPupils.fewerThanFive, !company.otherPupils.fewerThanFive {
            line += " ; écart \(Self.french(company.gapPoints, sign: true)) points"
        }
        if company.flagged { line += " : SIGNALÉE (écart au-delà de \(Self.french(threshold)) points)" }
        return line
    }

    static func table(_ statistics: Polestage_Admin_V1_Statistics) -> Table {
        var table = Table("CHIFFRE", "CLÉ", "VALEUR")
        table.add("périmètre", "", statistics.basinID.isEmpty ? "académie" : statistics.basinID)
        for figure in statistics.byTradeAndLevel {
            table.add(
                "offres",
                "\(figure.tradeLabel.isEmpty ? figure.tradeCode : figure.tradeLabel), \(figure.level.name)",
                "\(figure.offers) offres, \(figure.seats) places, \(figure.seatsTaken) prises"
            )
        }
        for week in statistics.fillByWeek {
            table.add(
                "remplissage",
                "semaine \(week.week) (\(week.year))",
                "\(week.seatsTaken)/\(week.seats) (\(Self.percent(week.fillRate)))"
            )
        }
        for school in statistics.schools {
            let pupils =
                school.fewerThanFive
                ? "< 5 élèves"
                : "\(school.placed)/\(school.pupils) élèves placés, \(Self.percent(school.shareUnplaced)) sans stage"
            table.add(
                "établissement",
                school.schoolName.isEmpty ? school.schoolUai : school.schoolName,
                "\(pupils) ; réservations : \(school.confirmed) confirmées, \(school.pending) en attente"
            )
        }
        let equity = statistics.equity
        for (name, group) in [
            ("tous", equity.all), ("REP/REP+", equity.priority), ("REP", equity.rep), ("REP+", equity.repPlus),
            ("rural", equity.rural), ("autres", equity.others), ("QPV", equity.qpv),
            ("besoin d'un accès adapté", equity.needsAccessible), ("filles", equity.female), ("garçons", equity.male),
        ] {
            table.add("placement \(statistics.schoolYear)", name, Self.figures(group))
        }
        for level in statistics.byLevel {
            table.add("placement \(statistics.schoolYear)", level.level.name, Self.figures(level.figures))
        }
        // Mixité des métiers, in French as the pôle's users read it.
        for trade in statistics.genderByTrade {
            table.add("mixité \(statistics.schoolYear)", trade.tradeLabel, Self.genderBalance(trade))
        }
        // Decline rates per company, priority pupils against the others; flagged companies first.
        for company in statistics.companyDeclines {
            table.add(
                "refus \(statistics.schoolYear)",
                company.companyName,
                Self.declines(company, threshold: statistics.declineGapPoints)
            )
        }
        return table
    }
}
