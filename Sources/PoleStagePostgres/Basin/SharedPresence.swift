import Foundation
package import Logging
package import PoleStageStore
package import PostgresNIO

/// The live subscribers of every node, on PostgreSQL: each node writes its counts per basin into
/// `polestage_presence.presence` every ``period``, and a count adds the rows of the other nodes written within three
/// periods (a node that died stops counting after that; one that stops gracefully withdraws its rows at once).
package struct SharedPresence: PresenceBoard {
    static let schema = SchemaName("polestage_presence")!

    static let migrator = SchemaMigrator([
        SchemaMigration(
            version: 1,
            [
                """
                CREATE TABLE presence (
                  node text NOT NULL,
                  basin text NOT NULL,
                  subscribers integer NOT NULL,
                  seen_at bigint NOT NULL,
                  PRIMARY KEY (basin, node))
                """
            ]
        )
    ])

    /// This node's name in the table.
    let node: String
    let client: PostgresClient
    let logger: Logger
    let period: Duration
    let now: @Sendable () -> Int64

    package init(
        client: PostgresClient,
        logger: Logger,
        period: Duration = .seconds(2),
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
    ) {
        self.node = UUID().uuidString.lowercased()
        self.client = client
        self.logger = logger
        self.period = period
        self.now = now
    }

    /// Creates the table, or brings it to the latest version.
    package func migrate() async throws {
        try await Self.migrator.migrate(Self.schema, on: self.client, logger: self.logger)
    }

    package func subscribers(of basin: BasinID, local: Int) async throws -> Int {
        let fresh = self.now() - 3 * self.period.milliseconds
        let others =
            try await self.client.query(
                """
                SELECT coalesce(sum(subscribers), 0)::bigint FROM polestage_presence.presence
                WHERE basin = \(basin.rawValue) AND node <> \(self.node) AND seen_at > \(fresh)
                """,
                logger: self.logger
            ).collect().first?.decode(Int.self) ?? 0
        return local + others
    }

    package func publish(_ counts: @escaping @Sendable () -> [BasinID: Int]) async {
        while !Task.isCancelled {
            await self.write(counts())
            do { try await Task.sleep(for: self.period) } catch { break }
        }
        // A node that stops gracefully counts for nothing at once: in a task of its own, as this one is cancelled and a
        // query in a cancelled task is not sent; waited for 2 seconds at most, so that a database that does not answer
        // never holds the node's stop (its rows then stop counting after three periods).
        let (client, node, logger) = (self.client, self.node, self.logger)
        await Task {
            let (finished, finish) = AsyncStream.makeStream(of: Void.self)
            Task {
                _ = try? await client.query(
                    "DELETE FROM polestage_presence.presence WHERE node = \(node)",
                    logger: logger
                )
                finish.finish()
            }
            let deadline = Task {
                try? await Task.sleep(for: .seconds(2))
                finish.finish()
            }
            for await _ in finished {}
            deadline.cancel()
        }.value
    }

    /// Writes this node's counts in one statement: its rows of basins at zero go.
    package func write(_ counts: [BasinID: Int]) async {
        let live = counts.filter { $0.value > 0 }
        let basins = live.keys.map(\.rawValue)
        let subscribers = basins.map { live[BasinID($0)!]! }
        do {
            try await self.client.query(
                """
                WITH gone AS (
                  DELETE FROM polestage_presence.presence WHERE node = \(self.node) AND NOT (basin = ANY(\(basins))))
                INSERT INTO polestage_presence.presence (node, basin, subscribers, seen_at)
                SELECT \(self.node), basin, subscribers, \(self.now())
                FROM unnest(\(basins), \(subscribers)) AS p (basin, subscribers)
                ON CONFLICT (basin, node) DO UPDATE SET subscribers = excluded.subscribers, seen_at = excluded.seen_at
                """,
                logger: self.logger
            )
        } catch {
            self.logger.debug("Could not publish this node's presence", metadata: ["error": "\(error)"])
        }
    }
}
