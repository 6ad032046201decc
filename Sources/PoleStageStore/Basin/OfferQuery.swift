/// Who reads the offers, which decides what a search may return.
public enum OfferViewer: Sendable, Hashable {
    /// The basin's animator or the academic coordination: every offer, drafts and withdrawn ones on request.
    case staff
    /// A school's staff or pupil: published offers with a future period, open to every school or to this one.
    case school(UAI)
    /// A company: what a school sees, plus all of its own offers.
    case company(SIRET)
}

/// A search over a basin's offers. Every set filter must hold.
public struct OfferQuery: Sendable {
    /// Words that must all start a word of the title, description, trade, company or commune; accents are ignored.
    public var text: String?
    public var trades: [TradeCode]
    public var level: Level?
    public var fromWeek: ISOWeek?
    public var toWeek: ISOWeek?
    /// The point to sort by distance from.
    public var near: GeoPoint?
    /// Only offers within this radius of ``near``.
    public var radiusKm: Double?
    public var accessibleOnly: Bool
    /// Only offers with a free seat in a future week of the range.
    public var freeSeatsOnly: Bool
    /// Only offers a public-transport stop serves (``OfferDetails/transit``).
    public var servedByTransitOnly: Bool
    /// Drafts, withdrawn and past offers too (staff, and a company for its own).
    public var includeInactive: Bool
    /// Only this company's offers, of those the viewer sees.
    public var company: SIRET?
    public var viewer: OfferViewer
    public var limit: Int
    public var offset: Int

    public init(
        text: String? = nil,
        trades: [TradeCode] = [],
        level: Level? = nil,
        fromWeek: ISOWeek? = nil,
        toWeek: ISOWeek? = nil,
        near: GeoPoint? = nil,
        radiusKm: Double? = nil,
        accessibleOnly: Bool = false,
        freeSeatsOnly: Bool = false,
        servedByTransitOnly: Bool = false,
        includeInactive: Bool = false,
        company: SIRET? = nil,
        viewer: OfferViewer,
        limit: Int = 20,
        offset: Int = 0
    ) {
        self.text = text
        self.trades = trades
        self.level = level
        self.fromWeek = fromWeek
        self.toWeek = toWeek
        self.near = near
        self.radiusKm = radiusKm
        self.accessibleOnly = accessibleOnly
        self.freeSeatsOnly = freeSeatsOnly
        self.servedByTransitOnly = servedByTransitOnly
        self.includeInactive = includeInactive
        self.company = company
        self.viewer = viewer
        self.limit = limit
        self.offset = offset
    }
}

/// One page of search results.
public struct OfferPage: Sendable {
    public var offers: [Offer]
    /// Whether another page follows.
    public var hasMore: Bool

    package init(
        offers: [Offer],
        hasMore: Bool
    ) {
        self.offers = offers
        self.hasMore = hasMore
    }
}
