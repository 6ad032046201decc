package import Logging
package import PoleStageStore
package import PostgresNIO

/// The basins of an académie on one PostgreSQL database, as one node sees them: a store per basin, each in its schema,
/// and the commits of every node.
///
/// Holds nothing another node needs: any node serves any basin.
package final class PostgresBasins: ChangeLogSource {
    let client: PostgresClient
    let configuration: StoreConfiguration
    let logger: Logger
    package let signals: CommitSignals

    package init(client: PostgresClient, configuration: StoreConfiguration, logger: Logger, pollInterval: Duration) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.signals = CommitSignals(client: client, logger: logger, pollInterval: pollInterval)
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
        return store
    }

    package func changeLog(of basin: BasinID) -> any ChangeLogStorage { self.store(for: basin) }

    package func observeCommits(_ observer: @escaping @Sendable (BasinID) -> Void) {
        self.signals.observe(observer)
    }

    /// Runs the commit signals between nodes until cancelled.
    package func run() async {
        await self.signals.run()
    }
}
