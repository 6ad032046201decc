import Foundation
package import Logging
package import PoleStageStore
package import PostgresNIO
import Synchronization

/// The basins of an académie on one PostgreSQL database, as one node sees them: a store per basin, each in its schema,
/// and the commits of every node.
///
/// Holds nothing another node needs: any node serves any basin.
package final class PostgresBasins: BasinDirectory {
    let client: PostgresClient
    package let configuration: StoreConfiguration
    let logger: Logger
    package let signals: CommitSignals
    /// The basins this node has migrated, or found migrated: ``prepare(_:)`` costs nothing for them.
    private let prepared = Mutex<Set<BasinID>>([])

    /// - Parameter notifies: Whether commits are announced to the other nodes with `pg_notify` (always, but to measure
    ///   what the notifications cost).
    package init(
        client: PostgresClient,
        configuration: StoreConfiguration,
        logger: Logger,
        pollInterval: Duration,
        notifies: Bool = true
    ) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.signals = CommitSignals(client: client, logger: logger, pollInterval: pollInterval, notifies: notifies)
    }

    /// The store of `basin`; its schema must have been created (``create(_:)``).
    package func store(for basin: BasinID) -> PostgresBasinStore {
        let signals = self.signals
        return PostgresBasinStore(
            basin: basin,
            client: self.client,
            configuration: self.configuration,
            logger: self.logger,
            didCommit: { signals.committed($0) }
        )
    }

    /// Creates the basin's schema, or brings it to the latest version.
    @discardableResult
    package func create(_ basin: BasinID) async throws -> PostgresBasinStore {
        let store = self.store(for: basin)
        try await store.migrate()
        self.prepared.withLock { _ = $0.insert(basin) }
        return store
    }

    package func storage(for basin: BasinID) -> any BasinStorage { self.store(for: basin) }

    @discardableResult
    package func createStorage(for basin: BasinID) async throws -> any BasinStorage { try await self.create(basin) }

    package func prepare(_ basin: BasinID) async throws {
        if self.prepared.withLock({ $0.contains(basin) }) { return }
        try await self.create(basin)
    }

    package func exists(_ basin: BasinID) async throws -> Bool {
        if self.prepared.withLock({ $0.contains(basin) }) { return true }
        // A basin id is 2 to 48 of a-z, 0-9 and '-': always a schema name.
        let schema = SchemaName.basin(basin.rawValue)!
        return try await SchemaMigrator.version(of: schema, on: self.client, logger: self.logger) > 0
    }

    package func changeLog(of basin: BasinID) -> any ChangeLogStorage { self.store(for: basin) }

    package func observeCommits(_ observer: @escaping @Sendable (BasinID) -> Void) {
        self.signals.observe(observer)
    }

    package var activeBasins: [BasinID] { self.prepared.withLock { $0.sorted() } }

    /// Nothing to close: the client's pool holds the connections, for every basin.
    package func closeIdle() -> [BasinID] { [] }

    /// Nothing to close: the client's owner shuts it down.
    package func closeAll() {}

    /// The bytes of each schema's tables, indexes and TOAST: `academy`, then each basin by id.
    package func storeSizes() async -> [(store: String, bytes: Int)] {
        do {
            let rows = try await self.client.query(
                """
                SELECT n.nspname::text, sum(pg_total_relation_size(c.oid))::bigint
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND (n.nspname = 'academy' OR n.nspname LIKE 'basin\\_%')
                GROUP BY n.nspname ORDER BY n.nspname COLLATE "C"
                """,
                logger: self.logger
            ).collect()
            return try rows.map { row in
                let (schema, bytes) = try row.decode((String, Int).self)
                let store =
                    schema == "academy"
                    ? schema : String(schema.dropFirst("basin_".count)).replacingOccurrences(of: "_", with: "-")
                return (store, bytes)
            }
        } catch {
            self.logger.debug("Could not measure the schemas", metadata: ["error": "\(error)"])
            return []
        }
    }

    package func withConfiguration<T: Sendable>(
        _ configuration: StoreConfiguration,
        _ body: (any BasinDirectory) async throws -> T
    ) async throws -> T {
        let basins = PostgresBasins(
            client: self.client,
            configuration: configuration,
            logger: self.logger,
            pollInterval: self.signals.pollInterval,
            notifies: self.signals.notifies
        )
        return try await body(basins)
    }

    /// Runs the commit signals between nodes until cancelled.
    package func run() async {
        await self.signals.run()
    }
}
