/// Which offers, and so which changes, a live subscriber receives. Every set condition must hold.
///
/// The Swift twin of the conditions ``OfferQuery`` puts in SQL: a snapshot and the changes after it are judged by the
/// same predicate, so a subscriber never sees an offer in one and not the other.
public struct OfferFilter: Sendable, Hashable {
    public var trades: Set<TradeCode>
    /// Offers accepting at least one of these levels.
    public var levels: Set<Level>
    public var fromWeek: ISOWeek?
    public var toWeek: ISOWeek?
    /// With ``radiusKm``: only offers within that distance of this point.
    public var near: GeoPoint?
    public var radiusKm: Double?
    public var accessibleOnly: Bool
    /// Only offers with a free seat in a future week of the range.
    public var freeSeatsOnly: Bool
    /// Only offers a public-transport stop serves (``OfferDetails/transit``).
    public var servedByTransitOnly: Bool
    public var viewer: OfferViewer

    public init(
        trades: Set<TradeCode> = [],
        levels: Set<Level> = [],
        fromWeek: ISOWeek? = nil,
        toWeek: ISOWeek? = nil,
        near: GeoPoint? = nil,
        radiusKm: Double? = nil,
        accessibleOnly: Bool = false,
        freeSeatsOnly: Bool = false,
        servedByTransitOnly: Bool = false,
        viewer: OfferViewer
    ) {
        self.trades = trades
        self.levels = levels
        self.fromWeek = fromWeek
        self.toWeek = toWeek
        self.near = near
        self.radiusKm = radiusKm
        self.accessibleOnly = accessibleOnly
        self.freeSeatsOnly = freeSeatsOnly
        self.servedByTransitOnly = servedByTransitOnly
        self.viewer = viewer
    }

    /// Whether a change concerns the subscriber: the offer passed the filter before the change or passes it after, so
    /// a subscriber also learns that an offer left its view (withdrawn, full, moved away).
    public func matches(_ change: OfferChange, currentWeek: ISOWeek) -> Bool {
        if self.admits(change.offer, currentWeek: currentWeek) { return true }
        guard let before = change.before else { return false }
        return self.admits(before, currentWeek: currentWeek)
    }

    /// Whether the viewer sees the offer and it passes every condition.
    public func admits(_ offer: Offer, currentWeek: ISOWeek) -> Bool {
        guard self.viewer.sees(offer, currentWeek: currentWeek) else { return false }
        let details = offer.details
        if !self.trades.isEmpty, !self.trades.contains(details.trade) { return false }
        if !self.levels.isEmpty, self.levels.isDisjoint(with: details.levels) { return false }
        if self.accessibleOnly, !details.accessible { return false }
        if self.servedByTransitOnly, details.transit == nil { return false }
        if let near = self.near, let radius = self.radiusKm, near.distanceKm(to: details.location) > radius {
            return false
        }
        if self.fromWeek != nil || self.toWeek != nil || self.freeSeatsOnly {
            let lower = [self.fromWeek, self.freeSeatsOnly ? currentWeek : nil].compactMap { $0 }.max()
            let inRange = offer.periods.contains { period in
                if let lower, period.week < lower { return false }
                if let upper = self.toWeek, period.week > upper { return false }
                return !self.freeSeatsOnly || period.free > 0
            }
            if !inRange { return false }
        }
        return true
    }
}

extension OfferViewer {
    /// Whether this reader may see the offer at all, as searches decide it.
    public func sees(_ offer: Offer, currentWeek: ISOWeek) -> Bool {
        let active = offer.state == .published && offer.periods.contains { $0.week >= currentWeek }
        switch self {
        case .staff:
            return true
        case .school(let uai):
            return active && (offer.details.reservedForSchool == nil || offer.details.reservedForSchool == uai)
        case .company(let siret):
            return offer.company == siret || (active && offer.details.reservedForSchool == nil)
        }
    }
}
