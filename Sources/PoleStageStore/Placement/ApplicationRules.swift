import Crypto
package import Foundation

/// The rules of rosters, applications and boarding places, apart from where they are stored: every backend reads the
/// facts in its write transaction and asks these, so that both refuse alike.
extension Pupil {
    /// Only the current school year's roster takes writes; earlier years are read-only.
    package func checkCurrent(_ year: SchoolYear) throws {
        guard self.schoolYear == year else {
            throw StoreError.failedPrecondition(
                "l'élève \(self.id) est inscrit pour l'année scolaire \(self.schoolYear), close (lecture seule) : "
                    + "inscrivez-le pour \(year)"
            )
        }
    }
}

/// What an application the rules admit takes: a seat in each week, as a priority pupil or not, until it expires.
package struct AdmittedApplication: Sendable {
    package var weeks: [ISOWeek]
    package var priority: Bool
    package var expiresAt: Int64
}

extension ApplicationRequest {
    /// Checks the application against everything but the seats and boarding places it takes.
    ///
    /// - Parameters:
    ///   - declared: Whether the pupil's school declared a period of the pupil's level for exactly these weeks.
    ///   - live: The pupil's pending and accepted applications.
    package func admit(
        pupil: Pupil,
        offer: Offer,
        declared: Bool,
        live: [Application],
        rules: PlacementRules,
        year: SchoolYear,
        currentWeek: ISOWeek,
        now: Int64
    ) throws -> AdmittedApplication {
        try pupil.checkCurrent(year)
        let level = pupil.details.level
        guard offer.state == .published else {
            throw StoreError.failedPrecondition(
                "l'offre « \(offer.details.title) » est \(offer.state.french) : seule une offre publiée reçoit des "
                    + "candidatures ; choisissez-en une autre"
            )
        }
        guard offer.details.levels.contains(level) else {
            throw StoreError.failedPrecondition(
                "l'offre « \(offer.details.title) » n'accueille pas d'élèves de \(level.name) : choisissez une offre "
                    + "ouverte à ce niveau"
            )
        }
        // Refused here, before the company hears of it.
        if let unmet = pupil.details.unmetNeeds(by: offer.details.accessibility) {
            throw StoreError.failedPrecondition(
                unmet.isEmpty
                    ? "l'offre « \(offer.details.title) » n'est pas accessible, et cet élève a besoin d'un stage "
                        + "accessible : choisissez une offre accessible"
                    : "l'offre « \(offer.details.title) » n'offre pas ce dont cet élève a besoin "
                        + "(\(AccessFeature.labels(unmet))) : choisissez une offre qui l'offre"
            )
        }
        guard declared else {
            throw StoreError.failedPrecondition(
                "aucune période de \(level.name) déclarée par l'établissement \(pupil.school) ne couvre "
                    + "\(PlacementTexts.theWeeks(self.from, self.to)) : candidatez pour une période de son calendrier"
            )
        }
        guard self.from >= currentWeek else {
            throw StoreError.failedPrecondition(
                "la \(PlacementTexts.weeks(self.from, self.from)) est passée : candidatez pour une période à venir"
            )
        }
        if let placed = live.first(where: { $0.state == .accepted && $0.overlaps(from: self.from, to: self.to) }) {
            throw StoreError.failedPrecondition(
                "l'élève \(pupil.id) a déjà un stage accepté sur \(PlacementTexts.theWeeks(placed.from, placed.to)) "
                    + "(candidature \(placed.id)) : retirez-le avant de candidater sur ces semaines"
            )
        }
        if let same = live.first(where: { $0.offer == offer.id && $0.overlaps(from: self.from, to: self.to) }) {
            throw StoreError.alreadyExists(
                "une candidature en cours de cet élève à l'offre « \(offer.details.title) » (candidature \(same.id))"
            )
        }
        let pending = live.filter { $0.state == .pending }.count
        guard pending < rules.maxPendingApplications else {
            throw StoreError.failedPrecondition(
                "l'élève \(pupil.id) a \(pending) candidatures en attente, la limite du bassin : attendez une "
                    + "réponse ou retirez-en une"
            )
        }
        return AdmittedApplication(
            weeks: self.from.through(self.to),
            priority: rules.isPriority(
                school: self.school,
                qpv: pupil.details.qpv,
                needsAccessible: pupil.details.needsAccessible
            ),
            expiresAt: now + Int64(rules.pendingDays) * 86_400_000
        )
    }
}

extension Offer {
    /// Refuses a claim on `weeks` when a week has no period or no free seat, before anything is written; then the
    /// basin's priority access.
    package func checkSeats(weeks: [ISOWeek], priority: Bool, rules: PlacementRules, now: Int64) throws {
        for week in weeks {
            guard let period = self.periods.first(where: { $0.week == week }) else {
                throw StoreError.failedPrecondition(
                    "l'offre « \(self.details.title) » n'a pas de place en \(PlacementTexts.weeks(week, week)) : "
                        + "choisissez une offre ouverte chaque semaine de la période"
                )
            }
            guard period.free > 0 else { throw self.fullWeek(week) }
        }
        try self.checkPriorityAccess(weeks: weeks, priority: priority, rules: rules, now: now)
    }

    /// The refusal of an application when a week of its period has no free seat left.
    package func fullWeek(_ week: ISOWeek) -> StoreError {
        StoreError.failedPrecondition(
            "la \(PlacementTexts.weeks(week, week)) de l'offre « \(self.details.title) » est complète : il faut "
                + "une place chaque semaine de la période"
        )
    }
}

extension Application {
    /// Refuses a decision that does not apply: an application of a closed school year, or in a state the decision does
    /// not move from.
    package func checkDecision(_ decision: ApplicationDecision, year: SchoolYear) throws {
        guard self.schoolYear == year else {
            throw StoreError.failedPrecondition(
                "la candidature \(self.id) est de l'année scolaire \(self.schoolYear), close (lecture seule)"
            )
        }
        switch (decision, self.state) {
        case (.accept, .pending), (.decline, .pending), (.withdraw, .pending), (.withdraw, .accepted): return
        default:
            let what =
                switch decision {
                case .accept: "acceptée"
                case .decline: "refusée"
                case .withdraw: "retirée"
                }
            let allowed = decision == .withdraw ? "en attente ou acceptée" : "en attente"
            throw StoreError.failedPrecondition(
                "la candidature \(self.id) est \(self.state.french) : seule une candidature \(allowed) peut être \(what)"
            )
        }
    }

    /// Days after an application is made when its company is reminded.
    package static let reminderDays = [3, 7]

    /// The messages a reminder due `days` after the application was made writes: to its company, and, from a week on,
    /// to the basin's animators.
    package func reminders(days: Int, company: SIRET) -> [(InboxRecipient, InboxKind, String)] {
        var messages = [
            (InboxRecipient.company(company), InboxKind.reminderPending, PlacementTexts.reminder(self, days: days))
        ]
        if days >= 7 {
            messages.append((.basin, .applicationStuck, PlacementTexts.stuck(self, days: days)))
        }
        return messages
    }
}

extension LevelFollowUp {
    /// The figures per school and level from the placement counts, in their order (by school, then level).
    package static func levels(_ counts: [PlacementCount]) -> [LevelFollowUp] {
        var figures: [LevelFollowUp] = []
        for count in counts {
            if let last = figures.last, last.school == count.school, last.level == count.level {
                figures[figures.count - 1].pupils += count.pupils
                figures[figures.count - 1].placed += count.placed
                figures[figures.count - 1].pending += count.pending
            } else {
                figures.append(
                    LevelFollowUp(
                        school: count.school,
                        level: count.level,
                        pupils: count.pupils,
                        placed: count.placed,
                        pending: count.pending,
                        nothingYet: 0
                    )
                )
            }
        }
        return figures.map { figures in
            var figures = figures
            figures.nothingYet = figures.pupils - figures.placed - figures.pending
            return figures
        }
    }
}

extension UnaskedOffer {
    /// The offers of rows of one week each (ordered by offer, then week), each with its weeks.
    package static func grouped(_ rows: [(offer: Int64, title: String, companyName: String, week: ISOWeek)])
        -> [UnaskedOffer]
    {
        var offers: [UnaskedOffer] = []
        for row in rows {
            if offers.last?.offer == row.offer {
                offers[offers.count - 1].weeks.append(row.week)
            } else {
                offers.append(
                    UnaskedOffer(offer: row.offer, title: row.title, companyName: row.companyName, weeks: [row.week])
                )
            }
        }
        return offers
    }
}

extension RosterEntry {
    /// Each pupil with its placement state, from its school's live applications.
    package static func roster(pupils: [Pupil], live: [Application]) -> [RosterEntry] {
        let byPupil = Dictionary(grouping: live.filter { $0.state.isLive }, by: \.pupil)
        return pupils.map { pupil in
            let applications = byPupil[pupil.id] ?? []
            let pending = applications.filter { $0.state == .pending }.count
            let state: PlacementState =
                if let accepted = applications.first(where: { $0.state == .accepted }) {
                    .placed(accepted)
                } else if pending > 0 {
                    .pending(count: pending)
                } else {
                    .nothingYet
                }
            return RosterEntry(pupil: pupil, state: state, pendingApplications: pending)
        }
    }
}

extension SchoolYear {
    /// The last school year whose pupils are past `retention` at `now`: it ended more than `retention` ago.
    package static func lastPast(retention: Duration, at now: Date) -> SchoolYear {
        var ended = SchoolYear(containing: now).previous
        while ended.end.addingTimeInterval(Double(retention.milliseconds) / 1000) > now { ended = ended.previous }
        return ended
    }
}

/// One-time sign-in codes: ten characters of an alphabet without 0/O and 1/I (50 bits); only a code's SHA-256 is
/// stored.
package enum SignInCode {
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    package static func new() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt32(32)))] })
    }

    /// The code as typed, in capitals, without spaces or dashes.
    package static func normalized(_ code: String) -> String {
        code.uppercased().filter { !$0.isWhitespace && $0 != "-" }
    }

    package static func hash(_ code: String) -> Data { Data(SHA256.hash(data: Data(code.utf8))) }

    /// The refusal of a code that is unknown, used or expired: the three read alike, so that a guess learns nothing.
    package static let refused = StoreError.notFound("code de connexion (inconnu, déjà utilisé ou expiré)")
}

extension BoardingHouse {
    /// Refuses new details that offer fewer places in a week than are taken.
    package func checkReplacement(by details: BoardingHouseDetails) throws {
        for week in self.weeks where week.taken > (details.places[week.week] ?? 0) {
            throw StoreError.failedPrecondition(
                "la \(PlacementTexts.weeks(week.week, week.week)) de l'internat \(self.id) a \(week.taken) places "
                    + "prises : il ne peut pas en offrir moins"
            )
        }
    }

    /// Refuses a week the house takes no one in.
    package func checkHosts(_ week: ISOWeek) throws {
        guard self.weeks.contains(where: { $0.week == week }) else {
            throw StoreError.failedPrecondition(
                "l'internat « \(self.details.name) » n'accueille personne en \(PlacementTexts.weeks(week, week)) : "
                    + "choisissez un autre internat, ou candidatez sans"
            )
        }
    }

    /// The refusal of a week whose places are all taken.
    package func noPlaceLeft(_ week: ISOWeek) -> StoreError {
        StoreError.failedPrecondition(
            "l'internat « \(self.details.name) » n'a plus de place en \(PlacementTexts.weeks(week, week)) : "
                + "choisissez un autre internat, ou candidatez sans"
        )
    }
}

extension InboxRecipient {
    /// A stored recipient key as a webhook names it: its type, and the SIRET or UAI (empty for the basin); a pupil's
    /// key gives its roster id, which the webhook replaces by its school's UAI.
    package static func webhookParts(of key: String) -> (type: String, id: String, pupil: Int64?) {
        let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
        let id = parts.count == 2 ? parts[1] : ""
        let type = parts.first ?? ""
        return (type, id, type == "pupil" ? Int64(id) : nil)
    }
}
