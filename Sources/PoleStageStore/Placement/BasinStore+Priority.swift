import Foundation
import GRDB

extension Offer {
    /// Refuses a seat claim that the basin's priority access forbids: a claim by a pupil outside the priority groups on
    /// an offer still in its priority window, or on a week whose free seats are all held for priority pupils.
    package func checkPriorityAccess(weeks: [ISOWeek], priority: Bool, rules: PlacementRules, now: Int64) throws {
        let offer = self
        guard !priority else { return }
        if let until = offer.priorityUntil, now < until {
            throw StoreError.failedPrecondition(
                "l'offre « \(offer.details.title) » est réservée aux élèves prioritaires du bassin "
                    + "(\(PriorityGroup.labels(rules.priorityGroups))) jusqu'au \(PlacementTexts.date(until)), "
                    + "par la fenêtre prioritaire de \(rules.priorityWindowDays) jours après sa publication : "
                    + "candidatez à partir de là, ou choisissez une autre offre"
            )
        }
        for week in weeks {
            guard let period = offer.periods.first(where: { $0.week == week }), period.free > 0 else { continue }
            if period.free <= period.heldForPriority(at: now) {
                throw StoreError.failedPrecondition(
                    "les \(period.free) places libres de la \(PlacementTexts.weeks(week, week)) de l'offre "
                        + "« \(offer.details.title) » sont gardées pour les élèves prioritaires du bassin "
                        + "(\(PriorityGroup.labels(rules.priorityGroups))) jusqu'au "
                        + "\(PlacementTexts.date(period.reservedUntil)), par la part réservée du bassin "
                        + "(\(rules.reservedSharePercent) %) : candidatez à partir de là, ou choisissez une autre offre"
                )
            }
        }
    }

}

extension BasinStore {
    /// Brings every offer that is not withdrawn to `rules`: the end of its priority window, and each week's held seats
    /// and their release. Reads only the columns the rules derive from, so that a migration may run it.
    ///
    /// - Returns: The ids of the offers it changed.
    @discardableResult
    static func applyPriorityRules(_ db: Database, _ rules: PlacementRules) throws -> Set<Int64> {
        var changed: Set<Int64> = []
        for row in try Row.fetchAll(
            db,
            sql: "SELECT id, publishedAt, priorityUntil FROM offer WHERE state != 'withdrawn'"
        ) {
            let id: Int64 = row["id"]
            let until = rules.priorityUntil(publishedAt: row["publishedAt"])
            guard until != row["priorityUntil"] else { continue }
            try db.execute(sql: "UPDATE offer SET priorityUntil = ? WHERE id = ?", arguments: [until, id])
            changed.insert(id)
        }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT p.offerId, p.week, p.seats, p.reserved, p.reservedUntil
                FROM offerPeriod p JOIN offer o ON o.id = p.offerId WHERE o.state != 'withdrawn'
                """
        ) {
            guard let week = ISOWeek(storage: row["week"]) else { continue }
            let (reserved, until) = rules.held(seats: row["seats"], in: week)
            guard reserved != row["reserved"] || until != row["reservedUntil"] else { continue }
            let id: Int64 = row["offerId"]
            try db.execute(
                sql: "UPDATE offerPeriod SET reserved = ?, reservedUntil = ? WHERE offerId = ? AND week = ?",
                arguments: [reserved, until, id, week.storage]
            )
            changed.insert(id)
        }
        return changed
    }

}
