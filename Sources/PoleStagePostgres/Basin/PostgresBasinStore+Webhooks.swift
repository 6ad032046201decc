package import PoleStageStore
import PostgresNIO

extension PostgresBasinStore: WebhookStorage {
    package func webhookWork(url: String, limit: Int) async throws -> WebhookWork? {
        let now = self.nowMilliseconds
        let start = now - BasinStore.webhookStartWindow.milliseconds
        // A read on every poll; a write only the first time the URL is seen, to place its cursor.
        if let polled = try await self.read({ r in try await r.webhookWork(url: url, limit: limit, now: now) }) {
            return polled.work
        }
        try await self.write(allowArchived: true) { t in
            try await t.execute(
                """
                INSERT INTO \(unescaped: t.tables.webhookCursor) (url, delivered)
                SELECT \(url), coalesce(max(id), 0) FROM \(unescaped: t.tables.inboxMessage) WHERE at < \(start)
                ON CONFLICT (url) DO NOTHING
                """
            )
        }
        return try await self.read { r in try await r.webhookWork(url: url, limit: limit, now: now)?.work }
    }

    package func webhookDelivered(url: String, through id: Int64) async throws {
        try await self.write(allowArchived: true) { t in
            try await t.execute(
                """
                UPDATE \(unescaped: t.tables.webhookCursor) SET delivered = greatest(delivered, \(id)), attempts = 0,
                  next_attempt_at = 0, last_error = NULL
                WHERE url = \(url)
                """
            )
        }
    }

    package func webhookFailed(url: String, message id: Int64, error: String, retryAt: Int64?) async throws {
        let now = self.nowMilliseconds
        try await self.write(allowArchived: true) { t in
            if let retryAt {
                try await t.execute(
                    """
                    UPDATE \(unescaped: t.tables.webhookCursor) SET attempts = attempts + 1,
                      next_attempt_at = \(retryAt), last_error = \(error)
                    WHERE url = \(url)
                    """
                )
            } else {
                try await t.execute(
                    """
                    INSERT INTO \(unescaped: t.tables.webhookDeadLetter) (url, message_id, at, error)
                    VALUES (\(url), \(id), \(now), \(error))
                    """
                )
                try await t.execute(
                    """
                    UPDATE \(unescaped: t.tables.webhookCursor) SET delivered = greatest(delivered, \(id)), attempts = 0,
                      next_attempt_at = 0, last_error = \(error)
                    WHERE url = \(url)
                    """
                )
            }
        }
    }

    package func webhookStatuses() async throws -> [WebhookStatus] {
        try await self.read { r in
            let t = r.tables
            return try await r.rows(
                """
                SELECT c.url, c.delivered, c.attempts, c.last_error,
                  (SELECT count(*) FROM \(unescaped: t.inboxMessage) m WHERE m.id > c.delivered),
                  (SELECT count(*) FROM \(unescaped: t.webhookDeadLetter) d WHERE d.url = c.url)
                FROM \(unescaped: t.webhookCursor) c ORDER BY c.url COLLATE "C"
                """
            ).map { row in
                let (url, delivered, attempts, lastError, behind, deadLetters) = try row.decode(
                    (String, Int64, Int, String?, Int, Int).self
                )
                return WebhookStatus(
                    url: url,
                    delivered: delivered,
                    behind: behind,
                    attempts: attempts,
                    lastError: lastError,
                    deadLetters: deadLetters
                )
            }
        }
    }
}

extension BasinQueries {
    /// The messages after the URL's cursor, each with its recipient for the webhook: `nil` when the URL has no cursor
    /// yet; `work` is `nil` when there is nothing to send, or a retry is not due.
    func webhookWork(url: String, limit: Int, now: Int64) async throws -> (work: WebhookWork?, Void)? {
        let t = self.tables
        guard
            let cursor = try await self.rows(
                "SELECT delivered, attempts, next_attempt_at FROM \(unescaped: t.webhookCursor) WHERE url = \(url)"
            ).first
        else { return nil }
        let (delivered, attempts, nextAttemptAt) = try cursor.decode((Int64, Int, Int64).self)
        guard nextAttemptAt <= now else { return (nil, ()) }
        let rows = try await self.rows(
            """
            SELECT m.id, m.kind, m.at, m.read_at, m.application_id, m.offer_id, m.text, m.recipient, p.school_uai
            FROM \(unescaped: t.inboxMessage) m
              LEFT JOIN \(unescaped: t.pupil) p ON m.recipient = 'pupil:' || p.id
            WHERE m.id > \(delivered) ORDER BY m.id LIMIT \(limit)
            """
        )
        guard !rows.isEmpty else { return (nil, ()) }
        let events = try rows.map { row in
            let (id, kind, at, readAt, application, offer, text, recipient, school) = try row.decode(
                (Int64, String, Int64, Int64?, Int64?, Int64?, String, String, String?).self
            )
            guard let kind = InboxKind(rawValue: kind) else {
                throw StoreError.corrupt("inbox message \(id) cannot be read")
            }
            let parts = InboxRecipient.webhookParts(of: recipient)
            return WebhookEvent(
                message: InboxMessage(
                    id: id,
                    kind: kind,
                    at: at,
                    read: readAt != nil,
                    application: application,
                    offer: offer,
                    text: text
                ),
                recipientType: parts.type,
                // A pupil's event names its school, never the pupil.
                recipientID: parts.pupil == nil ? parts.id : school ?? ""
            )
        }
        return (WebhookWork(events: events, attempts: attempts), ())
    }
}
