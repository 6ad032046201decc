/// A school's internship period for one level: the weeks its pupils are out, how many, and in which trade.
public struct SchoolPeriod: Sendable, Hashable {
    public var level: Level
    public var from: ISOWeek
    public var to: ISOWeek
    public var pupils: Int
    /// The section's trade for vocational classes; `nil` when any trade will do.
    public var trade: TradeCode?

    public init(level: Level, from: ISOWeek, to: ISOWeek, pupils: Int, trade: TradeCode? = nil) {
        self.level = level
        self.from = from
        self.to = to
        self.pupils = pupils
        self.trade = trade
    }

    package func covers(_ week: ISOWeek) -> Bool { self.from <= week && week <= self.to }
}

/// Pupils out against seats offered in one week, for one trade or (trade `nil`) for the pupils whose period names none,
/// against every trade's seats.
public struct WeekLoad: Sendable, Hashable {
    public var week: ISOWeek
    public var trade: TradeCode?
    public var pupilsOut: Int
    public var seatsOffered: Int
    public var seatsFree: Int
}

/// The seats of published offers in one week for one trade, as a backend sums them.
package struct WeekSeats: Sendable {
    package var week: ISOWeek
    package var trade: TradeCode
    package var offered: Int
    package var free: Int

    package init(week: ISOWeek, trade: TradeCode, offered: Int, free: Int) {
        self.week = week
        self.trade = trade
        self.offered = offered
        self.free = free
    }
}

extension WeekLoad {
    /// Pupils out against seats, per week of `from...to` and trade, from the periods that meet the range and the seats
    /// of each week and trade; by week, then trade (the pupils of no trade first, against every trade's seats).
    package static func loads(
        periods: [SchoolPeriod],
        seats weekSeats: [WeekSeats],
        from: ISOWeek,
        to: ISOWeek
    ) -> [WeekLoad] {
        struct Key: Hashable {
            var week: ISOWeek
            var trade: TradeCode?
        }
        var seats: [Key: (offered: Int, free: Int)] = [:]
        var allSeats: [ISOWeek: (offered: Int, free: Int)] = [:]
        for entry in weekSeats {
            seats[Key(week: entry.week, trade: entry.trade)] = (entry.offered, entry.free)
            allSeats[entry.week, default: (0, 0)].offered += entry.offered
            allSeats[entry.week, default: (0, 0)].free += entry.free
        }
        var pupils: [Key: Int] = [:]
        var week = from
        while week <= to {
            for period in periods where period.covers(week) {
                pupils[Key(week: week, trade: period.trade), default: 0] += period.pupils
            }
            week = week.next
        }
        let keys = Set(pupils.keys).union(seats.keys)
        return keys.map { key in
            let offered = key.trade == nil ? allSeats[key.week] : seats[key]
            return WeekLoad(
                week: key.week,
                trade: key.trade,
                pupilsOut: pupils[key] ?? 0,
                seatsOffered: offered?.offered ?? 0,
                seatsFree: offered?.free ?? 0
            )
        }.sorted { ($0.week, $0.trade?.rawValue ?? "") < ($1.week, $1.trade?.rawValue ?? "") }
    }
}
