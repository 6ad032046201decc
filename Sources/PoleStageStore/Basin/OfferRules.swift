/// The rules an offer's writes and seat requests follow, apart from where the offer is stored: every backend of a
/// basin store checks them on the offer it read in its write transaction, so that both refuse alike.
extension Offer {
    /// Refuses replacing the offer's details by `details`: a withdrawn offer no longer changes, and no week may offer
    /// fewer seats than it has taken.
    package func checkReplacement(by details: OfferDetails) throws {
        guard self.state != .withdrawn else {
            throw StoreError.failedPrecondition(
                "l'offre « \(self.details.title) » est retirée : elle ne peut plus changer ; créez-en une nouvelle"
            )
        }
        for period in self.periods where period.taken > 0 {
            let seats = details.seats[period.week] ?? 0
            if seats < period.taken {
                throw StoreError.failedPrecondition(
                    "la \(PlacementTexts.weeks(period.week, period.week)) de l'offre « \(self.details.title) » a "
                        + "\(period.taken) places prises : elle ne peut pas en offrir moins"
                )
            }
        }
    }

    /// Whether publishing changes the offer: a draft is published, a published offer stays as it is.
    ///
    /// - Throws: ``StoreError/failedPrecondition(_:)`` for a withdrawn offer.
    package func needsPublishing() throws -> Bool {
        switch self.state {
        case .published: return false
        case .draft: return true
        case .withdrawn:
            throw StoreError.failedPrecondition(
                "l'offre \(self.id) est retirée : elle ne peut plus être publiée ; créez-en une nouvelle"
            )
        }
    }

    /// Refuses a school's seat request that the offer cannot take, whatever its free seats: reserved to another
    /// school (as not found), not published, not for the pupil's level, a past week, or a week it does not offer.
    package func checkSeatRequest(week: ISOWeek, school: UAI, level: Level, currentWeek: ISOWeek) throws {
        if let reserved = self.details.reservedForSchool, reserved != school {
            throw StoreError.notFound("offre \(self.id)")
        }
        guard self.state == .published else {
            throw StoreError.failedPrecondition(
                "l'offre « \(self.details.title) » n'est pas publiée : elle ne prend pas de réservation"
            )
        }
        guard self.details.levels.contains(level) else {
            throw StoreError.failedPrecondition(
                "l'offre « \(self.details.title) » n'accueille pas d'élèves de \(level.name) : choisissez une offre "
                    + "ouverte à ce niveau"
            )
        }
        guard week >= currentWeek else {
            throw StoreError.failedPrecondition(
                "la \(PlacementTexts.weeks(week, week)) est passée : réservez une semaine à venir"
            )
        }
        guard self.periods.contains(where: { $0.week == week }) else {
            throw StoreError.failedPrecondition(
                "l'offre « \(self.details.title) » n'a pas de place en \(PlacementTexts.weeks(week, week)) : "
                    + "choisissez une de ses semaines"
            )
        }
    }

    /// The refusal of a seat request that found no free seat in `week`.
    package func noSeatLeft(in week: ISOWeek) -> StoreError {
        StoreError.failedPrecondition(
            "plus aucune place libre sur l'offre « \(self.details.title) » en "
                + "\(PlacementTexts.weeks(week, week)) : choisissez une autre semaine ou une autre offre"
        )
    }
}

extension Reservation {
    /// The refusal of a second live request for the same pupil in the same week.
    package static func alreadyHeld(in week: ISOWeek) -> StoreError {
        StoreError.alreadyExists(
            "une réservation en cours pour cette référence d'élève en \(PlacementTexts.weeks(week, week))"
        )
    }

    /// The state `decision` moves the request to.
    ///
    /// - Throws: ``StoreError/failedPrecondition(_:)`` when the request is no longer in a state the decision applies
    ///   to.
    package func state(after decision: ReservationDecision) throws -> ReservationState {
        switch (decision, self.state) {
        case (.confirm, .pending): return .confirmed
        case (.decline, .pending): return .declined
        case (.cancel, .pending), (.cancel, .confirmed): return .cancelled
        default:
            throw StoreError.failedPrecondition(
                "la réservation \(self.id) est \(self.state.french) : seule une réservation en attente change d'état"
            )
        }
    }
}

extension StoreError {
    /// The refusal of a write to an archived basin.
    package static func archived(_ basin: BasinID) -> StoreError {
        .failedPrecondition("le bassin \(basin) est archivé : il est en lecture seule")
    }
}
