import Foundation
import GRDB

extension BasinStore {
    /// Searches the basin's offers: nearest first when the query has a point, else most recently changed first.
    public func searchOffers(_ query: OfferQuery) async throws -> OfferPage {
        let currentWeek = ISOWeek(containing: self.configuration.now())
        if let near = query.near {
            return try await self.withDatabase { database in
                let searchIndex = database.searchIndex
                // Entered before the read transaction starts, as the index requires.
                return try await searchIndex.withReader {
                    try await database.connection.read { db in
                        try Self.searchNear(db, query, near: near, currentWeek: currentWeek, searchIndex: searchIndex)
                    }
                }
            }
        }
        return try await self.read { db in
            let pattern = query.text.flatMap { OfferTextPattern(matchingAllPrefixesIn: $0) }
            // Without a point, the text index drives when there is a text: only the offers it matches are read.
            let filter = Self.searchFilter(
                query,
                driver: pattern.map { .text($0) } ?? .offers,
                table: .offers,
                currentWeek: currentWeek
            )
            let sql: SQL = """
                SELECT offer.* \(filter.from)\(filter.whereClause) ORDER BY offer.updatedAt DESC, offer.id DESC \
                LIMIT \(query.limit + 1) OFFSET \(query.offset)
                """
            let rows = try SQLRequest<Row>(literal: sql, cached: true).fetchAll(db)
            return OfferPage(
                offers: try Self.offers(db, rows: Array(rows.prefix(query.limit))),
                hasMore: rows.count > query.limit
            )
        }
    }

    /// A search around a point, nearest first (ties by id).
    ///
    /// With both a text and a radius, the text index's matches are decided in memory (``OfferSearchIndex``): those
    /// within the circle that pass every filter are measured there, and SQL checks only the offers the index is not
    /// sure of (changed by a write this search may not see) against this transaction's snapshot. Otherwise SQL selects
    /// the offers passing every filter but the distance, reading only their id and position from the short
    /// `offerSearch` rows, and Swift measures them. Either way, Swift keeps those within the radius, sorts and pages;
    /// only the page's offers are then read whole.
    ///
    /// Before the index, the text matches were intersected with the R*Tree's box, which read some 9,000 box entries per
    /// query on 100,000 offers; an `IN (SELECT rowid FROM offerText …)` probe per box entry had cost more still. A
    /// radius without a text still reads the R*Tree.
    /// - Parameter searchIndex: Its reader must have entered before `db`'s transaction started.
    static func searchNear(
        _ db: Database,
        _ query: OfferQuery,
        near: GeoPoint,
        currentWeek: ISOWeek,
        searchIndex: OfferSearchIndex
    ) throws -> OfferPage {
        let pattern = query.text.flatMap { OfferTextPattern(matchingAllPrefixesIn: $0) }
        var measured: [(distance: Double, id: Int64)] = []
        /// Nil when the index decided every text match.
        let driver: SearchDriver?
        switch (pattern, query.radiusKm) {
        case (let pattern?, let radiusKm?):
            // The matches in rowid order (FTS5 gives that order without a sort), so that the offers left to SQL are
            // looked up in file order.
            var matchingIDs: [Int64] = []
            let matches = try Int64.fetchCursor(
                db.cachedStatement(sql: "SELECT rowid FROM offerText WHERE offerText MATCH ? ORDER BY rowid"),
                arguments: [pattern.rawPattern]
            )
            while let id = try matches.next() { matchingIDs.append(id) }
            let found = searchIndex.search(
                among: matchingIDs,
                near: near,
                radiusKm: radiusKm,
                query: query,
                currentWeek: currentWeek
            )
            measured = found.measured
            driver = found.toCheck.isEmpty ? nil : .ids(found.toCheck)
        case (nil, let radiusKm?): driver = .box(near.boundingBox(radiusKm: radiusKm))
        case (let pattern?, nil): driver = .text(pattern)
        case (nil, nil): driver = .offers
        }

        if let driver {
            let filter = Self.searchFilter(query, driver: driver, table: .narrow, currentWeek: currentWeek)
            let sql: SQL = "SELECT offer.id, offer.latitude, offer.longitude \(filter.from)\(filter.whereClause)"
            // Cached statements, here and below: preparing one (SQLite's parser, GRDB's authorizer) cost about as much
            // as reading the candidates. A query's SQL depends only on which filters it sets, so few are cached.
            let rows = try SQLRequest<Row>(literal: sql, cached: true).fetchCursor(db)
            while let row = try rows.next() {
                let distance = GeoPoint.distanceKm(near.latitude, near.longitude, row[1], row[2])
                if let radius = query.radiusKm, !(distance <= radius) { continue }
                measured.append((distance, row[0]))
            }
        }
        measured.sort { ($0.distance, $0.id) < ($1.distance, $1.id) }
        let start = min(max(query.offset, 0), measured.count)
        let end = min(start + query.limit, measured.count)
        let page = measured[start..<end]
        guard !page.isEmpty else { return OfferPage(offers: [], hasMore: end < measured.count) }

        let pageRows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM offer WHERE id IN (SELECT value FROM json_each(?))"),
            arguments: [Self.jsonList(page.map(\.id))]
        )
        var byID: [Int64: Row] = [:]
        if let first = pageRows.first {
            let id = try OfferColumns(first).id
            for row in pageRows { byID[row[id]] = row }
        }
        let ordered = page.compactMap { byID[$0.id] }
        let distances = Dictionary(uniqueKeysWithValues: page.map { ($0.id, $0.distance) })
        return OfferPage(
            offers: try Self.offers(db, rows: ordered, distances: distances),
            hasMore: end < measured.count
        )
    }

    /// Which index drives a search's SQL, and so which of its conditions the driver already applies.
    enum SearchDriver {
        /// Every offer: the planner chooses.
        case offers
        /// The text index's matches.
        case text(OfferTextPattern)
        /// The R*Tree's box.
        case box((minLat: Double, maxLat: Double, minLon: Double, maxLon: Double))
        /// These offers, already known to match the text, and left to SQL by the search index.
        case ids([Int64])
    }

    /// Which table a search's conditions read, named `offer` either way.
    enum SearchTable {
        /// The offers' whole rows.
        case offers
        /// `offerSearch`: a short row per offer with the columns the filters read, its position, and its last week
        /// (`lastWeek`, kept by triggers; see `BasinMigrations`). Enough for a search that reads ids and positions.
        case narrow
    }

    /// A search's `FROM` clause and conditions: every filter of the query but the distance, values bound as arguments.
    struct SearchFilter {
        var from: SQL
        var conditions: [SQL] = []

        /// ` WHERE` and the conditions joined by `AND`; nothing without conditions.
        var whereClause: SQL {
            self.conditions.isEmpty ? "" : " WHERE \(self.conditions.joined(operator: .and))"
        }
    }

    /// The `FROM` clause and the conditions for every filter of the query but the distance.
    static func searchFilter(
        _ query: OfferQuery,
        driver: SearchDriver,
        table: SearchTable,
        currentWeek: ISOWeek
    ) -> SearchFilter {
        let offer: SQL =
            switch table {
            case .offers: "offer"
            case .narrow: "offerSearch AS offer"
            }
        var filter = SearchFilter(from: "FROM \(offer)")
        switch driver {
        case .offers:
            break
        case .text(let pattern):
            filter.from = "FROM offerText CROSS JOIN \(offer) ON offer.id = offerText.rowid"
            filter.conditions.append("offerText MATCH \(pattern.rawPattern)")
        case .box(let box):
            // CROSS JOIN fixes the order: the R*Tree's box query drives, instead of a scan of every published offer
            // with an R*Tree lookup each (EXPLAIN QUERY PLAN showed the planner choosing that).
            filter.from = """
                FROM offerLocation CROSS JOIN \(offer) ON offer.id = offerLocation.id
                  AND offerLocation.minLat >= \(box.minLat) AND offerLocation.maxLat <= \(box.maxLat)
                  AND offerLocation.minLon >= \(box.minLon) AND offerLocation.maxLon <= \(box.maxLon)
                """
        case .ids(let ids):
            // CROSS JOIN keeps the lookup by id, in the list's order: with `state = 'published'` among the conditions,
            // the planner otherwise scans every published offer through `offer_on_state_tradeCode` (EXPLAIN QUERY
            // PLAN). `IN (SELECT value FROM json_each(?))` also sorted the ids into a temporary index first.
            filter.from =
                "FROM json_each(\(Self.jsonList(ids))) AS candidate CROSS JOIN \(offer) ON offer.id = candidate.value"
        }
        if !query.trades.isEmpty {
            filter.conditions.append("offer.tradeCode IN \(query.trades.map(\.rawValue))")
        }
        if let level = query.level {
            filter.conditions.append("(offer.levels & \(level.bit)) != 0")
        }
        if let company = query.company {
            filter.conditions.append("offer.companySiret = \(company.rawValue)")
        }
        if query.accessibleOnly {
            // The short row keeps "provides at least one feature" as a flag; the offer row keeps the features.
            switch table {
            case .offers: filter.conditions.append("offer.accessibility != 0")
            case .narrow: filter.conditions.append("offer.accessible")
            }
        }
        if query.servedByTransitOnly {
            // The short row does not keep the stop: it is read from the offer's row.
            switch table {
            case .offers: filter.conditions.append("offer.transitStop IS NOT NULL")
            case .narrow:
                filter.conditions.append(
                    "EXISTS (SELECT 1 FROM offer AS served WHERE served.id = offer.id AND served.transitStop IS NOT NULL)"
                )
            }
        }

        // A period now or later: the short row knows the offer's last week (NULL without periods: not active either).
        let active: SQL =
            switch table {
            case .offers:
                "(offer.state = 'published' AND EXISTS (SELECT 1 FROM offerPeriod p WHERE p.offerId = offer.id AND p.week >= \(currentWeek.storage)))"
            case .narrow: "(offer.state = 'published' AND offer.lastWeek >= \(currentWeek.storage))"
            }
        switch query.viewer {
        case .staff:
            if !query.includeInactive { filter.conditions.append(active) }
        case .school(let uai):
            filter.conditions.append(active)
            filter.conditions.append("(offer.reservedForSchool IS NULL OR offer.reservedForSchool = \(uai.rawValue))")
        case .company(let siret):
            if query.includeInactive {
                filter.conditions.append(
                    "((\(active) AND offer.reservedForSchool IS NULL) OR offer.companySiret = \(siret.rawValue))"
                )
            } else {
                filter.conditions.append(
                    "\(active) AND (offer.reservedForSchool IS NULL OR offer.companySiret = \(siret.rawValue))"
                )
            }
        }

        // Weeks: at least one period in the range (and in the future for a reader of active offers), with a free seat
        // if asked.
        var periodConditions: [SQL] = []
        let activeOnly: Bool
        if case .school = query.viewer { activeOnly = true } else { activeOnly = !query.includeInactive }
        let lowerWeek = [query.fromWeek, activeOnly || query.freeSeatsOnly ? currentWeek : nil].compactMap { $0 }.max()
        if let lowerWeek { periodConditions.append("p.week >= \(lowerWeek.storage)") }
        if let toWeek = query.toWeek { periodConditions.append("p.week <= \(toWeek.storage)") }
        if query.freeSeatsOnly { periodConditions.append("p.taken < p.seats") }
        if query.fromWeek != nil || query.toWeek != nil || query.freeSeatsOnly {
            filter.conditions.append(
                "EXISTS (SELECT 1 FROM offerPeriod p WHERE p.offerId = offer.id AND \(periodConditions.joined(operator: .and)))"
            )
        }
        return filter
    }

    /// Ids as a JSON array, bound as one argument and read with `json_each`: no limit on bound parameters.
    static func jsonList(_ ids: some Sequence<Int64>) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }
}
