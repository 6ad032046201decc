import Logging
package import PoleStageStore
import PostgresNIO

/// A library of the good-practice space on PostgreSQL, in a basin's schema or in the academy schema: the same protocol
/// as the SQLite ``PracticeLibrary``, for any number of server nodes on one database.
///
/// A handle: the schema's tables, the shared client and a clock. Every write is one transaction that first locks the
/// library's `practice_head` row and takes the next revision from it, so the library's writes run one after the other
/// whatever node makes them: revisions follow commit order, and a version check reads the resource `FOR UPDATE`, so two
/// saves expecting the same version never both succeed. Reads are read-only transactions that see one snapshot.
package struct PostgresPracticeLibrary: Sendable {
    let tables: PracticeTableNames
    let client: PostgresClient
    let logger: Logger
    let now: @Sendable () -> Int64
    /// Runs in each write transaction once the library is locked: what it throws refuses the write (an archived
    /// basin's).
    let checkWritable: (@Sendable (PostgresConnection, Logger) async throws -> Void)?

    /// The library whose tables are in `schema`, on `client`.
    init(
        schema: SchemaName,
        client: PostgresClient,
        logger: Logger,
        now: @escaping @Sendable () -> Int64,
        checkWritable: (@Sendable (PostgresConnection, Logger) async throws -> Void)? = nil
    ) {
        self.tables = PracticeTableNames(schema)
        self.client = client
        self.logger = logger
        self.now = now
        self.checkWritable = checkWritable
    }

    /// One write transaction, given the revision of its change: everything in `body` commits together or not at all.
    func write<T: Sendable>(_ body: (PracticeQueries, _ revision: Int64) async throws -> T) async throws -> T {
        let tables = self.tables
        let logger = self.logger
        let checkWritable = self.checkWritable
        do {
            return try await self.client.withTransaction(logger: logger) { connection in
                let queries = PracticeQueries(connection: connection, tables: tables, logger: logger)
                let rows = try await queries.rows(
                    "UPDATE \(unescaped: tables.head) SET revision = revision + 1 RETURNING revision"
                )
                guard let revision = try rows.first?.decode(Int64.self) else {
                    throw StoreError.corrupt("the library's practice_head row is missing")
                }
                try await checkWritable?(connection, logger)
                return try await body(queries, revision)
            }
        } catch let error as PostgresTransactionError {
            throw error.cause
        }
    }

    /// Reads in one transaction, so that what `body` reads holds together.
    func read<T: Sendable>(_ body: (PracticeQueries) async throws -> T) async throws -> T {
        let tables = self.tables
        let logger = self.logger
        do {
            return try await self.client.withTransaction(logger: logger) { connection in
                try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
                return try await body(PracticeQueries(connection: connection, tables: tables, logger: logger))
            }
        } catch let error as PostgresTransactionError {
            throw error.cause
        }
    }
}

extension PostgresPracticeLibrary: PracticeStorage {
    package func save(
        id: Int64?,
        _ details: ResourceDetails,
        expectedVersion: Int64?,
        authorRole: String
    ) async throws -> PracticeResource {
        let now = self.now()
        let tags = PracticeResource.storedTags(details.tags)
        let words = PracticeQueries.searchWords(title: details.title, body: details.markdown, tags: tags)
        return try await self.write { q, revision in
            let t = q.tables
            let resourceID: Int64
            if let id {
                try await q.require(id, lock: true).check(expectedVersion: expectedVersion)
                try await q.execute(
                    """
                    UPDATE \(unescaped: t.resource) SET title = \(details.title), kind = \(details.kind.rawValue),
                      audience = \(details.audience.rawValue), body = \(details.markdown), tags = \(tags),
                      event_starts_at = \(details.eventStartsAt), event_place = \(details.eventPlace),
                      version = version + 1, updated_at = \(now), revision = \(revision),
                      search_words = array_to_tsvector(\(words.words)), word_count = \(words.count)
                    WHERE id = \(id)
                    """
                )
                resourceID = id
            } else {
                let rows = try await q.rows(
                    """
                    INSERT INTO \(unescaped: t.resource) (title, kind, audience, body, tags, event_starts_at,
                      event_place, author_role, version, created_at, updated_at, revision, search_words, word_count)
                    VALUES (\(details.title), \(details.kind.rawValue), \(details.audience.rawValue),
                      \(details.markdown), \(tags), \(details.eventStartsAt), \(details.eventPlace), \(authorRole), 1,
                      \(now), \(now), \(revision), array_to_tsvector(\(words.words)), \(words.count))
                    RETURNING id
                    """
                )
                guard let id = try rows.first?.decode(Int64.self) else {
                    throw StoreError.corrupt("an insert into resource returned no id")
                }
                resourceID = id
            }
            return try await q.require(resourceID)
        }
    }

    package func delete(id: Int64, expectedVersion: Int64?) async throws -> PracticeResource {
        let now = self.now()
        let tombstoneTags = PracticeResource.tombstoneTags
        return try await self.write { q, revision in
            let t = q.tables
            let stored = try await q.require(id, lock: true)
            try stored.check(expectedVersion: expectedVersion)
            let words = PracticeQueries.searchWords(
                title: stored.details.title,
                body: PracticeResource.tombstoneBody,
                tags: tombstoneTags
            )
            try await q.execute("DELETE FROM \(unescaped: t.resourceFile) WHERE resource_id = \(id)")
            try await q.execute(
                """
                UPDATE \(unescaped: t.resource) SET body = \(PracticeResource.tombstoneBody), tags = \(tombstoneTags),
                  deleted = true, version = version + 1, updated_at = \(now), revision = \(revision),
                  search_words = array_to_tsvector(\(words.words)), word_count = \(words.count)
                WHERE id = \(id)
                """
            )
            guard let resource = try await q.resource(id) else { throw StoreError.unknownResource(id) }
            return resource
        }
    }

    package func attach(_ file: ResourceFile, to id: Int64) async throws -> PracticeResource {
        let now = self.now()
        let digest = file.sha256
        return try await self.write { q, revision in
            let t = q.tables
            try await q.require(id, lock: true).checkRoom(for: file)
            try await q.execute(
                """
                INSERT INTO \(unescaped: t.resourceFile) (resource_id, file_name, media_type, size, sha256, content)
                VALUES (\(id), \(file.fileName), \(file.mediaType), \(Int64(file.content.count)), \(digest),
                  \(ByteBuffer(bytes: file.content)))
                """
            )
            try await q.touch(id, now: now, revision: revision)
            return try await q.require(id)
        }
    }

    package func removeAttachment(_ attachmentID: Int64, from id: Int64) async throws -> PracticeResource {
        let now = self.now()
        return try await self.write { q, revision in
            let t = q.tables
            _ = try await q.require(id, lock: true)
            let removed = try await q.rows(
                """
                DELETE FROM \(unescaped: t.resourceFile) WHERE id = \(attachmentID) AND resource_id = \(id)
                RETURNING id
                """
            )
            guard removed.count == 1 else { throw StoreError.unknownAttachment(attachmentID, of: id) }
            try await q.touch(id, now: now, revision: revision)
            return try await q.require(id)
        }
    }

    package func resource(_ id: Int64) async throws -> PracticeResource {
        try await self.read { q in try await q.require(id) }
    }

    package func attachment(_ attachmentID: Int64, of id: Int64) async throws -> (AttachmentInfo, [UInt8]) {
        try await self.read { q in
            _ = try await q.require(id)
            let rows = try await q.rows(
                """
                SELECT id, file_name, media_type, size, sha256, content FROM \(unescaped: q.tables.resourceFile)
                WHERE id = \(attachmentID) AND resource_id = \(id)
                """
            )
            guard let row = rows.first else { throw StoreError.unknownAttachment(attachmentID, of: id) }
            let content: ByteBuffer = try AcademyRow(row, table: "resource_file").decode("content")
            return (try PracticeQueries.attachment(row), Array(content.readableBytesView))
        }
    }
}
