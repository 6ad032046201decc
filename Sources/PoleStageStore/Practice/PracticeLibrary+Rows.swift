import GRDB

extension PracticeLibrary {
    /// The resources that match `query`, best first: by relevance with a text (title first, then tags, then text),
    /// else the latest changed first. Deleted resources are never found.
    public func search(_ query: ResourceQuery, limit: Int) async throws -> [ResourceHit] {
        try await self.database.read { db in
            var conditions: [SQL] = ["resource.deleted = 0"]
            if let kind = query.kind { conditions.append("resource.kind = \(kind.rawValue)") }
            if let audience = query.audience {
                conditions.append(
                    "resource.audience IN (\(audience.rawValue), \(ResourceAudience.everyone.rawValue))"
                )
            }
            if let tag = query.tag { conditions.append("instr(resource.tags, \(" \(tag) ")) > 0") }
            let filter = conditions.joined(operator: .and)
            let request: SQLRequest<Row>
            if let pattern = OfferTextPattern(matchingAllPrefixesIn: query.text) {
                request = """
                    SELECT resource.*, bm25(resourceText, 10.0, 1.0, 5.0) AS rank
                    FROM resourceText JOIN resource ON resource.id = resourceText.rowid
                    WHERE resourceText MATCH \(pattern.rawPattern) AND \(filter)
                    ORDER BY rank, resource.id LIMIT \(limit)
                    """
            } else {
                request = """
                    SELECT resource.*, -resource.updatedAt AS rank FROM resource
                    WHERE \(filter)
                    ORDER BY resource.updatedAt DESC, resource.id DESC LIMIT \(limit)
                    """
            }
            let rows = try request.fetchAll(db)
            let attachments = try Self.attachments(db, of: rows.map { $0["id"] })
            return try rows.map { row in
                ResourceHit(
                    resource: try Self.resource(row: row, attachments: attachments),
                    rank: try StoredRow(row, table: "resource", key: "id").decode("rank")
                )
            }
        }
    }

    /// The resources changed after `revision`, deleted ones included, in the order of their changes; and the library's
    /// latest revision.
    public func changes(after revision: Int64, limit: Int) async throws -> (resources: [PracticeResource], head: Int64)
    {
        try await self.database.read { db in
            let rows = try SQLRequest<Row>(
                literal: "SELECT * FROM resource WHERE revision > \(revision) ORDER BY revision LIMIT \(limit)"
            ).fetchAll(db)
            let attachments = try Self.attachments(db, of: rows.map { $0["id"] })
            let head = try Int64.fetchOne(db, sql: "SELECT coalesce(max(revision), 0) FROM resource") ?? 0
            return (try rows.map { try Self.resource(row: $0, attachments: attachments) }, head)
        }
    }

    static func nextRevision(_ db: Database) throws -> Int64 {
        (try Int64.fetchOne(db, sql: "SELECT coalesce(max(revision), 0) FROM resource") ?? 0) + 1
    }

    /// A change to a resource's files: a new version and revision.
    static func touch(_ db: Database, id: Int64, now: Int64) throws {
        try db.execute(
            literal: """
                UPDATE resource SET version = version + 1, updatedAt = \(now), revision = \(try nextRevision(db))
                WHERE id = \(id)
                """
        )
    }

    /// A resource that exists and is not deleted.
    static func require(_ db: Database, id: Int64) throws -> PracticeResource {
        guard let resource = try resource(db, id: id), !resource.deleted else {
            throw StoreError.unknownResource(id)
        }
        return resource
    }

    /// A resource, deleted or not.
    static func resource(_ db: Database, id: Int64) throws -> PracticeResource? {
        guard let row = try SQLRequest<Row>(literal: "SELECT * FROM resource WHERE id = \(id)").fetchOne(db) else {
            return nil
        }
        return try resource(row: row, attachments: attachments(db, of: [id]))
    }

    /// The files of the resources `ids`, without their content, by resource.
    static func attachments(_ db: Database, of ids: [Int64]) throws -> [Int64: [AttachmentInfo]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try SQLRequest<Row>(
            literal: """
                SELECT id, resourceId, fileName, mediaType, size, sha256 FROM resourceFile
                WHERE resourceId IN \(ids) ORDER BY id
                """
        ).fetchAll(db)
        var byResource: [Int64: [AttachmentInfo]] = [:]
        for row in rows {
            byResource[row["resourceId"], default: []].append(try attachment(row: row))
        }
        return byResource
    }

    static func attachment(row: Row) throws -> AttachmentInfo {
        let stored = StoredRow(row, table: "resourceFile", key: "id")
        return AttachmentInfo(
            id: try stored.decode("id"),
            fileName: try stored.decode("fileName"),
            mediaType: try stored.decode("mediaType"),
            size: try stored.decode("size"),
            sha256: try stored.decode("sha256")
        )
    }

    static func resource(row: Row, attachments: [Int64: [AttachmentInfo]]) throws -> PracticeResource {
        let stored = StoredRow(row, table: "resource", key: "id")
        let id: Int64 = try stored.decode("id")
        let tags: String = try stored.decode("tags")
        return PracticeResource(
            id: id,
            details: ResourceDetails(
                title: try stored.decode("title"),
                kind: try stored.decode("kind", as: ResourceKind.init(rawValue:)),
                audience: try stored.decode("audience", as: ResourceAudience.init(rawValue:)),
                markdown: try stored.decode("body"),
                tags: PracticeResource.tags(stored: tags),
                eventStartsAt: try stored.decode("eventStartsAt", as: Int64?.self),
                eventPlace: try stored.decode("eventPlace")
            ),
            attachments: attachments[id] ?? [],
            version: try stored.decode("version"),
            createdAt: try stored.decode("createdAt"),
            updatedAt: try stored.decode("updatedAt"),
            authorRole: try stored.decode("authorRole"),
            revision: try stored.decode("revision"),
            deleted: try stored.decode("deleted")
        )
    }
}
