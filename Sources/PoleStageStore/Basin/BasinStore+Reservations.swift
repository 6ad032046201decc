import GRDB

extension BasinStore {
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
            try offer.checkSeatRequest(week: week, school: school, level: level, currentWeek: currentWeek)
            let holding = try Bool.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT 1 FROM reservation
                        WHERE schoolUai = ? AND pupilRef = ? AND week = ? AND state IN ('pending', 'confirmed')
                        """
                ),
                arguments: [school.rawValue, pupil.rawValue, week.storage]
            )
            if holding != nil { throw Reservation.alreadyHeld(in: week) }
            let rules = try Self.rules(db)
            let priority = rules.isPriority(school: facts, qpv: false, needsAccessible: false)
            if offer.periods.contains(where: { $0.week == week && $0.free > 0 }) {
                try offer.checkPriorityAccess(weeks: [week], priority: priority, rules: rules, now: now)
            }
            guard try Self.takeSeat(db, offer: id, week: week, priority: priority) else {
                throw offer.noSeatLeft(in: week)
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
            let next = try reservation.state(after: decision)
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

    /// The requests `condition` selects, newest first, as read at `now`.
    static func fetchReservations(_ db: Database, where condition: SQL, now: Int64) throws -> [Reservation] {
        try SQLRequest<Row>(literal: "SELECT * FROM reservation WHERE \(condition) ORDER BY id DESC").fetchAll(db).map {
            row in
            let stored = StoredRow(row, table: "reservation", key: "id")
            return Reservation(
                id: try stored.decode("id"),
                offer: try stored.decode("offerId"),
                week: try stored.decode("week", as: ISOWeek.init(storage:)),
                school: try stored.decode("schoolUai", as: UAI.init),
                pupil: try stored.decode("pupilRef", as: PupilRef.init),
                level: try stored.decode("level", as: Level.init(rawValue:)),
                priority: try stored.decode("priority"),
                state: try stored.decode("state", as: ReservationState.init(rawValue:)),
                createdAt: try stored.decode("createdAt"),
                expiresAt: try stored.decode("expiresAt"),
                decidedAt: try stored.decode("decidedAt"),
                now: now
            )
        }
    }
}
