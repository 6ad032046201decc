import GRDB

extension BasinStore {
    /// The basin's figures: seats by trade, level and week, reservations and declared pupils per school, and the current
    /// school year's placements counted in pupils.
    public func statistics() async throws -> BasinStatistics {
        let year = self.schoolYear
        let now = self.configuration.nowMilliseconds()
        return try await self.read { db in
            var statistics = BasinStatistics()
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT o.tradeCode, o.levels, SUM(p.seats) AS seats, SUM(p.taken) AS taken
                    FROM offer o LEFT JOIN offerPeriod p ON p.offerId = o.id
                    WHERE o.state = 'published' GROUP BY o.id
                    """
            ) {
                guard let trade = TradeCode(row["tradeCode"]) else { continue }
                let seats = BasinStatistics.Seats(
                    offers: 1,
                    seats: row["seats"] as Int? ?? 0,
                    taken: row["taken"] as Int? ?? 0
                )
                for level in Level.set(fromMask: row["levels"]) {
                    statistics.byTradeAndLevel[.init(trade: trade, level: level), default: .init()].add(seats)
                }
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT p.week, COUNT(*) AS offers, SUM(p.seats) AS seats, SUM(p.taken) AS taken
                    FROM offerPeriod p JOIN offer o ON o.id = p.offerId
                    WHERE o.state = 'published' GROUP BY p.week
                    """
            ) {
                guard let week = ISOWeek(storage: row["week"]) else { continue }
                statistics.byWeek[week] = .init(offers: row["offers"], seats: row["seats"], taken: row["taken"])
            }
            for row in try Row.fetchAll(
                db,
                sql: "SELECT schoolUai, state, COUNT(*) AS n FROM reservation GROUP BY schoolUai, state"
            ) {
                guard let school = UAI(row["schoolUai"]), let state = ReservationState(rawValue: row["state"]) else {
                    continue
                }
                statistics.reservations[school, default: [:]][state] = row["n"]
            }
            for row in try Row.fetchAll(
                db,
                sql: "SELECT schoolUai, SUM(pupils) AS pupils FROM schoolPeriod GROUP BY schoolUai"
            ) {
                guard let school = UAI(row["schoolUai"]) else { continue }
                statistics.pupils[school] = row["pupils"]
            }
            statistics.placements = try Self.placementCounts(db, year: year, now: now)
            statistics.placedByTradeAndGender = try Self.placedByTradeAndGender(db, year: year)
            statistics.declinesByCompany = try Self.declinesByCompany(db, year: year)
            statistics.schoolYear = year
            return statistics
        }
    }
}

extension BasinStore {
    /// Per trade, the school year's pupils with an accepted application to an offer of the trade, girls and boys.
    static func placedByTradeAndGender(
        _ db: Database,
        year: SchoolYear
    ) throws -> [TradeCode: BasinStatistics.PlacedByGender] {
        var result: [TradeCode: BasinStatistics.PlacedByGender] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT o.tradeCode, p.gender, COUNT(DISTINCT p.id) AS pupils
                FROM application a JOIN pupil p ON p.id = a.pupilId JOIN offer o ON o.id = a.offerId
                WHERE a.state = 'accepted' AND p.schoolYear = ? AND p.gender IN (?, ?)
                GROUP BY o.tradeCode, p.gender
                """,
            arguments: [year.startYear, Gender.female.rawValue, Gender.male.rawValue]
        ) {
            guard let trade = TradeCode(row["tradeCode"]), let gender = Gender(rawValue: row["gender"]) else {
                throw StoreError.corrupt("an accepted application's trade or gender in school year \(year)")
            }
            let pupils: Int = row["pupils"]
            if gender == .female { result[trade, default: .init()].girls = pupils }
            if gender == .male { result[trade, default: .init()].boys = pupils }
        }
        return result
    }

    /// Per company, a school year's answered applications and declines, and the reasons, for priority pupils (as the
    /// rules stood when each applied) and the others.
    static func declinesByCompany(_ db: Database, year: SchoolYear) throws -> [SIRET: BasinStatistics.CompanyDeclines] {
        var result: [SIRET: BasinStatistics.CompanyDeclines] = [:]
        let answered = """
            FROM application a JOIN offer o ON o.id = a.offerId
            WHERE a.schoolYear = ? AND (a.state = 'accepted'
              OR (a.state = 'declined' AND a.declineReason IS NOT '\(DeclineReason.offerWithdrawn.rawValue)'))
            """
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT o.companySiret, max(o.companyName) AS name, a.priority, COUNT(DISTINCT a.pupilId) AS pupils,
                  COUNT(*) AS answered, SUM(a.state = 'declined') AS declined
                \(answered) GROUP BY o.companySiret, a.priority
                """,
            arguments: [year.startYear]
        ) {
            guard let siret = SIRET(row["companySiret"]) else {
                throw StoreError.corrupt("an answered application's company in school year \(year)")
            }
            var counts = BasinStatistics.DeclineCounts()
            (counts.pupils, counts.answered, counts.declined) = (row["pupils"], row["answered"], row["declined"])
            result[siret, default: .init()].name = row["name"]
            if row["priority"] as Bool {
                result[siret, default: .init()].priority = counts
            } else {
                result[siret, default: .init()].others = counts
            }
        }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT o.companySiret, a.priority, a.declineReason, COUNT(*) AS n
                \(answered) AND a.state = 'declined' GROUP BY o.companySiret, a.priority, a.declineReason
                """,
            arguments: [year.startYear]
        ) {
            guard let siret = SIRET(row["companySiret"]), let reason = DeclineReason(rawValue: row["declineReason"])
            else { throw StoreError.corrupt("a declined application's company or reason in school year \(year)") }
            if row["priority"] as Bool {
                result[siret]?.priority.reasons[reason] = row["n"]
            } else {
                result[siret]?.others.reasons[reason] = row["n"]
            }
        }
        return result
    }

    /// Pupils of a school year's rosters by school, level and equity profile, with how many are placed or waiting.
    static func placementCounts(_ db: Database, year: SchoolYear, now: Int64) throws -> [PlacementCount] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT schoolUai, level, qpv, needsAccessible, gender, COUNT(*) AS pupils, SUM(placed) AS placed,
                  SUM(NOT placed AND pending) AS pending
                FROM (
                  SELECT p.schoolUai, p.level, p.qpv, p.needsAccessible, p.gender,
                    EXISTS (SELECT 1 FROM application a WHERE a.pupilId = p.id AND a.state = 'accepted') AS placed,
                    EXISTS (SELECT 1 FROM application a WHERE a.pupilId = p.id AND a.state = 'pending'
                      AND a.expiresAt > ?) AS pending
                  FROM pupil p WHERE p.schoolYear = ?)
                GROUP BY schoolUai, level, qpv, needsAccessible, gender
                ORDER BY schoolUai, level
                """,
            arguments: [now, year.startYear]
        ).map { row in
            guard let school = UAI(row["schoolUai"]), let level = Level(rawValue: row["level"]) else {
                throw StoreError.corrupt("a pupil row of school year \(year) cannot be read")
            }
            let gender: String? = row["gender"]
            return PlacementCount(
                school: school,
                level: level,
                qpv: row["qpv"],
                needsAccessible: row["needsAccessible"],
                gender: gender.flatMap(Gender.init(rawValue:)),
                pupils: row["pupils"],
                placed: row["placed"],
                pending: row["pending"]
            )
        }
    }
}
