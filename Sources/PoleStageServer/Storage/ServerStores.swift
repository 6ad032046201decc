import Foundation
import Logging
package import PoleStageAuth
import PoleStagePostgres
package import PoleStageServices
public import PoleStageStore
public import PostgresNIO

/// Where a server keeps its data: SQLite files under its data folder (the default), or one PostgreSQL database shared
/// by every node.
public struct ServerStores: Sendable {
    package let academy: any AcademyStorage
    package let basins: any BasinDirectory
    package let backups: StoreBackups
    /// The signing keys kept with the data, used when the configuration names none.
    package let storedSigningKeys: @Sendable () async throws -> [SigningKey]
    /// Whether the database answers now; `nil` for files, which are always there.
    package let databaseReachable: (@Sendable () async -> Bool)?
    /// What runs beside the server while it serves: on PostgreSQL, the commit signals between nodes.
    package let background: (@Sendable () async -> Void)?
    /// Where the nodes publish their live subscribers, so that presence counts every node's; `nil` for files, where
    /// this node's are all there are.
    package let presence: (any PresenceBoard)?
    /// Whether the server takes the data folder's lock: only SQLite files need it.
    package let locksDataFolder: Bool
    /// How the startup line names the backend, without a password.
    package let description: String

    /// The SQLite files under the configuration's data folder, opened (created and migrated if needed).
    package static func files(_ configuration: StoreConfiguration) async throws -> ServerStores {
        // Opening and migrating waits for the disk: never on a thread of the cooperative pool.
        let academy = try await withBlockingFileWork("academy") { try AcademyStore(configuration: configuration) }
        let basins = try BasinStoreRegistry(configuration: configuration)
        let directory = configuration.directory
        return ServerStores(
            academy: academy,
            basins: basins,
            backups: .files(academy: academy, basins: basins),
            storedSigningKeys: { try SigningKeyFile.loadOrCreate(in: directory) },
            databaseReachable: nil,
            background: nil,
            presence: nil,
            locksDataFolder: true,
            description: "SQLite files under \(directory.path)"
        )
    }

    /// The académie's and the basins' schemas on the database `client` reaches, created or migrated first.
    ///
    /// The caller runs `client` (`PostgresClient.run()`) for as long as the server runs, and beyond this call.
    /// `notifies: false` leaves out the `pg_notify` wake-ups between nodes (the others then learn of commits at their
    /// next poll, within a second): only to measure what the wake-ups cost the writes.
    /// - Throws: ``SchemaMigrationError`` when a newer server migrated the académie's schema; the database's error
    ///   when it cannot be reached.
    public static func postgres(
        client: PostgresClient,
        location: String,
        configuration: StoreConfiguration,
        logger: Logger,
        notifies: Bool = true
    ) async throws -> ServerStores {
        let academy = PostgresAcademyStore(client: client, configuration: configuration, logger: logger)
        try await academy.migrate()
        let basins = PostgresBasins(
            client: client,
            configuration: configuration,
            logger: logger,
            pollInterval: .seconds(1),
            notifies: notifies
        )
        let keys = SharedSigningKeys(client: client, logger: logger)
        let presence = SharedPresence(client: client, logger: logger)
        try await presence.migrate()
        return ServerStores(
            academy: academy,
            basins: basins,
            backups: .database,
            storedSigningKeys: { try await keys.loadOrCreate() },
            databaseReachable: { await DatabaseProbe.reachable(client, logger: logger) },
            background: { await basins.run() },
            presence: presence,
            locksDataFolder: false,
            description: "PostgreSQL at \(location)"
        )
    }
}
