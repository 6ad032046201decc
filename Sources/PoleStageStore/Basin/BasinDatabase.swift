import GRDB

/// An open basin database: the writer every operation of its store goes through, and the search rows loaded from it.
///
/// The registry opens one on a basin file's `DatabasePool` and drops it when the store closes; a store built on a writer
/// of its own (``BasinStore/init(basin:writer:configuration:)``) keeps one for its life.
struct BasinDatabase: Sendable {
    let writer: any DatabaseWriter
    /// Loaded with the writer, dropped with it.
    let searchIndex: OfferSearchIndex

    /// Migrates `writer`, then loads its search rows and starts observing its writes.
    static func open(_ writer: any DatabaseWriter) throws -> BasinDatabase {
        try BasinMigrations.migrator.migrate(writer)
        return BasinDatabase(writer: writer, searchIndex: try OfferSearchIndex.open(writer))
    }
}
