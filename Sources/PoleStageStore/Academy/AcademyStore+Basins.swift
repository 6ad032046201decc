import GRDB

extension AcademyStore {
    /// Renames a basin.
    ///
    /// - Throws: ``StoreError/notFound(_:)``; ``StoreError/failedPrecondition(_:)`` when the basin is archived.
    public func renameBasin(_ id: BasinID, to name: String) async throws -> Basin {
        try await self.write { db in
            let basin = try Self.requireBasin(db, id)
            guard !basin.archived else {
                throw StoreError.failedPrecondition("basin \(id) is archived: it is read-only")
            }
            try db.execute(sql: "UPDATE basin SET name = ? WHERE id = ?", arguments: [name, id.rawValue])
            return Basin(id: id, name: name, archived: false)
        }
    }

    /// Marks a basin archived: read-only, kept. Archiving an archived basin changes nothing.
    ///
    /// The basin's own store is marked too (``BasinStore/markArchived()``), which is what refuses writes.
    public func archiveBasin(_ id: BasinID) async throws -> Basin {
        try await self.write { db in
            var basin = try Self.requireBasin(db, id)
            try db.execute(sql: "UPDATE basin SET archived = 1 WHERE id = ?", arguments: [id.rawValue])
            basin.archived = true
            return basin
        }
    }

    /// How many schools each basin has.
    public func schoolCounts() async throws -> [BasinID: Int] {
        try await self.read { db in
            var counts: [BasinID: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT basinId, COUNT(*) AS n FROM school GROUP BY basinId") {
                if let basin = BasinID(row["basinId"]) { counts[basin] = row["n"] }
            }
            return counts
        }
    }

    static func requireBasin(_ db: Database, _ id: BasinID) throws -> Basin {
        guard
            let basin = try Row.fetchOne(db, sql: "SELECT * FROM basin WHERE id = ?", arguments: [id.rawValue])
                .flatMap(Basin.init(row:))
        else { throw StoreError.notFound("basin \(id)") }
        return basin
    }
}
