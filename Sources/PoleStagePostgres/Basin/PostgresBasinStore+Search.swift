package import PoleStageStore
import PostgresNIO

extension PostgresBasinStore: OfferSearchStorage {
    /// Searches the basin's offers: nearest first (ties by id) when the query has a point, else most recently changed
    /// first; the same results, in the same order, as the SQLite store.
    ///
    /// SQL applies every filter but the distance: the words through the GIN index of `search_words`, the radius as a
    /// box around the circle through the GiST index of the offers' positions. Swift then measures the candidates with
    /// the same function as the SQLite store, keeps those within the radius, sorts and pages; only the page's offers
    /// are read whole.
    package func searchOffers(_ query: OfferQuery) async throws -> OfferPage {
        let currentWeek = self.currentWeek
        return try await self.read { r in
            var filter = SearchSQL(tables: r.tables)
            filter.addConditions(of: query, currentWeek: currentWeek)
            guard let near = query.near else {
                let sql = """
                    SELECT \(BasinReader.offerColumns) FROM \(r.tables.offer) offer\(filter.whereClause)
                    ORDER BY offer.updated_at DESC, offer.id DESC
                    LIMIT \(filter.bind(query.limit + 1)) OFFSET \(filter.bind(query.offset))
                    """
                let offers = try await r.offers(PostgresQuery(unsafeSQL: sql, binds: filter.binds))
                return OfferPage(offers: Array(offers.prefix(query.limit)), hasMore: offers.count > query.limit)
            }
            if let radius = query.radiusKm {
                let box = near.boundingBox(radiusKm: radius)
                filter.conditions.append(
                    """
                    point(offer.latitude, offer.longitude) <@ box(point(\(filter.bind(box.minLat)), \
                    \(filter.bind(box.minLon))), point(\(filter.bind(box.maxLat)), \(filter.bind(box.maxLon))))
                    """
                )
            }
            let sql =
                "SELECT offer.id, offer.latitude, offer.longitude FROM \(r.tables.offer) offer\(filter.whereClause)"
            var measured: [(distance: Double, id: Int64)] = []
            for row in try await r.rows(PostgresQuery(unsafeSQL: sql, binds: filter.binds)) {
                let (id, latitude, longitude) = try row.decode((Int64, Double, Double).self)
                let distance = GeoPoint.distanceKm(near.latitude, near.longitude, latitude, longitude)
                if let radius = query.radiusKm, !(distance <= radius) { continue }
                measured.append((distance, id))
            }
            measured.sort { ($0.distance, $0.id) < ($1.distance, $1.id) }
            let start = min(max(query.offset, 0), measured.count)
            let end = min(start + query.limit, measured.count)
            let page = measured[start..<end]
            guard !page.isEmpty else { return OfferPage(offers: [], hasMore: end < measured.count) }
            let ids = page.map(\.id)
            let read = try await r.offers(
                """
                SELECT \(unescaped: BasinReader.offerColumns) FROM \(unescaped: r.tables.offer)
                WHERE id = ANY(\(ids))
                """
            )
            let byID = Dictionary(uniqueKeysWithValues: read.map { ($0.id, $0) })
            let offers = page.compactMap { entry -> Offer? in
                guard var offer = byID[entry.id] else { return nil }
                offer.distanceKm = entry.distance
                return offer
            }
            return OfferPage(offers: offers, hasMore: end < measured.count)
        }
    }
}

/// The conditions of a search and their bound values, numbered as they are added.
struct SearchSQL {
    let tables: BasinTables
    var conditions: [String] = []
    var binds = PostgresBindings()

    /// ` WHERE` and the conditions joined by `AND`; nothing without conditions.
    var whereClause: String {
        self.conditions.isEmpty ? "" : " WHERE " + self.conditions.joined(separator: " AND ")
    }

    /// Binds a value, and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        self.binds.append(value)
        return "$\(self.binds.count)"
    }

    /// Every filter of the query but the distance, as the SQLite store applies them.
    mutating func addConditions(of query: OfferQuery, currentWeek: ISOWeek) {
        if let text = query.text {
            let words = OfferSearchWords.words(in: text)
            if !words.isEmpty {
                // Each word a quoted lexeme matched as a prefix; words hold no quote (they are letters and digits).
                let tsquery = words.map { "'\($0)':*" }.joined(separator: " & ")
                self.conditions.append("offer.search_words @@ \(self.bind(tsquery))::tsquery")
            }
        }
        if !query.trades.isEmpty {
            self.conditions.append("offer.trade_code = ANY(\(self.bind(query.trades.map(\.rawValue))))")
        }
        if let level = query.level {
            self.conditions.append("(offer.levels & \(self.bind(Level.mask(of: [level])))) != 0")
        }
        if let company = query.company {
            self.conditions.append("offer.company_siret = \(self.bind(company.rawValue))")
        }
        if query.accessibleOnly { self.conditions.append("offer.accessibility != 0") }
        if query.servedByTransitOnly { self.conditions.append("offer.transit_stop IS NOT NULL") }

        let active = """
            (offer.state = 'published' AND EXISTS (SELECT 1 FROM \(self.tables.offerPeriod) p
              WHERE p.offer_id = offer.id AND p.week >= \(self.bind(currentWeek.storage))))
            """
        switch query.viewer {
        case .staff:
            if !query.includeInactive { self.conditions.append(active) }
        case .school(let uai):
            self.conditions.append(active)
            self.conditions.append(
                "(offer.reserved_for_school IS NULL OR offer.reserved_for_school = \(self.bind(uai.rawValue)))"
            )
        case .company(let siret):
            let own = "offer.company_siret = \(self.bind(siret.rawValue))"
            if query.includeInactive {
                self.conditions.append("((\(active) AND offer.reserved_for_school IS NULL) OR \(own))")
            } else {
                self.conditions.append("\(active) AND (offer.reserved_for_school IS NULL OR \(own))")
            }
        }

        // Weeks: at least one period in the range (and in the future for a reader of active offers), with a free seat
        // if asked.
        guard query.fromWeek != nil || query.toWeek != nil || query.freeSeatsOnly else { return }
        var periodConditions: [String] = []
        let activeOnly: Bool
        if case .school = query.viewer { activeOnly = true } else { activeOnly = !query.includeInactive }
        let lowerWeek = [query.fromWeek, activeOnly || query.freeSeatsOnly ? currentWeek : nil].compactMap { $0 }.max()
        if let lowerWeek { periodConditions.append("p.week >= \(self.bind(lowerWeek.storage))") }
        if let toWeek = query.toWeek { periodConditions.append("p.week <= \(self.bind(toWeek.storage))") }
        if query.freeSeatsOnly { periodConditions.append("p.taken < p.seats") }
        self.conditions.append(
            """
            EXISTS (SELECT 1 FROM \(self.tables.offerPeriod) p WHERE p.offer_id = offer.id AND \
            \(periodConditions.joined(separator: " AND ")))
            """
        )
    }
}
