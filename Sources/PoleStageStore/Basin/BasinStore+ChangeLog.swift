import Foundation
import GRDB

extension BasinStore {
    /// The log's epoch, the oldest position it can resume from, and its head.
    public func changeLogBounds() async throws -> ChangeLogBounds {
        try await self.read { db in try Self.bounds(db) }
    }

    /// Up to `limit` changes after `offset`, in order, with the log's bounds read in the same transaction.
    public func changes(after offset: Int64, limit: Int) async throws -> (
        bounds: ChangeLogBounds, changes: [OfferChange]
    ) {
        try await self.read { db in
            let bounds = try Self.bounds(db)
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM changeLog WHERE offset > ? ORDER BY offset LIMIT ?",
                arguments: [offset, limit]
            )
            return (bounds, try rows.map(Self.change))
        }
    }

    /// The offers a subscriber with this filter starts from, and the log position they stand at, read together.
    ///
    /// Withdrawn offers are left out: a snapshot is what is on offer now.
    public func snapshot(_ filter: OfferFilter) async throws -> (position: ChangePosition, offers: [Offer]) {
        let currentWeek = self.currentWeek
        return try await self.read { db in
            let bounds = try Self.bounds(db)
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM offer WHERE state != 'withdrawn' ORDER BY id")
            var offers: [Offer] = []
            // Periods are loaded with an IN list: chunked under SQLite's limit on bound parameters.
            for start in stride(from: 0, to: rows.count, by: 500) {
                let chunk = Array(rows[start..<min(start + 500, rows.count)])
                offers += try Self.offers(db, rows: chunk).filter { filter.admits($0, currentWeek: currentWeek) }
            }
            return (ChangePosition(epoch: bounds.epoch, offset: bounds.head), offers)
        }
    }

    /// Drops the entries past the configured retention. Maintenance: it does not keep an idle store open.
    ///
    /// - Returns: How many entries went.
    @discardableResult
    public func pruneChangeLog() async throws -> Int {
        let retention = self.configuration.changeLogRetention
        let oldest = self.configuration.nowMilliseconds() - retention.maxAge.milliseconds
        return try await self.write(touch: false) { db in
            let head = try Self.head(db)
            guard
                let last = try Int64.fetchOne(
                    db,
                    sql: "SELECT MAX(offset) FROM changeLog WHERE offset <= ? OR at < ?",
                    arguments: [head - Int64(retention.maxEntries), oldest]
                )
            else { return 0 }
            try db.execute(sql: "DELETE FROM changeLog WHERE offset <= ?", arguments: [last])
            let count = db.changesCount
            try Self.setMeta(db, "retainedAfter", max(last, try Self.retainedAfter(db)))
            return count
        }
    }

    /// Empties the log and starts a new epoch: every subscriber's position becomes unusable and it starts from a
    /// snapshot. Offsets keep growing.
    @discardableResult
    public func resetChangeLog() async throws -> ChangePosition {
        try await self.write { db in try Self.resetLog(db) }
    }
}

extension BasinStore {
    /// Empties the log and starts a new epoch, in the caller's transaction.
    static func resetLog(_ db: Database) throws -> ChangePosition {
        try db.execute(sql: "DELETE FROM changeLog")
        let head = try Self.head(db)
        let epoch = Self.newEpoch()
        try Self.setMeta(db, "epoch", epoch)
        try Self.setMeta(db, "retainedAfter", head)
        return ChangePosition(epoch: epoch, offset: head)
    }

    static func bounds(_ db: Database) throws -> ChangeLogBounds {
        ChangeLogBounds(epoch: try epoch(db), retainedAfter: try retainedAfter(db), head: try head(db))
    }

    /// The highest offset ever given, kept by AUTOINCREMENT even when the log is emptied.
    static func head(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'changeLog'") ?? 0
    }

    static func epoch(_ db: Database) throws -> Int64 { try meta(db, "epoch") ?? 0 }

    static func retainedAfter(_ db: Database) throws -> Int64 { try meta(db, "retainedAfter") ?? 0 }

    static func meta(_ db: Database, _ key: String) throws -> Int64? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [key])
            .flatMap { Int64($0) }
    }

    static func setMeta(_ db: Database, _ key: String, _ value: Int64) throws {
        try db.execute(
            sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            arguments: [key, String(value)]
        )
    }

    /// A positive random epoch: two resets never share one in practice.
    package static func newEpoch() -> Int64 { Int64.random(in: 1...Int64.max) }

    static func change(_ row: Row) throws -> OfferChange {
        try OfferChange.decode(
            offset: row["offset"],
            kind: row["kind"],
            week: row["week"],
            at: row["at"],
            payload: row["payload"]
        )
    }
}
