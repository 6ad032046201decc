import ArgumentParser
import Foundation
import GRPCCore
import PoleStageProto
import SwiftProtobuf

/// `polestage-admin rules`: a basin's rules for applications and its priority access, read or changed.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Show a basin's placement rules and priority access, or change those given as options.",
        discussion: """
            Without an option that changes a rule, prints the rules. Each option given changes that rule only; the \
            server writes every change to the audit log. See docs/equity.md for what each rule does.
            """
    )
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "The basin (an animator's token names its own).") var basin = ""
    @Option(help: "Pending applications a pupil may have at once, 1 to 20.") var maxPending: Int32?
    @Option(help: "Days a pending application holds its seats, 1 to 60.") var pendingDays: Int32?
    @Option(
        help: ArgumentHelp(
            "The priority groups, comma-separated: rep, rep_plus, rural, qpv, needs; or 'none'.",
            valueName: "groups"
        )
    )
    var priorityGroups: String?
    @Option(help: "Days after an offer's first publication when only priority pupils may apply, 0 to 30.")
    var windowDays: Int32?
    @Option(help: "Percent of each week's seats held for priority pupils, 0 to 100.") var reservedShare: Int32?
    @Option(help: "Days before its week when a held seat is released to every pupil, 0 to 120.") var releaseDays: Int32?

    static let groupNames: [String: Polestage_Placements_V1_PriorityGroup] = [
        "rep": .rep, "rep_plus": .repPlus, "rural": .rural, "qpv": .qpv, "needs": .needs,
    ]

    func validate() throws {
        _ = try self.groups()
    }

    /// The groups of `--priority-groups`, or `nil` when not given.
    func groups() throws -> [Polestage_Placements_V1_PriorityGroup]? {
        guard let text = self.priorityGroups else { return nil }
        if text == "none" { return [] }
        return try text.split(separator: ",").map { name in
            let name = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let group = Self.groupNames[name] else {
                throw ValidationError(
                    "--priority-groups: '\(name)' is not a group: use rep, rep_plus, rural, qpv, needs, or none"
                )
            }
            return group
        }
    }

    var changes: Bool {
        [self.maxPending, self.pendingDays, self.windowDays, self.reservedShare, self.releaseDays].contains {
            $0 != nil
        }
            || self.priorityGroups != nil
    }

    func run() async throws {
        let groups = try self.groups()
        let rules = try await self.connection.withClient { client, metadata in
            var metadata = metadata
            if !self.basin.isEmpty { metadata.addString(self.basin, forKey: "polestage-basin") }
            let service = Polestage_Placements_V1_ApplicationService.Client(wrapping: client)
            let current = try await service.getPlacementRules(.init(), metadata: metadata)
            guard self.changes else { return current }
            let request = Polestage_Placements_V1_PlacementRules.with {
                $0.maxPendingApplications = self.maxPending ?? current.maxPendingApplications
                $0.pendingDays = self.pendingDays ?? current.pendingDays
                if let groups { $0.priorityGroups = .with { $0.groups = groups } }
                if let days = self.windowDays { $0.priorityWindowDays = days }
                if let share = self.reservedShare { $0.reservedSharePercent = share }
                if let days = self.releaseDays { $0.reservedReleaseDays = days }
            }
            return try await service.setPlacementRules(request, metadata: metadata)
        }
        try self.connection.show(rules) { Self.table($0) }
    }

    /// The rules in French, as an animator reads them.
    static func table(_ rules: Polestage_Placements_V1_PlacementRules) -> Table {
        var table = Table("RÈGLE", "VALEUR")
        table.add("candidatures en attente par élève", "\(rules.maxPendingApplications) au plus")
        table.add("délai de réponse d'une entreprise", "\(rules.pendingDays) jours")
        let names: [Polestage_Placements_V1_PriorityGroup: String] = [
            .rep: "REP", .repPlus: "REP+", .rural: "établissements ruraux", .qpv: "QPV",
            .needs: "besoins d'accessibilité",
        ]
        let groups = rules.priorityGroups.groups.compactMap { names[$0] }
        table.add(
            "élèves prioritaires",
            groups.isEmpty ? "aucun : pas d'accès prioritaire" : groups.joined(separator: ", ")
        )
        table.add(
            "fenêtre prioritaire",
            rules.priorityWindowDays == 0
                ? "aucune" : "\(rules.priorityWindowDays) jours après la première publication d'une offre"
        )
        table.add(
            "places réservées",
            rules.reservedSharePercent == 0
                ? "aucune" : "\(rules.reservedSharePercent) % des places de chaque semaine (arrondi au-dessus)"
        )
        table.add("libération des places réservées", "\(rules.reservedReleaseDays) jours avant la semaine")
        return table
    }
}
