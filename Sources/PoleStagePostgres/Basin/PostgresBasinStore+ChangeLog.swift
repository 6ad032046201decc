import Foundation
package import PoleStageStore
import PostgresNIO

extension PostgresBasinStore: ChangeLogStorage {
    package func changeLogBounds() async throws -> ChangeLogBounds {
        try await self.read { r in try await r.bounds() }
    }

    package func changes(after offset: Int64, limit: Int) async throws -> (
        bounds: ChangeLogBounds, changes: [OfferChange]
    ) {
        try await self.read { r in
            let bounds = try await r.bounds()
            let rows = try await r.rows(
                """
                SELECT position, kind, week, at, payload FROM \(unescaped: r.tables.changeLog)
                WHERE position > \(offset) ORDER BY position LIMIT \(limit)
                """
            )
            let changes = try rows.map { row in
                let (position, kind, week, at, payload) = try row.decode((Int64, String, Int?, Int64, Data).self)
                return try OfferChange.decode(offset: position, kind: kind, week: week, at: at, payload: payload)
            }
            return (bounds, changes)
        }
    }

    package func snapshot(_ filter: OfferFilter) async throws -> (position: ChangePosition, offers: [Offer]) {
        let currentWeek = ISOWeek(containing: self.configuration.now())
        return try await self.read { r in
            let bounds = try await r.bounds()
            let offers = try await r.offers(
                """
                SELECT \(unescaped: BasinReader.offerColumns) FROM \(unescaped: r.tables.offer)
                WHERE state != 'withdrawn' ORDER BY id
                """
            )
            return (
                ChangePosition(epoch: bounds.epoch, offset: bounds.head),
                offers.filter { filter.admits($0, currentWeek: currentWeek) }
            )
        }
    }

    @discardableResult
    package func pruneChangeLog() async throws -> Int {
        let retention = self.configuration.changeLogRetention
        let oldest = self.nowMilliseconds - retention.maxAge.milliseconds
        return try await self.write(allowArchived: true) { t in
            let last = try await t.rows(
                """
                SELECT max(position) FROM \(unescaped: t.tables.changeLog)
                WHERE position <= \(t.head - Int64(retention.maxEntries)) OR at < \(oldest)
                """
            ).first?.decode(Int64?.self)
            guard let last else { return 0 }
            let deleted = try await t.rows(
                "DELETE FROM \(unescaped: t.tables.changeLog) WHERE position <= \(last) RETURNING 1"
            ).count
            try await t.setMeta("retainedAfter", max(last, t.meta["retainedAfter"] ?? 0))
            return deleted
        }
    }

    @discardableResult
    package func resetChangeLog() async throws -> ChangePosition {
        try await self.write { t in
            try await t.execute("DELETE FROM \(unescaped: t.tables.changeLog)")
            let epoch = BasinStore.newEpoch()
            try await t.setMeta("epoch", epoch)
            try await t.setMeta("retainedAfter", t.head)
            return ChangePosition(epoch: epoch, offset: t.head)
        }
    }
}
