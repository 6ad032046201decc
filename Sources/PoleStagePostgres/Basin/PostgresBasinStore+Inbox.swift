package import PoleStageStore
import PostgresNIO

extension PostgresBasinStore: InboxStorage {
    package func inbox(_ recipient: InboxRecipient, unreadOnly: Bool, before: Int64?, limit: Int) async throws
        -> InboxPage
    {
        try await self.read { r in
            let unread = unreadOnly ? "AND read_at IS NULL" : ""
            let messages = try await r.rows(
                """
                SELECT \(unescaped: BasinReader.messageColumns) FROM \(unescaped: r.tables.inboxMessage)
                WHERE recipient = \(recipient.key) AND id < \(before ?? Int64.max) \(unescaped: unread)
                ORDER BY id DESC LIMIT \(limit)
                """
            ).map(BasinReader.message(from:))
            let (epoch, head) = try await r.inboxBounds()
            return InboxPage(
                messages: messages,
                unread: try await r.unread(recipient),
                head: ChangePosition(epoch: epoch, offset: head)
            )
        }
    }

    package func markRead(_ recipient: InboxRecipient, ids: [Int64]?) async throws -> (marked: Int, unread: Int) {
        let now = self.nowMilliseconds
        return try await self.write { t in
            let marked: Int
            if let ids {
                marked = try await t.rows(
                    """
                    UPDATE \(unescaped: t.tables.inboxMessage) SET read_at = \(now)
                    WHERE recipient = \(recipient.key) AND read_at IS NULL AND id = ANY(\(ids))
                    RETURNING 1
                    """
                ).count
            } else {
                marked = try await t.rows(
                    """
                    UPDATE \(unescaped: t.tables.inboxMessage) SET read_at = \(now)
                    WHERE recipient = \(recipient.key) AND read_at IS NULL
                    RETURNING 1
                    """
                ).count
            }
            return (marked, try await t.unread(recipient))
        }
    }

    package func inboxMessages(_ recipient: InboxRecipient, after offset: Int64, limit: Int) async throws
        -> InboxBatch
    {
        try await self.read { r in
            let messages = try await r.rows(
                """
                SELECT \(unescaped: BasinReader.messageColumns) FROM \(unescaped: r.tables.inboxMessage)
                WHERE recipient = \(recipient.key) AND id > \(offset) ORDER BY id LIMIT \(limit)
                """
            ).map(BasinReader.message(from:))
            let (epoch, head) = try await r.inboxBounds()
            return InboxBatch(messages: messages, epoch: epoch, head: head)
        }
    }

    package func inboxRecipients(after offset: Int64, limit: Int) async throws -> [(id: Int64, recipient: String)] {
        try await self.read { r in
            try await r.rows(
                """
                SELECT id, recipient FROM \(unescaped: r.tables.inboxMessage) WHERE id > \(offset) ORDER BY id
                LIMIT \(limit)
                """
            ).map { row in
                let (id, recipient) = try row.decode((Int64, String).self)
                return (id, recipient)
            }
        }
    }

    package func inboxHead() async throws -> Int64 {
        try await self.read { r in try await r.inboxBounds().head }
    }

    @discardableResult
    package func sendReminders() async throws -> Int {
        let now = self.nowMilliseconds
        let currentWeek = self.currentWeek
        return try await self.write(allowArchived: true) { t in
            var sent = 0
            let due = try await t.rows(
                """
                DELETE FROM \(unescaped: t.tables.reminder) WHERE due_at <= \(now)
                RETURNING application_id, days, due_at
                """
            ).map { try $0.decode((Int64, Int, Int64).self) }.sorted { ($0.2, $0.0, $0.1) < ($1.2, $1.0, $1.1) }
            for (id, days, _) in due {
                guard let application = try await t.applications(.id(id), now: now).first,
                    application.state == .pending
                else { continue }
                let offer = try await t.requireOffer(application.offer)
                for (recipient, kind, text) in application.reminders(days: days, company: offer.company) {
                    try await t.deliver(to: [recipient], kind, application, text, at: now)
                    sent += 1
                }
            }
            let tables = t.tables
            for row in try await t.rows(
                """
                SELECT o.id, o.version, o.title, o.company_siret FROM \(unescaped: tables.offer) o
                LEFT JOIN \(unescaped: tables.offerToUpdateNotice) n ON n.offer_id = o.id
                WHERE o.state = 'published' AND (n.version IS NULL OR n.version != o.version)
                  AND NOT EXISTS (
                    SELECT 1 FROM \(unescaped: tables.offerPeriod) p WHERE p.offer_id = o.id
                      AND p.week >= \(currentWeek.storage))
                ORDER BY o.id
                """
            ) {
                let (id, version, title, company) = try row.decode((Int64, Int64, String, String).self)
                guard let siret = SIRET(company) else { continue }
                try await t.execute(
                    """
                    INSERT INTO \(unescaped: tables.offerToUpdateNotice) (offer_id, version) VALUES (\(id), \(version))
                    ON CONFLICT (offer_id) DO UPDATE SET version = excluded.version
                    """
                )
                try await t.deliver(
                    to: [.company(siret)],
                    .offerToUpdate,
                    application: nil,
                    offer: id,
                    text: PlacementTexts.offerToUpdate(title: title),
                    at: now
                )
                sent += 1
            }
            return sent
        }
    }
}

extension BasinQueries {
    /// The inbox's epoch and the highest message id given.
    func inboxBounds() async throws -> (epoch: Int64, head: Int64) {
        let t = self.tables
        guard
            let row = try await self.rows(
                """
                SELECT (SELECT value FROM \(unescaped: t.meta) WHERE key = 'inboxEpoch'),
                  (SELECT value FROM \(unescaped: t.meta) WHERE key = 'inboxHead')
                """
            ).first
        else { throw StoreError.corrupt("the inbox's bounds cannot be read") }
        let (epoch, head) = try row.decode((Int64?, Int64?).self)
        return (epoch ?? 0, head ?? 0)
    }

    func unread(_ recipient: InboxRecipient) async throws -> Int {
        try await self.rows(
            """
            SELECT count(*) FROM \(unescaped: self.tables.inboxMessage)
            WHERE recipient = \(recipient.key) AND read_at IS NULL
            """
        ).first?.decode(Int.self) ?? 0
    }
}
