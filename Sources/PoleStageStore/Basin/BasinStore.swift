package import GRDB

/// One basin's store: offers, periods and seats, reservations, the concerted calendar, contacts and the change log.
///
/// A handle: cheap to copy, and small (a name and a reference), since every async frame that works on a store holds a
/// copy for as long as it lives: a live subscription's, for its whole life. The server's handles come from the
/// ``BasinStoreRegistry``, and reach the basin's `DatabasePool` through it for each operation; unit tests build one on a
/// database of its own (``init(basin:writer:configuration:)``).
public struct BasinStore: Sendable {
    public let basin: BasinID
    private let source: Source

    /// Where the store's database is.
    private enum Source: Sendable {
        /// The registry opens the basin's file on first use and closes it when idle; it hears of every commit.
        case registry(BasinStoreRegistry)
        /// A database of the store's own, open for its life.
        case database(OwnDatabase)
    }

    /// A store's own database and configuration (a registry holds them for the stores it opens).
    private final class OwnDatabase: Sendable {
        let database: BasinDatabase
        let configuration: StoreConfiguration

        init(database: BasinDatabase, configuration: StoreConfiguration) {
            self.database = database
            self.configuration = configuration
        }
    }

    /// Its clock, reservation hold and retention periods.
    var configuration: StoreConfiguration {
        switch self.source {
        case .registry(let registry): registry.configuration
        case .database(let own): own.configuration
        }
    }

    init(basin: BasinID, registry: BasinStoreRegistry) {
        self.basin = basin
        self.source = .registry(registry)
    }

    /// A basin store on `writer`, migrated first: an in-memory `DatabaseQueue` in unit tests.
    ///
    /// No registry is involved: the store never closes, and no commit observer hears of its writes.
    /// - Parameters:
    ///   - writer: The store's only connection to its database, for the store's life.
    ///   - configuration: Its clock, reservation hold and retention periods; its folder is not read.
    package init(basin: BasinID, writer: DatabaseQueue, configuration: StoreConfiguration) throws {
        self.basin = basin
        let database = try BasinDatabase.open(.queue(writer))
        self.source = .database(OwnDatabase(database: database, configuration: configuration))
    }

    /// Runs `body` on the store's database: through the registry, which counts the operation in flight.
    ///
    /// - Parameter touch: Whether the operation counts as a use that keeps the store open (maintenance does not).
    func withDatabase<T: Sendable>(touch: Bool = true, _ body: (BasinDatabase) async throws -> T) async throws -> T {
        switch self.source {
        case .registry(let registry): try await registry.withDatabase(self.basin, touch: touch, body)
        case .database(let own): try await body(own.database)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await self.withDatabase { database in try await database.connection.read(body) }
    }

    /// One write transaction: everything in `body` commits together or not at all.
    ///
    /// Once it has committed, the registry's commit observer hears of it (the live feed reads the new changes then).
    /// An archived basin is read-only: a write that counts as a use fails with
    /// ``StoreError/failedPrecondition(_:)``, checked in the transaction itself (see ``markArchived()``).
    /// - Parameters:
    ///   - touch: Whether the write counts as a use that keeps the store open (maintenance does not).
    ///   - allowArchived: Whether the write may change an archived basin (the coordination's company merges).
    func write<T: Sendable>(
        touch: Bool = true,
        allowArchived: Bool = false,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        let basin = self.basin
        let checked: @Sendable (Database) throws -> T = { db in
            if touch, !allowArchived, try Self.meta(db, Self.archivedKey) == 1 {
                throw StoreError.archived(basin)
            }
            return try body(db)
        }
        let result = try await self.withDatabase(touch: touch) { database in
            try await database.connection.write(checked)
        }
        if case .registry(let registry) = self.source { registry.didCommit(self.basin) }
        return result
    }
}

extension BasinStore {
    /// The ISO week of the store's clock.
    public var currentWeek: ISOWeek { ISOWeek(containing: self.configuration.now()) }

    /// The store's clock in Unix milliseconds, the unit of ``OfferChange/at``.
    public var nowMilliseconds: Int64 { self.configuration.nowMilliseconds() }
}
