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

    func covers(_ week: ISOWeek) -> Bool { self.from <= week && week <= self.to }
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
