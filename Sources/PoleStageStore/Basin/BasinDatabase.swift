import GRDB

/// An open basin database: the connection every operation of its store goes through, and the search rows loaded from
/// it.
///
/// The registry opens one on a basin file's `DatabasePool` and drops it when the store closes; a store built on a
/// database of its own (``BasinStore/init(basin:writer:configuration:)``) keeps one for its life.
struct BasinDatabase: Sendable {
    let connection: DatabaseConnection
    /// Loaded with the connection, dropped with it.
    let searchIndex: OfferSearchIndex

    /// The connection as GRDB's protocol, for what is neither a read nor a write: closing, backing up.
    var writer: any DatabaseWriter { self.connection.writer }

    /// Migrates the connection, then loads its search rows and starts observing its writes.
    static func open(_ connection: DatabaseConnection) throws -> BasinDatabase {
        try BasinMigrations.migrator.migrate(connection.writer)
        return BasinDatabase(connection: connection, searchIndex: try OfferSearchIndex.open(connection.writer))
    }
}
