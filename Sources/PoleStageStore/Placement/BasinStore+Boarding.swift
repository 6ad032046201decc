import GRDB

extension BasinStore {
    /// Creates a boarding house (`id` nil) or replaces one's details; its places in a week cannot drop below those
    /// taken.
    ///
    /// - Throws: ``StoreError/notFound(_:)`` for an unknown house; ``StoreError/failedPrecondition(_:)`` for places
    ///   below those taken.
    public func saveBoardingHouse(id: Int64?, _ details: BoardingHouseDetails) async throws -> BoardingHouse {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            let houseID: Int64
            if let id {
                try Self.requireBoardingHouse(db, id: id).checkReplacement(by: details)
                try db.execute(
                    sql: """
                        UPDATE boardingHouse SET name = ?, commune = ?, latitude = ?, longitude = ?, conditions = ?,
                          updatedAt = ?
                        WHERE id = ?
                        """,
                    arguments: [
                        details.name, details.commune, details.location.latitude, details.location.longitude,
                        details.conditions, now, id,
                    ]
                )
                try db.execute(sql: "DELETE FROM boardingWeek WHERE houseId = ? AND taken = 0", arguments: [id])
                houseID = id
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO boardingHouse (name, commune, latitude, longitude, conditions, updatedAt)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        details.name, details.commune, details.location.latitude, details.location.longitude,
                        details.conditions, now,
                    ]
                )
                houseID = db.lastInsertedRowID
            }
            for (week, places) in details.places {
                try db.execute(
                    sql: """
                        INSERT INTO boardingWeek (houseId, week, places) VALUES (?, ?, ?)
                        ON CONFLICT(houseId, week) DO UPDATE SET places = excluded.places
                        """,
                    arguments: [houseID, week.storage, places]
                )
            }
            return try Self.requireBoardingHouse(db, id: houseID)
        }
    }

    /// The basin's boarding houses, by name.
    public func boardingHouses() async throws -> [BoardingHouse] {
        try await self.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM boardingHouse ORDER BY name, id").map {
                try Self.requireBoardingHouse(db, id: $0)
            }
        }
    }

    static func requireBoardingHouse(_ db: Database, id: Int64) throws -> BoardingHouse {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM boardingHouse WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound("internat \(id)")
        }
        let stored = StoredRow(row, table: "boardingHouse", key: "id")
        var places: [ISOWeek: Int] = [:]
        var weeks: [BoardingWeek] = []
        for week in try Row.fetchAll(
            db,
            sql: "SELECT week, places, taken FROM boardingWeek WHERE houseId = ? ORDER BY week",
            arguments: [id]
        ) {
            let storedWeek = StoredRow(week, table: "boardingWeek", key: "houseId")
            let value = BoardingWeek(
                week: try storedWeek.decode("week", as: ISOWeek.init(storage:)),
                places: try storedWeek.decode("places"),
                taken: try storedWeek.decode("taken")
            )
            places[value.week] = value.places
            weeks.append(value)
        }
        return BoardingHouse(
            id: id,
            details: BoardingHouseDetails(
                name: try stored.decode("name"),
                commune: try stored.decode("commune"),
                location: try stored.decodeLocation(latitude: "latitude", longitude: "longitude"),
                conditions: try stored.decode("conditions"),
                places: places
            ),
            weeks: weeks
        )
    }

    /// Holds one place in each week for an application, in its transaction: every week or none.
    static func takeBoardingPlaces(_ db: Database, house id: Int64, weeks: [ISOWeek]) throws {
        let house = try requireBoardingHouse(db, id: id)
        for week in weeks {
            try house.checkHosts(week)
            try db.execute(
                sql: "UPDATE boardingWeek SET taken = taken + 1 WHERE houseId = ? AND week = ? AND taken < places",
                arguments: [id, week.storage]
            )
            guard db.changesCount == 1 else { throw house.noPlaceLeft(week) }
        }
    }

    /// Gives back the places an application held.
    static func freeBoardingPlaces(_ db: Database, of application: Application) throws {
        guard let house = application.boardingHouse else { return }
        for week in application.weeks {
            try db.execute(
                sql: "UPDATE boardingWeek SET taken = taken - 1 WHERE houseId = ? AND week = ? AND taken > 0",
                arguments: [house, week.storage]
            )
        }
    }
}
