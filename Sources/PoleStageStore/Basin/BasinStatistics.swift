/// A basin's figures, read in one transaction; figures of several basins add up (``merge(_:)``).
public struct BasinStatistics: Sendable, Equatable {
    /// One trade at one level.
    public struct TradeLevel: Sendable, Hashable, Comparable {
        public var trade: TradeCode
        public var level: Level

        package init(trade: TradeCode, level: Level) {
            self.trade = trade
            self.level = level
        }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.trade.rawValue, lhs.level.rawValue) < (rhs.trade.rawValue, rhs.level.rawValue)
        }
    }

    /// Offers and their seats.
    public struct Seats: Sendable, Equatable {
        public var offers = 0
        public var seats = 0
        public var taken = 0

        package init(offers: Int = 0, seats: Int = 0, taken: Int = 0) {
            self.offers = offers
            self.seats = seats
            self.taken = taken
        }
    }

    /// Published offers by trade and level: an offer counts under every level it accepts.
    public var byTradeAndLevel: [TradeLevel: Seats] = [:]
    /// Seats of published offers, and those taken, per week.
    public var byWeek: [ISOWeek: Seats] = [:]
    /// Reservations per school and state.
    public var reservations: [UAI: [ReservationState: Int]] = [:]
    /// Pupils declared in each school's calendar periods.
    public var pupils: [UAI: Int] = [:]
    /// The current school year's rosters, counted in pupils.
    public var placements: [PlacementCount] = []
    /// The school year of ``placements``.
    public var schoolYear: SchoolYear?
    /// Per trade, the pupils of the current school year placed in it (an accepted application to one of its offers)
    /// whose roster gives their gender as female or male; a pupil placed in two trades counts in each.
    public var placedByTradeAndGender: [TradeCode: PlacedByGender] = [:]

    /// Placed pupils by gender.
    public struct PlacedByGender: Sendable, Equatable {
        public var girls = 0
        public var boys = 0

        public init(girls: Int = 0, boys: Int = 0) {
            self.girls = girls
            self.boys = boys
        }
    }

    /// Per company, the current school year's answered applications (accepted, or declined for a reason of the
    /// company's: not by withdrawing its offer), for the basin's priority pupils and for the others.
    public var declinesByCompany: [SIRET: CompanyDeclines] = [:]

    /// A company's answers, for priority pupils and the others.
    public struct CompanyDeclines: Sendable, Equatable {
        public var name = ""
        public var priority = DeclineCounts()
        public var others = DeclineCounts()

        package init() {}
    }

    /// Answers to one group of pupils.
    public struct DeclineCounts: Sendable, Equatable {
        /// Distinct pupils whose application was answered.
        public var pupils = 0
        public var answered = 0
        public var declined = 0
        public var reasons: [DeclineReason: Int] = [:]

        public init() {}

        mutating func add(_ other: Self) {
            self.pupils += other.pupils
            self.answered += other.answered
            self.declined += other.declined
            for (reason, count) in other.reasons { self.reasons[reason, default: 0] += count }
        }
    }

    public init() {}

    /// Adds another basin's figures.
    public mutating func merge(_ other: BasinStatistics) {
        for (key, value) in other.byTradeAndLevel { self.byTradeAndLevel[key, default: .init()].add(value) }
        for (key, value) in other.byWeek { self.byWeek[key, default: .init()].add(value) }
        for (school, states) in other.reservations {
            for (state, count) in states { self.reservations[school, default: [:]][state, default: 0] += count }
        }
        for (school, count) in other.pupils { self.pupils[school, default: 0] += count }
        self.placements += other.placements
        for (trade, placed) in other.placedByTradeAndGender {
            self.placedByTradeAndGender[trade, default: .init()].girls += placed.girls
            self.placedByTradeAndGender[trade, default: .init()].boys += placed.boys
        }
        for (company, declines) in other.declinesByCompany {
            self.declinesByCompany[company, default: .init()].name = declines.name
            self.declinesByCompany[company, default: .init()].priority.add(declines.priority)
            self.declinesByCompany[company, default: .init()].others.add(declines.others)
        }
        self.schoolYear = self.schoolYear ?? other.schoolYear
    }
}

extension BasinStatistics.Seats {
    package mutating func add(_ other: Self) {
        self.offers += other.offers
        self.seats += other.seats
        self.taken += other.taken
    }
}
