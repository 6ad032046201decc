import GRDB

extension BasinStore {
    /// Creates an offer, or, when the company already has one with the same external reference, updates that one.
    ///
    /// - Returns: The offer, and whether it was created.
    /// - Throws: ``StoreError/failedPrecondition(_:)`` when the matching offer was withdrawn or would lose taken seats.
    public func createOffer(
        owner: OfferOwner,
        tradeLabel: String,
        details: OfferDetails,
        externalRef: String?,
        publish: Bool
    ) async throws -> (offer: Offer, created: Bool) {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            try Self.expireDue(db, now: now)
            if let externalRef,
                let existing = try Int64.fetchOne(
                    db,
                    sql: "SELECT id FROM offer WHERE companySiret = ? AND externalRef = ?",
                    arguments: [owner.siret.rawValue, externalRef]
                )
            {
                var offer = try Self.replaceDetails(
                    db,
                    offer: existing,
                    details: details,
                    tradeLabel: tradeLabel,
                    now: now
                )
                if publish, offer.state == .draft {
                    offer = try Self.setState(db, offer: existing, to: .published, now: now)
                }
                return (offer, false)
            }
            let id = try Self.insertOffer(
                db,
                OfferImport(
                    owner: owner,
                    tradeLabel: tradeLabel,
                    details: details,
                    externalRef: externalRef,
                    publish: publish
                ),
                rules: try Self.rules(db),
                now: now
            )
            return (try Self.requireOffer(db, id: id), true)
        }
    }

    /// Replaces an offer's details.
    ///
    /// - Parameters:
    ///   - expectedVersion: When set, the update applies only to this version (``StoreError/staleVersion(expected:actual:)``).
    ///   - check: Runs on the stored offer first; what it throws aborts the update.
    public func updateOffer(
        _ id: Int64,
        details: OfferDetails,
        tradeLabel: String,
        expectedVersion: Int64?,
        check: @escaping OfferCheck
    ) async throws -> Offer {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            try Self.expireDue(db, now: now)
            let offer = try Self.requireOffer(db, id: id)
            try check(offer)
            if let expectedVersion, expectedVersion != offer.version {
                throw StoreError.staleVersion(expected: expectedVersion, actual: offer.version)
            }
            return try Self.replaceDetails(db, offer: id, details: details, tradeLabel: tradeLabel, now: now)
        }
    }

    /// Publishes a draft; publishing a published offer changes nothing.
    public func publishOffer(_ id: Int64, check: @escaping OfferCheck) async throws -> Offer {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            let offer = try Self.requireOffer(db, id: id)
            try check(offer)
            guard try offer.needsPublishing() else { return offer }
            return try Self.setState(db, offer: id, to: .published, now: now)
        }
    }

    /// Withdraws an offer. Its pending requests and applications are declined and their seats freed (the applications
    /// with the reason ``DeclineReason/offerWithdrawn``, their pupils and schools told); confirmed placements stay.
    public func withdrawOffer(_ id: Int64, check: @escaping OfferCheck) async throws -> Offer {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            try Self.expireDue(db, now: now)
            let offer = try Self.requireOffer(db, id: id)
            try check(offer)
            guard offer.state != .withdrawn else { return offer }
            for reservation in try Self.fetchReservations(db, where: "offerId = \(id) AND state = 'pending'", now: now)
            {
                try db.execute(
                    sql: "UPDATE reservation SET state = 'declined', decidedAt = ? WHERE id = ?",
                    arguments: [now, reservation.id]
                )
                try Self.freeSeat(db, offer: id, week: reservation.week, priority: reservation.priority, now: now)
            }
            try Self.declinePendingApplications(db, offer: id, now: now)
            return try Self.setState(db, offer: id, to: .withdrawn, now: now)
        }
    }

    /// The offer with this id in this basin, or `nil`.
    public func offer(_ id: Int64) async throws -> Offer? {
        try await self.read { db in try Self.fetchOffer(db, id: id) }
    }
}

extension BasinStore {
    static func requireOffer(_ db: Database, id: Int64) throws -> Offer {
        guard let offer = try fetchOffer(db, id: id) else { throw StoreError.notFound("offre \(id)") }
        return offer
    }

    static func fetchOffer(_ db: Database, id: Int64) throws -> Offer? {
        // Read on every seat request and change: cached statements, prepared once per connection.
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM offer WHERE id = ?"), arguments: [id])
        else { return nil }
        return try offers(db, rows: [row]).first
    }

    /// Builds offers from `offer` rows, with their periods, in the rows' order.
    static func offers(_ db: Database, rows: [Row], distances: [Int64: Double] = [:]) throws -> [Offer] {
        guard !rows.isEmpty else { return [] }
        // Columns by position, found once: a lookup by name per field and row showed in the profiles.
        let c = try OfferColumns(rows[0])
        let ids = rows.map { $0[c.id] as Int64 }
        var periods: [Int64: [OfferPeriod]] = [:]
        let periodRows: [Row]
        if ids.count == 1 {
            periodRows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT offerId, week, seats, taken, reserved, reservedUntil, priorityTaken FROM offerPeriod
                        WHERE offerId = ? ORDER BY week
                        """
                ),
                arguments: [ids[0]]
            )
        } else {
            // The ids as one JSON argument: one cached statement for any number of offers (a statement per count of
            // placeholders was prepared again on every search page).
            periodRows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT offerId, week, seats, taken, reserved, reservedUntil, priorityTaken FROM offerPeriod
                        WHERE offerId IN (SELECT value FROM json_each(?)) ORDER BY week
                        """
                ),
                arguments: [jsonList(ids)]
            )
        }
        // By position: offerId, week, seats, taken, reserved, reservedUntil, priorityTaken.
        for row in periodRows {
            let stored = StoredRow(row, table: "offerPeriod", key: "offerId")
            let offer: Int64 = try stored.decode(at: 0)
            periods[offer, default: []].append(
                OfferPeriod(
                    week: try stored.decode(at: 1, as: ISOWeek.init(storage:)),
                    seats: try stored.decode(at: 2),
                    taken: try stored.decode(at: 3),
                    reserved: try stored.decode(at: 4),
                    reservedUntil: try stored.decode(at: 5),
                    priorityTaken: try stored.decode(at: 6)
                )
            )
        }
        return try rows.map { row in
            let stored = StoredRow(row, table: "offer", key: "id")
            let id: Int64 = try stored.decode(at: c.id)
            let offerPeriods = periods[id] ?? []
            let details = OfferDetails(
                trade: try stored.decode(at: c.tradeCode, as: TradeCode.init),
                title: try stored.decode(at: c.title),
                description: try stored.decode(at: c.description),
                levels: Set(Level.set(fromMask: try stored.decode(at: c.levels))),
                seats: Dictionary(uniqueKeysWithValues: offerPeriods.map { ($0.week, $0.seats) }),
                address: PostalAddress(
                    street: try stored.decode(at: c.street),
                    postalCode: try stored.decode(at: c.postalCode),
                    commune: try stored.decode(at: c.commune)
                ),
                location: try stored.decodeLocation(latitude: c.latitude, longitude: c.longitude),
                accessibility: Set(AccessFeature.set(fromMask: try stored.decode(at: c.accessibility))),
                transitAccess: try stored.decode(at: c.transitAccess),
                transit: try stored.decodeIfPresent(at: c.transitStop, as: { (stop: String) in stop }).map { stop in
                    TransitStop(
                        stop: stop,
                        lines: (try stored.decode(at: c.transitLines) as String).split(separator: "|").map(String.init),
                        walkMinutes: try stored.decode(at: c.walkMinutes)
                    )
                },
                lunchProvided: try stored.decode(at: c.lunchProvided),
                lodgingProvided: try stored.decode(at: c.lodgingProvided),
                reservedForSchool: try stored.decodeIfPresent(at: c.reservedForSchool, as: UAI.init)
            )
            return Offer(
                id: id,
                company: try stored.decode(at: c.companySiret, as: SIRET.init),
                companyName: try stored.decode(at: c.companyName),
                tradeLabel: try stored.decode(at: c.tradeLabel),
                details: details,
                periods: offerPeriods,
                externalRef: try stored.decode(at: c.externalRef),
                state: try stored.decode(at: c.state, as: OfferState.init(rawValue:)),
                version: try stored.decode(at: c.version),
                updatedAt: try stored.decode(at: c.updatedAt),
                publishedAt: try stored.decode(at: c.publishedAt, as: Int64?.self),
                priorityUntil: try stored.decode(at: c.priorityUntil, as: Int64?.self),
                distanceKm: distances[id]
            )
        }
    }

    static func insertOffer(_ db: Database, _ offer: OfferImport, rules: PlacementRules, now: Int64) throws -> Int64 {
        let details = offer.details
        let publishedAt: Int64? = offer.publish ? now : nil
        try db.execute(
            sql: """
                INSERT INTO offer (companySiret, companyName, tradeCode, tradeLabel, title, description, levels, street,
                  postalCode, commune, latitude, longitude, accessibility, transitAccess, reservedForSchool, externalRef,
                  state, version, createdAt, updatedAt, publishedAt, priorityUntil, transitStop, transitLines, walkMinutes,
                  lunchProvided, lodgingProvided)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                offer.owner.siret.rawValue, offer.owner.name, details.trade.rawValue, offer.tradeLabel, details.title,
                details.description, Level.mask(of: details.levels), details.address.street, details.address.postalCode,
                details.address.commune, details.location.latitude, details.location.longitude,
                AccessFeature.mask(of: details.accessibility),
                details.transitAccess, details.reservedForSchool?.rawValue, offer.externalRef,
                (offer.publish ? OfferState.published : .draft).rawValue, now, now, publishedAt,
                rules.priorityUntil(publishedAt: publishedAt), details.transit?.stop,
                details.transit?.lines.joined(separator: "|") ?? "", details.transit?.walkMinutes,
                details.lunchProvided,
                details.lodgingProvided,
            ]
        )
        let id = db.lastInsertedRowID
        for (week, seats) in details.seats {
            let held = rules.held(seats: seats, in: week)
            try db.execute(
                sql: """
                    INSERT INTO offerPeriod (offerId, week, seats, taken, reserved, reservedUntil)
                    VALUES (?, ?, ?, 0, ?, ?)
                    """,
                arguments: [id, week.storage, seats, held.reserved, held.until]
            )
        }
        try writeLocation(db, offer: id, details.location)
        try db.logChange(.offerCreated, offer: id, at: now)
        return id
    }

    static func replaceDetails(
        _ db: Database,
        offer id: Int64,
        details: OfferDetails,
        tradeLabel: String,
        now: Int64
    ) throws -> Offer {
        let current = try requireOffer(db, id: id)
        try current.checkReplacement(by: details)
        for period in current.periods where details.seats[period.week] == nil {
            try db.execute(
                sql: "DELETE FROM offerPeriod WHERE offerId = ? AND week = ?",
                arguments: [id, period.week.storage]
            )
        }
        let rules = try rules(db)
        for (week, seats) in details.seats {
            let held = rules.held(seats: seats, in: week)
            try db.execute(
                sql: """
                    INSERT INTO offerPeriod (offerId, week, seats, taken, reserved, reservedUntil) VALUES (?, ?, ?, 0, ?, ?)
                    ON CONFLICT(offerId, week) DO UPDATE SET seats = excluded.seats, reserved = excluded.reserved,
                      reservedUntil = excluded.reservedUntil
                    """,
                arguments: [id, week.storage, seats, held.reserved, held.until]
            )
        }
        try db.execute(
            sql: """
                UPDATE offer SET tradeCode = ?, tradeLabel = ?, title = ?, description = ?, levels = ?, street = ?,
                  postalCode = ?, commune = ?, latitude = ?, longitude = ?, accessibility = ?, transitAccess = ?,
                  reservedForSchool = ?, transitStop = ?, transitLines = ?, walkMinutes = ?, lunchProvided = ?,
                  lodgingProvided = ?, version = version + 1, updatedAt = ?
                WHERE id = ?
                """,
            arguments: [
                details.trade.rawValue, tradeLabel, details.title, details.description, Level.mask(of: details.levels),
                details.address.street, details.address.postalCode, details.address.commune, details.location.latitude,
                details.location.longitude, AccessFeature.mask(of: details.accessibility), details.transitAccess,
                details.reservedForSchool?.rawValue, details.transit?.stop,
                details.transit?.lines.joined(separator: "|") ?? "", details.transit?.walkMinutes,
                details.lunchProvided,
                details.lodgingProvided, now, id,
            ]
        )
        try writeLocation(db, offer: id, details.location)
        return try db.logChange(.offerUpdated, offer: id, before: current, at: now)
    }

    static func setState(_ db: Database, offer id: Int64, to state: OfferState, now: Int64) throws -> Offer {
        let before = try requireOffer(db, id: id)
        // The window counts from the first publication only.
        let firstPublication = state == .published && before.publishedAt == nil
        try db.execute(
            sql: """
                UPDATE offer SET state = ?, version = version + 1, updatedAt = ?,
                  publishedAt = CASE WHEN ? THEN ? ELSE publishedAt END,
                  priorityUntil = CASE WHEN ? THEN ? ELSE priorityUntil END
                WHERE id = ?
                """,
            arguments: [
                state.rawValue, now, firstPublication, now, firstPublication,
                try rules(db).priorityUntil(publishedAt: now), id,
            ]
        )
        return try db.logChange(
            state == .withdrawn ? .offerWithdrawn : .offerPublished,
            offer: id,
            before: before,
            at: now
        )
    }

    static func writeLocation(_ db: Database, offer id: Int64, _ location: GeoPoint) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO offerLocation (id, minLat, maxLat, minLon, maxLon) VALUES (?, ?, ?, ?, ?)",
            arguments: [id, location.latitude, location.latitude, location.longitude, location.longitude]
        )
    }
}

/// One offer of a bulk import.
public struct OfferImport: Sendable {
    public var owner: OfferOwner
    public var tradeLabel: String
    public var details: OfferDetails
    public var externalRef: String?
    public var publish: Bool

    public init(owner: OfferOwner, tradeLabel: String, details: OfferDetails, externalRef: String?, publish: Bool) {
        self.owner = owner
        self.tradeLabel = tradeLabel
        self.details = details
        self.externalRef = externalRef
        self.publish = publish
    }
}

extension BasinStore {
    /// Creates many offers in one transaction (demo data, partner imports, benchmarks): all or none.
    ///
    /// - Returns: The new offers' ids, in order.
    public func importOffers(_ offers: [OfferImport]) async throws -> [Int64] {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            let rules = try Self.rules(db)
            var ids: [Int64] = []
            ids.reserveCapacity(offers.count)
            for offer in offers {
                ids.append(try Self.insertOffer(db, offer, rules: rules, now: now))
            }
            return ids
        }
    }
}

/// Where each column of an `offer` row is, in the rows of one query.
struct OfferColumns {
    let accessibility: Int
    let commune: Int
    let companyName: Int
    let companySiret: Int
    let description: Int
    let externalRef: Int
    let id: Int
    let latitude: Int
    let levels: Int
    let longitude: Int
    let postalCode: Int
    let reservedForSchool: Int
    let state: Int
    let street: Int
    let title: Int
    let tradeCode: Int
    let tradeLabel: Int
    let transitAccess: Int
    let updatedAt: Int
    let version: Int
    let publishedAt: Int
    let priorityUntil: Int
    let transitStop: Int
    let transitLines: Int
    let walkMinutes: Int
    let lunchProvided: Int
    let lodgingProvided: Int

    init(_ row: Row) throws {
        var positions: [String: Int] = [:]
        for (index, name) in row.columnNames.enumerated() where positions[name] == nil { positions[name] = index }
        func position(_ name: String) throws -> Int {
            guard let index = positions[name] else { throw StoreError.corrupt("offer rows have no column \(name)") }
            return index
        }
        self.accessibility = try position("accessibility")
        self.commune = try position("commune")
        self.companyName = try position("companyName")
        self.companySiret = try position("companySiret")
        self.description = try position("description")
        self.externalRef = try position("externalRef")
        self.id = try position("id")
        self.latitude = try position("latitude")
        self.levels = try position("levels")
        self.longitude = try position("longitude")
        self.postalCode = try position("postalCode")
        self.reservedForSchool = try position("reservedForSchool")
        self.state = try position("state")
        self.street = try position("street")
        self.title = try position("title")
        self.tradeCode = try position("tradeCode")
        self.tradeLabel = try position("tradeLabel")
        self.transitAccess = try position("transitAccess")
        self.updatedAt = try position("updatedAt")
        self.version = try position("version")
        self.publishedAt = try position("publishedAt")
        self.priorityUntil = try position("priorityUntil")
        self.transitStop = try position("transitStop")
        self.transitLines = try position("transitLines")
        self.walkMinutes = try position("walkMinutes")
        self.lunchProvided = try position("lunchProvided")
        self.lodgingProvided = try position("lodgingProvided")
    }
}
