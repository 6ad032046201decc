import GRDB

// The academy store's rows as GRDB records: each reads its row column by column (``StoredRow``), so a row that breaks a
// rule is an error naming its table, key and column, never a row dropped from a list. The public types stay free of
// GRDB: a later backend reads and writes the same ``Basin``, ``School``, ``Company`` and ``User``.

/// A `basin` row.
struct BasinRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "basin"
    var basin: Basin
    /// Unix milliseconds.
    var createdAt: Int64

    init(_ basin: Basin, createdAt: Int64) {
        self.basin = basin
        self.createdAt = createdAt
    }

    init(row: Row) throws {
        let stored = StoredRow(row, table: Self.databaseTableName, key: "id")
        self.basin = Basin(
            id: try stored.decode("id", as: BasinID.init),
            name: try stored.decode("name"),
            archived: try stored.decode("archived")
        )
        self.createdAt = try stored.decode("createdAt")
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = self.basin.id.rawValue
        container["name"] = self.basin.name
        container["archived"] = self.basin.archived
        container["createdAt"] = self.createdAt
    }
}

/// A `school` row.
struct SchoolRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "school"
    var school: School

    init(_ school: School) {
        self.school = school
    }

    init(row: Row) throws {
        let stored = StoredRow(row, table: Self.databaseTableName, key: "uai")
        self.school = School(
            uai: try stored.decode("uai", as: UAI.init),
            name: try stored.decode("name"),
            kind: try stored.decode("kind", as: SchoolKind.init(rawValue:)),
            commune: try stored.decode("commune"),
            basin: try stored.decode("basinId", as: BasinID.init),
            rep: try stored.decode("rep"),
            repPlus: try stored.decode("repPlus"),
            rural: try stored.decode("rural"),
            location: try stored.decodeLocation()
        )
    }

    func encode(to container: inout PersistenceContainer) {
        container["uai"] = self.school.uai.rawValue
        container["name"] = self.school.name
        container["kind"] = self.school.kind.rawValue
        container["commune"] = self.school.commune
        container["basinId"] = self.school.basin.rawValue
        container["rep"] = self.school.rep
        container["repPlus"] = self.school.repPlus
        container["rural"] = self.school.rural
        container["latitude"] = self.school.location.latitude
        container["longitude"] = self.school.location.longitude
    }
}

/// A `trade` row: the ROME trades, seeded by the first migration and read only.
struct TradeRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "trade"
    var trade: Trade

    init(row: Row) throws {
        let stored = StoredRow(row, table: Self.databaseTableName, key: "code")
        self.trade = Trade(code: try stored.decode("code", as: TradeCode.init), label: try stored.decode("label"))
    }
}

/// A `company` row: the company without its basins, which are `companyBasin` rows (``CompanyBasinRecord``).
struct CompanyRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "company"
    /// The company; its ``Company/basins`` are not read nor written with this row.
    var company: Company

    init(_ company: Company) {
        self.company = company
    }

    init(row: Row) throws {
        let stored = StoredRow(row, table: Self.databaseTableName, key: "siret")
        self.company = Company(
            siret: try stored.decode("siret", as: SIRET.init),
            name: try stored.decode("name"),
            sector: try stored.decode("sector"),
            street: try stored.decode("street"),
            postalCode: try stored.decode("postalCode"),
            commune: try stored.decode("commune"),
            location: try stored.decodeLocation(),
            basins: []
        )
    }

    func encode(to container: inout PersistenceContainer) {
        container["siret"] = self.company.siret.rawValue
        container["name"] = self.company.name
        container["sector"] = self.company.sector
        container["street"] = self.company.street
        container["postalCode"] = self.company.postalCode
        container["commune"] = self.company.commune
        container["latitude"] = self.company.location.latitude
        container["longitude"] = self.company.location.longitude
    }
}

/// A `companyBasin` row: a basin a company works with.
struct CompanyBasinRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "companyBasin"
    var siret: SIRET
    var basin: BasinID

    init(siret: SIRET, basin: BasinID) {
        self.siret = siret
        self.basin = basin
    }

    init(row: Row) throws {
        let stored = StoredRow(row, table: Self.databaseTableName, key: "siret")
        self.siret = try stored.decode("siret", as: SIRET.init)
        self.basin = try stored.decode("basinId", as: BasinID.init)
    }

    func encode(to container: inout PersistenceContainer) {
        container["siret"] = self.siret.rawValue
        container["basinId"] = self.basin.rawValue
    }
}

/// A `user` row.
struct UserRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "user"
    var user: User
    /// Unix milliseconds; kept when the user is saved again.
    var createdAt: Int64

    init(_ user: User, createdAt: Int64) {
        self.user = user
        self.createdAt = createdAt
    }

    init(row: Row) throws {
        let stored = StoredRow(row, table: Self.databaseTableName, key: "id")
        self.user = User(
            id: try stored.decode("id"),
            role: try stored.decode("role"),
            basin: try stored.decodeIfPresent("basinId", as: BasinID.init),
            school: try stored.decodeIfPresent("schoolUai", as: UAI.init),
            company: try stored.decodeIfPresent("companySiret", as: SIRET.init),
            active: try stored.decode("active")
        )
        self.createdAt = try stored.decode("createdAt")
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = self.user.id
        container["role"] = self.user.role
        container["basinId"] = self.user.basin?.rawValue
        container["schoolUai"] = self.user.school?.rawValue
        container["companySiret"] = self.user.company?.rawValue
        container["active"] = self.user.active
        container["createdAt"] = self.createdAt
    }
}

/// An `audit` row. Entries are appended by ``AcademyStore/appendAudit(_:)``, which stamps them.
struct AuditRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "audit"
    var entry: AuditEntry

    init(row: Row) throws {
        let stored = StoredRow(row, table: Self.databaseTableName, key: "id")
        self.entry = AuditEntry(
            id: try stored.decode("id"),
            at: try stored.decode("at"),
            user: try stored.decode("userId"),
            role: try stored.decode("role"),
            method: try stored.decode("method"),
            basin: try stored.decodeIfPresent("basinId", as: BasinID.init),
            target: try stored.decode("target"),
            outcome: try stored.decode("outcome")
        )
    }
}
