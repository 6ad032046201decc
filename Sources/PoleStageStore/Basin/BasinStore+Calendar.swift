import GRDB

extension BasinStore {
    /// Replaces a school's periods.
    public func setSchoolPeriods(_ periods: [SchoolPeriod], school: UAI) async throws -> [SchoolPeriod] {
        try await self.write { db in
            try db.execute(sql: "DELETE FROM schoolPeriod WHERE schoolUai = ?", arguments: [school.rawValue])
            for period in periods {
                try db.execute(
                    sql: """
                        INSERT INTO schoolPeriod (schoolUai, level, fromWeek, toWeek, pupils, tradeCode)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        school.rawValue, period.level.rawValue, period.from.storage, period.to.storage, period.pupils,
                        period.trade?.rawValue,
                    ]
                )
            }
            return try Self.fetchPeriods(db, where: "schoolUai = \(school.rawValue)")[school] ?? []
        }
    }

    public func schoolPeriods(_ school: UAI) async throws -> [SchoolPeriod] {
        try await self.read { db in try Self.fetchPeriods(db, where: "schoolUai = \(school.rawValue)")[school] ?? [] }
    }

    /// Every school's periods that meet the week range.
    public func calendar(from: ISOWeek, to: ISOWeek) async throws -> [UAI: [SchoolPeriod]] {
        try await self.read { db in
            try Self.fetchPeriods(db, where: "fromWeek <= \(to.storage) AND toWeek >= \(from.storage)")
        }
    }

    /// Pupils out against seats of published offers, per week of the range and trade.
    public func load(from: ISOWeek, to: ISOWeek) async throws -> [WeekLoad] {
        try await self.read { db in
            let periods = try Self.fetchPeriods(db, where: "fromWeek <= \(to.storage) AND toWeek >= \(from.storage)")
                .values.flatMap { $0 }
            var seats: [WeekSeats] = []
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT p.week, o.tradeCode, SUM(p.seats) AS offered, SUM(p.seats - p.taken) AS free
                    FROM offerPeriod p JOIN offer o ON o.id = p.offerId
                    WHERE o.state = 'published' AND p.week BETWEEN ? AND ?
                    GROUP BY p.week, o.tradeCode
                    """,
                arguments: [from.storage, to.storage]
            ) {
                guard let week = ISOWeek(storage: row["week"]), let trade = TradeCode(row["tradeCode"]) else {
                    continue
                }
                seats.append(WeekSeats(week: week, trade: trade, offered: row["offered"], free: row["free"]))
            }
            return WeekLoad.loads(periods: periods, seats: seats, from: from, to: to)
        }
    }

    /// The periods `condition` selects, by school.
    static func fetchPeriods(_ db: Database, where condition: SQL) throws -> [UAI: [SchoolPeriod]] {
        var result: [UAI: [SchoolPeriod]] = [:]
        let rows = try SQLRequest<Row>(
            literal: "SELECT * FROM schoolPeriod WHERE \(condition) ORDER BY schoolUai, fromWeek, level"
        ).fetchAll(db)
        for row in rows {
            let stored = StoredRow(row, table: "schoolPeriod", key: "id")
            let period = SchoolPeriod(
                level: try stored.decode("level", as: Level.init(rawValue:)),
                from: try stored.decode("fromWeek", as: ISOWeek.init(storage:)),
                to: try stored.decode("toWeek", as: ISOWeek.init(storage:)),
                pupils: try stored.decode("pupils"),
                trade: try stored.decodeIfPresent("tradeCode", as: TradeCode.init)
            )
            result[try stored.decode("schoolUai", as: UAI.init), default: []].append(period)
        }
        return result
    }
}
