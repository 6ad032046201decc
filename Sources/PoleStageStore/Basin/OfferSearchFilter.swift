/// The filters of a search, but the distance, as ``OfferSearchIndex`` applies them to its rows in memory, the query's
/// texts replaced by the index's numbers for them.
///
/// They are the conditions `BasinStore.searchFilter` writes in SQL for the short rows (`offerSearch`), condition for
/// condition; the search tests compare both against a brute-force filter of the offers.
struct OfferSearchFilter {
    private enum Viewer {
        case staff
        /// The school's number; nil when no row holds its UAI, so that no row's equals it.
        case school(UInt32?)
        case company(UInt32?)
    }

    /// Nil: any trade.
    private let trades: Set<UInt32>?
    private let levelBit: Int64?
    private let accessibleOnly: Bool
    private let viewer: Viewer
    private let includeInactive: Bool
    /// Only this company's rows: `.some(nil)` when no row holds its SIRET, so that none is accepted.
    private let company: UInt32??
    private let currentWeek: Int64

    /// Nil when the query also filters on what the short rows do not hold: the periods (a week range, free seats), or
    /// the transit stop.
    init?(_ query: OfferQuery, currentWeek: ISOWeek, numbers: [String: UInt32]) {
        guard query.fromWeek == nil, query.toWeek == nil, !query.freeSeatsOnly, !query.servedByTransitOnly else {
            return nil
        }
        self.trades = query.trades.isEmpty ? nil : Set(query.trades.compactMap { numbers[$0.rawValue] })
        self.levelBit = query.level?.bit
        self.accessibleOnly = query.accessibleOnly
        self.viewer =
            switch query.viewer {
            case .staff: .staff
            case .school(let uai): .school(numbers[uai.rawValue])
            case .company(let siret): .company(numbers[siret.rawValue])
            }
        self.includeInactive = query.includeInactive
        self.company = query.company.map { numbers[$0.rawValue] }
        self.currentWeek = Int64(currentWeek.storage)
    }

    func accepts(_ row: OfferSearchIndex.SearchRow) -> Bool {
        if let trades, !trades.contains(row.tradeCode) { return false }
        if let levelBit, row.levels & levelBit == 0 { return false }
        if self.accessibleOnly, !row.accessible { return false }
        if let company = self.company, row.companySiret != company { return false }
        // `state = 'published' AND lastWeek >= ?`: a NULL last week (no period) is not active.
        let active =
            row.published && row.lastWeek != OfferSearchIndex.SearchRow.noWeek && row.lastWeek >= self.currentWeek
        switch self.viewer {
        case .staff:
            return self.includeInactive || active
        case .school(let school):
            return active && (row.reservedForSchool == 0 || row.reservedForSchool == school)
        case .company(let company):
            if self.includeInactive {
                return (active && row.reservedForSchool == 0) || row.companySiret == company
            }
            return active && (row.reservedForSchool == 0 || row.companySiret == company)
        }
    }
}
