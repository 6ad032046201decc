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
        let details = offer.details
        let rules = self.rules
        let publishedAt: Int64? = offer.publish ? now : nil
        let state = (offer.publish ? OfferState.published : .draft).rawValue
        let rows = try await self.rows(
            """
            INSERT INTO \(unescaped: self.tables.offer) (company_siret, company_name, trade_code, trade_label, title,
              description, levels, street, postal_code, commune, latitude, longitude, accessibility, transit_access,
              transit_stop, transit_lines, walk_minutes, lunch_provided, lodging_provided, reserved_for_school,
              external_ref, state, version, created_at, updated_at, published_at, priority_until)
            VALUES (\(offer.owner.siret.rawValue), \(offer.owner.name), \(details.trade.rawValue), \(offer.tradeLabel),
              \(details.title), \(details.description), \(Level.mask(of: details.levels)), \(details.address.street),
              \(details.address.postalCode), \(details.address.commune), \(details.location.latitude),
              \(details.location.longitude), \(AccessFeature.mask(of: details.accessibility)), \(details.transitAccess),
              \(details.transit?.stop), \(details.transit?.lines.joined(separator: "|") ?? ""),
              \(details.transit?.walkMinutes), \(details.lunchProvided), \(details.lodgingProvided),
              \(details.reservedForSchool?.rawValue), \(offer.externalRef), \(state), 1, \(now), \(now), \(publishedAt),
              \(rules.priorityUntil(publishedAt: publishedAt)))
            RETURNING id
            """
        )
        guard let id = try rows.first?.decode(Int64.self) else { throw StoreError.corrupt("an offer got no id") }
        try await self.upsertPeriods(of: id, details.seats, rules: rules)
        try await self.logChange(.offerCreated, offer: id, at: now)
        return id
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
              lodging_provided = \(details.lodgingProvided), version = version + 1, updated_at = \(now)
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
