import Foundation
package import GRDB

/// The academy store (`academy.sqlite`): basins, schools, trades, the company directory and users.
///
/// The server opens it on its file: one `DatabasePool` (WAL) for the life of the process. Every write is one
/// transaction, and each kind of row is written by one function of the store, whichever public call asks for it.
public final class AcademyStore: Sendable {
    let connection: DatabaseConnection
    let configuration: StoreConfiguration
    /// Basins, schools and companies as every call's tenant resolution reads them; emptied by every write.
    let lookups = AcademyLookupCache()

    /// Opens (creating if needed) the academy store under the configured data folder and migrates it.
    public convenience init(configuration: StoreConfiguration) throws {
        try FileManager.default.createDirectory(at: configuration.directory, withIntermediateDirectories: true)
        let pool = try DatabasePool(path: configuration.academyPath, configuration: Configuration())
        try self.init(connection: .pool(pool), configuration: configuration)
    }

    /// An academy store on `writer`, migrated first: an in-memory `DatabaseQueue` in unit tests.
    ///
    /// - Parameters:
    ///   - writer: The store's only connection to its database, for the store's life.
    ///   - configuration: Its clock; its folder is not read.
    package convenience init(writer: DatabaseQueue, configuration: StoreConfiguration) throws {
        try self.init(connection: .queue(writer), configuration: configuration)
    }

    private init(connection: DatabaseConnection, configuration: StoreConfiguration) throws {
        try AcademyMigrations.migrator.migrate(connection.writer)
        self.connection = connection
        self.configuration = configuration
    }

    /// The connection as GRDB's protocol, for what is neither a read nor a write: closing, backing up.
    var writer: any DatabaseWriter { self.connection.writer }

    /// Runs one read.
    func read<T: Sendable>(_ value: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await self.connection.read(value)
    }

    /// Runs one write transaction, then empties ``lookups``: every write of the academy store goes through here.
    func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        defer { self.lookups.invalidate() }
        return try await self.connection.write(updates)
    }

    /// Closes the connections; the store is unusable afterwards.
    public func close() throws {
        try self.writer.close()
    }
}

/// What writing a row does when a row with its key exists.
package enum ExistingRow {
    /// The write fails with ``StoreError/alreadyExists(_:)``.
    case refuse
    /// The stored row takes the new values.
    case update
}
