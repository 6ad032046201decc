import PoleStageStore
import PostgresNIO

extension BasinQueries {
    /// The columns of an offer row, in the order ``offer(from:periods:)`` reads them.
    static var offerColumns: String {
        """
        id, company_siret, company_name, trade_code, trade_label, title, description, levels, street, postal_code,
        commune, latitude, longitude, accessibility, transit_access, transit_stop, transit_lines, walk_minutes,
        lunch_provided, lodging_provided, reserved_for_school, external_ref, state, version, updated_at, published_at,
        priority_until
        """
    }

    /// The offer with this id, or `nil`: the offer and its periods in one statement, as the write paths read it under
    /// the basin's lock.
    func fetchOffer(_ id: Int64) async throws -> Offer? {
        let rows = try await self.rows(
            """
            SELECT \(unescaped: Self.offerColumns), p.weeks, p.seats, p.taken, p.reserved, p.until, p.priority_taken
            FROM \(unescaped: self.tables.offer) offer LEFT JOIN LATERAL (
              SELECT array_agg(week::bigint ORDER BY week) AS weeks, array_agg(seats::bigint ORDER BY week) AS seats,
                array_agg(taken::bigint ORDER BY week) AS taken, array_agg(reserved::bigint ORDER BY week) AS reserved,
                array_agg(reserved_until ORDER BY week) AS until,
                array_agg(priority_taken::bigint ORDER BY week) AS priority_taken
              FROM \(unescaped: self.tables.offerPeriod) WHERE offer_id = offer.id) p ON true
            WHERE offer.id = \(id)
            """
        )
        guard let row = rows.first?.makeRandomAccess() else { return nil }
        let first = Self.offerColumnCount
        func column(_ index: Int) throws -> [Int64] { try row[first + index].decode([Int64]?.self) ?? [] }
        let (weeks, seats, taken, reserved, until, priorityTaken) = (
            try column(0), try column(1), try column(2), try column(3), try column(4), try column(5)
        )
        var periods: [OfferPeriod] = []
        for index in weeks.indices {
            guard let week = ISOWeek(storage: Int(weeks[index])) else {
                throw StoreError.corrupt("offer_period of offer \(id): week \(weeks[index]) is not an ISO week")
            }
            periods.append(
                .stored(
                    week: week,
                    seats: Int(seats[index]),
                    taken: Int(taken[index]),
                    reserved: Int(reserved[index]),
                    reservedUntil: until[index],
                    priorityTaken: Int(priorityTaken[index])
                )
            )
        }
        return try Self.offer(from: row, periods: [id: periods])
    }

    /// How many columns ``offerColumns`` names.
    static var offerColumnCount: Int { Self.offerColumns.split(separator: ",").count }

    /// The offer with this id.
    ///
    /// - Throws: ``StoreError/notFound(_:)`` when there is none.
    func requireOffer(_ id: Int64) async throws -> Offer {
        guard let offer = try await self.fetchOffer(id) else { throw StoreError.notFound("offre \(id)") }
        return offer
    }

    /// The offers of the rows `query` selects (its columns ``offerColumns``), in the rows' order, with their periods.
    func offers(_ query: PostgresQuery) async throws -> [Offer] {
        let rows = try await self.rows(query)
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.makeRandomAccess()[0].decode(Int64.self) }
        var periods: [Int64: [OfferPeriod]] = [:]
        for row in try await self.rows(
            """
            SELECT offer_id, week, seats, taken, reserved, reserved_until, priority_taken
            FROM \(unescaped: self.tables.offerPeriod) WHERE offer_id = ANY(\(ids)) ORDER BY week
            """
        ) {
            let (offer, week, seats, taken, reserved, until, priorityTaken) = try row.decode(
                (Int64, Int, Int, Int, Int, Int64, Int).self
            )
            guard let week = ISOWeek(storage: week) else {
                throw StoreError.corrupt("offer_period of offer \(offer): week \(week) is not an ISO week")
            }
            periods[offer, default: []].append(
                .stored(
                    week: week,
                    seats: seats,
                    taken: taken,
                    reserved: reserved,
                    reservedUntil: until,
                    priorityTaken: priorityTaken
                )
            )
        }
        return try rows.map { try Self.offer(from: $0.makeRandomAccess(), periods: periods) }
    }

    /// An offer from a row of ``offerColumns``.
    private static func offer(from row: PostgresRandomAccessRow, periods: [Int64: [OfferPeriod]]) throws -> Offer {
        let id = try row[0].decode(Int64.self)
        func value<T: PostgresDecodable>(_ index: Int, _ type: T.Type = T.self) throws -> T {
            try row[index].decode(T.self)
        }
        func checked<T, Raw: PostgresDecodable>(_ index: Int, _ make: (Raw) -> T?) throws -> T {
            let raw = try row[index].decode(Raw.self)
            guard let made = make(raw) else {
                throw StoreError.corrupt("offer \(id): column \(index) holds \(raw), which is not valid")
            }
            return made
        }
        let offerPeriods = periods[id] ?? []
        let transitStop: String? = try value(15)
        let details = OfferDetails(
            trade: try checked(3, TradeCode.init),
            title: try value(5),
            description: try value(6),
            levels: Set(Level.set(fromMask: try value(7))),
            seats: Dictionary(uniqueKeysWithValues: offerPeriods.map { ($0.week, $0.seats) }),
            address: PostalAddress(street: try value(8), postalCode: try value(9), commune: try value(10)),
            location: try checked(11) { (latitude: Double) in
                GeoPoint(latitude: latitude, longitude: (try? row[12].decode(Double.self)) ?? .nan)
            },
            accessibility: Set(AccessFeature.set(fromMask: try value(13))),
            transitAccess: try value(14),
            transit: try transitStop.map { stop in
                TransitStop(
                    stop: stop,
                    lines: (try value(16, String.self)).split(separator: "|").map(String.init),
                    walkMinutes: try value(17, Int?.self) ?? 0
                )
            },
            lunchProvided: try value(18),
            lodgingProvided: try value(19),
            reservedForSchool: try value(20, String?.self).map { raw in
                guard let school = UAI(raw) else { throw StoreError.corrupt("offer \(id): school \(raw) is not a UAI") }
                return school
            }
        )
        return Offer(
            id: id,
            company: try checked(1, SIRET.init),
            companyName: try value(2),
            tradeLabel: try value(4),
            details: details,
            periods: offerPeriods,
            externalRef: try value(21),
            state: try checked(22, OfferState.init(rawValue:)),
            version: try value(23),
            updatedAt: try value(24),
            publishedAt: try value(25),
            priorityUntil: try value(26)
        )
    }
}
