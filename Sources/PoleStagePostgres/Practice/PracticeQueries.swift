import Logging
import PoleStageStore
import PostgresNIO

/// What runs statements on a library's tables inside one transaction, a read or a write, and reads its rows back.
struct PracticeQueries {
    let connection: PostgresConnection
    let tables: PracticeTableNames
    let logger: Logger

    /// A resource's columns, in the order ``resources(_:)`` reads them.
    static let columns = """
        id, title, kind, audience, body, tags, event_starts_at, event_place, author_role, version, created_at,
        updated_at, revision, deleted
        """

    /// Every row `query` returns.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await self.connection.query(query, logger: self.logger).collect()
    }

    /// Runs a statement whose rows, if any, do not matter.
    func execute(_ query: PostgresQuery) async throws {
        _ = try await self.rows(query)
    }

    /// A resource that exists and is not deleted; with `lock`, locked until the transaction ends.
    func require(_ id: Int64, lock: Bool = false) async throws -> PracticeResource {
        guard let resource = try await self.resource(id, lock: lock), !resource.deleted else {
            throw StoreError.unknownResource(id)
        }
        return resource
    }

    /// A resource, deleted or not.
    func resource(_ id: Int64, lock: Bool = false) async throws -> PracticeResource? {
        try await self.resources(
            """
            SELECT \(unescaped: Self.columns) FROM \(unescaped: self.tables.resource) WHERE id = \(id)\
            \(unescaped: lock ? " FOR UPDATE" : "")
            """
        ).first
    }

    /// The resources `query` returns, in its order, with their files.
    func resources(_ query: PostgresQuery) async throws -> [PracticeResource] {
        let rows = try await self.rows(query).map { try ResourceRow(AcademyRow($0, table: "resource")) }
        let attachments = try await self.attachments(of: rows.map(\.id))
        return try rows.map { try $0.resource(attachments: attachments) }
    }

    /// The files of the resources `ids`, without their content, by resource.
    func attachments(of ids: [Int64]) async throws -> [Int64: [AttachmentInfo]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await self.rows(
            """
            SELECT id, resource_id, file_name, media_type, size, sha256 FROM \(unescaped: self.tables.resourceFile)
            WHERE resource_id = ANY(\(ids)) ORDER BY id
            """
        )
        var byResource: [Int64: [AttachmentInfo]] = [:]
        for row in rows {
            let resourceID: Int64 = try AcademyRow(row, table: "resource_file").decode("resource_id")
            byResource[resourceID, default: []].append(try Self.attachment(row))
        }
        return byResource
    }

    static func attachment(_ row: PostgresRow) throws -> AttachmentInfo {
        let row = AcademyRow(row, table: "resource_file")
        return AttachmentInfo(
            id: try row.decode("id"),
            fileName: try row.decode("file_name"),
            mediaType: try row.decode("media_type"),
            size: try row.decode("size"),
            sha256: try row.decode("sha256")
        )
    }

    /// A change to a resource's files: a new version and revision.
    func touch(_ id: Int64, now: Int64, revision: Int64) async throws {
        try await self.execute(
            """
            UPDATE \(unescaped: self.tables.resource) SET version = version + 1, updated_at = \(now),
              revision = \(revision)
            WHERE id = \(id)
            """
        )
    }

    /// What a resource's `search_words` and `word_count` hold: its distinct words, sorted, and how many words it has.
    static func searchWords(title: String, body: String, tags: String) -> (words: [String], count: Int64) {
        let words = [title, body, tags].flatMap(OfferSearchWords.words(in:))
        return (Set(words).sorted(), Int64(words.count))
    }
}

/// A resource's row, read back; its files come from their own table.
struct ResourceRow {
    let row: AcademyRow
    let id: Int64

    init(_ row: AcademyRow) throws {
        self.row = row
        self.id = try row.decode("id")
    }

    func resource(attachments: [Int64: [AttachmentInfo]]) throws -> PracticeResource {
        let id = self.id
        return PracticeResource(
            id: id,
            details: ResourceDetails(
                title: try self.row.decode("title"),
                kind: try self.row.decode("kind", as: { (raw: Int) in ResourceKind(rawValue: raw) }),
                audience: try self.row.decode("audience", as: { (raw: Int) in ResourceAudience(rawValue: raw) }),
                markdown: try self.row.decode("body"),
                tags: PracticeResource.tags(stored: try self.row.decode("tags")),
                eventStartsAt: try self.row.decode("event_starts_at", as: Int64?.self),
                eventPlace: try self.row.decode("event_place")
            ),
            attachments: attachments[id] ?? [],
            version: try self.row.decode("version"),
            createdAt: try self.row.decode("created_at"),
            updatedAt: try self.row.decode("updated_at"),
            authorRole: try self.row.decode("author_role"),
            revision: try self.row.decode("revision"),
            deleted: try self.row.decode("deleted")
        )
    }
}
