/// What a resource of the good-practice space is.
public enum ResourceKind: Int, Sendable, Hashable, CaseIterable {
    case guide = 1
    case template = 2
    case practice = 3
    case event = 4
}

/// Who a resource is written for.
public enum ResourceAudience: Int, Sendable, Hashable, CaseIterable {
    case everyone = 1
    case companyTutors = 2
    case referentTeachers = 3
    case animators = 4
    case pupilsAndFamilies = 5
}

/// What the author of a resource writes. Checked by the service before it reaches the store.
public struct ResourceDetails: Sendable, Hashable {
    public var title: String
    public var kind: ResourceKind
    public var audience: ResourceAudience
    public var markdown: String
    /// Lower case, without duplicates, in the order given.
    public var tags: [String]
    /// An event's start, in Unix milliseconds; `nil` for every other kind.
    public var eventStartsAt: Int64?
    public var eventPlace: String

    public init(
        title: String,
        kind: ResourceKind,
        audience: ResourceAudience,
        markdown: String,
        tags: [String],
        eventStartsAt: Int64? = nil,
        eventPlace: String = ""
    ) {
        self.title = title
        self.kind = kind
        self.audience = audience
        self.markdown = markdown
        self.tags = tags
        self.eventStartsAt = eventStartsAt
        self.eventPlace = eventPlace
    }
}

/// A file attached to a resource, without its content.
public struct AttachmentInfo: Sendable, Hashable {
    public var id: Int64
    public var fileName: String
    public var mediaType: String
    public var size: Int64
    /// Hex SHA-256 of the content.
    public var sha256: String

    package init(id: Int64, fileName: String, mediaType: String, size: Int64, sha256: String) {
        self.id = id
        self.fileName = fileName
        self.mediaType = mediaType
        self.size = size
        self.sha256 = sha256
    }
}

/// A resource as stored. A deleted one stays as a tombstone (its title, no text, tags or files) so that watchers
/// resuming after its deletion learn of it.
public struct PracticeResource: Sendable, Hashable {
    public var id: Int64
    public var details: ResourceDetails
    public var attachments: [AttachmentInfo]
    /// Starts at 1, and grows with each change of the resource.
    public var version: Int64
    public var createdAt: Int64
    public var updatedAt: Int64
    /// `animator` or `coordinator`.
    public var authorRole: String
    /// Grows with every change to any resource of the same library: the watchers' cursor.
    public var revision: Int64
    public var deleted: Bool

    package init(
        id: Int64,
        details: ResourceDetails,
        attachments: [AttachmentInfo],
        version: Int64,
        createdAt: Int64,
        updatedAt: Int64,
        authorRole: String,
        revision: Int64,
        deleted: Bool
    ) {
        self.id = id
        self.details = details
        self.attachments = attachments
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.authorRole = authorRole
        self.revision = revision
        self.deleted = deleted
    }
}

/// What a search asks for. Every field narrows it; none set lists everything, the latest first.
public struct ResourceQuery: Sendable, Hashable {
    public var text: String
    public var kind: ResourceKind?
    /// Resources for this audience and for everyone.
    public var audience: ResourceAudience?
    public var tag: String?

    public init(text: String = "", kind: ResourceKind? = nil, audience: ResourceAudience? = nil, tag: String? = nil) {
        self.text = text
        self.kind = kind
        self.audience = audience
        self.tag = tag
    }
}

/// A search result: the resource and its order key (relevance with a text, else recency).
public struct ResourceHit: Sendable, Hashable {
    public var resource: PracticeResource
    /// Lower comes first: FTS5's bm25 rank with a text, else the negated update time.
    public var rank: Double

    package init(resource: PracticeResource, rank: Double) {
        self.resource = resource
        self.rank = rank
    }
}

/// A file to attach, its type already checked against its content.
public struct ResourceFile: Sendable, Hashable {
    public var fileName: String
    public var mediaType: String
    public var content: [UInt8]

    public init(fileName: String, mediaType: String, content: [UInt8]) {
        self.fileName = fileName
        self.mediaType = mediaType
        self.content = content
    }
}
