package import PoleStageStore
import PostgresNIO

extension PostgresBasinStore: ApplicationStorage {
    package func apply(_ request: ApplicationRequest, check: @escaping ApplicationCheck) async throws -> Application {
        let now = self.nowMilliseconds
        let currentWeek = self.currentWeek
        let year = self.schoolYear
        return try await self.write { t in
            try await t.expireDueApplications(now: now)
            let pupil = try await t.requirePupil(request.pupil)
            let offer = try await t.requireOffer(request.offer)
            try check(pupil, offer)
            let declared = try await t.rows(
                """
                SELECT 1 FROM \(unescaped: t.tables.schoolPeriod)
                WHERE school_uai = \(pupil.school.rawValue) AND level = \(pupil.details.level.rawValue)
                  AND from_week = \(request.from.storage) AND to_week = \(request.to.storage)
                """
            )
            let admitted = try request.admit(
                pupil: pupil,
                offer: offer,
                declared: !declared.isEmpty,
                live: try await t.applications(.liveOfPupil(pupil.id), now: now),
                rules: t.rules,
                year: year,
                currentWeek: currentWeek,
                now: now
            )
            try await t.takeSeats(of: offer, weeks: admitted.weeks, priority: admitted.priority, now: now)
            if let house = request.boardingHouse { try await t.takeBoardingPlaces(house, weeks: admitted.weeks) }
            let inserted = try await t.rows(
                """
                INSERT INTO \(unescaped: t.tables.application) (pupil_id, school_uai, school_year, offer_id, level,
                  from_week, to_week, motivation, made_by, state, created_at, expires_at, priority, boarding_house_id)
                VALUES (\(pupil.id), \(pupil.school.rawValue), \(pupil.schoolYear.startYear), \(offer.id),
                  \(pupil.details.level.rawValue), \(request.from.storage), \(request.to.storage), \(request.motivation),
                  \(request.madeBy.rawValue), 'pending', \(now), \(admitted.expiresAt), \(admitted.priority),
                  \(request.boardingHouse))
                RETURNING id
                """
            )
            guard let id = try inserted.first?.decode(Int64.self) else {
                throw StoreError.corrupt("an application got no id")
            }
            let application = try await t.requireApplication(id, now: now)
            try await t.deliver(
                to: [.company(offer.company)],
                .applicationReceived,
                application,
                PlacementTexts.received(application),
                at: now
            )
            // The school follows its pupils: its roster changes with each application, whoever made it.
            try await t.deliver(
                to: [.school(pupil.school)],
                .applicationSent,
                application,
                PlacementTexts.sent(application),
                at: now
            )
            for days in Application.reminderDays {
                try await t.execute(
                    """
                    INSERT INTO \(unescaped: t.tables.reminder) (application_id, days, due_at)
                    VALUES (\(id), \(days), \(now + Int64(days) * 86_400_000))
                    """
                )
            }
            return application
        }
    }

    package func decide(application id: Int64, _ decision: ApplicationDecision, check: @escaping DecisionCheck)
        async throws -> Application
    {
        let now = self.nowMilliseconds
        let year = self.schoolYear
        return try await self.write { t in
            try await t.expireDueApplications(now: now)
            let application = try await t.requireApplication(id, now: now)
            let offer = try await t.requireOffer(application.offer)
            try check(application, offer)
            try application.checkDecision(decision, year: year)
            switch decision {
            case .accept:
                try await t.setState(of: id, .accepted, now: now)
                try await t.deliver(
                    to: [.pupil(application.pupil), .school(application.school)],
                    .applicationAccepted,
                    application,
                    PlacementTexts.accepted(application),
                    at: now
                )
                let others = try await t.applications(
                    .pendingOverlapping(
                        pupil: application.pupil,
                        except: id,
                        from: application.from,
                        to: application.to
                    ),
                    now: now
                )
                for other in others {
                    try await t.setState(of: other.id, .withdrawn, now: now)
                    try await t.freeSeats(of: other, now: now)
                    try await t.deliver(
                        to: [.company(try await t.requireOffer(other.offer).company)],
                        .applicationWithdrawn,
                        other,
                        PlacementTexts.withdrawnByPlacement(other),
                        at: now
                    )
                }
            case .decline(let reason, let note):
                try await t.setState(of: id, .declined, now: now, reason: reason, note: note)
                try await t.freeSeats(of: application, now: now)
                try await t.deliver(
                    to: [.pupil(application.pupil), .school(application.school)],
                    .applicationDeclined,
                    application,
                    PlacementTexts.declined(application, reason),
                    at: now
                )
            case .withdraw:
                try await t.setState(of: id, .withdrawn, now: now)
                try await t.freeSeats(of: application, now: now)
                try await t.deliver(
                    to: [.company(offer.company), .pupil(application.pupil), .school(application.school)],
                    .applicationWithdrawn,
                    application,
                    PlacementTexts.withdrawn(application),
                    at: now
                )
            }
            return try await t.requireApplication(id, now: now)
        }
    }

    package func application(_ id: Int64) async throws -> Application? {
        let now = self.nowMilliseconds
        return try await self.read { r in try await r.applications(.id(id), now: now).first }
    }

    package func applications(_ scope: ApplicationScope, liveOnly: Bool) async throws -> [Application] {
        let now = self.nowMilliseconds
        let selection: ApplicationSelection =
            switch scope {
            case .offer(let offer): .offer(offer)
            case .pupil(let pupil): .pupil(pupil)
            case .school(let school, let year): .school(school, year)
            case .company(let company): .company(company)
            }
        let found = try await self.read { r in try await r.applications(selection, now: now) }
        return liveOnly ? found.filter(\.state.isLive) : found
    }

    @discardableResult
    package func expireDueApplications() async throws -> Int {
        let now = self.nowMilliseconds
        return try await self.write(allowArchived: true) { t in try await t.expireDueApplications(now: now) }
    }

    package func placementRules() async throws -> PlacementRules {
        try await self.read { r in
            var meta: [String: Int64] = [:]
            for row in try await r.rows("SELECT key, value FROM \(unescaped: r.tables.meta)") {
                let (key, value) = try row.decode((String, Int64).self)
                meta[key] = value
            }
            return PlacementRules(stored: { meta[$0] })
        }
    }

    package func setPlacementRules(_ rules: PlacementRules) async throws -> PlacementRules {
        let now = self.nowMilliseconds
        return try await self.write { t in
            let current = t.rules
            try await t.setMeta("maxPendingApplications", Int64(rules.maxPendingApplications))
            try await t.setMeta("pendingDays", Int64(rules.pendingDays))
            try await t.setMeta("priorityGroups", PriorityGroup.mask(of: rules.priorityGroups))
            try await t.setMeta("priorityWindowDays", Int64(rules.priorityWindowDays))
            try await t.setMeta("reservedSharePercent", Int64(rules.reservedSharePercent))
            try await t.setMeta("reservedReleaseDays", Int64(rules.reservedReleaseDays))
            var priorityAccess = (rules, current)
            priorityAccess.0.maxPendingApplications = current.maxPendingApplications
            priorityAccess.0.pendingDays = current.pendingDays
            guard priorityAccess.0 != priorityAccess.1 else { return t.rules }
            // The offers as they were, for the change log's "before".
            let before = try await t.offers(
                """
                SELECT \(unescaped: BasinTransaction.offerColumns) FROM \(unescaped: t.tables.offer)
                WHERE state != 'withdrawn'
                """
            )
            let byID = Dictionary(uniqueKeysWithValues: before.map { ($0.id, $0) })
            for id in try await t.applyPriorityRules(t.rules).sorted() {
                try await t.logChange(.offerUpdated, offer: id, before: byID[id], at: now)
            }
            return t.rules
        }
    }

    package func followUp(year: SchoolYear) async throws -> (levels: [LevelFollowUp], unasked: [UnaskedOffer]) {
        let now = self.nowMilliseconds
        let currentWeek = self.currentWeek
        return try await self.read { r in
            let levels = LevelFollowUp.levels(try await r.placementCounts(year: year, now: now))
            let t = r.tables
            let rows = try await r.rows(
                """
                SELECT o.id, o.title, o.company_name, p.week
                FROM \(unescaped: t.offerPeriod) p JOIN \(unescaped: t.offer) o ON o.id = p.offer_id
                WHERE o.state = 'published' AND p.week >= \(currentWeek.storage) AND p.seats > 0 AND NOT EXISTS (
                  SELECT 1 FROM \(unescaped: t.application) a
                  WHERE a.offer_id = o.id AND a.from_week <= p.week AND a.to_week >= p.week
                    AND (a.state = 'accepted' OR (a.state = 'pending' AND a.expires_at > \(now))))
                ORDER BY o.id, p.week
                """
            ).map { row in
                let (id, title, company, week) = try row.decode((Int64, String, String, Int).self)
                guard let week = ISOWeek(storage: week) else {
                    throw StoreError.corrupt("offer_period of offer \(id): week \(week) is not an ISO week")
                }
                return (offer: id, title: title, companyName: company, week: week)
            }
            return (levels, UnaskedOffer.grouped(rows))
        }
    }
}

extension BasinTransaction {
    /// Writes one message per recipient about an application.
    func deliver(
        to recipients: [InboxRecipient],
        _ kind: InboxKind,
        _ application: Application,
        _ text: String,
        at: Int64
    ) async throws {
        try await self.deliver(
            to: recipients,
            kind,
            application: application.id,
            offer: application.offer,
            text: text,
            at: at
        )
    }

    /// Takes one seat in each week, logging each; the first full week throws and the transaction rolls back the weeks
    /// taken before it.
    func takeSeats(of offer: Offer, weeks: [ISOWeek], priority: Bool, now: Int64) async throws {
        try offer.checkSeats(weeks: weeks, priority: priority, rules: self.rules, now: now)
        var current = offer
        for week in weeks {
            guard try await self.takeSeat(offer: offer.id, week: week, priority: priority) else {
                throw offer.fullWeek(week)
            }
            current = current.withTaken(1, in: week, priority: priority)
            try await self.logChange(.seatsTaken, offer: offer.id, week: week, after: current, at: now)
        }
    }

    /// Frees the seats an application held, giving a priority pupil's back to the held share, and its boarding places.
    func freeSeats(of application: Application, now: Int64) async throws {
        for week in application.weeks {
            try await self.freeSeat(offer: application.offer, week: week, priority: application.priority, now: now)
        }
        guard let house = application.boardingHouse else { return }
        try await self.execute(
            """
            UPDATE \(unescaped: self.tables.boardingWeek) SET taken = taken - 1
            WHERE house_id = \(house) AND week = ANY(\(application.weeks.map(\.storage))) AND taken > 0
            """
        )
    }

    func setState(
        of id: Int64,
        _ state: ApplicationState,
        now: Int64,
        reason: DeclineReason? = nil,
        note: String? = nil
    ) async throws {
        try await self.execute(
            """
            UPDATE \(unescaped: self.tables.application) SET state = \(state.rawValue), decided_at = \(now),
              decline_reason = \(reason?.rawValue), decline_note = \(note)
            WHERE id = \(id)
            """
        )
        if state != .pending {
            try await self.execute("DELETE FROM \(unescaped: self.tables.reminder) WHERE application_id = \(id)")
        }
    }

    /// Declines the offer's pending applications (it is withdrawn), frees their seats and tells their pupils and
    /// schools.
    func declinePendingApplications(of offer: Int64, now: Int64) async throws {
        try await self.expireDueApplications(now: now)
        for application in try await self.applications(.pendingOfOffer(offer), now: now) {
            try await self.setState(of: application.id, .declined, now: now, reason: .offerWithdrawn)
            try await self.freeSeats(of: application, now: now)
            try await self.deliver(
                to: [.pupil(application.pupil), .school(application.school)],
                .applicationDeclined,
                application,
                PlacementTexts.declined(application, .offerWithdrawn),
                at: now
            )
        }
    }

    @discardableResult
    func expireDueApplications(now: Int64) async throws -> Int {
        // Read as stored (no clock): a due application reads as pending, not yet as expired.
        let due = try await self.applications(.due(now), now: Int64.min)
        for application in due.reversed() {
            try await self.setState(of: application.id, .expired, now: now)
            try await self.freeSeats(of: application, now: now)
            try await self.deliver(
                to: [
                    .company(try await self.requireOffer(application.offer).company), .pupil(application.pupil),
                    .school(application.school),
                ],
                .applicationExpired,
                application,
                PlacementTexts.expired(application),
                at: now
            )
        }
        return due.count
    }

    /// Brings every offer that is not withdrawn to `rules`: the end of its priority window, and each week's held
    /// seats and their release.
    ///
    /// - Returns: The ids of the offers it changed.
    func applyPriorityRules(_ rules: PlacementRules) async throws -> Set<Int64> {
        var changed: Set<Int64> = []
        let t = self.tables
        for row in try await self.rows(
            "SELECT id, published_at, priority_until FROM \(unescaped: t.offer) WHERE state != 'withdrawn'"
        ) {
            let (id, publishedAt, priorityUntil) = try row.decode((Int64, Int64?, Int64?).self)
            let until = rules.priorityUntil(publishedAt: publishedAt)
            guard until != priorityUntil else { continue }
            try await self.execute("UPDATE \(unescaped: t.offer) SET priority_until = \(until) WHERE id = \(id)")
            changed.insert(id)
        }
        for row in try await self.rows(
            """
            SELECT p.offer_id, p.week, p.seats, p.reserved, p.reserved_until
            FROM \(unescaped: t.offerPeriod) p JOIN \(unescaped: t.offer) o ON o.id = p.offer_id
            WHERE o.state != 'withdrawn'
            """
        ) {
            let (id, storage, seats, reserved, reservedUntil) = try row.decode((Int64, Int, Int, Int, Int64).self)
            guard let week = ISOWeek(storage: storage) else { continue }
            let held = rules.held(seats: seats, in: week)
            guard held.reserved != reserved || held.until != reservedUntil else { continue }
            try await self.execute(
                """
                UPDATE \(unescaped: t.offerPeriod) SET reserved = \(held.reserved), reserved_until = \(held.until)
                WHERE offer_id = \(id) AND week = \(storage)
                """
            )
            changed.insert(id)
        }
        return changed
    }
}
