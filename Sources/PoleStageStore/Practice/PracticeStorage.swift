/// A library of the good-practice space: a basin's or the académie's resources, their files and the revisions watchers
/// resume from. What every backend of a library provides.
///
/// ``PracticeLibrary`` keeps them in the SQLite store of the basin or of the académie; the PostgreSQL backend in the
/// basin's or the académie's schema. Both pass the same conformance tests: the same answers, the same refusals with the
/// same messages, and the same search order (see the PostgreSQL backend for the texts whose words the two read apart).
public protocol PracticeStorage: Sendable {
    /// Creates a resource (`id` nil) or replaces one's details.
    ///
    /// - Parameter expectedVersion: When given, the save is refused unless the resource is at that version.
    /// - Throws: ``StoreError/notFound(_:)`` for a resource that does not exist or is deleted;
    ///   ``StoreError/failedPrecondition(_:)`` when it is not at `expectedVersion`.
    func save(id: Int64?, _ details: ResourceDetails, expectedVersion: Int64?, authorRole: String) async throws
        -> PracticeResource

    /// Deletes a resource and its files, and keeps its tombstone for watchers.
    func delete(id: Int64, expectedVersion: Int64?) async throws -> PracticeResource

    /// Attaches a file to a resource.
    ///
    /// - Throws: ``StoreError/failedPrecondition(_:)`` when the resource has ``PracticeLibrary/maxAttachments`` files;
    ///   ``StoreError/alreadyExists(_:)`` when one has the same name.
    func attach(_ file: ResourceFile, to id: Int64) async throws -> PracticeResource

    /// Removes one file of a resource.
    func removeAttachment(_ attachmentID: Int64, from id: Int64) async throws -> PracticeResource

    /// A resource that is not deleted.
    func resource(_ id: Int64) async throws -> PracticeResource

    /// One file of a resource, with its content.
    func attachment(_ attachmentID: Int64, of id: Int64) async throws -> (AttachmentInfo, [UInt8])

    /// The resources that match `query`, best first: by relevance with a text (title first, then tags, then text),
    /// else the latest changed first. Deleted resources are never found.
    func search(_ query: ResourceQuery, limit: Int) async throws -> [ResourceHit]

    /// The resources changed after `revision`, deleted ones included, in the order of their changes; and the library's
    /// latest revision.
    func changes(after revision: Int64, limit: Int) async throws -> (resources: [PracticeResource], head: Int64)
}

extension PracticeLibrary: PracticeStorage {}

/// A store that holds a library of the good-practice space: a basin's store its basin's, the academy store the
/// académie's.
public protocol PracticeHolder: Sendable {
    /// The library, whatever its backend.
    var practiceLibrary: any PracticeStorage { get }
}

extension BasinStore: PracticeHolder {
    public var practiceLibrary: any PracticeStorage { self.practice }
}

extension AcademyStore: PracticeHolder {
    public var practiceLibrary: any PracticeStorage { self.practice }
}
