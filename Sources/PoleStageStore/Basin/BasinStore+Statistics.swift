import GRDB

extension BasinStore {
    /// The basin's figures: seats by trade, level and week, reservations and declared pupils per school.
    public func statistics() async throws -> BasinStatistics {
        try await self.read { db in
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
            return statistics
        }
    }
}
