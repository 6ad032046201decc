import Foundation
import GRDB

extension AcademyStore {
    /// Adds a company to the directory.
    ///
    /// - Throws: ``StoreError/alreadyExists(_:)`` when its SIRET is taken; ``StoreError/notFound(_:)`` for an unknown
    ///   basin.
    public func createCompany(_ company: Company) async throws {
        try await self.write { db in
            if try Self.companyExists(db, company.siret) { throw StoreError.alreadyExists("company \(company.siret)") }
            try Self.upsert(db, company)
        }
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
            guard let current = try Self.fetchCompany(db, siret) else { throw StoreError.notFound("company \(siret)") }
            var company = try transform(current)
            company.siret = siret
            try Self.upsert(db, company)
            return company
        }
    }

    /// Creates or updates many companies in one transaction: all or none.
    public func importCompanies(_ companies: [Company]) async throws -> ImportOutcome {
        guard !companies.isEmpty else { return ImportOutcome(created: 0, updated: 0, committed: false) }
        let updated = try await self.write { db in
            var updated = 0
            for company in companies {
                let exists = try Bool.fetchOne(
                    db,
                    sql: "SELECT 1 FROM company WHERE siret = ?",
                    arguments: [company.siret.rawValue]
                )
                if exists == true { updated += 1 }
                try Self.upsert(db, company)
            }
            return updated
        }
        return ImportOutcome(created: companies.count - updated, updated: updated, committed: true)
    }

    /// Companies whose folded name holds `query`, or whose SIRET starts with it, by name.
    ///
    /// - Parameters:
    ///   - basin: Only the companies working with this basin, when set.
    ///   - offset: How many matches to skip (the page token).
    public func searchCompanies(query: String, basin: BasinID?, limit: Int, offset: Int) async throws -> [Company] {
        let folded = Self.fold(query)
        let digits = query.filter { $0 != " " }
        return try await self.read { db in
            var matches: [Row] = []
            var skipped = 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM company
                    WHERE ? IS NULL OR siret IN (SELECT siret FROM companyBasin WHERE basinId = ?)
                    ORDER BY name, siret
                    """,
                arguments: [basin?.rawValue, basin?.rawValue]
            )
            for row in rows {
                let name: String = row["name"]
                let siret: String = row["siret"]
                guard folded.isEmpty || Self.fold(name).contains(folded) || (!digits.isEmpty && siret.hasPrefix(digits))
                else { continue }
                if skipped < offset {
                    skipped += 1
                    continue
                }
                matches.append(row)
                if matches.count == limit { break }
            }
            return try matches.compactMap { row in
                Company(row: row, basins: try Self.companyBasins(db, row["siret"]))
            }
        }
    }

    /// Merges a duplicate entry into the kept one: the kept entry works with both entries' basins, the duplicate's
    /// users move to it, then the duplicate is removed. The basins' offers move first (``BasinStore/moveCompany(from:to:name:)``).
    ///
    /// - Throws: ``StoreError/notFound(_:)`` when either is missing.
    public func mergeCompany(_ duplicate: SIRET, into kept: SIRET) async throws -> Company {
        try await self.write { db in
            guard try Self.companyExists(db, duplicate) else { throw StoreError.notFound("company \(duplicate)") }
            guard try Self.companyExists(db, kept) else { throw StoreError.notFound("company \(kept)") }
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO companyBasin (siret, basinId)
                    SELECT ?, basinId FROM companyBasin WHERE siret = ?
                    """,
                arguments: [kept.rawValue, duplicate.rawValue]
            )
            try db.execute(
                sql: "UPDATE user SET companySiret = ? WHERE companySiret = ?",
                arguments: [kept.rawValue, duplicate.rawValue]
            )
            try db.execute(sql: "DELETE FROM company WHERE siret = ?", arguments: [duplicate.rawValue])
            guard let company = try Self.fetchCompany(db, kept) else { throw StoreError.notFound("company \(kept)") }
            return company
        }
    }

    static func companyExists(_ db: Database, _ siret: SIRET) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM company WHERE siret = ?", arguments: [siret.rawValue]) != nil
    }

    static func fetchCompany(_ db: Database, _ siret: SIRET) throws -> Company? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM company WHERE siret = ?", arguments: [siret.rawValue])
        else { return nil }
        return Company(row: row, basins: try companyBasins(db, siret.rawValue))
    }

    static func companyBasins(_ db: Database, _ siret: String) throws -> Set<BasinID> {
        Set(
            try String.fetchAll(db, sql: "SELECT basinId FROM companyBasin WHERE siret = ?", arguments: [siret])
                .compactMap(BasinID.init)
        )
    }

    static func upsert(_ db: Database, _ company: Company) throws {
        try db.execute(
            sql: """
                INSERT INTO company (siret, name, sector, street, postalCode, commune, latitude, longitude)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(siret) DO UPDATE SET name = excluded.name, sector = excluded.sector,
                  street = excluded.street, postalCode = excluded.postalCode, commune = excluded.commune,
                  latitude = excluded.latitude, longitude = excluded.longitude
                """,
            arguments: [
                company.siret.rawValue, company.name, company.sector, company.street, company.postalCode,
                company.commune, company.location.latitude, company.location.longitude,
            ]
        )
        try db.execute(sql: "DELETE FROM companyBasin WHERE siret = ?", arguments: [company.siret.rawValue])
        for basin in company.basins.sorted() {
            _ = try requireBasin(db, basin)
            try db.execute(
                sql: "INSERT INTO companyBasin (siret, basinId) VALUES (?, ?)",
                arguments: [company.siret.rawValue, basin.rawValue]
            )
        }
    }

    /// Lowercased, accents removed: "Électricité" and "electricite" match.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "fr_FR"))
            .lowercased()
    }
}
