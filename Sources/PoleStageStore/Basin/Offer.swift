/// A postal address in France.
public struct PostalAddress: Sendable, Hashable {
    public var street: String
    public var postalCode: String
    public var commune: String

    public init(street: String, postalCode: String, commune: String) {
        self.street = street
        self.postalCode = postalCode
        self.commune = commune
    }
}

/// How a pupil reaches a placement by public transport: the nearest stop, its lines, and the walk from it.
public struct TransitStop: Sendable, Hashable {
    public var stop: String
    /// Such as "Ligne 3" or "TER Dijon - Lyon"; at least one.
    public var lines: [String]
    public var walkMinutes: Int

    public init(stop: String, lines: [String], walkMinutes: Int) {
        self.stop = stop
        self.lines = lines
        self.walkMinutes = walkMinutes
    }

    /// How many lines a stop may list, and their length.
    public static let maxLines = 10
    public static let maxLineLength = 40
    public static let walkMinutesRange = 0...60
}

/// The fields of an offer that its company or the basin's animator writes.
public struct OfferDetails: Sendable, Hashable {
    public var trade: TradeCode
    public var title: String
    public var description: String
    public var levels: Set<Level>
    /// Seats offered per ISO week.
    public var seats: [ISOWeek: Int]
    public var address: PostalAddress
    public var location: GeoPoint
    /// What the placement provides to a pupil with a disability.
    public var accessibility: Set<AccessFeature>
    /// Open to pupils with a disability: it provides at least one ``AccessFeature``. Setting it provides all of them, or
    /// none.
    public var accessible: Bool {
        get { !self.accessibility.isEmpty }
        set { self.accessibility = newValue ? Set(AccessFeature.allCases) : [] }
    }
    public var transitAccess: String
    /// The nearest public-transport stop, when one serves the placement.
    public var transit: TransitStop?
    public var lunchProvided: Bool
    public var lodgingProvided: Bool
    /// The only school the offer is for, if any.
    public var reservedForSchool: UAI?

    public init(
        trade: TradeCode,
        title: String,
        description: String,
        levels: Set<Level>,
        seats: [ISOWeek: Int],
        address: PostalAddress,
        location: GeoPoint,
        accessible: Bool = false,
        accessibility: Set<AccessFeature>? = nil,
        transitAccess: String = "",
        transit: TransitStop? = nil,
        lunchProvided: Bool = false,
        lodgingProvided: Bool = false,
        reservedForSchool: UAI? = nil
    ) {
        self.trade = trade
        self.title = title
        self.description = description
        self.levels = levels
        self.seats = seats
        self.address = address
        self.location = location
        self.accessibility = accessibility ?? (accessible ? Set(AccessFeature.allCases) : [])
        self.transitAccess = transitAccess
        self.transit = transit
        self.lunchProvided = lunchProvided
        self.lodgingProvided = lodgingProvided
        self.reservedForSchool = reservedForSchool
    }
}

/// Where an offer stands in its lifecycle, as stored.
public enum OfferState: String, Sendable {
    case draft
    case published
    case withdrawn

    /// As a refusal says it: "l'offre … est \(french)".
    public var french: String {
        switch self {
        case .draft: "un brouillon"
        case .published: "publiée"
        case .withdrawn: "retirée"
        }
    }
}

/// Where an offer stands as its readers see it: a published offer is also full, or to be updated, by its periods.
public enum OfferStatus: Sendable, Equatable {
    case draft
    case published
    /// No seat left in any future period.
    case full
    /// No future period left.
    case toUpdate
    case withdrawn
}

/// Seats of one week of an offer.
public struct OfferPeriod: Sendable, Hashable {
    public var week: ISOWeek
    public var seats: Int
    /// Held by live applications and reservations.
    public var taken: Int
    /// Seats held for the basin's priority pupils until ``reservedUntil`` (its reserved share, to the nearest seat).
    public var reserved: Int = 0
    /// When the held seats are released to every pupil (Unix milliseconds).
    public var reservedUntil: Int64 = 0
    /// Seats taken by priority pupils: they count against ``reserved`` first.
    public var priorityTaken: Int = 0

    public var free: Int { max(0, self.seats - self.taken) }

    /// The free seats held for priority pupils until ``reservedUntil``: the reserved seats no priority pupil holds yet.
    public var heldSeats: Int { min(self.free, max(0, self.reserved - self.priorityTaken)) }

    /// The free seats that only priority pupils may take at `now`: ``heldSeats``, none once released.
    public func heldForPriority(at now: Int64) -> Int { now < self.reservedUntil ? self.heldSeats : 0 }
}

/// An internship offer of a basin.
public struct Offer: Sendable {
    public var id: Int64
    public var company: SIRET
    public var companyName: String
    public var tradeLabel: String
    public var details: OfferDetails
    public var periods: [OfferPeriod]
    public var externalRef: String?
    public var state: OfferState
    public var version: Int64
    public var updatedAt: Int64
    /// When the offer was first published (Unix milliseconds): the basin's priority window counts from it. `nil` for a
    /// draft, and for offers published before the store knew it.
    public var publishedAt: Int64? = nil
    /// Until when only the basin's priority pupils may apply (Unix milliseconds): its first publication plus the basin's
    /// priority window. `nil` when it has none.
    public var priorityUntil: Int64? = nil
    /// Set by searches from a point.
    public var distanceKm: Double?

    /// The status readers see in the given week.
    public func status(currentWeek: ISOWeek) -> OfferStatus {
        switch self.state {
        case .draft: return .draft
        case .withdrawn: return .withdrawn
        case .published:
            let future = self.periods.filter { $0.week >= currentWeek }
            if future.isEmpty { return .toUpdate }
            if future.allSatisfy({ $0.free == 0 }) { return .full }
            return .published
        }
    }
}

extension Offer {
    /// An offer as a backend reads it back.
    package init(
        id: Int64,
        company: SIRET,
        companyName: String,
        tradeLabel: String,
        details: OfferDetails,
        periods: [OfferPeriod],
        externalRef: String?,
        state: OfferState,
        version: Int64,
        updatedAt: Int64,
        publishedAt: Int64?,
        priorityUntil: Int64?
    ) {
        self.init(
            id: id,
            company: company,
            companyName: companyName,
            tradeLabel: tradeLabel,
            details: details,
            periods: periods,
            externalRef: externalRef,
            state: state,
            version: version,
            updatedAt: updatedAt,
            publishedAt: publishedAt,
            priorityUntil: priorityUntil,
            distanceKm: nil
        )
    }
}

extension OfferPeriod {
    /// A period as a backend reads it back.
    package static func stored(
        week: ISOWeek,
        seats: Int,
        taken: Int,
        reserved: Int,
        reservedUntil: Int64,
        priorityTaken: Int
    ) -> OfferPeriod {
        OfferPeriod(
            week: week,
            seats: seats,
            taken: taken,
            reserved: reserved,
            reservedUntil: reservedUntil,
            priorityTaken: priorityTaken
        )
    }
}

/// The company an offer belongs to, as the directory knows it.
public struct OfferOwner: Sendable {
    public var siret: SIRET
    public var name: String

    public init(siret: SIRET, name: String) {
        self.siret = siret
        self.name = name
    }
}
