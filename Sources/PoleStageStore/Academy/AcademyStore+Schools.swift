import GRDB

extension AcademyStore {
    /// Adds a school.
    ///
    /// - Throws: ``StoreError/alreadyExists(_:)`` when its UAI is taken; ``StoreError/notFound(_:)`` for an unknown
    ///   basin; ``StoreError/failedPrecondition(_:)`` for an archived one.
    public func createSchool(_ school: School) async throws {
        try await self.write { db in _ = try Self.writeSchool(db, school, existing: .refuse) }
    }

    /// Adds a school, or replaces the one with the same UAI (the demo's and the tests' seeding).
    ///
    /// - Throws: ``StoreError/notFound(_:)`` for an unknown basin; ``StoreError/failedPrecondition(_:)`` for an
    ///   archived one.
    public func saveSchool(_ school: School) async throws {
        try await self.write { db in _ = try Self.writeSchool(db, school, existing: .update) }
    }

    /// Changes an existing school, in one transaction: `transform` makes the new school from the stored one.
    ///
    /// - Parameter transform: Runs on the stored school; what it throws refuses the update (an animator may move none
    ///   out of its basin). The UAI it returns is the school's.
    /// - Returns: The school as stored.
    /// - Throws: ``StoreError/notFound(_:)`` when no school has this UAI; ``StoreError/failedPrecondition(_:)`` when
    ///   its basin, or the one it moves to, is archived.
    public func updateSchool(
        _ uai: UAI,
        _ transform: @escaping @Sendable (School) throws -> School
    ) async throws -> School {
        try await self.write { db in
            guard let current = try Self.fetchSchool(db, uai) else { throw StoreError.unknownSchool(uai) }
            var school = try transform(current)
            school.uai = uai
            try Self.requireWritableBasin(db, current.basin)
            _ = try Self.writeSchool(db, school, existing: .update)
            return school
        }
    }

    /// Creates or updates many schools in one transaction: all or none.
    public func importSchools(_ schools: [School]) async throws -> ImportOutcome {
        guard !schools.isEmpty else { return ImportOutcome(created: 0, updated: 0, committed: false) }
        let created = try await self.write { db in
            try schools.reduce(0) { created, school in
                created + (try Self.writeSchool(db, school, existing: .update) ? 1 : 0)
            }
        }
        return ImportOutcome(created: created, updated: schools.count - created, committed: true)
    }

    /// The school with this UAI, or `nil`.
    public func school(_ uai: UAI) async throws -> School? {
        try await self.lookups.school(uai) {
            try await self.read { db in try Self.fetchSchool(db, uai) }
        }
    }

    /// What a basin's priority rule reads of a school: its REP, REP+ and rural facts; none for a school the directory
    /// does not know.
    public func priorityFacts(of uai: UAI) async throws -> SchoolPriorityFacts {
        SchoolPriorityFacts(of: try await self.school(uai))
    }

    /// A basin's schools, by UAI.
    public func schools(in basin: BasinID) async throws -> [School] {
        try await self.read { db in
            try SchoolRecord.filter(Column("basinId") == basin.rawValue).order(Column("uai")).fetchAll(db).map(\.school)
        }
    }

    /// Every school of the académie, by UAI.
    public func allSchools() async throws -> [School] {
        try await self.read { db in try SchoolRecord.order(Column("uai")).fetchAll(db).map(\.school) }
    }

    /// How many schools the academy has.
    public func schoolCount() async throws -> Int {
        try await self.read { db in try SchoolRecord.fetchCount(db) }
    }

    static func fetchSchool(_ db: Database, _ uai: UAI) throws -> School? {
        // Read by tenant resolution whenever the lookups were emptied: a cached statement.
        try SQLRequest<SchoolRecord>(literal: "SELECT * FROM school WHERE uai = \(uai.rawValue)", cached: true)
            .fetchOne(db)?.school
    }

    /// The one write of a `school` row: every public write of a school goes through here.
    ///
    /// Its basin must exist and not be archived. An existing row is updated in place, never deleted and inserted again
    /// (which `INSERT OR REPLACE` does, firing the foreign keys' delete actions of the rows that name it).
    /// - Returns: Whether the school was added.
    static func writeSchool(_ db: Database, _ school: School, existing: ExistingRow) throws -> Bool {
        let exists = try SchoolRecord.exists(db, key: school.uai.rawValue)
        if exists, existing == .refuse { throw StoreError.schoolExists(school.uai) }
        try requireWritableBasin(db, school.basin)
        let record = SchoolRecord(school)
        if exists { try record.update(db) } else { try record.insert(db) }
        return !exists
    }
}
