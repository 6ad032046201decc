import Foundation
package import GRDB

/// The academy store (`academy.sqlite`): basins, schools, trades, the company directory and users.
///
/// The server opens it on its file: one `DatabasePool` (WAL) for the life of the process. Every write is one
/// transaction.
public final class AcademyStore: Sendable {
    let writer: any DatabaseWriter
    let configuration: StoreConfiguration
    /// Basins, schools and companies as every call's tenant resolution reads them; emptied by every write.
    let lookups = AcademyLookupCache()

    /// Opens (creating if needed) the academy store under the configured data folder and migrates it.
    public convenience init(configuration: StoreConfiguration) throws {
        try FileManager.default.createDirectory(at: configuration.directory, withIntermediateDirectories: true)
        let pool = try DatabasePool(path: configuration.academyPath, configuration: Configuration())
        try self.init(writer: pool, configuration: configuration)
    }

    /// An academy store on `writer`, migrated first: an in-memory `DatabaseQueue` in unit tests.
    ///
    /// - Parameters:
    ///   - writer: The store's only connection to its database, for the store's life.
    ///   - configuration: Its clock; its folder is not read.
    package init(writer: any DatabaseWriter, configuration: StoreConfiguration) throws {
        try AcademyMigrations.migrator.migrate(writer)
        self.writer = writer
        self.configuration = configuration
    }

    /// Runs one read.
    func read<T: Sendable>(_ value: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await self.writer.read(value)
    }

    /// Runs one write transaction, then empties ``lookups``: every write of the academy store goes through here.
    func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        defer { self.lookups.invalidate() }
        return try await self.writer.write(updates)
    }

    /// Closes the connections; the store is unusable afterwards.
    public func close() throws {
        try self.writer.close()
    }
}

extension AcademyStore {
    // MARK: Basins

    /// Adds a basin. Its own store is created by ``BasinStoreRegistry`` on first use.
    public func createBasin(_ basin: Basin) async throws {
        let now = self.configuration.nowMilliseconds()
        try await self.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM basin WHERE id = ?", arguments: [basin.id.rawValue]) != nil {
                throw StoreError.alreadyExists("basin \(basin.id)")
            }
            try db.execute(
                sql: "INSERT INTO basin (id, name, archived, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [basin.id.rawValue, basin.name, basin.archived, now]
            )
        }
    }

    public func basin(_ id: BasinID) async throws -> Basin? {
        try await self.lookups.basin(id) {
            try await self.read { db in
                let statement = try db.cachedStatement(sql: "SELECT * FROM basin WHERE id = ?")
                return try Row.fetchOne(statement, arguments: [id.rawValue]).flatMap(Basin.init(row:))
            }
        }
    }

    public func basins() async throws -> [Basin] {
        try await self.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM basin ORDER BY id").compactMap(Basin.init(row:))
        }
    }

    // MARK: Schools

    /// Adds a school, or replaces the one with the same UAI.
    public func saveSchool(_ school: School) async throws {
        try await self.write { db in
            guard
                try Bool.fetchOne(db, sql: "SELECT 1 FROM basin WHERE id = ?", arguments: [school.basin.rawValue])
                    != nil
            else { throw StoreError.notFound("basin \(school.basin)") }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO school
                      (uai, name, kind, commune, basinId, rep, repPlus, rural, latitude, longitude)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    school.uai.rawValue, school.name, school.kind.rawValue, school.commune, school.basin.rawValue,
                    school.rep, school.repPlus, school.rural, school.location.latitude, school.location.longitude,
                ]
            )
        }
    }

    public func school(_ uai: UAI) async throws -> School? {
        try await self.lookups.school(uai) {
            try await self.read { db in
                let statement = try db.cachedStatement(sql: "SELECT * FROM school WHERE uai = ?")
                return try Row.fetchOne(statement, arguments: [uai.rawValue]).flatMap(School.init(row:))
            }
        }
    }

    public func schools(in basin: BasinID) async throws -> [School] {
        try await self.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM school WHERE basinId = ? ORDER BY uai",
                arguments: [basin.rawValue]
            )
            .compactMap(School.init(row:))
        }
    }

    // MARK: Trades

    public func trade(_ code: TradeCode) async throws -> Trade? {
        try await self.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM trade WHERE code = ?", arguments: [code.rawValue]).flatMap(
                Trade.init(row:)
            )
        }
    }

    public func trades() async throws -> [Trade] {
        try await self.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM trade ORDER BY code").compactMap(Trade.init(row:))
        }
    }

    // MARK: Companies

    /// Adds a company to the directory, or replaces the one with the same SIRET, with the basins it works with.
    public func saveCompany(_ company: Company) async throws {
        try await self.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO company (siret, name, sector, street, postalCode, commune, latitude, longitude)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    company.siret.rawValue, company.name, company.sector, company.street, company.postalCode,
                    company.commune, company.location.latitude, company.location.longitude,
                ]
            )
            try db.execute(sql: "DELETE FROM companyBasin WHERE siret = ?", arguments: [company.siret.rawValue])
            for basin in company.basins.sorted() {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM basin WHERE id = ?", arguments: [basin.rawValue]) != nil
                else { throw StoreError.notFound("basin \(basin)") }
                try db.execute(
                    sql: "INSERT INTO companyBasin (siret, basinId) VALUES (?, ?)",
                    arguments: [company.siret.rawValue, basin.rawValue]
                )
            }
        }
    }

    public func company(_ siret: SIRET) async throws -> Company? {
        try await self.lookups.company(siret) { try await self.readCompany(siret) }
    }

    private func readCompany(_ siret: SIRET) async throws -> Company? {
        try await self.read { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM company WHERE siret = ?"),
                    arguments: [siret.rawValue]
                )
            else { return nil }
            let basins = try String.fetchAll(
                db.cachedStatement(sql: "SELECT basinId FROM companyBasin WHERE siret = ?"),
                arguments: [siret.rawValue]
            ).compactMap(BasinID.init)
            return Company(row: row, basins: Set(basins))
        }
    }

    // MARK: Users

    /// Records a user; tokens name users by this id in their `sub` claim.
    public func createUser(
        id: String,
        role: String,
        basin: BasinID? = nil,
        school: UAI? = nil,
        company: SIRET? = nil
    ) async throws {
        let now = self.configuration.nowMilliseconds()
        try await self.write { db in
            try db.execute(
                sql: """
                    INSERT INTO user (id, role, basinId, schoolUai, companySiret, active, createdAt)
                    VALUES (?, ?, ?, ?, ?, 1, ?)
                    ON CONFLICT(id) DO UPDATE SET role = excluded.role, basinId = excluded.basinId,
                      schoolUai = excluded.schoolUai, companySiret = excluded.companySiret
                    """,
                arguments: [id, role, basin?.rawValue, school?.rawValue, company?.rawValue, now]
            )
        }
    }
}

extension Basin {
    init?(row: Row) {
        guard let id = BasinID(row["id"]) else { return nil }
        self.init(id: id, name: row["name"], archived: row["archived"])
    }
}

extension School {
    init?(row: Row) {
        guard let uai = UAI(row["uai"]), let basin = BasinID(row["basinId"]),
            let kind = SchoolKind(rawValue: row["kind"]),
            let location = GeoPoint(latitude: row["latitude"], longitude: row["longitude"])
        else { return nil }
        self.init(
            uai: uai,
            name: row["name"],
            kind: kind,
            commune: row["commune"],
            basin: basin,
            rep: row["rep"],
            repPlus: row["repPlus"],
            rural: row["rural"],
            location: location
        )
    }
}

extension Trade {
    init?(row: Row) {
        guard let code = TradeCode(row["code"]) else { return nil }
        self.init(code: code, label: row["label"])
    }
}

extension Company {
    init?(row: Row, basins: Set<BasinID>) {
        guard let siret = SIRET(row["siret"]),
            let location = GeoPoint(latitude: row["latitude"], longitude: row["longitude"])
        else { return nil }
        self.init(
            siret: siret,
            name: row["name"],
            sector: row["sector"],
            street: row["street"],
            postalCode: row["postalCode"],
            commune: row["commune"],
            location: location,
            basins: basins
        )
    }
}
