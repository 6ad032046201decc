import GRDB

extension BasinStore {
    /// The newest messages of an inbox, a page at a time, with its unread count and head position.
    public func inbox(_ recipient: InboxRecipient, unreadOnly: Bool, before: Int64?, limit: Int) async throws
        -> InboxPage
    {
        try await self.read { db in
            let messages = try Self.fetchMessages(
                db,
                """
                recipient = \(recipient.key) AND id < \(before ?? Int64.max)
                  \(sql: unreadOnly ? "AND readAt IS NULL" : "")
                ORDER BY id DESC LIMIT \(limit)
                """
            )
            return InboxPage(
                messages: messages,
                unread: try Self.unread(db, recipient),
                head: ChangePosition(epoch: try Self.inboxEpoch(db), offset: try Self.inboxHead(db))
            )
        }
    }

    /// Marks messages of the inbox read: those of `ids`, or every one when `ids` is `nil`.
    ///
    /// - Returns: How many were marked, and how many are left unread.
    public func markRead(_ recipient: InboxRecipient, ids: [Int64]?) async throws -> (marked: Int, unread: Int) {
        let now = self.configuration.nowMilliseconds()
        return try await self.write { db in
            let scope: SQL = ids.map { "AND id IN \($0)" } ?? ""
            try db.execute(
                literal:
                    "UPDATE inboxMessage SET readAt = \(now) WHERE recipient = \(recipient.key) AND readAt IS NULL \(scope)"
            )
            return (db.changesCount, try Self.unread(db, recipient))
        }
    }

    /// Up to `limit` messages of the inbox after `offset`, oldest first, with the inbox's epoch and head read in the
    /// same transaction.
    public func inboxMessages(_ recipient: InboxRecipient, after offset: Int64, limit: Int) async throws -> InboxBatch {
        try await self.read { db in
            InboxBatch(
                messages: try Self.fetchMessages(
                    db,
                    "recipient = \(recipient.key) AND id > \(offset) ORDER BY id LIMIT \(limit)"
                ),
                epoch: try Self.inboxEpoch(db),
                head: try Self.inboxHead(db)
            )
        }
    }

    /// The recipients of the basin's messages after `offset`, in order: what the live inbox wakes watchers with.
    public func inboxRecipients(after offset: Int64, limit: Int) async throws -> [(id: Int64, recipient: String)] {
        try await self.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT id, recipient FROM inboxMessage WHERE id > ? ORDER BY id LIMIT ?"),
                arguments: [offset, limit]
            ).map { ($0["id"], $0["recipient"]) }
        }
    }

    /// The highest message id of the basin.
    public func inboxHead() async throws -> Int64 {
        try await self.read { db in try Self.inboxHead(db) }
    }

    /// Writes the reminders that fell due (an application pending 3 days, then 7, and, at 7, to the animators) and
    /// tells each company of its published offers left without a week to come, once per offer version. Runs from the
    /// server's janitor: due times are stored, so a restart loses none.
    ///
    /// - Returns: How many messages it wrote.
    @discardableResult
    public func sendReminders() async throws -> Int {
        let now = self.configuration.nowMilliseconds()
        let currentWeek = self.currentWeek
        return try await self.write(touch: false) { db in
            var sent = 0
            let due = try Row.fetchAll(
                db,
                sql: "SELECT applicationId, days FROM reminder WHERE dueAt <= ? ORDER BY dueAt",
                arguments: [now]
            )
            try db.execute(sql: "DELETE FROM reminder WHERE dueAt <= ?", arguments: [now])
            for row in due {
                guard
                    let application = try Self.fetchApplications(
                        db,
                        "a.id = \(row["applicationId"] as Int64)",
                        now: now
                    )
                    .first, application.state == .pending
                else { continue }
                let offer = try Self.requireOffer(db, id: application.offer)
                for (recipient, kind, text) in application.reminders(days: row["days"], company: offer.company) {
                    try Self.deliver(db, to: [recipient], kind, application: application, text: text, at: now)
                    sent += 1
                }
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT o.id, o.version, o.title, o.companySiret FROM offer o
                    LEFT JOIN offerToUpdateNotice n ON n.offerId = o.id
                    WHERE o.state = 'published' AND (n.version IS NULL OR n.version != o.version)
                      AND NOT EXISTS (SELECT 1 FROM offerPeriod p WHERE p.offerId = o.id AND p.week >= ?)
                    """,
                arguments: [currentWeek.storage]
            ) {
                guard let siret = SIRET(row["companySiret"]) else { continue }
                let id: Int64 = row["id"]
                try db.execute(
                    sql: """
                        INSERT INTO offerToUpdateNotice (offerId, version) VALUES (?, ?)
                        ON CONFLICT(offerId) DO UPDATE SET version = excluded.version
                        """,
                    arguments: [id, row["version"] as Int64]
                )
                try db.execute(
                    sql: "INSERT INTO inboxMessage (recipient, kind, offerId, at, text) VALUES (?, ?, ?, ?, ?)",
                    arguments: [
                        InboxRecipient.company(siret).key, InboxKind.offerToUpdate.rawValue, id, now,
                        PlacementTexts.offerToUpdate(title: row["title"]),
                    ]
                )
                sent += 1
            }
            return sent
        }
    }
}

extension BasinStore {
    /// Writes one message per recipient, in the caller's transaction.
    static func deliver(
        _ db: Database,
        to recipients: [InboxRecipient],
        _ kind: InboxKind,
        application: Application,
        text: String,
        at: Int64
    ) throws {
        for recipient in recipients {
            try db.cachedStatement(
                sql: """
                    INSERT INTO inboxMessage (recipient, kind, applicationId, offerId, at, text)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [recipient.key, kind.rawValue, application.id, application.offer, at, text])
        }
    }

    static func unread(_ db: Database, _ recipient: InboxRecipient) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM inboxMessage WHERE recipient = ? AND readAt IS NULL"),
            arguments: [recipient.key]
        ) ?? 0
    }

    static func inboxHead(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'inboxMessage'") ?? 0
    }

    static func inboxEpoch(_ db: Database) throws -> Int64 { try meta(db, "inboxEpoch") ?? 0 }

    static func fetchMessages(_ db: Database, _ condition: SQL) throws -> [InboxMessage] {
        try Row.fetchAll(db, SQLRequest<Row>(literal: "SELECT * FROM inboxMessage WHERE \(condition)")).map(
            Self.message
        )
    }

    /// An `inboxMessage` row, checked as it is read.
    static func message(_ row: Row) throws -> InboxMessage {
        let id: Int64 = row["id"]
        guard let kind = InboxKind(rawValue: row["kind"]) else {
            throw StoreError.corrupt("inbox message \(id) cannot be read")
        }
        return InboxMessage(
            id: id,
            kind: kind,
            at: row["at"],
            read: (row["readAt"] as Int64?) != nil,
            application: row["applicationId"],
            offer: row["offerId"],
            text: row["text"]
        )
    }
}
