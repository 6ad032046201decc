public import PoleStageStore

/// How a basin shares access to its offers, as the simulation compares them.
public enum EquityPolicy: String, CaseIterable, Sendable {
    case firstComeFirstServed = "first come, first served"
    case window = "priority window, 7 days"
    case reservedShare = "reserved share, 30 % until 21 days before"
    case both = "window and reserved share"
    /// Both, for the groups the first-come figures show behind only: a basin's choice of groups is data.
    case targeted = "both, rural and needs only"

    /// The basin's rules under the policy; priority groups as by default (all five) but for ``targeted``.
    public var rules: PlacementRules {
        switch self {
        case .firstComeFirstServed: PlacementRules(priorityWindowDays: 0, reservedSharePercent: 0)
        case .window: PlacementRules(priorityWindowDays: 7, reservedSharePercent: 0)
        case .reservedShare: PlacementRules(priorityWindowDays: 0, reservedSharePercent: 30)
        case .both: PlacementRules(priorityWindowDays: 7, reservedSharePercent: 30)
        case .targeted:
            PlacementRules(priorityGroups: [.rural, .needs], priorityWindowDays: 7, reservedSharePercent: 30)
        }
    }
}

/// The groups the simulation reports on. A pupil may be in several (a pupil of a REP+ school living in a QPV);
/// ``others`` are the pupils in none.
public enum EquityGroup: String, CaseIterable, Sendable {
    case repPlus = "REP+"
    case rep = "REP"
    case rural
    case qpv = "QPV"
    case needs
    case others

    /// The priority group of the basin's rules it stands for, if one.
    var priorityGroup: PriorityGroup? {
        switch self {
        case .repPlus: .repPlus
        case .rep: .rep
        case .rural: .rural
        case .qpv: .qpv
        case .needs: .needs
        case .others: nil
        }
    }
}
