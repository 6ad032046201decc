package import PoleStageStore
import PostgresNIO

extension PostgresBasinStore {
    /// The basin's own resources of the good-practice space, in its schema. An archived basin's library is read-only.
    package var practice: PostgresPracticeLibrary {
        let basin = self.basin
        let meta = self.tables.meta
        return PostgresPracticeLibrary(
            schema: self.schema,
            client: self.client,
            logger: self.logger,
            now: { [configuration = self.configuration] in configuration.nowMilliseconds() },
            checkWritable: { connection, logger in
                // Shared until the write commits: an archive waits for it.
                let rows = try await connection.query(
                    "SELECT value FROM \(unescaped: meta) WHERE key = 'archived' FOR SHARE",
                    logger: logger
                ).collect()
                if try rows.first?.decode(Int64.self) == 1 { throw StoreError.archived(basin) }
            }
        )
    }
}

extension PostgresBasinStore: PracticeHolder {
    package var practiceLibrary: any PracticeStorage { self.practice }
}
