/// A basin's rules for applications.
public struct PlacementRules: Sendable, Hashable {
    /// How many pending applications a pupil may have at once.
    public var maxPendingApplications: Int
    /// How long a pending application holds its seats, in days.
    public var pendingDays: Int
    /// Who the basin's priority pupils are: a pupil is one when one of these groups is its (or its school's).
    public var priorityGroups: Set<PriorityGroup>
    /// For this many days after an offer is first published, only priority pupils may apply to it; 0: no window. With no
    /// priority group, neither the window nor the reserved share applies.
    public var priorityWindowDays: Int
    /// This percentage of each week's seats of an offer (to the nearest seat, a half up) is held for priority pupils; 0: none held.
    public var reservedSharePercent: Int
    /// The held seats are released to every pupil this many days before the week they are in.
    public var reservedReleaseDays: Int

    public init(
        maxPendingApplications: Int = 3,
        pendingDays: Int = 14,
        priorityGroups: Set<PriorityGroup> = Set(PriorityGroup.allCases),
        priorityWindowDays: Int = 7,
        reservedSharePercent: Int = 0,
        reservedReleaseDays: Int = 21
    ) {
        self.maxPendingApplications = maxPendingApplications
        self.pendingDays = pendingDays
        self.priorityGroups = priorityGroups
        self.priorityWindowDays = priorityWindowDays
        self.reservedSharePercent = reservedSharePercent
        self.reservedReleaseDays = reservedReleaseDays
    }

    public static let maxPendingRange = 1...20
    public static let pendingDaysRange = 1...60
    public static let priorityWindowRange = 0...30
    public static let reservedShareRange = 0...100
    public static let reservedReleaseRange = 0...120
}

/// A group whose pupils a basin may give priority to (``PlacementRules/priorityGroups``).
public enum PriorityGroup: String, Sendable, Hashable, CaseIterable, StoredBitFlag {
    /// Pupils of a REP school.
    case rep
    /// Pupils of a REP+ school.
    case repPlus = "rep_plus"
    /// Pupils of a rural school.
    case rural
    /// Pupils living in a priority neighbourhood (QPV).
    case qpv
    /// Pupils who need an accessible placement.
    case needs

}

/// What the academy store knows of a pupil's school that the priority rule reads.
public struct SchoolPriorityFacts: Sendable, Hashable {
    public var rep: Bool
    public var repPlus: Bool
    public var rural: Bool

    public init(rep: Bool, repPlus: Bool, rural: Bool) {
        self.rep = rep
        self.repPlus = repPlus
        self.rural = rural
    }
}

extension PlacementRules {
    /// Whether the pupil is one of the basin's priority pupils: one of its groups is among ``priorityGroups``.
    public func isPriority(school: SchoolPriorityFacts, qpv: Bool, needsAccessible: Bool) -> Bool {
        let groups: [(PriorityGroup, Bool)] = [
            (.rep, school.rep), (.repPlus, school.repPlus), (.rural, school.rural), (.qpv, qpv),
            (.needs, needsAccessible),
        ]
        return groups.contains { group, member in member && self.priorityGroups.contains(group) }
    }
}

extension PlacementRules {
    static let dayMilliseconds: Int64 = 86_400_000

    /// When an offer first published at `publishedAt` opens to every pupil, or `nil` when it has no window.
    public func priorityUntil(publishedAt: Int64?) -> Int64? {
        guard let publishedAt, self.priorityWindowDays > 0, !self.priorityGroups.isEmpty else { return nil }
        return publishedAt + Int64(self.priorityWindowDays) * Self.dayMilliseconds
    }

    /// The seats of a week of `seats` held for priority pupils: the reserved share to the nearest seat, a half up (30 %
    /// of 1 seat holds none, of 2 or 3 holds 1); none when no group has priority. Rounded up, 30 % of the one-seat offers
    /// that most of a basin's are would hold all of them.
    public func reservedSeats(of seats: Int) -> Int {
        guard !self.priorityGroups.isEmpty else { return 0 }
        return (seats * self.reservedSharePercent + 50) / 100
    }

    /// The seats of `seats` in `week` held for priority pupils and their release (0 when none are held).
    package func held(seats: Int, in week: ISOWeek) -> (reserved: Int, until: Int64) {
        let reserved = self.reservedSeats(of: seats)
        return (reserved, reserved > 0 ? self.reservedUntil(week) : 0)
    }

    /// When the seats held in `week` are released to every pupil: ``reservedReleaseDays`` before its Monday.
    public func reservedUntil(_ week: ISOWeek) -> Int64 {
        week.startMilliseconds(minusDays: self.reservedReleaseDays)
    }
}

extension PriorityGroup {
    /// How a refusal names the group.
    var label: String {
        switch self {
        case .rep: "établissements REP"
        case .repPlus: "établissements REP+"
        case .rural: "établissements ruraux"
        case .qpv: "élèves des QPV"
        case .needs: "besoins d'accessibilité"
        }
    }

    /// The groups in their declared order, as a refusal names them.
    static func labels(_ groups: Set<PriorityGroup>) -> String {
        let names = Self.allCases.filter(groups.contains).map(\.label)
        return names.isEmpty ? "aucun" : names.joined(separator: ", ")
    }
}

extension PlacementRules {
    /// The rules as a basin stores them, one number per key of its `meta` table; a key not stored takes its default.
    package init(stored value: (String) throws -> Int64?) rethrows {
        let defaults = PlacementRules()
        self.init(
            maxPendingApplications: try value("maxPendingApplications").map(Int.init)
                ?? defaults.maxPendingApplications,
            pendingDays: try value("pendingDays").map(Int.init) ?? defaults.pendingDays,
            priorityGroups: try value("priorityGroups").map { Set(PriorityGroup.set(fromMask: $0)) }
                ?? defaults.priorityGroups,
            priorityWindowDays: try value("priorityWindowDays").map(Int.init) ?? defaults.priorityWindowDays,
            reservedSharePercent: try value("reservedSharePercent").map(Int.init) ?? defaults.reservedSharePercent,
            reservedReleaseDays: try value("reservedReleaseDays").map(Int.init) ?? defaults.reservedReleaseDays
        )
    }
}
