import Foundation

/// One group's figures under one policy.
public struct GroupFigures: Sendable, Equatable {
    public var pupils: Int
    public var placed: Int
    /// Placed over pupils.
    public var sharePlaced: Double
    /// Of the placed pupils, the median distance from their school to their placement, in kilometres.
    public var medianKm: Double?
    /// Pupils placed within 10 km of their school, over the group's pupils.
    public var shareWithin10Km: Double
    /// Of the placed pupils, the median day of the campaign their placement was accepted.
    public var medianDays: Double?
}

extension EquityOutcome {
    /// The figures of the pupils in `group`.
    public func figures(_ group: EquityGroup) -> GroupFigures {
        let members = self.pupils.filter { $0.groups.contains(group) }
        return Self.figures(members)
    }

    /// The figures of the pupils in at least one priority group.
    public var priorityFigures: GroupFigures { Self.figures(self.pupils.filter { !$0.groups.contains(.others) }) }

    static func figures(_ members: [Pupil]) -> GroupFigures {
        let placed = members.filter { $0.placedDay != nil }
        let count = max(1, members.count)
        return GroupFigures(
            pupils: members.count,
            placed: placed.count,
            sharePlaced: Double(placed.count) / Double(count),
            medianKm: median(placed.compactMap(\.placedKm)),
            shareWithin10Km: Double(placed.filter { ($0.placedKm ?? .infinity) <= 10 }.count) / Double(count),
            medianDays: median(placed.compactMap { $0.placedDay.map(Double.init) })
        )
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Pupils placed per offer never exceed its seats.
    public var overbookedOffers: [Int64] {
        var placed: [Int64: Int] = [:]
        for pupil in self.pupils { if let offer = pupil.placedOffer { placed[offer, default: 0] += 1 } }
        return placed.filter { $0.value > (self.seats[$0.key] ?? 0) }.map(\.key).sorted()
    }

    /// The smallest difference, in points, between a priority group's share placed and the others'.
    public var worstPriorityGap: Double {
        let others = self.figures(.others).sharePlaced
        return EquityGroup.allCases.filter { $0 != .others }.map { (self.figures($0).sharePlaced - others) * 100 }.min()
            ?? 0
    }
}

/// The simulation's figures as text: per policy and group, then each priority group's gap to the others side by side.
public enum EquityReport {
    public static func text(_ outcomes: [EquityOutcome], simulation: EquitySimulation) -> String {
        func percent(_ value: Double) -> String { String(format: "%5.1f %%", value * 100) }
        func number(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "-" }
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
        }
        var lines: [String] = []
        let pupils = outcomes.first?.pupils ?? []
        let network = pupils.filter(\.hasNetwork).count
        lines.append(
            "Equity simulation: \(pupils.count) pupils (\(network) with a family network), "
                + "\(outcomes.first?.seats.values.reduce(0, +) ?? 0) seats in \(outcomes.first?.seats.count ?? 0) offers, "
                + "scale \(simulation.scale), seed \(simulation.seed), \(simulation.campaignDays) days of applications"
        )
        for outcome in outcomes {
            lines.append("")
            lines.append("\(outcome.policy.rawValue) (refusals: \(outcome.refusals))")
            lines.append("  group    pupils   placed  median km  placed ≤ 10 km  median day")
            let rows = EquityGroup.allCases.map { ($0.rawValue, outcome.figures($0)) }
            for (name, figures) in rows {
                lines.append(
                    "  " + name.padding(toLength: 7, withPad: " ", startingAt: 0) + pad("\(figures.pupils)", 7)
                        + pad(percent(figures.sharePlaced), 9) + pad(number(figures.medianKm, "%.1f"), 11)
                        + pad(percent(figures.shareWithin10Km), 16) + pad(number(figures.medianDays, "%.0f"), 12)
                )
            }
        }
        lines.append("")
        lines.append(
            "Share placed, in points against the others (target under the pôle's policy: ≥ -2.0 for every group)"
        )
        let header = outcomes.map { pad(String($0.policy.rawValue.prefix(24)), 26) }.joined()
        lines.append("  group  " + header)
        for group in EquityGroup.allCases where group != .others {
            let gaps = outcomes.map { outcome in
                pad(
                    String(
                        format: "%+.1f",
                        (outcome.figures(group).sharePlaced - outcome.figures(.others).sharePlaced) * 100
                    ),
                    26
                )
            }
            lines.append("  " + group.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0) + gaps.joined())
        }
        if let policy = outcomes.first(where: { $0.policy == .both }) {
            let worst = policy.worstPriorityGap
            lines.append("")
            lines.append(
                String(
                    format: "Under the pôle's policy (%@), the worst group is %+.1f points from the others: ",
                    policy.policy.rawValue,
                    worst
                )
                    + (worst >= -2 ? "target met." : "target missed.")
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
