package import PoleStageStore
import PostgresNIO

extension PostgresAcademyStore {
    package func createSchool(_ school: School) async throws {
        try await self.write { t in _ = try await t.writeSchool(school, existing: .refuse) }
    }

    package func saveSchool(_ school: School) async throws {
        try await self.write { t in _ = try await t.writeSchool(school, existing: .update) }
    }

    package func updateSchool(
        _ uai: UAI,
        _ transform: @escaping @Sendable (School) throws -> School
    ) async throws -> School {
        try await self.write { t in
            guard let current = try await t.fetchSchool(uai, lock: .update) else { throw StoreError.unknownSchool(uai) }
            var school = try transform(current)
            school.uai = uai
            try await t.requireBasin(current.basin, lock: .share).checkWritable()
            _ = try await t.writeSchool(school, existing: .update)
            return school
        }
    }

    package func importSchools(_ schools: [School]) async throws -> ImportOutcome {
        guard !schools.isEmpty else { return ImportOutcome(created: 0, updated: 0, committed: false) }
        let created = try await self.write { t in
            var created = 0
            for school in schools {
                if try await t.writeSchool(school, existing: .update) { created += 1 }
            }
            return created
        }
        return ImportOutcome(created: created, updated: schools.count - created, committed: true)
    }

    package func school(_ uai: UAI) async throws -> School? {
        try await self.fetchSchool(uai)
    }

    package func priorityFacts(of uai: UAI) async throws -> SchoolPriorityFacts {
        SchoolPriorityFacts(of: try await self.school(uai))
    }

    package func schools(in basin: BasinID) async throws -> [School] {
        try await self.schools(
            """
            SELECT \(unescaped: self.schoolColumns) FROM \(unescaped: self.tables.school)
            WHERE basin_id = \(basin.rawValue) ORDER BY uai
            """
        )
    }

    package func allSchools() async throws -> [School] {
        try await self.schools(
            "SELECT \(unescaped: self.schoolColumns) FROM \(unescaped: self.tables.school) ORDER BY uai"
        )
    }

    package func schoolCount() async throws -> Int {
        let rows = try await self.rows("SELECT count(*) FROM \(unescaped: self.tables.school)")
        return try rows.first?.decode(Int.self) ?? 0
    }
}

extension AcademyTransaction {
    /// The one write of a `school` row: every write of a school goes through here.
    ///
    /// Its basin must exist and not be archived; it stays so until the transaction ends. An existing row is updated
    /// in place.
    /// - Returns: Whether the school was added.
    func writeSchool(_ school: School, existing: ExistingRow) async throws -> Bool {
        let table = self.tables.school
        if existing == .refuse,
            try await self.exists("SELECT 1 FROM \(unescaped: table) WHERE uai = \(school.uai.rawValue)")
        {
            throw StoreError.schoolExists(school.uai)
        }
        try await self.requireBasin(school.basin, lock: .share).checkWritable()
        let columns = ["name", "kind", "commune", "basin_id", "rep", "rep_plus", "rural", "latitude", "longitude"]
        return try await self.write(
            """
            INSERT INTO \(unescaped: table)
              (uai, name, kind, commune, basin_id, rep, rep_plus, rural, latitude, longitude)
            VALUES (\(school.uai.rawValue), \(school.name), \(school.kind.rawValue), \(school.commune),
              \(school.basin.rawValue), \(school.rep), \(school.repPlus), \(school.rural),
              \(school.location.latitude), \(school.location.longitude))
            \(unescaped: existing.onConflict(key: "uai", update: columns))
            """,
            existing: existing,
            orElse: .schoolExists(school.uai)
        )
    }
}
