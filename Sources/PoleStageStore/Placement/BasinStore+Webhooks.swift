import GRDB

/// An inbox message as a webhook carries it.
public struct WebhookEvent: Sendable, Hashable {
    public var message: InboxMessage
    /// `company`, `school`, `pupil` or `basin`.
    public var recipientType: String
    /// The SIRET of a company, the UAI of a school or of a pupil's school; empty for the basin. Never a pupil's
    /// reference nor its roster id.
    public var recipientID: String

    package init(
        message: InboxMessage,
        recipientType: String,
        recipientID: String
    ) {
        self.message = message
        self.recipientType = recipientType
        self.recipientID = recipientID
    }
}

/// What a webhook URL has to send next, when it is due.
public struct WebhookWork: Sendable {
    public var events: [WebhookEvent]
    /// Failed attempts at the first event.
    public var attempts: Int

    package init(
        events: [WebhookEvent],
        attempts: Int
    ) {
        self.events = events
        self.attempts = attempts
    }
}

/// Where a webhook URL stands in a basin.
public struct WebhookStatus: Sendable, Hashable {
    public var url: String
    /// The last message handed over.
    public var delivered: Int64
    /// Messages of the basin after it (every recipient's).
    public var behind: Int
    public var attempts: Int
    public var lastError: String?
    public var deadLetters: Int

    package init(
        url: String,
        delivered: Int64,
        behind: Int,
        attempts: Int,
        lastError: String? = nil,
        deadLetters: Int
    ) {
        self.url = url
        self.delivered = delivered
        self.behind = behind
        self.attempts = attempts
        self.lastError = lastError
        self.deadLetters = deadLetters
    }
}

extension BasinStore {
    /// The next messages for `url`, oldest first, unless a retry is not yet due. A URL seen for the first time starts
    /// with the messages of the last hour (``webhookStartWindow``): a gateway added to a running pôle is not flooded
    /// with old news, and one configured from the start misses nothing written before its first poll.
    public func webhookWork(url: String, limit: Int) async throws -> WebhookWork? {
        let now = self.configuration.nowMilliseconds()
        // A read on every poll; a write only the first time the URL is seen, to place its cursor.
        let polled = try await self.read { db in
            try Self.webhookCursor(db, url: url).map { try Self.webhookWork(db, cursor: $0, limit: limit, now: now) }
        }
        if let polled { return polled }
        try await self.write(touch: false) { db in
            if try Self.webhookCursor(db, url: url) != nil { return }
            let start =
                try Int64.fetchOne(
                    db,
                    sql: "SELECT MAX(id) FROM inboxMessage WHERE at < ?",
                    arguments: [now - Self.webhookStartWindow.milliseconds]
                ) ?? 0
            try db.execute(sql: "INSERT INTO webhookCursor (url, delivered) VALUES (?, ?)", arguments: [url, start])
        }
        return try await self.read { db in
            try Self.webhookCursor(db, url: url).flatMap {
                try Self.webhookWork(db, cursor: $0, limit: limit, now: now)
            }
        }
    }

    /// Every message up to `id` is handed over to `url`.
    public func webhookDelivered(url: String, through id: Int64) async throws {
        try await self.write(touch: false) { db in
            try db.execute(
                sql: """
                    UPDATE webhookCursor SET delivered = max(delivered, ?), attempts = 0, nextAttemptAt = 0,
                      lastError = NULL
                    WHERE url = ?
                    """,
                arguments: [id, url]
            )
        }
    }

    /// An attempt at message `id` failed: retried at `retryAt`, or, when `retryAt` is `nil`, dead-lettered (kept
    /// with its error) and passed over.
    public func webhookFailed(url: String, message id: Int64, error: String, retryAt: Int64?) async throws {
        let now = self.configuration.nowMilliseconds()
        try await self.write(touch: false) { db in
            if let retryAt {
                try db.execute(
                    sql:
                        "UPDATE webhookCursor SET attempts = attempts + 1, nextAttemptAt = ?, lastError = ? WHERE url = ?",
                    arguments: [retryAt, error, url]
                )
            } else {
                try db.execute(
                    sql: "INSERT INTO webhookDeadLetter (url, messageId, at, error) VALUES (?, ?, ?, ?)",
                    arguments: [url, id, now, error]
                )
                try db.execute(
                    sql: """
                        UPDATE webhookCursor SET delivered = max(delivered, ?), attempts = 0, nextAttemptAt = 0,
                          lastError = ?
                        WHERE url = ?
                        """,
                    arguments: [id, error, url]
                )
            }
        }
    }

    /// Where each webhook URL stands.
    public func webhookStatuses() async throws -> [WebhookStatus] {
        try await self.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM webhookCursor ORDER BY url").map { row in
                let url: String = row["url"]
                let delivered: Int64 = row["delivered"]
                return WebhookStatus(
                    url: url,
                    delivered: delivered,
                    behind: try Int.fetchOne(
                        db,
                        sql: "SELECT COUNT(*) FROM inboxMessage WHERE id > ?",
                        arguments: [delivered]
                    ) ?? 0,
                    attempts: row["attempts"],
                    lastError: row["lastError"],
                    deadLetters: try Int.fetchOne(
                        db,
                        sql: "SELECT COUNT(*) FROM webhookDeadLetter WHERE url = ?",
                        arguments: [url]
                    ) ?? 0
                )
            }
        }
    }
}

extension BasinStore {
    /// How far back a URL seen for the first time starts.
    public static let webhookStartWindow = Duration.seconds(3600)

    typealias WebhookCursor = (delivered: Int64, attempts: Int, nextAttemptAt: Int64)

    static func webhookCursor(_ db: Database, url: String) throws -> WebhookCursor? {
        try Row.fetchOne(db, sql: "SELECT * FROM webhookCursor WHERE url = ?", arguments: [url]).map {
            ($0["delivered"], $0["attempts"], $0["nextAttemptAt"])
        }
    }

    /// The messages after the cursor, each with its recipient for the webhook; `nil` when none, or a retry is not due.
    static func webhookWork(_ db: Database, cursor: WebhookCursor, limit: Int, now: Int64) throws -> WebhookWork? {
        guard cursor.nextAttemptAt <= now else { return nil }
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM inboxMessage WHERE id > ? ORDER BY id LIMIT ?"),
            arguments: [cursor.delivered, limit]
        )
        guard !rows.isEmpty else { return nil }
        var schools: [Int64: String] = [:]
        let events = try rows.map { row in
            let parts = InboxRecipient.webhookParts(of: row["recipient"])
            var id = parts.id
            // A pupil's event names its school, never the pupil.
            if let pupil = parts.pupil {
                if schools[pupil] == nil {
                    schools[pupil] =
                        try String.fetchOne(db, sql: "SELECT schoolUai FROM pupil WHERE id = ?", arguments: [pupil])
                        ?? ""
                }
                id = schools[pupil] ?? ""
            }
            return WebhookEvent(message: try Self.message(row), recipientType: parts.type, recipientID: id)
        }
        return WebhookWork(events: events, attempts: cursor.attempts)
    }
}
