import PoleStageStore
import PostgresNIO

/// The academy's rows read back: a value that breaks its column's rule fails the read with an error naming the table,
/// the row's key and the column, as the SQLite store's does.
struct AcademyRow {
    let row: PostgresRandomAccessRow
    let table: String
    /// The row's key, as stored.
    let key: String

    init(_ row: PostgresRow, table: String) {
        self.row = row.makeRandomAccess()
        self.table = table
        self.key =
            (try? self.row[0].decode(String.self)) ?? (try? self.row[0].decode(Int64.self)).map(String.init) ?? "?"
    }

    /// The error for an unreadable `column`: `school 0710045A: column kind cannot be read`.
    func corrupt(_ column: String) -> StoreError {
        .corrupt("\(self.table) \(self.key): column \(column) cannot be read")
    }

    func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        do { return try self.row[column].decode(T.self) } catch { throw self.corrupt(column) }
    }

    func decode<Raw: PostgresDecodable, T>(_ column: String, as make: (Raw) -> T?) throws -> T {
        guard let value = make(try self.decode(column, as: Raw.self)) else { throw self.corrupt(column) }
        return value
    }

    func decodeIfPresent<Raw: PostgresDecodable, T>(_ column: String, as make: (Raw) -> T?) throws -> T?
    where Raw._DecodableType == Raw {
        guard let raw = try self.decode(column, as: Raw?.self) else { return nil }
        guard let value = make(raw) else { throw self.corrupt(column) }
        return value
    }

    /// The row's `latitude` and `longitude`.
    func location() throws -> GeoPoint {
        let latitude: Double = try self.decode("latitude")
        let longitude: Double = try self.decode("longitude")
        guard (-90...90).contains(latitude) else { throw self.corrupt("latitude") }
        guard let point = GeoPoint(latitude: latitude, longitude: longitude) else { throw self.corrupt("longitude") }
        return point
    }
}

extension AcademyQueries {
    // MARK: Basins

    var basinColumns: String { "id, name, archived" }

    func basins(_ query: PostgresQuery) async throws -> [Basin] {
        try await self.rows(query).map { row in
            let row = AcademyRow(row, table: "basin")
            return Basin(
                id: try row.decode("id", as: BasinID.init),
                name: try row.decode("name"),
                archived: try row.decode("archived")
            )
        }
    }

    func fetchBasin(_ id: BasinID, lock: RowLock = .none) async throws -> Basin? {
        try await self.basins(
            """
            SELECT \(unescaped: self.basinColumns) FROM \(unescaped: self.tables.basin) WHERE id = \(id.rawValue)\
            \(unescaped: lock.rawValue)
            """
        ).first
    }

    func requireBasin(_ id: BasinID, lock: RowLock = .none) async throws -> Basin {
        guard let basin = try await self.fetchBasin(id, lock: lock) else { throw StoreError.unknownBasin(id) }
        return basin
    }

    // MARK: Schools

    var schoolColumns: String { "uai, name, kind, commune, basin_id, rep, rep_plus, rural, latitude, longitude" }

    func schools(_ query: PostgresQuery) async throws -> [School] {
        try await self.rows(query).map { row in
            let row = AcademyRow(row, table: "school")
            return School(
                uai: try row.decode("uai", as: UAI.init),
                name: try row.decode("name"),
                kind: try row.decode("kind", as: SchoolKind.init(rawValue:)),
                commune: try row.decode("commune"),
                basin: try row.decode("basin_id", as: BasinID.init),
                rep: try row.decode("rep"),
                repPlus: try row.decode("rep_plus"),
                rural: try row.decode("rural"),
                location: try row.location()
            )
        }
    }

    func fetchSchool(_ uai: UAI, lock: RowLock = .none) async throws -> School? {
        try await self.schools(
            """
            SELECT \(unescaped: self.schoolColumns) FROM \(unescaped: self.tables.school) WHERE uai = \(uai.rawValue)\
            \(unescaped: lock.rawValue)
            """
        ).first
    }

    // MARK: Companies

    /// A company's columns, its basins last as an array.
    var companyColumns: String {
        """
        siret, name, sector, street, postal_code, commune, latitude, longitude,
        ARRAY(SELECT cb.basin_id FROM \(self.tables.companyBasin) cb WHERE cb.siret = c.siret) AS basins
        """
    }

    /// The companies `query` selects from `company c`, with ``companyColumns``.
    func companies(_ query: PostgresQuery) async throws -> [Company] {
        try await self.rows(query).map(self.company(from:))
    }

    func company(from row: PostgresRow) throws -> Company {
        let row = AcademyRow(row, table: "company")
        let basins: [String] = try row.decode("basins")
        return Company(
            siret: try row.decode("siret", as: SIRET.init),
            name: try row.decode("name"),
            sector: try row.decode("sector"),
            street: try row.decode("street"),
            postalCode: try row.decode("postal_code"),
            commune: try row.decode("commune"),
            location: try row.location(),
            basins: Set(
                try basins.map { id in
                    guard let basin = BasinID(id) else {
                        throw StoreError.corrupt("companyBasin \(row.key): column basinId cannot be read")
                    }
                    return basin
                }
            )
        )
    }

    func fetchCompany(_ siret: SIRET) async throws -> Company? {
        try await self.companies(
            """
            SELECT \(unescaped: self.companyColumns) FROM \(unescaped: self.tables.company) c
            WHERE siret = \(siret.rawValue)
            """
        ).first
    }

    // MARK: Users

    var userColumns: String { "id, role, basin_id, school_uai, company_siret, active" }

    func fetchUser(_ id: String, lock: RowLock = .none) async throws -> User? {
        try await self.rows(
            """
            SELECT \(unescaped: self.userColumns) FROM \(unescaped: self.tables.user) WHERE id = \(id)\
            \(unescaped: lock.rawValue)
            """
        ).first.map { row in
            let row = AcademyRow(row, table: "user")
            return User(
                id: try row.decode("id"),
                role: try row.decode("role"),
                basin: try row.decodeIfPresent("basin_id", as: BasinID.init),
                school: try row.decodeIfPresent("school_uai", as: UAI.init),
                company: try row.decodeIfPresent("company_siret", as: SIRET.init),
                active: try row.decode("active")
            )
        }
    }

    func requireUser(_ id: String, lock: RowLock = .none) async throws -> User {
        guard let user = try await self.fetchUser(id, lock: lock) else { throw StoreError.unknownUser(id) }
        return user
    }
}
