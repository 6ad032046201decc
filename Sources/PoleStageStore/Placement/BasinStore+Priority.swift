import Foundation
import GRDB

extension BasinStore {
    /// Refuses a seat claim that the basin's priority access forbids: a claim by a pupil outside the priority groups on
    /// an offer still in its priority window, or on a week whose free seats are all held for priority pupils.
    static func checkPriorityAccess(
        offer: Offer,
        weeks: [ISOWeek],
        priority: Bool,
        rules: PlacementRules,
        now: Int64
    ) throws {
        guard !priority else { return }
        if let until = offer.priorityUntil, now < until {
            throw StoreError.failedPrecondition(
                "offer \(offer.id) is open only to the basin's priority pupils "
                    + "(\(PriorityGroup.labels(rules.priorityGroups))) until \(Self.dateText(until)), by the basin's "
                    + "priority window of \(rules.priorityWindowDays) days after publication: apply from then, "
                    + "or choose another offer"
            )
        }
        for week in weeks {
            guard let period = offer.periods.first(where: { $0.week == week }), period.free > 0 else { continue }
            if period.free <= period.heldForPriority(at: now) {
                throw StoreError.failedPrecondition(
                    "the \(period.free) free seats of week \(week) of offer \(offer.id) are held for the basin's "
                        + "priority pupils (\(PriorityGroup.labels(rules.priorityGroups))) until "
                        + "\(Self.dateText(period.reservedUntil)), by the basin's reserved share of "
                        + "\(rules.reservedSharePercent) %: apply from then, or choose another offer"
                )
            }
        }
    }

    /// Brings every offer that is not withdrawn to `rules`: the end of its priority window, and each week's held seats
    /// and their release.
    ///
    /// - Returns: The offers it changed, as they were before.
    @discardableResult
    static func applyPriorityRules(_ db: Database, _ rules: PlacementRules) throws -> [Offer] {
        let current = try offers(db, rows: Row.fetchAll(db, sql: "SELECT * FROM offer WHERE state != 'withdrawn'"))
        var changed: [Offer] = []
        for offer in current {
            var touched = false
            let until = rules.priorityUntil(publishedAt: offer.publishedAt)
            if until != offer.priorityUntil {
                try db.execute(sql: "UPDATE offer SET priorityUntil = ? WHERE id = ?", arguments: [until, offer.id])
                touched = true
            }
            for period in offer.periods {
                let (reserved, reservedUntil) = rules.held(seats: period.seats, in: period.week)
                guard reserved != period.reserved || reservedUntil != period.reservedUntil else { continue }
                try db.execute(
                    sql: "UPDATE offerPeriod SET reserved = ?, reservedUntil = ? WHERE offerId = ? AND week = ?",
                    arguments: [reserved, reservedUntil, offer.id, period.week.storage]
                )
                touched = true
            }
            if touched { changed.append(offer) }
        }
        return changed
    }

    /// A moment as a refusal gives it: its date and time in Paris, with the offset.
    static func dateText(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
