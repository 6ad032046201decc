package import PoleStageStore
import PostgresNIO

extension PostgresAcademyStore {
    package func createCompany(_ company: Company) async throws {
        try await self.write { t in _ = try await t.writeCompany(company, existing: .refuse) }
    }

    package func saveCompany(_ company: Company) async throws {
        try await self.write { t in _ = try await t.writeCompany(company, existing: .update) }
    }

    package func updateCompany(
        _ siret: SIRET,
        _ transform: @escaping @Sendable (Company) throws -> Company
    ) async throws -> Company {
        try await self.write { t in
            guard
                try await t.exists(
                    "SELECT 1 FROM \(unescaped: t.tables.company) WHERE siret = \(siret.rawValue) FOR UPDATE"
                ), let current = try await t.fetchCompany(siret)
            else { throw StoreError.unknownCompany(siret) }
            var company = try transform(current)
            company.siret = siret
            _ = try await t.writeCompany(company, existing: .update)
            return company
        }
    }

    package func importCompanies(_ companies: [Company]) async throws -> ImportOutcome {
        guard !companies.isEmpty else { return ImportOutcome(created: 0, updated: 0, committed: false) }
        let created = try await self.write { t in
            var created = 0
            for company in companies {
                if try await t.writeCompany(company, existing: .update) { created += 1 }
            }
            return created
        }
        return ImportOutcome(created: created, updated: companies.count - created, committed: true)
    }

    package func company(_ siret: SIRET) async throws -> Company? {
        try await self.fetchCompany(siret)
    }

    package func searchCompanies(query: String, basin: BasinID?, limit: Int, offset: Int) async throws -> [Company] {
        let search = CompanySearch(query)
        let rows = try await self.rows(
            """
            SELECT \(unescaped: self.companyColumns) FROM \(unescaped: self.tables.company) c
            WHERE \(basin?.rawValue)::text IS NULL OR siret IN (
              SELECT siret FROM \(unescaped: self.tables.companyBasin) WHERE basin_id = \(basin?.rawValue))
            ORDER BY name, siret
            """
        )
        // Only the name and SIRET of each row are read until it matches.
        var matches: [Company] = []
        var skipped = 0
        for row in rows {
            let columns = row.makeRandomAccess()
            let (siret, name) = (try columns["siret"].decode(String.self), try columns["name"].decode(String.self))
            guard search.matches(name: name, siret: siret) else { continue }
            if skipped < offset {
                skipped += 1
                continue
            }
            matches.append(try self.company(from: row))
            if matches.count == limit { break }
        }
        return matches
    }

    package func mergeCompany(_ duplicate: SIRET, into kept: SIRET) async throws -> Company {
        try await self.write { t in
            let (company, companyBasin, user) = (t.tables.company, t.tables.companyBasin, t.tables.user)
            // Both rows, locked in one order whoever merges: two merges of the same pair wait, never deadlock.
            let locked = Set(
                try await t.rows(
                    """
                    SELECT siret FROM \(unescaped: company) WHERE siret = ANY(\([duplicate.rawValue, kept.rawValue]))
                    ORDER BY siret FOR UPDATE
                    """
                ).map { try $0.decode(String.self) }
            )
            guard locked.contains(duplicate.rawValue) else { throw StoreError.unknownCompany(duplicate) }
            guard locked.contains(kept.rawValue) else { throw StoreError.unknownCompany(kept) }
            try await t.execute(
                """
                INSERT INTO \(unescaped: companyBasin) (siret, basin_id)
                SELECT \(kept.rawValue), basin_id FROM \(unescaped: companyBasin) WHERE siret = \(duplicate.rawValue)
                ON CONFLICT DO NOTHING
                """
            )
            try await t.execute(
                """
                UPDATE \(unescaped: user) SET company_siret = \(kept.rawValue)
                WHERE company_siret = \(duplicate.rawValue)
                """
            )
            try await t.execute("DELETE FROM \(unescaped: company) WHERE siret = \(duplicate.rawValue)")
            guard let merged = try await t.fetchCompany(kept) else { throw StoreError.unknownCompany(kept) }
            return merged
        }
    }
}

extension AcademyTransaction {
    /// The one write of a `company` row and its `company_basin` rows: every write of a company goes through here.
    ///
    /// Every basin must exist. An existing row is updated in place (its lock keeps other writes of the company waiting
    /// until this one commits); its basins are replaced by the company's.
    /// - Returns: Whether the company was added.
    func writeCompany(_ company: Company, existing: ExistingRow) async throws -> Bool {
        let (table, companyBasin) = (self.tables.company, self.tables.companyBasin)
        let siret = company.siret.rawValue
        if existing == .refuse, try await self.exists("SELECT 1 FROM \(unescaped: table) WHERE siret = \(siret)") {
            throw StoreError.companyExists(company.siret)
        }
        let basins = company.basins.sorted()
        for basin in basins { _ = try await self.requireBasin(basin, lock: .keyShare) }
        let columns = ["name", "sector", "street", "postal_code", "commune", "latitude", "longitude"]
        let created = try await self.write(
            """
            INSERT INTO \(unescaped: table) (siret, name, sector, street, postal_code, commune, latitude, longitude)
            VALUES (\(siret), \(company.name), \(company.sector), \(company.street), \(company.postalCode),
              \(company.commune), \(company.location.latitude), \(company.location.longitude))
            \(unescaped: existing.onConflict(key: "siret", update: columns))
            """,
            existing: existing,
            orElse: .companyExists(company.siret)
        )
        try await self.execute("DELETE FROM \(unescaped: companyBasin) WHERE siret = \(siret)")
        try await self.execute(
            """
            INSERT INTO \(unescaped: companyBasin) (siret, basin_id)
            SELECT \(siret), unnest(\(basins.map(\.rawValue))::text[])
            """
        )
        return created
    }
}
