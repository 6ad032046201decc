/// Where a seat request stands.
public enum ReservationState: String, Sendable {
    /// Holds its seat until the company decides or it expires.
    case pending
    case confirmed
    case declined
    case cancelled
    case expired

    /// Pending and confirmed requests hold a seat.
    public var isLive: Bool { self == .pending || self == .confirmed }

    /// As a refusal says it: "la réservation … est \(french)".
    public var french: String {
        switch self {
        case .pending: "en attente"
        case .confirmed: "confirmée"
        case .declined: "refusée"
        case .cancelled: "annulée"
        case .expired: "expirée"
        }
    }
}

/// A school's request for a seat on an offer, for one week, for one pupil known by a pseudonymous reference.
public struct Reservation: Sendable {
    public var id: Int64
    public var offer: Int64
    public var week: ISOWeek
    public var school: UAI
    public var pupil: PupilRef
    public var level: Level
    /// Made by a school of the basin's priority groups, as the rules stood then.
    public var priority: Bool
    public var state: ReservationState
    public var createdAt: Int64
    public var expiresAt: Int64
    public var decidedAt: Int64?
}

/// What a company, a school or an animator does to a request.
public enum ReservationDecision: Sendable {
    /// The company takes the pupil: pending → confirmed.
    case confirm
    /// The company turns the request down: pending → declined, the seat is freed.
    case decline
    /// The school withdraws its request: pending or confirmed → cancelled, the seat is freed.
    case cancel
}

extension Reservation {
    /// A request as a backend reads it back.
    package init(
        id: Int64,
        offer: Int64,
        week: ISOWeek,
        school: UAI,
        pupil: PupilRef,
        level: Level,
        priority: Bool,
        state: ReservationState,
        createdAt: Int64,
        expiresAt: Int64,
        decidedAt: Int64?,
        now: Int64
    ) {
        // A pending request past its delay reads as expired even before the next write records it.
        let state = state == .pending && expiresAt <= now ? .expired : state
        self.init(
            id: id,
            offer: offer,
            week: week,
            school: school,
            pupil: pupil,
            level: level,
            priority: priority,
            state: state,
            createdAt: createdAt,
            expiresAt: expiresAt,
            decidedAt: decidedAt
        )
    }
}
