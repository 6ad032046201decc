package import PoleStageStore
import PostgresNIO

extension PostgresBasinStore: StatisticsStorage {
    package func statistics() async throws -> BasinStatistics {
        let year = self.schoolYear
        let now = self.nowMilliseconds
        return try await self.read { r in
            let t = r.tables
            var statistics = BasinStatistics()
            for row in try await r.rows(
                """
                SELECT o.trade_code, o.levels, sum(p.seats)::bigint, sum(p.taken)::bigint
                FROM \(unescaped: t.offer) o LEFT JOIN \(unescaped: t.offerPeriod) p ON p.offer_id = o.id
                WHERE o.state = 'published' GROUP BY o.id
                """
            ) {
                let (trade, levels, seats, taken) = try row.decode((String, Int64, Int?, Int?).self)
                guard let trade = TradeCode(trade) else { continue }
                let counted = BasinStatistics.Seats(offers: 1, seats: seats ?? 0, taken: taken ?? 0)
                for level in Level.set(fromMask: levels) {
                    statistics.byTradeAndLevel[.init(trade: trade, level: level), default: .init()].add(counted)
                }
            }
            for row in try await r.rows(
                """
                SELECT p.week, count(*), sum(p.seats)::bigint, sum(p.taken)::bigint
                FROM \(unescaped: t.offerPeriod) p JOIN \(unescaped: t.offer) o ON o.id = p.offer_id
                WHERE o.state = 'published' GROUP BY p.week
                """
            ) {
                let (week, offers, seats, taken) = try row.decode((Int, Int, Int, Int).self)
                guard let week = ISOWeek(storage: week) else { continue }
                statistics.byWeek[week] = .init(offers: offers, seats: seats, taken: taken)
            }
            for row in try await r.rows(
                "SELECT school_uai, state, count(*) FROM \(unescaped: t.reservation) GROUP BY school_uai, state"
            ) {
                let (school, state, count) = try row.decode((String, String, Int).self)
                guard let school = UAI(school), let state = ReservationState(rawValue: state) else { continue }
                statistics.reservations[school, default: [:]][state] = count
            }
            for row in try await r.rows(
                "SELECT school_uai, sum(pupils)::bigint FROM \(unescaped: t.schoolPeriod) GROUP BY school_uai"
            ) {
                let (school, pupils) = try row.decode((String, Int).self)
                guard let school = UAI(school) else { continue }
                statistics.pupils[school] = pupils
            }
            statistics.placements = try await r.placementCounts(year: year, now: now)
            statistics.placedByTradeAndGender = try await r.placedByTradeAndGender(year: year)
            statistics.declinesByCompany = try await r.declinesByCompany(year: year)
            statistics.schoolYear = year
            return statistics
        }
    }
}

extension BasinQueries {
    /// Pupils of a school year's rosters by school, level and equity profile, with how many are placed or waiting.
    func placementCounts(year: SchoolYear, now: Int64) async throws -> [PlacementCount] {
        let t = self.tables
        return try await self.rows(
            """
            SELECT school_uai, level, qpv, needs_accessible, gender, count(*), count(*) FILTER (WHERE placed),
              count(*) FILTER (WHERE NOT placed AND pending)
            FROM (
              SELECT p.school_uai, p.level, p.qpv, p.needs_accessible, p.gender,
                EXISTS (SELECT 1 FROM \(unescaped: t.application) a WHERE a.pupil_id = p.id AND a.state = 'accepted')
                  AS placed,
                EXISTS (SELECT 1 FROM \(unescaped: t.application) a WHERE a.pupil_id = p.id AND a.state = 'pending'
                  AND a.expires_at > \(now)) AS pending
              FROM \(unescaped: t.pupil) p WHERE p.school_year = \(year.startYear)) AS counted
            GROUP BY school_uai, level, qpv, needs_accessible, gender
            ORDER BY school_uai COLLATE "C", level, qpv, needs_accessible, gender COLLATE "C" NULLS FIRST
            """
        ).map { row in
            let (school, level, qpv, needsAccessible, gender, pupils, placed, pending) = try row.decode(
                (String, Int, Bool, Bool, String?, Int, Int, Int).self
            )
            guard let school = UAI(school), let level = Level(rawValue: level) else {
                throw StoreError.corrupt("a pupil row of school year \(year) cannot be read")
            }
            return PlacementCount(
                school: school,
                level: level,
                qpv: qpv,
                needsAccessible: needsAccessible,
                gender: gender.flatMap(Gender.init(rawValue:)),
                pupils: pupils,
                placed: placed,
                pending: pending
            )
        }
    }

    /// Per trade, the school year's pupils with an accepted application to an offer of the trade, girls and boys.
    func placedByTradeAndGender(year: SchoolYear) async throws -> [TradeCode: BasinStatistics.PlacedByGender] {
        let t = self.tables
        var result: [TradeCode: BasinStatistics.PlacedByGender] = [:]
        for row in try await self.rows(
            """
            SELECT o.trade_code, p.gender, count(DISTINCT p.id)
            FROM \(unescaped: t.application) a JOIN \(unescaped: t.pupil) p ON p.id = a.pupil_id
              JOIN \(unescaped: t.offer) o ON o.id = a.offer_id
            WHERE a.state = 'accepted' AND p.school_year = \(year.startYear)
              AND p.gender IN (\(Gender.female.rawValue), \(Gender.male.rawValue))
            GROUP BY o.trade_code, p.gender
            """
        ) {
            let (trade, gender, pupils) = try row.decode((String, String, Int).self)
            guard let trade = TradeCode(trade), let gender = Gender(rawValue: gender) else {
                throw StoreError.corrupt("an accepted application's trade or gender in school year \(year)")
            }
            if gender == .female { result[trade, default: .init()].girls = pupils }
            if gender == .male { result[trade, default: .init()].boys = pupils }
        }
        return result
    }

    /// Per company, a school year's answered applications and declines, and the reasons, for priority pupils and the
    /// others.
    func declinesByCompany(year: SchoolYear) async throws -> [SIRET: BasinStatistics.CompanyDeclines] {
        let t = self.tables
        var result: [SIRET: BasinStatistics.CompanyDeclines] = [:]
        let answered = """
            FROM \(t.application) a JOIN \(t.offer) o ON o.id = a.offer_id
            WHERE a.school_year = \(year.startYear) AND (a.state = 'accepted'
              OR (a.state = 'declined' AND a.decline_reason IS DISTINCT FROM '\(DeclineReason.offerWithdrawn.rawValue)'))
            """
        for row in try await self.rows(
            """
            SELECT o.company_siret, max(o.company_name), a.priority, count(DISTINCT a.pupil_id), count(*),
              count(*) FILTER (WHERE a.state = 'declined')
            \(unescaped: answered) GROUP BY o.company_siret, a.priority
            """
        ) {
            let (company, name, priority, pupils, answered, declined) = try row.decode(
                (String, String, Bool, Int, Int, Int).self
            )
            guard let siret = SIRET(company) else {
                throw StoreError.corrupt("an answered application's company in school year \(year)")
            }
            var counts = BasinStatistics.DeclineCounts()
            (counts.pupils, counts.answered, counts.declined) = (pupils, answered, declined)
            result[siret, default: .init()].name = name
            if priority {
                result[siret, default: .init()].priority = counts
            } else {
                result[siret, default: .init()].others = counts
            }
        }
        for row in try await self.rows(
            """
            SELECT o.company_siret, a.priority, a.decline_reason, count(*)
            \(unescaped: answered) AND a.state = 'declined' GROUP BY o.company_siret, a.priority, a.decline_reason
            """
        ) {
            let (company, priority, reason, count) = try row.decode((String, Bool, String?, Int).self)
            guard let siret = SIRET(company), let reason = reason.flatMap(DeclineReason.init(rawValue:)) else {
                throw StoreError.corrupt("a declined application's company or reason in school year \(year)")
            }
            if priority {
                result[siret]?.priority.reasons[reason] = count
            } else {
                result[siret]?.others.reasons[reason] = count
            }
        }
        return result
    }
}
