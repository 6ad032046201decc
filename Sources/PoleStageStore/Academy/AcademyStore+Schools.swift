import GRDB

extension AcademyStore {
    /// Adds a school.
    ///
    /// - Throws: ``StoreError/alreadyExists(_:)`` when its UAI is taken; ``StoreError/notFound(_:)`` for an unknown
    ///   basin; ``StoreError/failedPrecondition(_:)`` for an archived one.
    public func createSchool(_ school: School) async throws {
        try await self.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM school WHERE uai = ?", arguments: [school.uai.rawValue]) != nil
            {
                throw StoreError.alreadyExists("school \(school.uai)")
            }
            try Self.requireWritableBasin(db, school.basin)
            try Self.upsert(db, school)
        }
    }

    /// Changes an existing school, in one transaction: `transform` makes the new school from the stored one.
    ///
    /// - Parameter transform: Runs on the stored school; what it throws refuses the update (an animator may move none
    ///   out of its basin). The UAI it returns is the school's.
    /// - Returns: The school as stored.
    /// - Throws: ``StoreError/notFound(_:)`` when no school has this UAI.
    public func updateSchool(
        _ uai: UAI,
        _ transform: @escaping @Sendable (School) throws -> School
    ) async throws -> School {
        try await self.write { db in
            guard
                let current = try Row.fetchOne(db, sql: "SELECT * FROM school WHERE uai = ?", arguments: [uai.rawValue])
                    .flatMap(School.init(row:))
            else { throw StoreError.notFound("school \(uai)") }
            var school = try transform(current)
            school.uai = uai
            try Self.requireWritableBasin(db, current.basin)
            try Self.requireWritableBasin(db, school.basin)
            try Self.upsert(db, school)
            return school
        }
    }

    /// Creates or updates many schools in one transaction: all or none.
    public func importSchools(_ schools: [School]) async throws -> ImportOutcome {
        guard !schools.isEmpty else { return ImportOutcome(created: 0, updated: 0, committed: false) }
        let updated = try await self.write { db in
            var updated = 0
            for school in schools {
                try Self.requireWritableBasin(db, school.basin)
                let exists = try Bool.fetchOne(
                    db,
                    sql: "SELECT 1 FROM school WHERE uai = ?",
                    arguments: [school.uai.rawValue]
                )
                if exists == true { updated += 1 }
                try Self.upsert(db, school)
            }
            return updated
        }
        return ImportOutcome(created: schools.count - updated, updated: updated, committed: true)
    }

    /// How many schools the academy has.
    public func schoolCount() async throws -> Int {
        try await self.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM school") ?? 0 }
    }

    /// Every school of the académie.
    public func allSchools() async throws -> [School] {
        try await self.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM school ORDER BY uai").compactMap(School.init(row:))
        }
    }

    static func requireWritableBasin(_ db: Database, _ id: BasinID) throws {
        let basin = try requireBasin(db, id)
        guard !basin.archived else { throw StoreError.failedPrecondition("basin \(id) is archived: it is read-only") }
    }

    static func upsert(_ db: Database, _ school: School) throws {
        try db.execute(
            sql: """
                INSERT INTO school (uai, name, kind, commune, basinId, rep, repPlus, rural, latitude, longitude)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(uai) DO UPDATE SET name = excluded.name, kind = excluded.kind, commune = excluded.commune,
                  basinId = excluded.basinId, rep = excluded.rep, repPlus = excluded.repPlus, rural = excluded.rural,
                  latitude = excluded.latitude, longitude = excluded.longitude
                """,
            arguments: [
                school.uai.rawValue, school.name, school.kind.rawValue, school.commune, school.basin.rawValue,
                school.rep, school.repPlus, school.rural, school.location.latitude, school.location.longitude,
            ]
        )
    }
}
