/// Whose inbox a message is in.
public enum InboxRecipient: Sendable, Hashable {
    case company(SIRET)
    case school(UAI)
    /// A pupil of the roster, by its id.
    case pupil(Int64)
    /// The basin's animators (and the coordination).
    case basin

    /// How the store and the live inbox name the recipient: `company:<SIRET>`, `school:<UAI>`, `pupil:<id>`, `basin`.
    public var key: String {
        switch self {
        case .company(let siret): "company:\(siret.rawValue)"
        case .school(let uai): "school:\(uai.rawValue)"
        case .pupil(let id): "pupil:\(id)"
        case .basin: "basin"
        }
    }
}

/// What an inbox message tells of.
public enum InboxKind: String, Sendable, CaseIterable {
    case applicationReceived = "application.received"
    case applicationSent = "application.sent"
    case applicationAccepted = "application.accepted"
    case applicationDeclined = "application.declined"
    case applicationWithdrawn = "application.withdrawn"
    case applicationExpired = "application.expired"
    case reminderPending = "reminder.pending"
    case offerToUpdate = "offer.toUpdate"
    case applicationStuck = "application.stuck"
}

/// One message of an inbox.
public struct InboxMessage: Sendable, Hashable {
    /// Also the position a watcher resumes from.
    public var id: Int64
    public var kind: InboxKind
    public var at: Int64
    public var read: Bool
    /// `nil` when not about an application, or when the application went with its pupil.
    public var application: Int64?
    public var offer: Int64?
    /// In French, with names, never a pupil's reference.
    public var text: String

    package init(
        id: Int64,
        kind: InboxKind,
        at: Int64,
        read: Bool,
        application: Int64? = nil,
        offer: Int64? = nil,
        text: String
    ) {
        self.id = id
        self.kind = kind
        self.at = at
        self.read = read
        self.application = application
        self.offer = offer
        self.text = text
    }
}

/// An inbox's newest messages and where it stands.
public struct InboxPage: Sendable {
    public var messages: [InboxMessage]
    public var unread: Int
    public var head: ChangePosition

    package init(
        messages: [InboxMessage],
        unread: Int,
        head: ChangePosition
    ) {
        self.messages = messages
        self.unread = unread
        self.head = head
    }
}

/// Messages after a watcher's position, read together with the inbox's bounds.
public struct InboxBatch: Sendable {
    public var messages: [InboxMessage]
    /// The inbox's epoch and the highest message id of the whole basin when read.
    public var epoch: Int64
    public var head: Int64

    package init(
        messages: [InboxMessage],
        epoch: Int64,
        head: Int64
    ) {
        self.messages = messages
        self.epoch = epoch
        self.head = head
    }
}
