import GRDB

/// An application as a pupil or its school makes it.
public struct ApplicationRequest: Sendable {
    public var offer: Int64
    public var pupil: Int64
    public var from: ISOWeek
    public var to: ISOWeek
    public var motivation: String
    public var madeBy: Applicant
    /// What the academy knows of the pupil's school: the basin's priority rule reads it with the pupil's own facts.
    public var school: SchoolPriorityFacts
    /// A boarding house to hold a place in for every week of the period, with the seats.
    public var boardingHouse: Int64?

    public init(
        offer: Int64,
        pupil: Int64,
        from: ISOWeek,
        to: ISOWeek,
        motivation: String,
        madeBy: Applicant,
        school: SchoolPriorityFacts,
        boardingHouse: Int64? = nil
    ) {
        self.offer = offer
        self.pupil = pupil
        self.from = from
        self.to = to
        self.motivation = motivation
        self.madeBy = madeBy
        self.school = school
        self.boardingHouse = boardingHouse
    }
}

/// Which applications to list.
public enum ApplicationScope: Sendable, Hashable {
    case offer(Int64)
    case pupil(Int64)
    case school(UAI, SchoolYear)
    /// Every offer of a company.
    case company(SIRET)
}

extension BasinStore {
    /// Applies for every week of a period, holding one seat in each, atomically: all weeks or none.
    ///
    /// Seats never overbook: each week's seat is taken by one conditional `UPDATE` inside the write transaction (one
    /// write transaction at a time per file), a week that has none left aborts the whole transaction, and a `CHECK` on
    /// `offerPeriod` is the last guard.
    ///
    /// The basin's priority access is enforced in the same transaction: a pupil outside its priority groups cannot apply
    /// within an offer's priority window, nor take a week's seats held for priority pupils.
    ///
    /// - Throws: ``StoreError/failedPrecondition(_:)`` naming the rule: the pupil's year is closed, the offer is not
    ///   published or does not take the pupil's level, the school declared no such period, a week is past or full, the
    ///   offer does not provide what the pupil needs (step-free access, adapted tasks, a trained tutor), the
    ///   pupil is placed in an overlapping week or has as many pending applications as the basin allows, the offer is in
    ///   its priority window or a week's free seats are held for priority pupils (with the date they open);
    ///   ``StoreError/alreadyExists(_:)`` for a second live application to the same offer for overlapping weeks;
    ///   ``StoreError/notFound(_:)`` for an unknown pupil or offer.
    public func apply(_ request: ApplicationRequest, check: @escaping ApplicationCheck) async throws -> Application {
        let now = self.configuration.nowMilliseconds()
        let currentWeek = self.currentWeek
        let year = self.schoolYear
        return try await self.write { db in
            try Self.expireDueApplications(db, now: now)
            let pupil = try Self.requirePupil(db, id: request.pupil)
            let offer = try Self.requireOffer(db, id: request.offer)
            try check(pupil, offer)
            let declared = try Bool.fetchOne(
                db.cachedStatement(
                    sql: "SELECT 1 FROM schoolPeriod WHERE schoolUai = ? AND level = ? AND fromWeek = ? AND toWeek = ?"
                ),
                arguments: [
                    pupil.school.rawValue, pupil.details.level.rawValue, request.from.storage, request.to.storage,
                ]
            )
            let live = try Self.fetchApplications(
                db,
                "a.pupilId = \(pupil.id) AND a.state IN ('pending', 'accepted')",
                now: now
            )
            let rules = try Self.rules(db)
            let admitted = try request.admit(
                pupil: pupil,
                offer: offer,
                declared: declared != nil,
                live: live,
                rules: rules,
                year: year,
                currentWeek: currentWeek,
                now: now
            )
            let (weeks, priority, expiresAt) = (admitted.weeks, admitted.priority, admitted.expiresAt)
            try Self.takeSeats(db, offer: offer, weeks: weeks, priority: priority, rules: rules, now: now)
            if let house = request.boardingHouse { try Self.takeBoardingPlaces(db, house: house, weeks: weeks) }
            try db.cachedStatement(
                sql: """
                    INSERT INTO application (pupilId, schoolUai, schoolYear, offerId, level, fromWeek, toWeek, motivation,
                      madeBy, state, createdAt, expiresAt, priority, boardingHouseId)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                pupil.id, pupil.school.rawValue, pupil.schoolYear.startYear, offer.id, pupil.details.level.rawValue,
                request.from.storage, request.to.storage, request.motivation, request.madeBy.rawValue, now, expiresAt,
                priority, request.boardingHouse,
            ])
            let application = try Self.requireApplication(db, id: db.lastInsertedRowID, now: now)
            try Self.deliver(
                db,
                to: [.company(offer.company)],
                .applicationReceived,
                application: application,
                text: PlacementTexts.received(application),
                at: now
            )
            // The school follows its pupils: its roster changes with each application, whoever made it.
            try Self.deliver(
                db,
                to: [.school(pupil.school)],
                .applicationSent,
                application: application,
                text: PlacementTexts.sent(application),
                at: now
            )
            for days in Application.reminderDays {
                try db.cachedStatement(sql: "INSERT INTO reminder (applicationId, days, dueAt) VALUES (?, ?, ?)")
                    .execute(arguments: [application.id, days, now + Int64(days) * 86_400_000])
            }
            return application
        }
    }

    /// Applies a company's, a pupil's or a school's decision.
    ///
    /// Accepting withdraws the pupil's other pending applications for overlapping weeks and frees their seats, in the
    /// same transaction.
    /// - Parameter check: Runs on the stored application and offer first; what it throws aborts the change.
    /// - Throws: ``StoreError/failedPrecondition(_:)`` when the application is not in a state the decision applies to.
    public func decide(application id: Int64, _ decision: ApplicationDecision, check: @escaping DecisionCheck)
        async throws -> Application
    {
        let now = self.configuration.nowMilliseconds()
        let year = self.schoolYear
        return try await self.write { db in
            try Self.expireDueApplications(db, now: now)
            let application = try Self.requireApplication(db, id: id, now: now)
            let offer = try Self.requireOffer(db, id: application.offer)
            try check(application, offer)
            try application.checkDecision(decision, year: year)
            switch (decision, application.state) {
            case (.accept, _):
                try Self.setState(db, id, .accepted, now: now)
                try Self.deliver(
                    db,
                    to: [.pupil(application.pupil), .school(application.school)],
                    .applicationAccepted,
                    application: application,
                    text: PlacementTexts.accepted(application),
                    at: now
                )
                let others = try Self.fetchApplications(
                    db,
                    """
                    a.pupilId = \(application.pupil) AND a.state = 'pending' AND a.id != \(id)
                      AND a.fromWeek <= \(application.to.storage) AND a.toWeek >= \(application.from.storage)
                    """,
                    now: now
                )
                for other in others {
                    try Self.setState(db, other.id, .withdrawn, now: now)
                    try Self.freeSeats(db, of: other, now: now)
                    try Self.deliver(
                        db,
                        to: [.company(try Self.requireOffer(db, id: other.offer).company)],
                        .applicationWithdrawn,
                        application: other,
                        text: PlacementTexts.withdrawnByPlacement(other),
                        at: now
                    )
                }
            case (.decline(let reason, let note), _):
                try Self.setState(db, id, .declined, now: now, reason: reason, note: note)
                try Self.freeSeats(db, of: application, now: now)
                try Self.deliver(
                    db,
                    to: [.pupil(application.pupil), .school(application.school)],
                    .applicationDeclined,
                    application: application,
                    text: PlacementTexts.declined(application, reason),
                    at: now
                )
            case (.withdraw, _):
                try Self.setState(db, id, .withdrawn, now: now)
                try Self.freeSeats(db, of: application, now: now)
                try Self.deliver(
                    db,
                    to: [.company(offer.company), .pupil(application.pupil), .school(application.school)],
                    .applicationWithdrawn,
                    application: application,
                    text: PlacementTexts.withdrawn(application),
                    at: now
                )
            default:
                // checkDecision refused every other state.
                break
            }
            return try Self.requireApplication(db, id: id, now: now)
        }
    }

    public func application(_ id: Int64) async throws -> Application? {
        let now = self.configuration.nowMilliseconds()
        return try await self.read { db in try Self.fetchApplications(db, "a.id = \(id)", now: now).first }
    }

    /// Applications, newest first.
    public func applications(_ scope: ApplicationScope, liveOnly: Bool) async throws -> [Application] {
        let now = self.configuration.nowMilliseconds()
        return try await self.read { db in
            let found: [Application]
            switch scope {
            case .offer(let offer): found = try Self.fetchApplications(db, "a.offerId = \(offer)", now: now)
            case .pupil(let pupil): found = try Self.fetchApplications(db, "a.pupilId = \(pupil)", now: now)
            case .school(let school, let year):
                found = try Self.fetchApplications(
                    db,
                    "a.schoolUai = \(school.rawValue) AND a.schoolYear = \(year.startYear)",
                    now: now
                )
            case .company(let company):
                found = try Self.fetchApplications(db, "o.companySiret = \(company.rawValue)", now: now)
            }
            return liveOnly ? found.filter(\.state.isLive) : found
        }
    }

    /// Expires every pending application past its delay and frees its seats. Runs at the start of each application
    /// write, and from the server's janitor.
    @discardableResult
    public func expireDueApplications() async throws -> Int {
        let now = self.configuration.nowMilliseconds()
        return try await self.write(touch: false) { db in try Self.expireDueApplications(db, now: now) }
    }

    public func placementRules() async throws -> PlacementRules {
        try await self.read { db in try Self.rules(db) }
    }

    /// Replaces the basin's rules. Every offer that is not withdrawn takes the new priority window and held seats at
    /// once, each logged as an update so that live subscribers see it.
    public func setPlacementRules(_ rules: PlacementRules) async throws -> PlacementRules {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            let current = try Self.rules(db)
            try Self.setMeta(db, "maxPendingApplications", Int64(rules.maxPendingApplications))
            try Self.setMeta(db, "pendingDays", Int64(rules.pendingDays))
            try Self.setMeta(db, "priorityGroups", PriorityGroup.mask(of: rules.priorityGroups))
            try Self.setMeta(db, "priorityWindowDays", Int64(rules.priorityWindowDays))
            try Self.setMeta(db, "reservedSharePercent", Int64(rules.reservedSharePercent))
            try Self.setMeta(db, "reservedReleaseDays", Int64(rules.reservedReleaseDays))
            var priorityAccess = (rules, current)
            priorityAccess.0.maxPendingApplications = current.maxPendingApplications
            priorityAccess.0.pendingDays = current.pendingDays
            guard priorityAccess.0 != priorityAccess.1 else { return try Self.rules(db) }
            // The offers as they were, for the change log's "before".
            let before = try Self.offers(
                db,
                rows: Row.fetchAll(db, sql: "SELECT * FROM offer WHERE state != 'withdrawn'")
            )
            let byID = Dictionary(uniqueKeysWithValues: before.map { ($0.id, $0) })
            for id in try Self.applyPriorityRules(db, rules).sorted() {
                try db.logChange(.offerUpdated, offer: id, before: byID[id], at: now)
            }
            return try Self.rules(db)
        }
    }

    /// Per school and level of a school year's rosters: pupils, placed, pending and nothing yet; and the published
    /// offers with future weeks that no live application holds.
    public func followUp(year: SchoolYear) async throws -> (levels: [LevelFollowUp], unasked: [UnaskedOffer]) {
        let now = self.configuration.nowMilliseconds()
        let currentWeek = self.currentWeek
        return try await self.read { db in
            let levels = LevelFollowUp.levels(try Self.placementCounts(db, year: year, now: now))
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT o.id, o.title, o.companyName, p.week
                    FROM offerPeriod p JOIN offer o ON o.id = p.offerId
                    WHERE o.state = 'published' AND p.week >= ? AND p.seats > 0 AND NOT EXISTS (
                      SELECT 1 FROM application a WHERE a.offerId = o.id AND a.fromWeek <= p.week AND a.toWeek >= p.week
                        AND (a.state = 'accepted' OR (a.state = 'pending' AND a.expiresAt > ?)))
                    ORDER BY o.id, p.week
                    """,
                arguments: [currentWeek.storage, now]
            )
            let unasked = try UnaskedOffer.grouped(
                rows.map { row in
                    (
                        offer: row["id"], title: row["title"], companyName: row["companyName"],
                        week: try StoredRow(row, table: "offerPeriod", key: "offerId")
                            .decode("week", as: ISOWeek.init(storage:))
                    )
                }
            )
            return (levels, unasked)
        }
    }
}

extension BasinStore {
    static func rules(_ db: Database) throws -> PlacementRules {
        try PlacementRules(stored: { try meta(db, $0) })
    }

    /// Takes one seat in each week, logging each; the first full week throws and the caller's transaction rolls back
    /// the weeks taken before it. A pupil outside the priority groups is held to the basin's priority access.
    ///
    /// - Returns: The offer as the last change left it.
    @discardableResult
    static func takeSeats(
        _ db: Database,
        offer: Offer,
        weeks: [ISOWeek],
        priority: Bool,
        rules: PlacementRules,
        now: Int64
    ) throws -> Offer {
        // The offer was read in this transaction: a week without a free seat refuses before anything is written. The
        // conditional updates below stay the guard.
        try offer.checkSeats(weeks: weeks, priority: priority, rules: rules, now: now)
        var current = offer
        for week in weeks {
            guard try takeSeat(db, offer: offer.id, week: week, priority: priority) else { throw offer.fullWeek(week) }
            current = current.withTaken(1, in: week, priority: priority)
            try db.logChange(.seatsTaken, offer: offer.id, week: week, after: current, at: now)
        }
        return current
    }

    /// Frees the seats an application held, giving a priority pupil's back to the held share, and its boarding places.
    static func freeSeats(_ db: Database, of application: Application, now: Int64) throws {
        for week in application.weeks {
            try freeSeat(db, offer: application.offer, week: week, priority: application.priority, now: now)
        }
        try freeBoardingPlaces(db, of: application)
    }

    static func setState(
        _ db: Database,
        _ id: Int64,
        _ state: ApplicationState,
        now: Int64,
        reason: DeclineReason? = nil,
        note: String? = nil
    ) throws {
        try db.cachedStatement(
            sql: "UPDATE application SET state = ?, decidedAt = ?, declineReason = ?, declineNote = ? WHERE id = ?"
        ).execute(arguments: [state.rawValue, now, reason?.rawValue, note, id])
        if state != .pending {
            try db.cachedStatement(sql: "DELETE FROM reminder WHERE applicationId = ?").execute(arguments: [id])
        }
    }

    /// Declines the offer's pending applications (it is withdrawn), frees their seats and tells their pupils and schools.
    static func declinePendingApplications(_ db: Database, offer: Int64, now: Int64) throws {
        try expireDueApplications(db, now: now)
        for application in try fetchApplications(db, "a.offerId = \(offer) AND a.state = 'pending'", now: now) {
            try setState(db, application.id, .declined, now: now, reason: .offerWithdrawn)
            try freeSeats(db, of: application, now: now)
            try deliver(
                db,
                to: [.pupil(application.pupil), .school(application.school)],
                .applicationDeclined,
                application: application,
                text: PlacementTexts.declined(application, .offerWithdrawn),
                at: now
            )
        }
    }

    @discardableResult
    static func expireDueApplications(_ db: Database, now: Int64) throws -> Int {
        // Read as stored (no clock): a due application reads as pending, not yet as expired.
        let due = try fetchApplications(db, "a.state = 'pending' AND a.expiresAt <= \(now)", now: Int64.min)
        for application in due.reversed() {
            try setState(db, application.id, .expired, now: now)
            try freeSeats(db, of: application, now: now)
            try deliver(
                db,
                to: [
                    .company(try requireOffer(db, id: application.offer).company), .pupil(application.pupil),
                    .school(application.school),
                ],
                .applicationExpired,
                application: application,
                text: PlacementTexts.expired(application),
                at: now
            )
        }
        return due.count
    }

    static func requireApplication(_ db: Database, id: Int64, now: Int64) throws -> Application {
        guard let application = try fetchApplications(db, "a.id = \(id)", now: now).first else {
            throw StoreError.notFound("candidature \(id)")
        }
        return application
    }

    /// Applications matching `condition` (on `a`, `p` and `o`), newest first. A pending application past its delay
    /// reads as expired even before the next write records it.
    static func fetchApplications(_ db: Database, _ condition: SQL, now: Int64) throws -> [Application] {
        // Cached: the SQL of a call site is the same every time (the values are bound), so it is prepared once.
        let request = SQLRequest<ApplicationRecord>(
            literal:
                "SELECT \(sql: ApplicationRecord.columns) \(sql: ApplicationRecord.joins) WHERE \(condition) ORDER BY a.id DESC",
            cached: true
        )
        return try request.fetchAll(db).map { record in
            var application = record.application
            if application.state == .pending, application.expiresAt <= now { application.state = .expired }
            return application
        }
    }
}
