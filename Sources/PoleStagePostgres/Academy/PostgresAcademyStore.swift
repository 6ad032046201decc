package import Logging
package import PoleStageStore
package import PostgresNIO

/// The academy store on PostgreSQL, in the `academy` schema: the same protocol as the SQLite ``AcademyStore``, for any
/// number of server nodes on one database.
///
/// A handle: a schema, the shared client and the configuration. A read is one statement, which sees one snapshot. A
/// write is one transaction at PostgreSQL's default isolation (read committed): what it reads and then changes it
/// reads with `FOR UPDATE` (or `FOR SHARE`, `FOR KEY SHARE` for the rows it only needs to stay as they are), so that
/// two nodes writing at once wait for each other instead of both acting on what they read. Unique keys the store
/// checks itself are checked again by the database: a row another node inserted meanwhile is refused with the same
/// ``StoreError/alreadyExists(_:)``.
///
/// It keeps no lookup cache, unlike the SQLite store, whose process is the only writer of its file and can forget its
/// cache after every write. Here another node may write at any time, so a cached basin, school or company would have
/// to be checked against the database on every lookup (a counter every write bumps); that check is a round trip to the
/// database, as long as the lookup itself, which reads one row by its primary key. Reading the row every time costs
/// the same and is never stale.
package struct PostgresAcademyStore: Sendable {
    let schema: SchemaName
    let tables: AcademyTables
    let client: PostgresClient
    let configuration: StoreConfiguration
    let logger: Logger

    /// The académie's store in `schema` on `client`; call ``migrate()`` before the first operation.
    package init(
        client: PostgresClient,
        configuration: StoreConfiguration,
        logger: Logger,
        schema: SchemaName = .academy
    ) {
        self.schema = schema
        self.tables = AcademyTables(schema)
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// Creates the academy schema, or brings it to the latest version.
    ///
    /// - Throws: ``SchemaMigrationError/newerSchema(schema:found:known:)`` when a newer server migrated it.
    package func migrate() async throws {
        try await AcademySchema.migrator.migrate(self.schema, on: self.client, logger: self.logger)
    }

    /// The store's clock in Unix milliseconds.
    var nowMilliseconds: Int64 { self.configuration.nowMilliseconds() }

    /// One write transaction: everything in `body` commits together or not at all.
    func write<T: Sendable>(_ body: (AcademyTransaction) async throws -> T) async throws -> T {
        let tables = self.tables
        let logger = self.logger
        do {
            return try await self.client.withTransaction(logger: logger) { connection in
                try await body(AcademyTransaction(connection: connection, tables: tables, logger: logger))
            }
        } catch let error as PostgresTransactionError {
            throw error.cause
        }
    }
}

extension PostgresAcademyStore: AcademyQueries {
    /// Every row of one statement, run on its own: it reads one snapshot.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await self.client.query(query, logger: self.logger).collect()
    }
}

extension PostgresAcademyStore: AcademyStorage {}

/// What runs statements on the academy's tables: the store itself, one statement at a time, or a write transaction.
protocol AcademyQueries: Sendable {
    var tables: AcademyTables { get }
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow]
}

extension AcademyQueries {
    /// Runs a statement whose rows, if any, do not matter.
    func execute(_ query: PostgresQuery) async throws {
        _ = try await self.rows(query)
    }

    /// Whether `query` returns a row.
    func exists(_ query: PostgresQuery) async throws -> Bool {
        !(try await self.rows(query)).isEmpty
    }
}

/// A write transaction on the academy's tables.
struct AcademyTransaction: AcademyQueries {
    let connection: PostgresConnection
    let tables: AcademyTables
    let logger: Logger

    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await self.connection.query(query, logger: self.logger).collect()
    }

    /// Runs an `INSERT`; a row with the same unique key, inserted by another transaction meanwhile, fails it with
    /// `existing` instead of the database's error.
    func insert(_ query: PostgresQuery, orElse existing: StoreError) async throws {
        do {
            try await self.execute(query)
        } catch let error as PSQLError where error.isUniqueViolation {
            throw existing
        }
    }
}

extension AcademyTransaction {
    /// Runs an `INSERT` that ends with ``ExistingRow/onConflict(key:update:)``.
    ///
    /// - Returns: Whether the row was added.
    /// - Throws: `existing` when the row exists and ``ExistingRow/refuse``.
    func write(_ query: PostgresQuery, existing: ExistingRow, orElse refusal: StoreError) async throws -> Bool {
        switch existing {
        case .refuse:
            try await self.insert(query, orElse: refusal)
            return true
        case .update:
            guard let row = try await self.rows(query).first else {
                throw StoreError.corrupt("an upsert returned no row")
            }
            return try row.decode(Bool.self)
        }
    }
}

extension ExistingRow {
    /// What ends an `INSERT` of a row with this unique `key`: nothing when an existing row is refused (the database
    /// refuses it); else the update of the `update` columns from the inserted values, and whether the row is new.
    func onConflict(key: String, update columns: [String]) -> String {
        switch self {
        case .refuse: return ""
        case .update:
            let set = columns.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
            return "ON CONFLICT (\(key)) DO UPDATE SET \(set) RETURNING (xmax = 0)"
        }
    }
}

/// How a write transaction locks the rows it reads, until it commits.
enum RowLock: String {
    /// No lock: the row as committed when the statement began.
    case none = ""
    /// Neither deleted nor its key changed meanwhile: for a row that another one is about to name.
    case keyShare = " FOR KEY SHARE"
    /// Not changed meanwhile: for a row whose values the write checks.
    case share = " FOR SHARE"
    /// Changed by this transaction only: for a row it reads and then changes.
    case update = " FOR UPDATE"
}

/// The academy's tables, qualified with its schema: identifiers cannot be bound into a statement.
struct AcademyTables: Sendable {
    let basin: String
    let school: String
    let trade: String
    let company: String
    let companyBasin: String
    let user: String
    let tokenRevocation: String
    let audit: String
    let issuedToken: String
    let invite: String
    let webSession: String

    init(_ schema: SchemaName) {
        func table(_ name: String) -> String { "\(schema.quoted).\"\(name)\"" }
        self.basin = table("basin")
        self.school = table("school")
        self.trade = table("trade")
        self.company = table("company")
        self.companyBasin = table("company_basin")
        self.user = table("user")
        self.tokenRevocation = table("token_revocation")
        self.audit = table("audit")
        self.issuedToken = table("issued_token")
        self.invite = table("invite")
        self.webSession = table("web_session")
    }
}
