import GRDB

extension BasinStore {
    /// Searches the basin's offers: nearest first when the query has a point, else most recently changed first.
    public func searchOffers(_ query: OfferQuery) async throws -> OfferPage {
        let currentWeek = ISOWeek(containing: self.configuration.now())
        return try await self.read { db in
            let (sql, arguments, hasDistance) = Self.searchSQL(query, currentWeek: currentWeek)
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            let hasMore = rows.count > query.limit
            let page = Array(rows.prefix(query.limit))
            var distances: [Int64: Double] = [:]
            if hasDistance {
                for row in page { distances[row["id"]] = row["distance"] }
            }
            return OfferPage(offers: try Self.offers(db, rows: page, distances: distances), hasMore: hasMore)
        }
    }

    static func searchSQL(_ query: OfferQuery, currentWeek: ISOWeek) -> (String, StatementArguments, Bool) {
        var select = "SELECT offer.*"
        var from = "FROM offer"
        var conditions: [String] = []
        var arguments = StatementArguments()
        var selectArguments = StatementArguments()
        var fromArguments = StatementArguments()

        if let near = query.near {
            select += ", distance_km(?, ?, offer.latitude, offer.longitude) AS distance"
            selectArguments += [near.latitude, near.longitude]
            if let radius = query.radiusKm {
                let box = near.boundingBox(radiusKm: radius)
                // CROSS JOIN fixes the order: the R*Tree's box query drives, instead of a scan of every published
                // offer with an R*Tree lookup each (EXPLAIN QUERY PLAN showed the planner choosing that).
                from = """
                    FROM offerLocation CROSS JOIN offer ON offer.id = offerLocation.id
                      AND offerLocation.minLat >= ? AND offerLocation.maxLat <= ?
                      AND offerLocation.minLon >= ? AND offerLocation.maxLon <= ?
                    """
                fromArguments += [box.minLat, box.maxLat, box.minLon, box.maxLon]
                conditions.append("distance <= ?")
                arguments += [radius]
            }
        }
        if let text = query.text, let pattern = FTS5Pattern(matchingAllPrefixesIn: text) {
            if query.radiusKm == nil {
                // Without a radius, the text index drives: only the offers it matches are read.
                from = "FROM offerText CROSS JOIN offer ON offer.id = offerText.rowid"
                conditions.append("offerText MATCH ?")
            } else {
                conditions.append("offer.id IN (SELECT rowid FROM offerText WHERE offerText MATCH ?)")
            }
            arguments += [pattern]
        }
        if !query.trades.isEmpty {
            conditions.append(
                "offer.tradeCode IN (\(Array(repeating: "?", count: query.trades.count).joined(separator: ",")))"
            )
            arguments += StatementArguments(query.trades.map(\.rawValue))
        }
        if let level = query.level {
            conditions.append("(offer.levels & ?) != 0")
            arguments += [level.bit]
        }
        if query.accessibleOnly { conditions.append("offer.accessible") }

        let active =
            "(offer.state = 'published' AND EXISTS (SELECT 1 FROM offerPeriod p WHERE p.offerId = offer.id AND p.week >= ?))"
        switch query.viewer {
        case .staff:
            if !query.includeInactive {
                conditions.append(active)
                arguments += [currentWeek.storage]
            }
        case .school(let uai):
            conditions.append(active)
            arguments += [currentWeek.storage]
            conditions.append("(offer.reservedForSchool IS NULL OR offer.reservedForSchool = ?)")
            arguments += [uai.rawValue]
        case .company(let siret):
            if query.includeInactive {
                conditions.append("((\(active) AND offer.reservedForSchool IS NULL) OR offer.companySiret = ?)")
            } else {
                conditions.append("\(active) AND (offer.reservedForSchool IS NULL OR offer.companySiret = ?)")
            }
            arguments += [currentWeek.storage, siret.rawValue]
        }

        // Weeks: at least one period in the range (and in the future for a reader of active offers), with a free seat
        // if asked.
        var periodConditions: [String] = []
        var periodArguments = StatementArguments()
        let activeOnly: Bool
        if case .school = query.viewer { activeOnly = true } else { activeOnly = !query.includeInactive }
        let lowerWeek = [query.fromWeek, activeOnly || query.freeSeatsOnly ? currentWeek : nil].compactMap { $0 }.max()
        if let lowerWeek {
            periodConditions.append("p.week >= ?")
            periodArguments += [lowerWeek.storage]
        }
        if let toWeek = query.toWeek {
            periodConditions.append("p.week <= ?")
            periodArguments += [toWeek.storage]
        }
        if query.freeSeatsOnly { periodConditions.append("p.taken < p.seats") }
        if query.fromWeek != nil || query.toWeek != nil || query.freeSeatsOnly {
            conditions.append(
                "EXISTS (SELECT 1 FROM offerPeriod p WHERE p.offerId = offer.id AND \(periodConditions.joined(separator: " AND ")))"
            )
            arguments += periodArguments
        }

        var sql = "\(select) \(from)"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += query.near != nil ? " ORDER BY distance, offer.id" : " ORDER BY offer.updatedAt DESC, offer.id DESC"
        sql += " LIMIT ? OFFSET ?"
        var all = selectArguments
        all += fromArguments
        all += arguments
        all += [query.limit + 1, query.offset]
        return (sql, all, query.near != nil)
    }
}
