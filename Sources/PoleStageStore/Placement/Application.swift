/// Where an application stands.
public enum ApplicationState: String, Sendable, CaseIterable {
    /// Holds its seats until the company answers or it expires.
    case pending
    /// Holds its seats: the pupil is placed.
    case accepted
    case declined
    /// Withdrawn by the pupil or its school, or by the acceptance of another application for overlapping weeks.
    case withdrawn
    case expired

    /// Pending and accepted applications hold their seats.
    public var isLive: Bool { self == .pending || self == .accepted }
}

/// Why a company declines: a fixed list, so that no refusal rests on who the pupil is.
public enum DeclineReason: String, Sendable, CaseIterable {
    case seatsFilled = "seats_filled"
    case tutorUnavailable = "tutor_unavailable"
    case datesUnsuitable = "dates_unsuitable"
    case trainingMismatch = "training_mismatch"
    /// Another reason, written in the note.
    case other
    /// The company withdrew the offer: set by the pôle, not chosen by a company.
    case offerWithdrawn = "offer_withdrawn"
}

/// Who made an application.
public enum Applicant: String, Sendable {
    case pupil
    case school
}

/// A pupil's application to an offer for every week of a period its school declared.
public struct Application: Sendable, Hashable {
    public var id: Int64
    public var offer: Int64
    public var offerTitle: String
    public var companyName: String
    public var pupil: Int64
    public var pupilRef: PupilRef
    public var school: UAI
    public var schoolYear: SchoolYear
    public var level: Level
    public var from: ISOWeek
    public var to: ISOWeek
    public var motivation: String
    public var needsAccessible: Bool
    public var mobility: Mobility
    public var madeBy: Applicant
    public var state: ApplicationState
    public var declineReason: DeclineReason?
    public var declineNote: String?
    public var createdAt: Int64
    public var expiresAt: Int64
    public var decidedAt: Int64?

    /// Every week it holds.
    public var weeks: [ISOWeek] { self.from.through(self.to) }

    public func overlaps(from: ISOWeek, to: ISOWeek) -> Bool { self.from <= to && from <= self.to }
}

/// What a company, a pupil, a school or an animator does to an application.
public enum ApplicationDecision: Sendable, Hashable {
    /// The company takes the pupil: pending → accepted.
    case accept
    /// The company turns it down: pending → declined, its seats freed.
    case decline(DeclineReason, note: String?)
    /// The pupil or its school: pending or accepted → withdrawn, its seats freed.
    case withdraw
}

/// A basin's rules for applications.
public struct PlacementRules: Sendable, Hashable {
    /// How many pending applications a pupil may have at once.
    public var maxPendingApplications: Int
    /// How long a pending application holds its seats, in days.
    public var pendingDays: Int
    /// Who the basin's priority pupils are: a pupil is one when one of these groups is its (or its school's).
    public var priorityGroups: Set<PriorityGroup>
    /// For this many days after an offer is first published, only priority pupils may apply to it; 0: no window.
    public var priorityWindowDays: Int
    /// This percentage of each week's seats of an offer (rounded up) is held for priority pupils; 0: none held.
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
public enum PriorityGroup: String, Sendable, Hashable, CaseIterable {
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

    /// Its bit in the stored set.
    var bit: Int64 { Int64(1) << Int64(Self.allCases.firstIndex(of: self)!) }

    /// The stored set of groups.
    static func mask(_ groups: Set<PriorityGroup>) -> Int64 { groups.reduce(0) { $0 | $1.bit } }

    /// The groups of a stored set.
    static func groups(_ mask: Int64) -> Set<PriorityGroup> { Set(Self.allCases.filter { mask & $0.bit != 0 }) }
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

/// One school and level of the basin's follow-up.
public struct LevelFollowUp: Sendable, Hashable {
    public var school: UAI
    public var level: Level
    public var pupils: Int
    public var placed: Int
    public var pending: Int
    public var nothingYet: Int
}

/// A published offer with future weeks that no live application holds.
public struct UnaskedOffer: Sendable, Hashable {
    public var offer: Int64
    public var title: String
    public var companyName: String
    public var weeks: [ISOWeek]
}
