package import PoleStageStore
import PostgresNIO

extension PostgresBasinStore: BoardingStorage {
    package func saveBoardingHouse(id: Int64?, _ details: BoardingHouseDetails) async throws -> BoardingHouse {
        let now = self.nowMilliseconds
        return try await self.write { t in
            let tables = t.tables
            let houseID: Int64
            if let id {
                try await t.requireBoardingHouse(id).checkReplacement(by: details)
                try await t.execute(
                    """
                    UPDATE \(unescaped: tables.boardingHouse) SET name = \(details.name), commune = \(details.commune),
                      latitude = \(details.location.latitude), longitude = \(details.location.longitude),
                      conditions = \(details.conditions), updated_at = \(now)
                    WHERE id = \(id)
                    """
                )
                try await t.execute(
                    "DELETE FROM \(unescaped: tables.boardingWeek) WHERE house_id = \(id) AND taken = 0"
                )
                houseID = id
            } else {
                let rows = try await t.rows(
                    """
                    INSERT INTO \(unescaped: tables.boardingHouse) (name, commune, latitude, longitude, conditions,
                      updated_at)
                    VALUES (\(details.name), \(details.commune), \(details.location.latitude),
                      \(details.location.longitude), \(details.conditions), \(now))
                    RETURNING id
                    """
                )
                guard let id = try rows.first?.decode(Int64.self) else {
                    throw StoreError.corrupt("a boarding house got no id")
                }
                houseID = id
            }
            for (week, places) in details.places {
                try await t.execute(
                    """
                    INSERT INTO \(unescaped: tables.boardingWeek) (house_id, week, places)
                    VALUES (\(houseID), \(week.storage), \(places))
                    ON CONFLICT (house_id, week) DO UPDATE SET places = excluded.places
                    """
                )
            }
            return try await t.requireBoardingHouse(houseID)
        }
    }

    package func boardingHouses() async throws -> [BoardingHouse] {
        try await self.read { r in
            var houses: [BoardingHouse] = []
            for row in try await r.rows(
                "SELECT id FROM \(unescaped: r.tables.boardingHouse) ORDER BY name COLLATE \"C\", id"
            ) {
                houses.append(try await r.requireBoardingHouse(try row.decode(Int64.self)))
            }
            return houses
        }
    }
}

extension BasinTransaction {
    /// Holds one place in each week for an application: every week or none.
    func takeBoardingPlaces(_ id: Int64, weeks: [ISOWeek]) async throws {
        let house = try await self.requireBoardingHouse(id)
        for week in weeks {
            try house.checkHosts(week)
            let taken = try await self.rows(
                """
                UPDATE \(unescaped: self.tables.boardingWeek) SET taken = taken + 1
                WHERE house_id = \(id) AND week = \(week.storage) AND taken < places
                RETURNING 1
                """
            )
            guard taken.count == 1 else { throw house.noPlaceLeft(week) }
        }
    }
}
