import GRDB

extension AcademyStore {
    /// Adds a company to the directory.
    ///
    /// - Throws: ``StoreError/alreadyExists(_:)`` when its SIRET is taken; ``StoreError/notFound(_:)`` for an unknown
    ///   basin.
    public func createCompany(_ company: Company) async throws {
        try await self.write { db in _ = try Self.writeCompany(db, company, existing: .refuse) }
    }

    /// Adds a company to the directory, or replaces the one with the same SIRET, with the basins it works with (the
    /// demo's and the tests' seeding).
    ///
    /// - Throws: ``StoreError/notFound(_:)`` for an unknown basin: the directory is left as it was.
    public func saveCompany(_ company: Company) async throws {
        try await self.write { db in _ = try Self.writeCompany(db, company, existing: .update) }
    }

    /// Changes an existing company, in one transaction: `transform` makes the new company from the stored one.
    ///
    /// - Parameter transform: Runs on the stored company; what it throws refuses the update. The SIRET it returns is
    ///   the company's.
    /// - Returns: The company as stored.
    /// - Throws: ``StoreError/notFound(_:)`` when no company has this SIRET.
    public func updateCompany(
        _ siret: SIRET,
        _ transform: @escaping @Sendable (Company) throws -> Company
    ) async throws -> Company {
        try await self.write { db in
            guard let current = try Self.fetchCompany(db, siret) else { throw StoreError.unknownCompany(siret) }
            var company = try transform(current)
            company.siret = siret
            _ = try Self.writeCompany(db, company, existing: .update)
            return company
        }
    }

    /// Creates or updates many companies in one transaction: all or none.
    public func importCompanies(_ companies: [Company]) async throws -> ImportOutcome {
        guard !companies.isEmpty else { return ImportOutcome(created: 0, updated: 0, committed: false) }
        let created = try await self.write { db in
            try companies.reduce(0) { created, company in
                created + (try Self.writeCompany(db, company, existing: .update) ? 1 : 0)
            }
        }
        return ImportOutcome(created: created, updated: companies.count - created, committed: true)
    }

    /// The company with this SIRET, with its basins, or `nil`.
    public func company(_ siret: SIRET) async throws -> Company? {
        try await self.lookups.company(siret) {
            try await self.read { db in try Self.fetchCompany(db, siret) }
        }
    }

    /// Companies whose folded name holds `query`, or whose SIRET starts with it, by name.
    ///
    /// - Parameters:
    ///   - basin: Only the companies working with this basin, when set.
    ///   - offset: How many matches to skip (the page token).
    public func searchCompanies(query: String, basin: BasinID?, limit: Int, offset: Int) async throws -> [Company] {
        let search = CompanySearch(query)
        return try await self.read { db in
            var request = CompanyRecord.order(Column("name"), Column("siret"))
            if let basin {
                let siretsOfBasin = CompanyBasinRecord.select(Column("siret")).filter(
                    Column("basinId") == basin.rawValue
                )
                request = request.filter(siretsOfBasin.contains(Column("siret")))
            }
            // Only the name and SIRET of each row are read until it matches.
            var matches: [Company] = []
            var skipped = 0
            let rows = try Row.fetchCursor(db, request)
            while let row = try rows.next() {
                let stored = StoredRow(row, table: CompanyRecord.databaseTableName, key: "siret")
                let name: String = try stored.decode("name")
                let siret: String = try stored.decode("siret")
                guard search.matches(name: name, siret: siret) else { continue }
                if skipped < offset {
                    skipped += 1
                    continue
                }
                var company = try CompanyRecord(row: row).company
                company.basins = try Self.companyBasins(db, company.siret)
                matches.append(company)
                if matches.count == limit { break }
            }
            return matches
        }
    }

    /// Merges a duplicate entry into the kept one: the kept entry works with both entries' basins, the duplicate's
    /// users move to it, then the duplicate is removed. The basins' offers move first (``BasinStore/moveCompany(from:to:name:)``).
    ///
    /// - Throws: ``StoreError/notFound(_:)`` when either is missing.
    public func mergeCompany(_ duplicate: SIRET, into kept: SIRET) async throws -> Company {
        try await self.write { db in
            guard try CompanyRecord.exists(db, key: duplicate.rawValue) else {
                throw StoreError.unknownCompany(duplicate)
            }
            guard try CompanyRecord.exists(db, key: kept.rawValue) else { throw StoreError.unknownCompany(kept) }
            try db.execute(
                literal: """
                    INSERT OR IGNORE INTO companyBasin (siret, basinId)
                    SELECT \(kept.rawValue), basinId FROM companyBasin WHERE siret = \(duplicate.rawValue)
                    """
            )
            try db.execute(
                literal: "UPDATE user SET companySiret = \(kept.rawValue) WHERE companySiret = \(duplicate.rawValue)"
            )
            try CompanyRecord.deleteOne(db, key: duplicate.rawValue)
            guard let company = try Self.fetchCompany(db, kept) else { throw StoreError.unknownCompany(kept) }
            return company
        }
    }

    /// The company with its basins, or `nil`.
    static func fetchCompany(_ db: Database, _ siret: SIRET) throws -> Company? {
        // Read by tenant resolution whenever the lookups were emptied: cached statements.
        guard
            var company = try SQLRequest<CompanyRecord>(
                literal: "SELECT * FROM company WHERE siret = \(siret.rawValue)",
                cached: true
            ).fetchOne(db)?.company
        else { return nil }
        company.basins = try companyBasins(db, siret)
        return company
    }

    static func companyBasins(_ db: Database, _ siret: SIRET) throws -> Set<BasinID> {
        Set(
            try SQLRequest<CompanyBasinRecord>(
                literal: "SELECT * FROM companyBasin WHERE siret = \(siret.rawValue)",
                cached: true
            ).fetchAll(db).map(\.basin)
        )
    }

    /// The one write of a `company` row and its `companyBasin` rows: every public write of a company goes through here.
    ///
    /// Every basin must exist. An existing row is updated in place, never deleted and inserted again (which
    /// `INSERT OR REPLACE` does, deleting its `companyBasin` rows by their foreign key's cascade); its basins are
    /// replaced by the company's.
    /// - Returns: Whether the company was added.
    static func writeCompany(_ db: Database, _ company: Company, existing: ExistingRow) throws -> Bool {
        let exists = try CompanyRecord.exists(db, key: company.siret.rawValue)
        if exists, existing == .refuse { throw StoreError.companyExists(company.siret) }
        let basins = company.basins.sorted()
        for basin in basins { _ = try requireBasin(db, basin) }
        let record = CompanyRecord(company)
        if exists { try record.update(db) } else { try record.insert(db) }
        try CompanyBasinRecord.filter(Column("siret") == company.siret.rawValue).deleteAll(db)
        for basin in basins { try CompanyBasinRecord(siret: company.siret, basin: basin).insert(db) }
        return !exists
    }
}
