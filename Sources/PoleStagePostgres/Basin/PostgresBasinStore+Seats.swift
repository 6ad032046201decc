package import PoleStageStore
import PostgresNIO

extension PostgresBasinStore: SeatStorage {
    package func requestSeat(
        offer id: Int64,
        week: ISOWeek,
        school: UAI,
        facts: SchoolPriorityFacts,
        pupil: PupilRef,
        level: Level
    ) async throws -> Reservation {
        let now = self.nowMilliseconds
        let currentWeek = ISOWeek(containing: self.configuration.now())
        let expiresAt = now + self.configuration.reservationHold.milliseconds
        // Most requests of a race lose it: those are refused by a read, outside the basin's write lock.
        try await self.refuseFullWeek(offer: id, week: week, school: school, pupil: pupil, level: level, now: now)
        return try await self.write { t in
            try await t.expireDueReservations(now: now)
            let offer = try await t.requireOffer(id)
            try offer.checkSeatRequest(week: week, school: school, level: level, currentWeek: currentWeek)
            let holding = try await t.rows(
                """
                SELECT 1 FROM \(unescaped: t.tables.reservation)
                WHERE school_uai = \(school.rawValue) AND pupil_ref = \(pupil.rawValue) AND week = \(week.storage)
                  AND state IN ('pending', 'confirmed')
                """
            )
            if !holding.isEmpty { throw Reservation.alreadyHeld(in: week) }
            let rules = t.rules
            let priority = rules.isPriority(school: facts, qpv: false, needsAccessible: false)
            if offer.periods.contains(where: { $0.week == week && $0.free > 0 }) {
                try offer.checkPriorityAccess(weeks: [week], priority: priority, rules: rules, now: now)
            }
            guard try await t.takeSeat(offer: id, week: week, priority: priority) else {
                throw offer.noSeatLeft(in: week)
            }
            let rows = try await t.rows(
                """
                INSERT INTO \(unescaped: t.tables.reservation) (offer_id, week, school_uai, pupil_ref, level, state,
                  created_at, expires_at, priority)
                VALUES (\(id), \(week.storage), \(school.rawValue), \(pupil.rawValue), \(level.rawValue), 'pending',
                  \(now), \(expiresAt), \(priority))
                RETURNING id
                """
            )
            guard let reservation = try rows.first?.decode(Int64.self) else {
                throw StoreError.corrupt("a reservation got no id")
            }
            // The offer as the change left it is the one read above with this seat taken: no second read.
            try await t.logChange(
                .seatsTaken,
                offer: id,
                week: week,
                after: offer.withTaken(1, in: week, priority: priority),
                at: now
            )
            return Reservation(
                id: reservation,
                offer: id,
                week: week,
                school: school,
                pupil: pupil,
                level: level,
                priority: priority,
                state: .pending,
                createdAt: now,
                expiresAt: expiresAt,
                decidedAt: nil,
                now: now
            )
        }
    }

    package func decide(_ id: Int64, _ decision: ReservationDecision, check: @escaping ReservationCheck) async throws
        -> Reservation
    {
        let now = self.nowMilliseconds
        return try await self.write { t in
            try await t.expireDueReservations(now: now)
            let reservation = try await t.requireReservation(id, now: now)
            let offer = try await t.requireOffer(reservation.offer)
            try check(reservation, offer)
            let next = try reservation.state(after: decision)
            try await t.execute(
                """
                UPDATE \(unescaped: t.tables.reservation) SET state = \(next.rawValue), decided_at = \(now)
                WHERE id = \(id)
                """
            )
            if !next.isLive {
                try await t.freeSeat(
                    offer: reservation.offer,
                    week: reservation.week,
                    priority: reservation.priority,
                    now: now
                )
            }
            return try await t.requireReservation(id, now: now)
        }
    }

    package func reservation(_ id: Int64) async throws -> Reservation? {
        let now = self.nowMilliseconds
        return try await self.read { r in
            try await r.reservations(.id(id), now: now).first
        }
    }

    package func reservations(school: UAI, liveOnly: Bool) async throws -> [Reservation] {
        let now = self.nowMilliseconds
        return try await self.read { r in
            try await r.reservations(.school(school), now: now)
                .filter { !liveOnly || $0.state.isLive }
        }
    }

    package func reservations(offer: Int64, liveOnly: Bool) async throws -> [Reservation] {
        let now = self.nowMilliseconds
        return try await self.read { r in
            try await r.reservations(.offer(offer), now: now).filter { !liveOnly || $0.state.isLive }
        }
    }

    @discardableResult
    package func expireDueReservations() async throws -> Int {
        let now = self.nowMilliseconds
        return try await self.write { t in try await t.expireDueReservations(now: now) }
    }
}

extension PostgresBasinStore {
    /// Throws what the write transaction of a seat request would throw for a week with no free seat, read in one
    /// snapshot without taking the basin's write lock; returns when the request may succeed, or fails otherwise.
    ///
    /// It refuses only where the write would refuse alike: the basin is not archived, the offer passes the request's
    /// checks, the pupil holds no live reservation that week, the week has no free seat, and no pending reservation of
    /// that week is due to expire (the write would free it first). Every other case goes to the write, which decides.
    func refuseFullWeek(offer id: Int64, week: ISOWeek, school: UAI, pupil: PupilRef, level: Level, now: Int64)
        async throws
    {
        let currentWeek = ISOWeek(containing: self.configuration.now())
        let refusal: StoreError? = try await self.read { r in
            let t = r.tables
            let rows = try await r.rows(
                """
                SELECT coalesce((SELECT value FROM \(unescaped: t.meta) WHERE key = 'archived'), 0),
                  EXISTS (SELECT 1 FROM \(unescaped: t.reservation)
                    WHERE school_uai = \(school.rawValue) AND pupil_ref = \(pupil.rawValue) AND week = \(week.storage)
                      AND (state = 'confirmed' OR (state = 'pending' AND expires_at > \(now)))),
                  EXISTS (SELECT 1 FROM \(unescaped: t.reservation)
                    WHERE offer_id = \(id) AND week = \(week.storage) AND state = 'pending' AND expires_at <= \(now))
                """
            )
            guard let (archived, held, due) = try rows.first?.decode((Int64, Bool, Bool).self), archived != 1, !due,
                let offer = try await r.fetchOffer(id)
            else { return nil }
            do {
                try offer.checkSeatRequest(week: week, school: school, level: level, currentWeek: currentWeek)
            } catch let error as StoreError {
                return error
            }
            if held { return Reservation.alreadyHeld(in: week) }
            guard let period = offer.periods.first(where: { $0.week == week }), period.free == 0 else { return nil }
            return offer.noSeatLeft(in: week)
        }
        if let refusal { throw refusal }
    }
}

/// Whose requests to read.
enum ReservationSelection {
    case id(Int64)
    case school(UAI)
    case offer(Int64)
}

extension BasinQueries {
    /// The requests of one reservation, school or offer, newest first, as read at `now`.
    func reservations(_ selection: ReservationSelection, now: Int64) async throws -> [Reservation] {
        let columns = """
            id, offer_id, week, school_uai, pupil_ref, level, priority, state, created_at, expires_at, decided_at
            """
        let table = self.tables.reservation
        let query: PostgresQuery
        switch selection {
        case .id(let id):
            query = "SELECT \(unescaped: columns) FROM \(unescaped: table) WHERE id = \(id)"
        case .school(let school):
            query = """
                SELECT \(unescaped: columns) FROM \(unescaped: table) WHERE school_uai = \(school.rawValue)
                ORDER BY id DESC
                """
        case .offer(let offer):
            query = """
                SELECT \(unescaped: columns) FROM \(unescaped: table) WHERE offer_id = \(offer) ORDER BY id DESC
                """
        }
        return try await self.rows(query).map { row in
            let (id, offer, week, school, pupil, level, priority, state, createdAt, expiresAt, decidedAt) =
                try row.decode((Int64, Int64, Int, String, String, Int, Bool, String, Int64, Int64, Int64?).self)
            guard let week = ISOWeek(storage: week), let school = UAI(school), let pupil = PupilRef(pupil),
                let level = Level(rawValue: level), let state = ReservationState(rawValue: state)
            else { throw StoreError.corrupt("reservation \(id) cannot be read") }
            return Reservation(
                id: id,
                offer: offer,
                week: week,
                school: school,
                pupil: pupil,
                level: level,
                priority: priority,
                state: state,
                createdAt: createdAt,
                expiresAt: expiresAt,
                decidedAt: decidedAt,
                now: now
            )
        }
    }

    func requireReservation(_ id: Int64, now: Int64) async throws -> Reservation {
        guard let reservation = try await self.reservations(.id(id), now: now).first else {
            throw StoreError.notFound("réservation \(id)")
        }
        return reservation
    }
}

extension BasinTransaction {
    /// Expires every pending request past its delay and frees its seat, oldest first.
    @discardableResult
    func expireDueReservations(now: Int64) async throws -> Int {
        let due = try await self.rows(
            """
            UPDATE \(unescaped: self.tables.reservation) SET state = 'expired', decided_at = \(now)
            WHERE state = 'pending' AND expires_at <= \(now)
            RETURNING id, offer_id, week, priority
            """
        ).map { try $0.decode((Int64, Int64, Int, Bool).self) }.sorted { $0.0 < $1.0 }
        for (_, offer, week, priority) in due {
            if let week = ISOWeek(storage: week) {
                try await self.freeSeat(offer: offer, week: week, priority: priority, now: now)
            }
        }
        return due.count
    }

    /// Takes one seat of a week by one conditional `UPDATE`, counting it against the held share when `priority`.
    ///
    /// The basin's writes run one at a time (see ``PostgresBasinStore``), and the `CHECK` on the table is the last
    /// guard: a seat is never taken twice.
    /// - Returns: Whether a seat was free.
    func takeSeat(offer: Int64, week: ISOWeek, priority: Bool) async throws -> Bool {
        let rows = try await self.rows(
            """
            UPDATE \(unescaped: self.tables.offerPeriod)
            SET taken = taken + 1, priority_taken = priority_taken + \(priority ? 1 : 0)
            WHERE offer_id = \(offer) AND week = \(week.storage) AND taken < seats
            RETURNING 1
            """
        )
        return rows.count == 1
    }

    /// Frees one seat of a week, giving a priority claim's back to the held share.
    func freeSeat(offer: Int64, week: ISOWeek, priority: Bool, now: Int64) async throws {
        try await self.execute(
            """
            UPDATE \(unescaped: self.tables.offerPeriod)
            SET taken = taken - 1, priority_taken = greatest(0, priority_taken - \(priority ? 1 : 0))
            WHERE offer_id = \(offer) AND week = \(week.storage) AND taken > 0
            """
        )
        try await self.logChange(.seatsFreed, offer: offer, week: week, at: now)
    }
}
