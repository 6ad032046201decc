import Foundation

/// How a change-log entry keeps its offers: JSON of plain fields, decoded with the same checks as a stored row.
struct ChangePayload: Codable {
    var offer: StoredOffer
    var before: StoredOffer?

    init(offer: Offer, before: Offer?) {
        self.offer = StoredOffer(offer)
        self.before = before.map(StoredOffer.init)
    }

    func encoded() throws -> Data { try JSONEncoder().encode(self) }

    static func decode(_ data: Data) throws -> ChangePayload { try JSONDecoder().decode(Self.self, from: data) }
}

/// An ``Offer`` in plain fields.
struct StoredOffer: Codable {
    var id: Int64
    var company: String
    var companyName: String
    var tradeLabel: String
    var trade: String
    var title: String
    var description: String
    var levels: Int64
    /// `[week, seats, taken, reserved, reservedUntil, priorityTaken]` per period, weeks as `year * 100 + week`; entries
    /// written before priority access have the first three.
    var periods: [[Int]]
    var street: String
    var postalCode: String
    var commune: String
    var latitude: Double
    var longitude: Double
    var accessible: Bool
    /// ``AccessFeature`` bits; absent from entries written before, whose `accessible` meant all of them.
    var accessibility: Int64?
    var transitAccess: String
    /// Absent from entries written before mobility: no stop, nothing provided.
    var transitStop: String?
    var transitLines: [String]?
    var walkMinutes: Int?
    var lunchProvided: Bool?
    var lodgingProvided: Bool?
    var reservedForSchool: String?
    var externalRef: String?
    var state: String
    var version: Int64
    var updatedAt: Int64
    var publishedAt: Int64?
    var priorityUntil: Int64?

    init(_ offer: Offer) {
        let details = offer.details
        self.id = offer.id
        self.company = offer.company.rawValue
        self.companyName = offer.companyName
        self.tradeLabel = offer.tradeLabel
        self.trade = details.trade.rawValue
        self.title = details.title
        self.description = details.description
        self.levels = Level.mask(of: details.levels)
        self.periods = offer.periods.map {
            [$0.week.storage, $0.seats, $0.taken, $0.reserved, Int($0.reservedUntil), $0.priorityTaken]
        }
        self.street = details.address.street
        self.postalCode = details.address.postalCode
        self.commune = details.address.commune
        self.latitude = details.location.latitude
        self.longitude = details.location.longitude
        self.accessible = details.accessible
        self.accessibility = AccessFeature.mask(of: details.accessibility)
        self.transitAccess = details.transitAccess
        self.transitStop = details.transit?.stop
        self.transitLines = details.transit?.lines
        self.walkMinutes = details.transit?.walkMinutes
        self.lunchProvided = details.lunchProvided
        self.lodgingProvided = details.lodgingProvided
        self.reservedForSchool = details.reservedForSchool?.rawValue
        self.externalRef = offer.externalRef
        self.state = offer.state.rawValue
        self.version = offer.version
        self.updatedAt = offer.updatedAt
        self.publishedAt = offer.publishedAt
        self.priorityUntil = offer.priorityUntil
    }

    /// The offer, or `nil` when a field no longer passes its check.
    var offer: Offer? {
        guard let siret = SIRET(self.company), let trade = TradeCode(self.trade),
            let location = GeoPoint(latitude: self.latitude, longitude: self.longitude),
            let state = OfferState(rawValue: self.state)
        else { return nil }
        let periods = self.periods.compactMap { values -> OfferPeriod? in
            guard values.count == 3 || values.count == 6, let week = ISOWeek(storage: values[0]) else { return nil }
            var period = OfferPeriod(week: week, seats: values[1], taken: values[2])
            if values.count == 6 {
                (period.reserved, period.reservedUntil, period.priorityTaken) = (values[3], Int64(values[4]), values[5])
            }
            return period
        }
        let details = OfferDetails(
            trade: trade,
            title: self.title,
            description: self.description,
            levels: Set(Level.set(fromMask: self.levels)),
            seats: Dictionary(uniqueKeysWithValues: periods.map { ($0.week, $0.seats) }),
            address: PostalAddress(street: self.street, postalCode: self.postalCode, commune: self.commune),
            location: location,
            accessible: self.accessible,
            accessibility: self.accessibility.map { Set(AccessFeature.set(fromMask: $0)) },
            transitAccess: self.transitAccess,
            transit: self.transitStop.map {
                TransitStop(stop: $0, lines: self.transitLines ?? [], walkMinutes: self.walkMinutes ?? 0)
            },
            lunchProvided: self.lunchProvided ?? false,
            lodgingProvided: self.lodgingProvided ?? false,
            reservedForSchool: self.reservedForSchool.flatMap(UAI.init)
        )
        return Offer(
            id: self.id,
            company: siret,
            companyName: self.companyName,
            tradeLabel: self.tradeLabel,
            details: details,
            periods: periods,
            externalRef: self.externalRef,
            state: state,
            version: self.version,
            updatedAt: self.updatedAt,
            publishedAt: self.publishedAt,
            priorityUntil: self.priorityUntil,
            distanceKm: nil
        )
    }
}
