import Foundation
import GRDB

/// The resources of one library of the good-practice space: a basin's, in its store, or the académie's, in the
/// academy store. Both hold the same tables (``PracticeTables``) and are used through this one type.
public struct PracticeLibrary: Sendable {
    let database: any PracticeDatabase
    let now: @Sendable () -> Int64

    /// The most files a resource may have.
    public static let maxAttachments = 5

    /// Creates a resource (`id` nil) or replaces one's details.
    ///
    /// - Parameter expectedVersion: When given, the save is refused unless the resource is at that version.
    public func save(
        id: Int64?,
        _ details: ResourceDetails,
        expectedVersion: Int64?,
        authorRole: String
    ) async throws -> PracticeResource {
        let now = self.now()
        return try await self.database.practiceWrite { db in
            let revision = try Self.nextRevision(db)
            let resourceID: Int64
            if let id {
                try Self.require(db, id: id).check(expectedVersion: expectedVersion)
                try db.execute(
                    literal: """
                        UPDATE resource SET title = \(details.title), kind = \(details.kind.rawValue),
                          audience = \(details.audience.rawValue), body = \(details.markdown),
                          tags = \(PracticeResource.storedTags(details.tags)),
                          eventStartsAt = \(details.eventStartsAt), eventPlace = \(details.eventPlace),
                          version = version + 1, updatedAt = \(now), revision = \(revision)
                        WHERE id = \(id)
                        """
                )
                resourceID = id
            } else {
                try db.execute(
                    literal: """
                        INSERT INTO resource (title, kind, audience, body, tags, eventStartsAt, eventPlace, authorRole,
                          version, createdAt, updatedAt, revision)
                        VALUES (\(details.title), \(details.kind.rawValue), \(details.audience.rawValue),
                          \(details.markdown), \(PracticeResource.storedTags(details.tags)),
                          \(details.eventStartsAt), \(details.eventPlace), \(authorRole), 1, \(now), \(now),
                          \(revision))
                        """
                )
                resourceID = db.lastInsertedRowID
            }
            return try Self.require(db, id: resourceID)
        }
    }

    /// Deletes a resource and its files, and keeps its tombstone for watchers.
    public func delete(id: Int64, expectedVersion: Int64?) async throws -> PracticeResource {
        let now = self.now()
        return try await self.database.practiceWrite { db in
            try Self.require(db, id: id).check(expectedVersion: expectedVersion)
            try db.execute(literal: "DELETE FROM resourceFile WHERE resourceId = \(id)")
            try db.execute(
                literal: """
                    UPDATE resource SET body = \(PracticeResource.tombstoneBody),
                      tags = \(PracticeResource.tombstoneTags), deleted = 1, version = version + 1, updatedAt = \(now),
                      revision = \(try Self.nextRevision(db))
                    WHERE id = \(id)
                    """
            )
            return try Self.resource(db, id: id)!
        }
    }

    /// Attaches a file to a resource.
    public func attach(_ file: ResourceFile, to id: Int64) async throws -> PracticeResource {
        let now = self.now()
        let digest = file.sha256
        return try await self.database.practiceWrite { db in
            try Self.require(db, id: id).checkRoom(for: file)
            try db.execute(
                literal: """
                    INSERT INTO resourceFile (resourceId, fileName, mediaType, size, sha256, content)
                    VALUES (\(id), \(file.fileName), \(file.mediaType), \(file.content.count), \(digest),
                      \(Data(file.content)))
                    """
            )
            try Self.touch(db, id: id, now: now)
            return try Self.require(db, id: id)
        }
    }

    /// Removes one file of a resource.
    public func removeAttachment(_ attachmentID: Int64, from id: Int64) async throws -> PracticeResource {
        let now = self.now()
        return try await self.database.practiceWrite { db in
            _ = try Self.require(db, id: id)
            try db.execute(literal: "DELETE FROM resourceFile WHERE id = \(attachmentID) AND resourceId = \(id)")
            guard db.changesCount == 1 else {
                throw StoreError.unknownAttachment(attachmentID, of: id)
            }
            try Self.touch(db, id: id, now: now)
            return try Self.require(db, id: id)
        }
    }

    /// A resource that is not deleted.
    public func resource(_ id: Int64) async throws -> PracticeResource {
        try await self.database.read { db in try Self.require(db, id: id) }
    }

    /// One file of a resource, with its content.
    public func attachment(_ attachmentID: Int64, of id: Int64) async throws -> (AttachmentInfo, [UInt8]) {
        try await self.database.read { db in
            _ = try Self.require(db, id: id)
            guard
                let row = try SQLRequest<Row>(
                    literal: "SELECT * FROM resourceFile WHERE id = \(attachmentID) AND resourceId = \(id)"
                ).fetchOne(db)
            else { throw StoreError.unknownAttachment(attachmentID, of: id) }
            let content: Data = try StoredRow(row, table: "resourceFile", key: "id").decode("content")
            return (try Self.attachment(row: row), [UInt8](content))
        }
    }
}

/// What a store gives a ``PracticeLibrary``: its reads and write transactions.
protocol PracticeDatabase: Sendable {
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T
    func practiceWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T
}

extension BasinStore: PracticeDatabase {
    /// The basin's own resources of the good-practice space.
    public var practice: PracticeLibrary {
        PracticeLibrary(
            database: self,
            now: { [configuration = self.configuration] in configuration.nowMilliseconds() }
        )
    }

    /// A write that counts as a use, refused in an archived basin.
    func practiceWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await self.write(body)
    }
}

extension AcademyStore: PracticeDatabase {
    /// The académie's resources of the good-practice space.
    public var practice: PracticeLibrary {
        PracticeLibrary(
            database: self,
            now: { [configuration = self.configuration] in configuration.nowMilliseconds() }
        )
    }

    func practiceWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await self.write(body)
    }
}
