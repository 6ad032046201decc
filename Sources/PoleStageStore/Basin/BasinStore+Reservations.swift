import GRDB

extension BasinStore {
    /// A check run inside the write transaction on the reservation and its offer as stored.
    public typealias ReservationCheck = @Sendable (Reservation, Offer) throws -> Void

    /// Takes a seat for a pupil: the request holds it until decided or expired.
    ///
    /// Seats never overbook: the seat is taken by one conditional `UPDATE` inside the write transaction, and SQLite runs
    /// one write transaction at a time per file; a `CHECK` on the table is the last guard.
    ///
    /// A school outside the basin's priority groups (by its REP, REP+ and rural facts: a request knows no more of its
    /// pupil) is held to the basin's priority access, as an application is.
    ///
    /// - Throws: ``StoreError/failedPrecondition(_:)`` when the period is full, past, absent, or the offer closed, or
    ///   when the basin's priority access keeps the seat for priority pupils;
    ///   ``StoreError/alreadyExists(_:)`` when the pupil already holds a live reservation that week;
    ///   ``StoreError/notFound(_:)`` when the offer does not exist or is reserved to another school.
    public func requestSeat(
        offer id: Int64,
        week: ISOWeek,
        school: UAI,
        facts: SchoolPriorityFacts,
        pupil: PupilRef,
        level: Level
    ) async throws -> Reservation {
        let now = self.configuration.nowMilliseconds()
        let currentWeek = ISOWeek(containing: self.configuration.now())
        let expiresAt = now + self.configuration.reservationHold.milliseconds
        return try await self.write { db in
            try Self.expireDue(db, now: now)
            let offer = try Self.requireOffer(db, id: id)
            if let reserved = offer.details.reservedForSchool, reserved != school {
                throw StoreError.notFound("offre \(id)")
            }
            guard offer.state == .published else {
                throw StoreError.failedPrecondition(
                    "l'offre « \(offer.details.title) » n'est pas publiée : elle ne prend pas de réservation"
                )
            }
            guard offer.details.levels.contains(level) else {
                throw StoreError.failedPrecondition(
                    "l'offre « \(offer.details.title) » n'accueille pas d'élèves de \(level.name) : choisissez une offre "
                        + "ouverte à ce niveau"
                )
            }
            guard week >= currentWeek else {
                throw StoreError.failedPrecondition(
                    "la \(PlacementTexts.weeks(week, week)) est passée : réservez une semaine à venir"
                )
            }
            guard offer.periods.contains(where: { $0.week == week }) else {
                throw StoreError.failedPrecondition(
                    "l'offre « \(offer.details.title) » n'a pas de place en \(PlacementTexts.weeks(week, week)) : "
                        + "choisissez une de ses semaines"
                )
            }
            let holding = try Bool.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT 1 FROM reservation
                        WHERE schoolUai = ? AND pupilRef = ? AND week = ? AND state IN ('pending', 'confirmed')
                        """
                ),
                arguments: [school.rawValue, pupil.rawValue, week.storage]
            )
            if holding != nil {
                throw StoreError.alreadyExists(
                    "une réservation en cours pour cette référence d'élève en \(PlacementTexts.weeks(week, week))"
                )
            }
            let rules = try Self.rules(db)
            let priority = rules.isPriority(school: facts, qpv: false, needsAccessible: false)
            if offer.periods.contains(where: { $0.week == week && $0.free > 0 }) {
                try Self.checkPriorityAccess(offer: offer, weeks: [week], priority: priority, rules: rules, now: now)
            }
            guard try Self.takeSeat(db, offer: id, week: week, priority: priority) else {
                throw StoreError.failedPrecondition(
                    "plus aucune place libre sur l'offre « \(offer.details.title) » en "
                        + "\(PlacementTexts.weeks(week, week)) : choisissez une autre semaine ou une autre offre"
                )
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO reservation (offerId, week, schoolUai, pupilRef, level, state, createdAt, expiresAt,
                      priority)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)
                    """
            ).execute(arguments: [
                id, week.storage, school.rawValue, pupil.rawValue, level.rawValue, now, expiresAt, priority,
            ])
            let reservation = Reservation(
                id: db.lastInsertedRowID,
                offer: id,
                week: week,
                school: school,
                pupil: pupil,
                level: level,
                priority: priority,
                state: .pending,
                createdAt: now,
                expiresAt: expiresAt,
                decidedAt: nil
            )
            // The offer as the change left it is the one read above with this seat taken: no second read.
            try db.logChange(
                .seatsTaken,
                offer: id,
                week: week,
                after: offer.withTaken(1, in: week, priority: priority),
                at: now
            )
            return reservation
        }
    }

    /// Applies a company's or a school's decision to a request.
    ///
    /// - Parameter check: Runs on the stored reservation and offer first; what it throws aborts the change.
    /// - Throws: ``StoreError/failedPrecondition(_:)`` when the request is no longer in a state the decision applies to.
    public func decide(_ id: Int64, _ decision: ReservationDecision, check: @escaping ReservationCheck) async throws
        -> Reservation
    {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            try Self.expireDue(db, now: now)
            let reservation = try Self.requireReservation(db, id: id, now: now)
            let offer = try Self.requireOffer(db, id: reservation.offer)
            try check(reservation, offer)
            let next: ReservationState
            switch (decision, reservation.state) {
            case (.confirm, .pending): next = .confirmed
            case (.decline, .pending): next = .declined
            case (.cancel, .pending), (.cancel, .confirmed): next = .cancelled
            default:
                throw StoreError.failedPrecondition(
                    "la réservation \(id) est \(reservation.state.french) : seule une réservation en attente change "
                        + "d'état"
                )
            }
            try db.execute(
                sql: "UPDATE reservation SET state = ?, decidedAt = ? WHERE id = ?",
                arguments: [next.rawValue, now, id]
            )
            if !next.isLive {
                try Self.freeSeat(
                    db,
                    offer: reservation.offer,
                    week: reservation.week,
                    priority: reservation.priority,
                    now: now
                )
            }
            return try Self.requireReservation(db, id: id, now: now)
        }
    }

    public func reservation(_ id: Int64) async throws -> Reservation? {
        let now = self.configuration.nowMilliseconds()
        return try await self.read { db in try Self.fetchReservations(db, where: "id = \(id)", now: now).first }
    }

    /// A school's requests, newest first.
    public func reservations(school: UAI, liveOnly: Bool) async throws -> [Reservation] {
        let now = self.configuration.nowMilliseconds()
        return try await self.read { db in
            try Self.fetchReservations(db, where: "schoolUai = \(school.rawValue)", now: now)
                .filter { !liveOnly || $0.state.isLive }
        }
    }

    /// An offer's requests, newest first.
    public func reservations(offer: Int64, liveOnly: Bool) async throws -> [Reservation] {
        let now = self.configuration.nowMilliseconds()
        return try await self.read { db in
            try Self.fetchReservations(db, where: "offerId = \(offer)", now: now).filter {
                !liveOnly || $0.state.isLive
            }
        }
    }

    /// Expires every pending request past its delay and frees its seat. Runs at the start of each reservation write,
    /// and from the server's janitor.
    @discardableResult
    public func expireDueReservations() async throws -> Int {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in try Self.expireDue(db, now: now) }
    }
}

extension BasinStore {
    @discardableResult
    static func expireDue(_ db: Database, now: Int64) throws -> Int {
        let due = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT id, offerId, week, priority FROM reservation WHERE state = 'pending' AND expiresAt <= ?"
            ),
            arguments: [now]
        )
        for row in due {
            try db.execute(
                sql: "UPDATE reservation SET state = 'expired', decidedAt = ? WHERE id = ?",
                arguments: [now, row["id"] as Int64]
            )
            if let week = ISOWeek(storage: row["week"]) {
                try freeSeat(db, offer: row["offerId"], week: week, priority: row["priority"], now: now)
            }
        }
        return due.count
    }

    /// Takes one seat of a week by one conditional `UPDATE`, counting it against the held share when `priority`.
    ///
    /// - Returns: Whether a seat was free.
    static func takeSeat(_ db: Database, offer: Int64, week: ISOWeek, priority: Bool) throws -> Bool {
        try db.cachedStatement(
            sql: """
                UPDATE offerPeriod SET taken = taken + 1, priorityTaken = priorityTaken + ?
                WHERE offerId = ? AND week = ? AND taken < seats
                """
        ).execute(arguments: [priority ? 1 : 0, offer, week.storage])
        return db.changesCount == 1
    }

    /// Frees one seat of a week, giving a priority claim's back to the held share.
    static func freeSeat(_ db: Database, offer: Int64, week: ISOWeek, priority: Bool, now: Int64) throws {
        try db.cachedStatement(
            sql: """
                UPDATE offerPeriod SET taken = taken - 1, priorityTaken = max(0, priorityTaken - ?)
                WHERE offerId = ? AND week = ? AND taken > 0
                """
        ).execute(arguments: [priority ? 1 : 0, offer, week.storage])
        try db.logChange(.seatsFreed, offer: offer, week: week, at: now)
    }

    static func requireReservation(_ db: Database, id: Int64, now: Int64) throws -> Reservation {
        guard let reservation = try fetchReservations(db, where: "id = \(id)", now: now).first else {
            throw StoreError.notFound("réservation \(id)")
        }
        return reservation
    }

    /// The requests `condition` selects, newest first. A pending request past its delay reads as expired even before
    /// the next write records it.
    static func fetchReservations(_ db: Database, where condition: SQL, now: Int64) throws -> [Reservation] {
        try SQLRequest<Row>(literal: "SELECT * FROM reservation WHERE \(condition) ORDER BY id DESC").fetchAll(db).map {
            row in
            let stored = StoredRow(row, table: "reservation", key: "id")
            let expiresAt: Int64 = try stored.decode("expiresAt")
            var state = try stored.decode("state", as: ReservationState.init(rawValue:))
            if state == .pending, expiresAt <= now { state = .expired }
            return Reservation(
                id: try stored.decode("id"),
                offer: try stored.decode("offerId"),
                week: try stored.decode("week", as: ISOWeek.init(storage:)),
                school: try stored.decode("schoolUai", as: UAI.init),
                pupil: try stored.decode("pupilRef", as: PupilRef.init),
                level: try stored.decode("level", as: Level.init(rawValue:)),
                priority: try stored.decode("priority"),
                state: state,
                createdAt: try stored.decode("createdAt"),
                expiresAt: expiresAt,
                decidedAt: try stored.decode("decidedAt")
            )
        }
    }
}
