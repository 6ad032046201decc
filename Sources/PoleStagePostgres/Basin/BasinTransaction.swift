import Foundation
import Logging
import NIOCore
import PoleStageStore
import PostgresNIO

/// What runs statements on a basin's tables inside one transaction: a read (``BasinReader``) or a write
/// (``BasinTransaction``).
protocol BasinQueries {
    var connection: PostgresConnection { get }
    var tables: BasinTables { get }
    var logger: Logger { get }
}

extension BasinQueries {
    /// Every row `query` returns.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await self.connection.query(query, logger: self.logger).collect()
    }

    /// Runs a statement whose rows, if any, do not matter.
    func execute(_ query: PostgresQuery) async throws {
        _ = try await self.rows(query)
    }

    /// The log's epoch, the oldest position it can resume from, and its head, in one statement.
    func bounds() async throws -> ChangeLogBounds {
        let t = self.tables
        let rows = try await self.rows(
            """
            SELECT (SELECT value FROM \(unescaped: t.meta) WHERE key = 'epoch'),
              (SELECT value FROM \(unescaped: t.meta) WHERE key = 'retainedAfter'),
              (SELECT head FROM \(unescaped: t.head))
            """
        )
        guard let row = rows.first else { throw StoreError.corrupt("the change log's bounds cannot be read") }
        let (epoch, retainedAfter, head) = try row.decode((Int64, Int64, Int64).self)
        return ChangeLogBounds(epoch: epoch, retainedAfter: retainedAfter, head: head)
    }
}

/// A read-only transaction on a basin's tables.
struct BasinReader: BasinQueries {
    let connection: PostgresConnection
    let tables: BasinTables
    let logger: Logger
}

/// A write transaction on a basin's tables. It holds the lock on the basin's change-log head from its first statement to
/// its commit, and appends to the log at the positions after it.
final class BasinTransaction: BasinQueries {
    let connection: PostgresConnection
    let tables: BasinTables
    let logger: Logger
    /// The basin's settings, as read when the transaction began and set since.
    private(set) var meta: [String: Int64]
    /// The last position given, by this transaction or before it.
    private(set) var head: Int64
    /// The head as the `change_log_head` row holds it now: each append writes it in the same statement.
    private var writtenHead: Int64
    /// The last inbox message id given, by this transaction or before it.
    private(set) var inboxHead: Int64

    private init(
        connection: PostgresConnection,
        tables: BasinTables,
        logger: Logger,
        meta: [String: Int64],
        head: Int64
    ) {
        self.connection = connection
        self.tables = tables
        self.logger = logger
        self.meta = meta
        self.head = head
        self.writtenHead = head
        self.inboxHead = meta["inboxHead"] ?? 0
    }

    /// Locks the basin's change-log head, and reads it and the basin's settings, in one statement.
    static func begin(on connection: PostgresConnection, tables: BasinTables, logger: Logger) async throws
        -> BasinTransaction
    {
        let rows = try await connection.query(
            """
            SELECT h.head, m.key, m.value
            FROM (SELECT head FROM \(unescaped: tables.head) FOR UPDATE) h LEFT JOIN \(unescaped: tables.meta) m ON true
            """,
            logger: logger
        ).collect()
        guard let first = rows.first else { throw StoreError.corrupt("the basin's change-log head is missing") }
        let head = try first.decode((Int64, String?, Int64?).self).0
        var meta: [String: Int64] = [:]
        for row in rows {
            let (_, key, value) = try row.decode((Int64, String?, Int64?).self)
            if let key, let value { meta[key] = value }
        }
        return BasinTransaction(connection: connection, tables: tables, logger: logger, meta: meta, head: head)
    }

    /// The basin's placement rules, as stored when the transaction began.
    var rules: PlacementRules { PlacementRules(stored: { self.meta[$0] }) }

    /// Appends a change to the log, with the offer as the change left it and as it was before.
    ///
    /// - Parameters:
    ///   - before: The offer before the change, for offer changes; seat changes derive it from the week.
    ///   - after: The offer as the change left it, when the caller knows it exactly; else it is read.
    /// - Returns: The offer after the change.
    @discardableResult
    func logChange(
        _ kind: ChangeKind,
        offer id: Int64,
        week: ISOWeek? = nil,
        before: Offer? = nil,
        after: Offer? = nil,
        at: Int64
    ) async throws -> Offer {
        let offer: Offer
        if let after { offer = after } else { offer = try await self.requireOffer(id) }
        let payload = try OfferChange.payload(offer: offer, before: before)
        self.head += 1
        // The entry and the head it moves to, in one statement: one round trip less under the basin's lock.
        try await self.execute(
            """
            WITH moved AS (UPDATE \(unescaped: self.tables.head) SET head = \(self.head))
            INSERT INTO \(unescaped: self.tables.changeLog) (position, kind, offer_id, week, at, payload)
            VALUES (\(self.head), \(kind.rawValue), \(id), \(week?.storage), \(at), \(payload))
            """
        )
        self.writtenHead = self.head
        return offer
    }

    /// Appends the creation of each offer to the log, in one statement.
    func logCreations(_ offers: [Offer], at: Int64) async throws {
        guard !offers.isEmpty else { return }
        let positions = offers.indices.map { self.head + 1 + Int64($0) }
        let payloads = try offers.map { ByteBuffer(bytes: try OfferChange.payload(offer: $0, before: nil)) }
        let head = self.head + Int64(offers.count)
        try await self.execute(
            """
            WITH moved AS (UPDATE \(unescaped: self.tables.head) SET head = \(head))
            INSERT INTO \(unescaped: self.tables.changeLog) (position, kind, offer_id, week, at, payload)
            SELECT position, \(ChangeKind.offerCreated.rawValue), offer_id, NULL, \(at), payload
            FROM unnest(\(positions), \(offers.map(\.id)), \(payloads)) AS c (position, offer_id, payload)
            """
        )
        self.head = head
        self.writtenHead = head
    }

    /// Records the head the transaction reached, before its commit.
    func finish() async throws {
        if self.inboxHead != (self.meta["inboxHead"] ?? 0) { try await self.setMeta("inboxHead", self.inboxHead) }
        guard self.head != self.writtenHead else { return }
        try await self.execute("UPDATE \(unescaped: self.tables.head) SET head = \(self.head)")
    }

    /// Writes one inbox message per recipient, at the ids after the inbox's head.
    func deliver(
        to recipients: [InboxRecipient],
        _ kind: InboxKind,
        application: Int64?,
        offer: Int64?,
        text: String,
        at: Int64
    ) async throws {
        for recipient in recipients {
            self.inboxHead += 1
            try await self.execute(
                """
                INSERT INTO \(unescaped: self.tables.inboxMessage) (id, recipient, kind, application_id, offer_id, at,
                  text)
                VALUES (\(self.inboxHead), \(recipient.key), \(kind.rawValue), \(application), \(offer), \(at), \(text))
                """
            )
        }
    }

    /// Sets one of the basin's settings.
    func setMeta(_ key: String, _ value: Int64) async throws {
        try await self.execute(
            """
            INSERT INTO \(unescaped: self.tables.meta) (key, value) VALUES (\(key), \(value))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """
        )
        self.meta[key] = value
    }
}

extension PSQLError {
    /// Whether the statement broke a unique constraint.
    var isUniqueViolation: Bool { self.serverInfo?[.sqlState] == "23505" }
}
