import GRDB

extension AcademyStore {
    /// Adds a basin. Its own store is created by ``BasinStoreRegistry`` on first use.
    ///
    /// - Throws: ``StoreError/alreadyExists(_:)`` when its id is taken.
    public func createBasin(_ basin: Basin) async throws {
        let now = self.configuration.nowMilliseconds()
        try await self.write { db in
            if try BasinRecord.exists(db, key: basin.id.rawValue) {
                throw StoreError.basinExists(basin.id)
            }
            try BasinRecord(basin, createdAt: now).insert(db)
        }
    }

    /// The basin with this id, or `nil`.
    public func basin(_ id: BasinID) async throws -> Basin? {
        try await self.lookups.basin(id) {
            try await self.read { db in try Self.fetchBasin(db, id) }
        }
    }

    /// Every basin, by id.
    public func basins() async throws -> [Basin] {
        try await self.read { db in
            try BasinRecord.order(Column("id")).fetchAll(db).map(\.basin)
        }
    }

    /// Renames a basin.
    ///
    /// - Throws: ``StoreError/notFound(_:)``; ``StoreError/failedPrecondition(_:)`` when the basin is archived.
    public func renameBasin(_ id: BasinID, to name: String) async throws -> Basin {
        try await self.write { db in
            var basin = try Self.requireWritableBasin(db, id)
            basin.name = name
            try Self.updateBasin(db, basin)
            return basin
        }
    }

    /// Marks a basin archived: read-only, kept. Archiving an archived basin changes nothing.
    ///
    /// The basin's own store is marked too (``BasinStore/markArchived()``), which is what refuses writes.
    public func archiveBasin(_ id: BasinID) async throws -> Basin {
        try await self.write { db in
            var basin = try Self.requireBasin(db, id)
            basin.archived = true
            try Self.updateBasin(db, basin)
            return basin
        }
    }

    /// How many schools each basin has.
    public func schoolCounts() async throws -> [BasinID: Int] {
        try await self.read { db in
            var counts: [BasinID: Int] = [:]
            let rows = try Row.fetchAll(db, sql: "SELECT basinId, COUNT(*) AS n FROM school GROUP BY basinId")
            for row in rows {
                let stored = StoredRow(row, table: SchoolRecord.databaseTableName, key: "basinId")
                counts[try stored.decode("basinId", as: BasinID.init)] = try stored.decode("n")
            }
            return counts
        }
    }

    static func fetchBasin(_ db: Database, _ id: BasinID) throws -> Basin? {
        // Read by tenant resolution whenever the lookups were emptied: a cached statement.
        try SQLRequest<BasinRecord>(literal: "SELECT * FROM basin WHERE id = \(id.rawValue)", cached: true)
            .fetchOne(db)?.basin
    }

    static func requireBasin(_ db: Database, _ id: BasinID) throws -> Basin {
        guard let basin = try fetchBasin(db, id) else { throw StoreError.unknownBasin(id) }
        return basin
    }

    /// The basin, which must not be archived.
    ///
    /// - Throws: ``StoreError/notFound(_:)``; ``StoreError/failedPrecondition(_:)`` when it is archived.
    @discardableResult
    static func requireWritableBasin(_ db: Database, _ id: BasinID) throws -> Basin {
        let basin = try requireBasin(db, id)
        try basin.checkWritable()
        return basin
    }

    /// The one write of an existing basin's row: its name and archived flag (its creation time stays).
    private static func updateBasin(_ db: Database, _ basin: Basin) throws {
        try db.execute(
            literal:
                "UPDATE basin SET name = \(basin.name), archived = \(basin.archived) WHERE id = \(basin.id.rawValue)"
        )
    }
}
