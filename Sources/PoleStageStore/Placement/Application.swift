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

    /// As a refusal says it: "la candidature … est \(french)".
    public var french: String {
        switch self {
        case .pending: "en attente"
        case .accepted: "acceptée"
        case .declined: "refusée"
        case .withdrawn: "retirée"
        case .expired: "expirée"
        }
    }
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
    /// Made by one of the basin's priority pupils, as the rules stood when it was made.
    public var priority: Bool
    /// The boarding house it holds a place in for each of its weeks, if any.
    public var boardingHouse: Int64?
    public var state: ApplicationState
    public var declineReason: DeclineReason?
    public var declineNote: String?
    public var createdAt: Int64
    public var expiresAt: Int64
    public var decidedAt: Int64?

    /// Every week it holds.
    public var weeks: [ISOWeek] { self.from.through(self.to) }

    public func overlaps(from: ISOWeek, to: ISOWeek) -> Bool { self.from <= to && from <= self.to }

    package init(
        id: Int64,
        offer: Int64,
        offerTitle: String,
        companyName: String,
        pupil: Int64,
        pupilRef: PupilRef,
        school: UAI,
        schoolYear: SchoolYear,
        level: Level,
        from: ISOWeek,
        to: ISOWeek,
        motivation: String,
        needsAccessible: Bool,
        mobility: Mobility,
        madeBy: Applicant,
        priority: Bool,
        boardingHouse: Int64? = nil,
        state: ApplicationState,
        declineReason: DeclineReason? = nil,
        declineNote: String? = nil,
        createdAt: Int64,
        expiresAt: Int64,
        decidedAt: Int64? = nil
    ) {
        self.id = id
        self.offer = offer
        self.offerTitle = offerTitle
        self.companyName = companyName
        self.pupil = pupil
        self.pupilRef = pupilRef
        self.school = school
        self.schoolYear = schoolYear
        self.level = level
        self.from = from
        self.to = to
        self.motivation = motivation
        self.needsAccessible = needsAccessible
        self.mobility = mobility
        self.madeBy = madeBy
        self.priority = priority
        self.boardingHouse = boardingHouse
        self.state = state
        self.declineReason = declineReason
        self.declineNote = declineNote
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.decidedAt = decidedAt
    }
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
