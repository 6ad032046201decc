package import PoleStageStore
import PostgresNIO

extension PostgresAcademyStore {
    package func createBasin(_ basin: Basin) async throws {
        let now = self.nowMilliseconds
        try await self.write { t in
            try await t.insert(
                """
                INSERT INTO \(unescaped: t.tables.basin) (id, name, archived, created_at)
                VALUES (\(basin.id.rawValue), \(basin.name), \(basin.archived), \(now))
                """,
                orElse: .basinExists(basin.id)
            )
        }
    }

    package func basin(_ id: BasinID) async throws -> Basin? {
        try await self.fetchBasin(id)
    }

    package func basins() async throws -> [Basin] {
        try await self.basins(
            "SELECT \(unescaped: self.basinColumns) FROM \(unescaped: self.tables.basin) ORDER BY id"
        )
    }

    package func renameBasin(_ id: BasinID, to name: String) async throws -> Basin {
        try await self.write { t in
            var basin = try await t.requireBasin(id, lock: .update)
            try basin.checkWritable()
            basin.name = name
            try await t.updateBasin(basin)
            return basin
        }
    }

    package func archiveBasin(_ id: BasinID) async throws -> Basin {
        try await self.write { t in
            var basin = try await t.requireBasin(id, lock: .update)
            basin.archived = true
            try await t.updateBasin(basin)
            return basin
        }
    }

    package func schoolCounts() async throws -> [BasinID: Int] {
        var counts: [BasinID: Int] = [:]
        for row in try await self.rows(
            "SELECT basin_id, count(*) FROM \(unescaped: self.tables.school) GROUP BY basin_id"
        ) {
            let (id, count) = try row.decode((String, Int).self)
            guard let basin = BasinID(id) else {
                throw StoreError.corrupt("school \(id): column basinId cannot be read")
            }
            counts[basin] = count
        }
        return counts
    }
}

extension AcademyTransaction {
    /// The one write of an existing basin's row: its name and archived flag (its creation time stays).
    func updateBasin(_ basin: Basin) async throws {
        try await self.execute(
            """
            UPDATE \(unescaped: self.tables.basin) SET name = \(basin.name), archived = \(basin.archived)
            WHERE id = \(basin.id.rawValue)
            """
        )
    }
}
