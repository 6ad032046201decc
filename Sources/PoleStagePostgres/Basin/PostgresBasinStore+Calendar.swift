package import PoleStageStore
import PostgresNIO

extension PostgresBasinStore: CalendarStorage {
    package func setSchoolPeriods(_ periods: [SchoolPeriod], school: UAI) async throws -> [SchoolPeriod] {
        try await self.write { t in
            try await t.execute("DELETE FROM \(unescaped: t.tables.schoolPeriod) WHERE school_uai = \(school.rawValue)")
            for period in periods {
                try await t.execute(
                    """
                    INSERT INTO \(unescaped: t.tables.schoolPeriod) (school_uai, level, from_week, to_week, pupils,
                      trade_code)
                    VALUES (\(school.rawValue), \(period.level.rawValue), \(period.from.storage), \(period.to.storage),
                      \(period.pupils), \(period.trade?.rawValue))
                    """
                )
            }
            return try await t.periods(of: school)
        }
    }

    package func schoolPeriods(_ school: UAI) async throws -> [SchoolPeriod] {
        try await self.read { r in try await r.periods(of: school) }
    }

    package func calendar(from: ISOWeek, to: ISOWeek) async throws -> [UAI: [SchoolPeriod]] {
        try await self.read { r in try await r.periods(from: from, to: to) }
    }

    package func load(from: ISOWeek, to: ISOWeek) async throws -> [WeekLoad] {
        try await self.read { r in
            let periods = try await r.periods(from: from, to: to).values.flatMap { $0 }
            let seats = try await r.rows(
                """
                SELECT p.week, o.trade_code, sum(p.seats)::bigint, sum(p.seats - p.taken)::bigint
                FROM \(unescaped: r.tables.offerPeriod) p JOIN \(unescaped: r.tables.offer) o ON o.id = p.offer_id
                WHERE o.state = 'published' AND p.week BETWEEN \(from.storage) AND \(to.storage)
                GROUP BY p.week, o.trade_code
                """
            ).compactMap { row -> WeekSeats? in
                let (week, trade, offered, free) = try row.decode((Int, String, Int, Int).self)
                guard let week = ISOWeek(storage: week), let trade = TradeCode(trade) else { return nil }
                return WeekSeats(week: week, trade: trade, offered: offered, free: free)
            }
            return WeekLoad.loads(periods: periods, seats: seats, from: from, to: to)
        }
    }
}

extension BasinQueries {
    func periods(of school: UAI) async throws -> [SchoolPeriod] {
        try await self.periods(
            """
            SELECT school_uai, level, from_week, to_week, pupils, trade_code FROM \(unescaped: self.tables.schoolPeriod)
            WHERE school_uai = \(school.rawValue) ORDER BY school_uai COLLATE "C", from_week, level
            """
        )[school] ?? []
    }

    func periods(from: ISOWeek, to: ISOWeek) async throws -> [UAI: [SchoolPeriod]] {
        try await self.periods(
            """
            SELECT school_uai, level, from_week, to_week, pupils, trade_code FROM \(unescaped: self.tables.schoolPeriod)
            WHERE from_week <= \(to.storage) AND to_week >= \(from.storage) ORDER BY school_uai COLLATE "C", from_week, level
            """
        )
    }

    /// The periods of the rows `query` selects, by school, in the rows' order.
    private func periods(_ query: PostgresQuery) async throws -> [UAI: [SchoolPeriod]] {
        var result: [UAI: [SchoolPeriod]] = [:]
        for row in try await self.rows(query) {
            let (school, level, from, to, pupils, trade) = try row.decode((String, Int, Int, Int, Int, String?).self)
            guard let uai = UAI(school), let level = Level(rawValue: level), let from = ISOWeek(storage: from),
                let to = ISOWeek(storage: to)
            else { throw StoreError.corrupt("school_period of \(school) cannot be read") }
            let tradeCode = try trade.map { raw in
                guard let code = TradeCode(raw) else { throw StoreError.corrupt("school_period: trade \(raw)") }
                return code
            }
            result[uai, default: []].append(
                SchoolPeriod(level: level, from: from, to: to, pupils: pupils, trade: tradeCode)
            )
        }
        return result
    }
}
