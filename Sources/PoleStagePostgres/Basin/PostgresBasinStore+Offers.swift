import Foundation
package import PoleStageStore
import PostgresNIO

extension PostgresBasinStore: OfferStorage {
    package func createOffer(
        owner: OfferOwner,
        tradeLabel: String,
        details: OfferDetails,
        externalRef: String?,
        publish: Bool
    ) async throws -> (offer: Offer, created: Bool) {
        let now = self.nowMilliseconds
        return try await self.write { t in
            try await t.expireDueReservations(now: now)
            if let externalRef,
                let existing = try await t.rows(
                    """
                    SELECT id FROM \(unescaped: t.tables.offer)
                    WHERE company_siret = \(owner.siret.rawValue) AND external_ref = \(externalRef)
                    """
                ).first
            {
                let id = try existing.decode(Int64.self)
                var offer = try await t.replaceDetails(of: id, with: details, tradeLabel: tradeLabel, now: now)
                if publish, offer.state == .draft {
                    offer = try await t.setState(of: id, to: .published, now: now)
                }
                return (offer, false)
            }
            let import_ = OfferImport(
                owner: owner,
                tradeLabel: tradeLabel,
                details: details,
                externalRef: externalRef,
                publish: publish
            )
            let id = try await t.insertOffer(import_, now: now)
            return (try await t.requireOffer(id), true)
        }
    }

    package func updateOffer(
        _ id: Int64,
        details: OfferDetails,
        tradeLabel: String,
        expectedVersion: Int64?,
        check: @escaping OfferCheck
    ) async throws -> Offer {
        let now = self.nowMilliseconds
        return try await self.write { t in
            try await t.expireDueReservations(now: now)
            let offer = try await t.requireOffer(id)
            try check(offer)
            if let expectedVersion, expectedVersion != offer.version {
                throw StoreError.staleVersion(expected: expectedVersion, actual: offer.version)
            }
            return try await t.replaceDetails(of: id, with: details, tradeLabel: tradeLabel, now: now)
        }
    }

    package func publishOffer(_ id: Int64, check: @escaping OfferCheck) async throws -> Offer {
        let now = self.nowMilliseconds
        return try await self.write { t in
            let offer = try await t.requireOffer(id)
            try check(offer)
            guard try offer.needsPublishing() else { return offer }
            return try await t.setState(of: id, to: .published, now: now)
        }
    }

    package func withdrawOffer(_ id: Int64, check: @escaping OfferCheck) async throws -> Offer {
        let now = self.nowMilliseconds
        return try await self.write { t in
            try await t.expireDueReservations(now: now)
            let offer = try await t.requireOffer(id)
            try check(offer)
            guard offer.state != .withdrawn else { return offer }
            // Newest first, as the SQLite store frees them: the change log lists them in the same order.
            let pending = try await t.rows(
                """
                SELECT id, week, priority FROM \(unescaped: t.tables.reservation)
                WHERE offer_id = \(id) AND state = 'pending' ORDER BY id DESC
                """
            ).map { try $0.decode((Int64, Int, Bool).self) }
            try await t.execute(
                """
                UPDATE \(unescaped: t.tables.reservation) SET state = 'declined', decided_at = \(now)
                WHERE id = ANY(\(pending.map(\.0)))
                """
            )
            for (_, week, priority) in pending {
                if let week = ISOWeek(storage: week) {
                    try await t.freeSeat(offer: id, week: week, priority: priority, now: now)
                }
            }
            try await t.declinePendingApplications(of: id, now: now)
            return try await t.setState(of: id, to: .withdrawn, now: now)
        }
    }

    package func offer(_ id: Int64) async throws -> Offer? {
        try await self.read { reader in try await reader.fetchOffer(id) }
    }

    package func importOffers(_ offers: [OfferImport]) async throws -> [Int64] {
        let now = self.nowMilliseconds
        return try await self.write { t in
            var ids: [Int64] = []
            ids.reserveCapacity(offers.count)
            for offer in offers { ids.append(try await t.insertOffer(offer, now: now)) }
            return ids
        }
    }
}

extension BasinTransaction {
    func insertOffer(_ offer: OfferImport, now: Int64) async throws -> Int64 {
        try await self.insertOffers([offer], now: now)[0]
    }

    /// Inserts offers with their periods and logs their creation, in a few statements whatever their number: their
    /// rows go as one JSON document, their periods and log entries as arrays.
    ///
    /// - Returns: Their ids, in order.
    func insertOffers(_ offers: [OfferImport], now: Int64) async throws -> [Int64] {
        guard !offers.isEmpty else { return [] }
        let rules = self.rules
        let ids = try await self.rows(
            """
            SELECT nextval(pg_get_serial_sequence(\(self.tables.offer), 'id')) FROM generate_series(1, \(offers.count))
            """
        ).map { try $0.decode(Int64.self) }.sorted()
        let rows = zip(ids, offers).map { id, offer in NewOfferRow(id: id, offer, rules: rules, now: now) }
        let document = String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
        try await self.execute(
            """
            INSERT INTO \(unescaped: self.tables.offer) (id, company_siret, company_name, trade_code, trade_label, title,
              description, levels, street, postal_code, commune, latitude, longitude, accessibility, transit_access,
              transit_stop, transit_lines, walk_minutes, lunch_provided, lodging_provided, reserved_for_school,
              external_ref, state, version, created_at, updated_at, published_at, priority_until, search_words)
            SELECT id, company_siret, company_name, trade_code, trade_label, title, description, levels, street,
              postal_code, commune, latitude, longitude, accessibility, transit_access, transit_stop, transit_lines,
              walk_minutes, lunch_provided, lodging_provided, reserved_for_school, external_ref, state, 1, \(now),
              \(now), published_at, priority_until, array_to_tsvector(search_words)
            FROM jsonb_to_recordset(\(document)::jsonb) AS r (id bigint, company_siret text, company_name text,
              trade_code text, trade_label text, title text, description text, levels bigint, street text,
              postal_code text, commune text, latitude double precision, longitude double precision,
              accessibility bigint, transit_access text, transit_stop text, transit_lines text, walk_minutes integer,
              lunch_provided boolean, lodging_provided boolean, reserved_for_school text, external_ref text,
              state text, published_at bigint, priority_until bigint, search_words text[])
            ORDER BY id
            """
        )
        var periods: (offers: [Int64], weeks: [Int], seats: [Int], reserved: [Int], until: [Int64]) = (
            [], [], [], [], []
        )
        for (id, offer) in zip(ids, offers) {
            for (week, seats) in offer.details.seats.sorted(by: { $0.key < $1.key }) {
                let held = rules.held(seats: seats, in: week)
                periods.offers.append(id)
                periods.weeks.append(week.storage)
                periods.seats.append(seats)
                periods.reserved.append(held.reserved)
                periods.until.append(held.until)
            }
        }
        if !periods.offers.isEmpty {
            try await self.execute(
                """
                INSERT INTO \(unescaped: self.tables.offerPeriod) (offer_id, week, seats, taken, reserved, reserved_until)
                SELECT offer_id, week, seats, 0, reserved, reserved_until
                FROM unnest(\(periods.offers), \(periods.weeks), \(periods.seats), \(periods.reserved), \(periods.until))
                  AS p (offer_id, week, seats, reserved, reserved_until)
                """
            )
        }
        // The offers as stored, for the change log.
        let stored = try await self.offers(
            """
            SELECT \(unescaped: Self.offerColumns) FROM \(unescaped: self.tables.offer) WHERE id = ANY(\(ids))
            ORDER BY id
            """
        )
        try await self.logCreations(stored, at: now)
        return ids
    }

    /// Writes each week's seats and held share, keeping the seats already taken.
    private func upsertPeriods(of id: Int64, _ seats: [ISOWeek: Int], rules: PlacementRules) async throws {
        guard !seats.isEmpty else { return }
        let weeks = seats.keys.sorted()
        let held = weeks.map { rules.held(seats: seats[$0]!, in: $0) }
        try await self.execute(
            """
            INSERT INTO \(unescaped: self.tables.offerPeriod) (offer_id, week, seats, taken, reserved, reserved_until)
            SELECT \(id), week, seats, 0, reserved, reserved_until
            FROM unnest(\(weeks.map(\.storage)), \(weeks.map { seats[$0]! }), \(held.map(\.reserved)),
              \(held.map(\.until))) AS p (week, seats, reserved, reserved_until)
            ON CONFLICT (offer_id, week) DO UPDATE SET seats = excluded.seats, reserved = excluded.reserved,
              reserved_until = excluded.reserved_until
            """
        )
    }

    func replaceDetails(of id: Int64, with details: OfferDetails, tradeLabel: String, now: Int64) async throws -> Offer
    {
        let current = try await self.requireOffer(id)
        try current.checkReplacement(by: details)
        let kept = details.seats.keys.map(\.storage)
        try await self.execute(
            """
            DELETE FROM \(unescaped: self.tables.offerPeriod) WHERE offer_id = \(id) AND NOT (week = ANY(\(kept)))
            """
        )
        try await self.upsertPeriods(of: id, details.seats, rules: self.rules)
        try await self.execute(
            """
            UPDATE \(unescaped: self.tables.offer) SET trade_code = \(details.trade.rawValue), trade_label = \(tradeLabel),
              title = \(details.title), description = \(details.description),
              levels = \(Level.mask(of: details.levels)), street = \(details.address.street),
              postal_code = \(details.address.postalCode), commune = \(details.address.commune),
              latitude = \(details.location.latitude), longitude = \(details.location.longitude),
              accessibility = \(AccessFeature.mask(of: details.accessibility)),
              transit_access = \(details.transitAccess), reserved_for_school = \(details.reservedForSchool?.rawValue),
              transit_stop = \(details.transit?.stop),
              transit_lines = \(details.transit?.lines.joined(separator: "|") ?? ""),
              walk_minutes = \(details.transit?.walkMinutes), lunch_provided = \(details.lunchProvided),
              lodging_provided = \(details.lodgingProvided), version = version + 1, updated_at = \(now),
              search_words = array_to_tsvector(\(OfferSearchWords.words(of: details, tradeLabel: tradeLabel, companyName: current.companyName)))
            WHERE id = \(id)
            """
        )
        return try await self.logChange(.offerUpdated, offer: id, before: current, at: now)
    }

    func setState(of id: Int64, to state: OfferState, now: Int64) async throws -> Offer {
        let before = try await self.requireOffer(id)
        // The window counts from the first publication only.
        let first = state == .published && before.publishedAt == nil
        let priorityUntil = self.rules.priorityUntil(publishedAt: now)
        try await self.execute(
            """
            UPDATE \(unescaped: self.tables.offer) SET state = \(state.rawValue), version = version + 1,
              updated_at = \(now),
              published_at = CASE WHEN \(first) THEN \(now) ELSE published_at END,
              priority_until = CASE WHEN \(first) THEN \(priorityUntil) ELSE priority_until END
            WHERE id = \(id)
            """
        )
        return try await self.logChange(
            state == .withdrawn ? .offerWithdrawn : .offerPublished,
            offer: id,
            before: before,
            at: now
        )
    }
}

/// An offer's row as ``BasinTransaction/insertOffers(_:now:)`` sends it, in JSON (nulls included).
private struct NewOfferRow: Encodable {
    let id: Int64
    let companySiret: String
    let companyName: String
    let tradeCode: String
    let tradeLabel: String
    let title: String
    let description: String
    let levels: Int64
    let street: String
    let postalCode: String
    let commune: String
    let latitude: Double
    let longitude: Double
    let accessibility: Int64
    let transitAccess: String
    let transitStop: String?
    let transitLines: String
    let walkMinutes: Int?
    let lunchProvided: Bool
    let lodgingProvided: Bool
    let reservedForSchool: String?
    let externalRef: String?
    let state: String
    let publishedAt: Int64?
    let priorityUntil: Int64?
    let searchWords: [String]

    init(id: Int64, _ offer: OfferImport, rules: PlacementRules, now: Int64) {
        let details = offer.details
        let publishedAt: Int64? = offer.publish ? now : nil
        self.id = id
        self.companySiret = offer.owner.siret.rawValue
        self.companyName = offer.owner.name
        self.tradeCode = details.trade.rawValue
        self.tradeLabel = offer.tradeLabel
        self.title = details.title
        self.description = details.description
        self.levels = Level.mask(of: details.levels)
        self.street = details.address.street
        self.postalCode = details.address.postalCode
        self.commune = details.address.commune
        self.latitude = details.location.latitude
        self.longitude = details.location.longitude
        self.accessibility = AccessFeature.mask(of: details.accessibility)
        self.transitAccess = details.transitAccess
        self.transitStop = details.transit?.stop
        self.transitLines = details.transit?.lines.joined(separator: "|") ?? ""
        self.walkMinutes = details.transit?.walkMinutes
        self.lunchProvided = details.lunchProvided
        self.lodgingProvided = details.lodgingProvided
        self.reservedForSchool = details.reservedForSchool?.rawValue
        self.externalRef = offer.externalRef
        self.state = (offer.publish ? OfferState.published : .draft).rawValue
        self.publishedAt = publishedAt
        self.priorityUntil = rules.priorityUntil(publishedAt: publishedAt)
        self.searchWords = OfferSearchWords.words(
            of: details,
            tradeLabel: offer.tradeLabel,
            companyName: offer.owner.name
        )
    }

    enum CodingKeys: String, CodingKey {
        case id
        case companySiret = "company_siret"
        case companyName = "company_name"
        case tradeCode = "trade_code"
        case tradeLabel = "trade_label"
        case title, description, levels, street
        case postalCode = "postal_code"
        case commune, latitude, longitude, accessibility
        case transitAccess = "transit_access"
        case transitStop = "transit_stop"
        case transitLines = "transit_lines"
        case walkMinutes = "walk_minutes"
        case lunchProvided = "lunch_provided"
        case lodgingProvided = "lodging_provided"
        case reservedForSchool = "reserved_for_school"
        case externalRef = "external_ref"
        case state
        case publishedAt = "published_at"
        case priorityUntil = "priority_until"
        case searchWords = "search_words"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.companySiret, forKey: .companySiret)
        try container.encode(self.companyName, forKey: .companyName)
        try container.encode(self.tradeCode, forKey: .tradeCode)
        try container.encode(self.tradeLabel, forKey: .tradeLabel)
        try container.encode(self.title, forKey: .title)
        try container.encode(self.description, forKey: .description)
        try container.encode(self.levels, forKey: .levels)
        try container.encode(self.street, forKey: .street)
        try container.encode(self.postalCode, forKey: .postalCode)
        try container.encode(self.commune, forKey: .commune)
        try container.encode(self.latitude, forKey: .latitude)
        try container.encode(self.longitude, forKey: .longitude)
        try container.encode(self.accessibility, forKey: .accessibility)
        try container.encode(self.transitAccess, forKey: .transitAccess)
        try container.encode(self.transitStop, forKey: .transitStop)
        try container.encode(self.transitLines, forKey: .transitLines)
        try container.encode(self.walkMinutes, forKey: .walkMinutes)
        try container.encode(self.lunchProvided, forKey: .lunchProvided)
        try container.encode(self.lodgingProvided, forKey: .lodgingProvided)
        try container.encode(self.reservedForSchool, forKey: .reservedForSchool)
        try container.encode(self.externalRef, forKey: .externalRef)
        try container.encode(self.state, forKey: .state)
        try container.encode(self.publishedAt, forKey: .publishedAt)
        try container.encode(self.priorityUntil, forKey: .priorityUntil)
        try container.encode(self.searchWords, forKey: .searchWords)
    }
}
