/// What a basin's animator writes of a boarding house (internat) that takes pupils during placement weeks.
public struct BoardingHouseDetails: Sendable, Hashable {
    public var name: String
    public var commune: String
    public var location: GeoPoint
    /// What a pupil must know: ages taken, arrival the evening before, meals, who to call.
    public var conditions: String
    /// Places per ISO week.
    public var places: [ISOWeek: Int]

    public init(name: String, commune: String, location: GeoPoint, conditions: String, places: [ISOWeek: Int]) {
        self.name = name
        self.commune = commune
        self.location = location
        self.conditions = conditions
        self.places = places
    }
}

/// A boarding house's places in one week.
public struct BoardingWeek: Sendable, Hashable {
    public var week: ISOWeek
    public var places: Int
    /// Held by live applications.
    public var taken: Int
    public var free: Int { max(0, self.places - self.taken) }

    package init(
        week: ISOWeek,
        places: Int,
        taken: Int
    ) {
        self.week = week
        self.places = places
        self.taken = taken
    }
}

/// A boarding house of the basin, with its places per week.
public struct BoardingHouse: Sendable, Hashable {
    public var id: Int64
    public var details: BoardingHouseDetails
    public var weeks: [BoardingWeek]

    package init(
        id: Int64,
        details: BoardingHouseDetails,
        weeks: [BoardingWeek]
    ) {
        self.id = id
        self.details = details
        self.weeks = weeks
    }
}
