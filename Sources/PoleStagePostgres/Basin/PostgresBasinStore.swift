package import Logging
package import PoleStageStore
package import PostgresNIO

/// One basin's store on PostgreSQL, in the basin's own schema: the same protocols as the SQLite ``BasinStore``, for
/// any number of server nodes on one database.
///
/// A handle: a name, the shared client and the configuration. Every write is one transaction that first locks the
/// basin's `change_log_head` row, so the basin's writes run one after the other whatever node makes them, as they do on
/// one SQLite file: seats never overbook, versions never race, and change-log positions follow commit order. Writes to
/// different basins do not wait for one another.
package struct PostgresBasinStore: Sendable {
    package let basin: BasinID
    let schema: SchemaName
    let tables: BasinTables
    let client: PostgresClient
    let configuration: StoreConfiguration
    let logger: Logger
    /// Told of each committed write: the live feed reads the change log then.
    let didCommit: (@Sendable (BasinID) -> Void)?

    /// The store of `basin` on `client`; call ``migrate()`` before the first operation.
    package init(
        basin: BasinID,
        client: PostgresClient,
        configuration: StoreConfiguration,
        logger: Logger,
        didCommit: (@Sendable (BasinID) -> Void)? = nil
    ) {
        // A basin id is 2 to 48 of a-z, 0-9 and '-': always a schema name.
        let schema = SchemaName.basin(basin.rawValue)!
        self.basin = basin
        self.schema = schema
        self.tables = BasinTables(schema)
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.didCommit = didCommit
    }

    /// Creates the basin's schema, or brings it to the latest version.
    ///
    /// - Throws: ``SchemaMigrationError/newerSchema(schema:found:known:)`` when a newer server migrated it.
    package func migrate() async throws {
        try await BasinSchema.migrator.migrate(self.schema, on: self.client, logger: self.logger)
    }

    /// The store's clock in Unix milliseconds.
    package var nowMilliseconds: Int64 { self.configuration.nowMilliseconds() }

    /// The ISO week of the store's clock.
    package var currentWeek: ISOWeek { ISOWeek(containing: self.configuration.now()) }

    /// One write transaction: everything in `body` commits together or not at all.
    ///
    /// An archived basin is read-only: a write fails with ``StoreError/failedPrecondition(_:)``, unless
    /// `allowArchived`.
    func write<T: Sendable>(
        allowArchived: Bool = false,
        _ body: (BasinTransaction) async throws -> T
    ) async throws -> T {
        let tables = self.tables
        let logger = self.logger
        let basin = self.basin
        let result: T
        do {
            result = try await self.client.withTransaction(logger: logger) { connection in
                let transaction = try await BasinTransaction.begin(on: connection, tables: tables, logger: logger)
                if !allowArchived, transaction.meta["archived"] == 1 { throw StoreError.archived(basin) }
                let result = try await body(transaction)
                try await transaction.finish()
                return result
            }
        } catch let error as PostgresTransactionError {
            throw error.cause
        }
        self.didCommit?(basin)
        return result
    }

    /// Reads in one transaction, so that what `body` reads holds together.
    func read<T: Sendable>(_ body: (BasinReader) async throws -> T) async throws -> T {
        let tables = self.tables
        let logger = self.logger
        do {
            return try await self.client.withTransaction(logger: logger) { connection in
                try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
                return try await body(BasinReader(connection: connection, tables: tables, logger: logger))
            }
        } catch let error as PostgresTransactionError {
            throw error.cause
        }
    }
}

extension PostgresTransactionError {
    /// The error of the transaction's body when it is what failed, else the transaction's own.
    var cause: any Error {
        if let cause = self.closureError, self.rollbackError == nil { return cause }
        return self
    }
}

/// The basin's tables, qualified with its schema: identifiers cannot be bound into a statement.
struct BasinTables: Sendable {
    let meta: String
    let head: String
    let offer: String
    let offerPeriod: String
    let reservation: String
    let changeLog: String
    let schoolPeriod: String
    let contact: String
    let pupil: String
    let application: String
    let signInCode: String
    let inboxMessage: String
    let reminder: String
    let offerToUpdateNotice: String
    let webhookCursor: String
    let webhookDeadLetter: String
    let boardingHouse: String
    let boardingWeek: String

    init(_ schema: SchemaName) {
        func table(_ name: String) -> String { "\(schema.quoted).\(name)" }
        self.meta = table("meta")
        self.head = table("change_log_head")
        self.offer = table("offer")
        self.offerPeriod = table("offer_period")
        self.reservation = table("reservation")
        self.changeLog = table("change_log")
        self.schoolPeriod = table("school_period")
        self.contact = table("contact")
        self.pupil = table("pupil")
        self.application = table("application")
        self.signInCode = table("sign_in_code")
        self.inboxMessage = table("inbox_message")
        self.reminder = table("reminder")
        self.offerToUpdateNotice = table("offer_to_update_notice")
        self.webhookCursor = table("webhook_cursor")
        self.webhookDeadLetter = table("webhook_dead_letter")
        self.boardingHouse = table("boarding_house")
        self.boardingWeek = table("boarding_week")
    }
}
