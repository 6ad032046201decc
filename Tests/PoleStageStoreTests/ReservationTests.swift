import Foundation
import Testing

@testable import PoleStageStore

@Suite("Seat reservations")
struct ReservationTests {
    @Test(
        "200 concurrent requests for 10 seats: exactly 10 succeed, the 190 others find no seat left",
        arguments: Backend.tested
    )
    func concurrentRequests(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(3)
            let offer = try await fixture.publishedOffer(seats: [week: 10])
            let outcomes = await withTaskGroup(of: Result<Reservation, any Error>.self) { group in
                for pupil in 1...200 {
                    group.addTask {
                        do {
                            return .success(try await fixture.request(offer.id, week: week, pupil: pupil))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                var outcomes: [Result<Reservation, any Error>] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            let granted = outcomes.compactMap { try? $0.get() }
            let refusals = outcomes.compactMap { outcome -> String? in
                guard case .failure(let error) = outcome else { return nil }
                return (error as? StoreError)?.failedPreconditionReason ?? "unexpected error: \(error)"
            }
            #expect(granted.count == 10)
            #expect(refusals.count == 190)
            #expect(refusals.allSatisfy { $0.contains("plus aucune place libre") }, "\(Set(refusals))")
            #expect(Set(granted.map(\.pupil)).count == 10)
            #expect(granted.allSatisfy { $0.state == .pending && $0.week == week && $0.offer == offer.id })

            let stored = try #require(try await fixture.storage.offer(offer.id))
            #expect(stored.periods.map(\.taken) == [10])
            #expect(stored.periods.map(\.free) == [0])
            #expect(try await fixture.storage.reservations(offer: offer.id, liveOnly: true).count == 10)
            #expect(try await fixture.storage.reservations(offer: offer.id, liveOnly: false).count == 10)

            let log = try await fixture.changeLog()
            #expect(log.filter { $0 == ChangeLogEntry(.seatsTaken, offer: offer.id, week: week) }.count == 10)
            #expect(log.count == 11)
        }
    }

    @Test(
        "a pupil holds one live request per week: twice in one week is refused, another week is allowed",
        arguments: Backend.tested
    )
    func onePerPupilAndWeek(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let (first, second) = (fixture.clock.week(2), fixture.clock.week(3))
            let offer = try await fixture.publishedOffer(seats: [first: 5, second: 5])
            let other = try await fixture.publishedOffer(seats: [first: 5])
            _ = try await fixture.request(offer.id, week: first, pupil: 7)

            let again = await #expect(throws: StoreError.self) {
                try await fixture.request(offer.id, week: first, pupil: 7)
            }
            #expect(again?.isAlreadyExists == true)
            // Not on another offer of the same week either.
            let elsewhere = await #expect(throws: StoreError.self) {
                try await fixture.request(other.id, week: first, pupil: 7)
            }
            #expect(elsewhere?.isAlreadyExists == true)
            // The refused requests took no seat.
            #expect(try await fixture.taken(offer.id, week: first) == 1)
            #expect(try await fixture.taken(other.id, week: first) == 0)

            let nextWeek = try await fixture.request(offer.id, week: second, pupil: 7)
            #expect(nextWeek.state == .pending)
            // The same reference at another school is another pupil.
            _ = try await fixture.request(offer.id, week: first, pupil: 7, school: Sample.otherSchool)
            #expect(try await fixture.taken(offer.id, week: first) == 2)
        }
    }

    @Test("a pending request expires after the hold, and its seat goes to the next request", arguments: Backend.tested)
    func expiry(_ backend: Backend) async throws {
        try await withStorage(backend, reservationHold: .seconds(60)) { fixture in
            let week = fixture.clock.week(2)
            let offer = try await fixture.publishedOffer(seats: [week: 1])
            let held = try await fixture.request(offer.id, week: week, pupil: 1)
            #expect(held.expiresAt == fixture.clock.milliseconds + 60_000)

            fixture.clock.advance(by: .seconds(59))
            #expect(try await fixture.storage.reservation(held.id)?.state == .pending)
            let full = await #expect(throws: StoreError.self) {
                try await fixture.request(offer.id, week: week, pupil: 2)
            }
            #expect(full?.failedPreconditionReason?.contains("plus aucune place libre") == true)

            fixture.clock.advance(by: .seconds(2))
            // Reads see the expiry before any write records it.
            #expect(try await fixture.storage.reservation(held.id)?.state == .expired)
            #expect(try await fixture.storage.reservations(offer: offer.id, liveOnly: true).isEmpty)

            let next = try await fixture.request(offer.id, week: week, pupil: 2)
            #expect(next.state == .pending)
            #expect(try await fixture.storage.reservation(held.id)?.state == .expired)
            #expect(try await fixture.taken(offer.id, week: week) == 1)
            #expect(try await fixture.storage.reservations(offer: offer.id, liveOnly: true).map(\.id) == [next.id])

            // An expired request can no longer be confirmed.
            let late = await #expect(throws: StoreError.self) {
                try await fixture.storage.decide(held.id, .confirm, check: allowReservation)
            }
            #expect(late?.failedPreconditionReason?.contains("est expirée") == true)
        }
    }

    @Test("the janitor's sweep expires due requests and frees their seats", arguments: Backend.tested)
    func expireDueReservations(_ backend: Backend) async throws {
        try await withStorage(backend, reservationHold: .seconds(60)) { fixture in
            let week = fixture.clock.week(2)
            let offer = try await fixture.publishedOffer(seats: [week: 3])
            for pupil in 1...3 { _ = try await fixture.request(offer.id, week: week, pupil: pupil) }
            #expect(try await fixture.storage.expireDueReservations() == 0)
            fixture.clock.advance(by: .seconds(60))
            #expect(try await fixture.storage.expireDueReservations() == 3)
            #expect(try await fixture.taken(offer.id, week: week) == 0)
            #expect(try await fixture.storage.expireDueReservations() == 0)
        }
    }

    @Test(
        "decisions: confirm, decline and cancel move the request and free seats as they should",
        arguments: Backend.tested
    )
    func decisions(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let offer = try await fixture.publishedOffer(seats: [week: 2])
            let first = try await fixture.request(offer.id, week: week, pupil: 1)
            let second = try await fixture.request(offer.id, week: week, pupil: 2)
            await #expect(throws: StoreError.self) { try await fixture.request(offer.id, week: week, pupil: 3) }

            let confirmed = try await fixture.storage.decide(first.id, .confirm, check: allowReservation)
            #expect(confirmed.state == .confirmed)
            #expect(confirmed.decidedAt == fixture.clock.milliseconds)
            #expect(try await fixture.taken(offer.id, week: week) == 2)

            let declined = try await fixture.storage.decide(second.id, .decline, check: allowReservation)
            #expect(declined.state == .declined)
            #expect(try await fixture.taken(offer.id, week: week) == 1)
            // The freed seat can be taken again.
            let third = try await fixture.request(offer.id, week: week, pupil: 3)
            #expect(try await fixture.taken(offer.id, week: week) == 2)

            let cancelled = try await fixture.storage.decide(first.id, .cancel, check: allowReservation)
            #expect(cancelled.state == .cancelled)
            #expect(try await fixture.taken(offer.id, week: week) == 1)

            // A pending request can be cancelled by its school too.
            #expect(try await fixture.storage.decide(third.id, .cancel, check: allowReservation).state == .cancelled)
            #expect(try await fixture.taken(offer.id, week: week) == 0)

            // The pupil whose request was declined may ask again.
            _ = try await fixture.request(offer.id, week: week, pupil: 2)
        }
    }

    @Test(
        "a decision that does not apply to the request's state is refused and changes nothing",
        arguments: Backend.tested,
        [
            (ReservationDecision.confirm, ReservationState.confirmed),
            (.decline, .confirmed),
            (.confirm, .declined),
            (.decline, .declined),
            (.cancel, .declined),
            (.confirm, .cancelled),
            (.cancel, .cancelled),
        ]
    )
    func refusedDecisions(_ backend: Backend, _ transition: (ReservationDecision, ReservationState)) async throws {
        let (decision, state) = transition
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let offer = try await fixture.publishedOffer(seats: [week: 2])
            let reservation = try await fixture.request(offer.id, week: week, pupil: 1)
            let setUp: ReservationDecision =
                switch state {
                case .confirmed: .confirm
                case .declined: .decline
                default: .cancel
                }
            #expect(try await fixture.storage.decide(reservation.id, setUp, check: allowReservation).state == state)
            let takenBefore = try await fixture.taken(offer.id, week: week)

            let error = await #expect(throws: StoreError.self) {
                try await fixture.storage.decide(reservation.id, decision, check: allowReservation)
            }
            #expect(
                error?.failedPreconditionReason
                    == "la réservation \(reservation.id) est \(state.french) : seule une réservation en attente change d'état"
            )
            #expect(try await fixture.storage.reservation(reservation.id)?.state == state)
            #expect(try await fixture.taken(offer.id, week: week) == takenBefore)
        }
    }

    @Test("a throwing check aborts the decision; an unknown reservation is not found", arguments: Backend.tested)
    func decisionCheck(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let offer = try await fixture.publishedOffer(seats: [week: 2])
            let reservation = try await fixture.request(offer.id, week: week, pupil: 1)
            await #expect(throws: Refused()) {
                try await fixture.storage.decide(reservation.id, .decline) { stored, storedOffer in
                    #expect(stored.id == reservation.id)
                    #expect(storedOffer.id == offer.id)
                    throw Refused()
                }
            }
            #expect(try await fixture.storage.reservation(reservation.id)?.state == .pending)
            #expect(try await fixture.taken(offer.id, week: week) == 1)

            let missing = await #expect(throws: StoreError.self) {
                try await fixture.storage.decide(9_999, .confirm, check: allowReservation)
            }
            #expect(missing == .notFound("réservation 9999"))
        }
    }

    @Test(
        "a withdrawn offer takes no request; withdrawing declines pending requests and frees their seats",
        arguments: Backend.tested
    )
    func withdrawn(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let (first, second) = (fixture.clock.week(2), fixture.clock.week(4))
            let offer = try await fixture.publishedOffer(seats: [first: 3, second: 2])
            let pending = try await fixture.request(offer.id, week: first, pupil: 1)
            let confirmed = try await fixture.request(offer.id, week: first, pupil: 2)
            _ = try await fixture.storage.decide(confirmed.id, .confirm, check: allowReservation)
            let pendingLater = try await fixture.request(offer.id, week: second, pupil: 3)

            let withdrawn = try await fixture.storage.withdrawOffer(offer.id, check: allowOffer)
            #expect(withdrawn.state == .withdrawn)
            #expect(withdrawn.periods.map(\.taken) == [1, 0])
            #expect(try await fixture.storage.reservation(pending.id)?.state == .declined)
            #expect(try await fixture.storage.reservation(pendingLater.id)?.state == .declined)
            #expect(try await fixture.storage.reservation(confirmed.id)?.state == .confirmed)

            let refused = await #expect(throws: StoreError.self) {
                try await fixture.request(offer.id, week: first, pupil: 4)
            }
            #expect(
                refused?.failedPreconditionReason
                    == "l'offre « \(offer.details.title) » n'est pas publiée : elle ne prend pas de réservation"
            )
        }
    }

    @Test("withdrawing an offer leaves a request that already expired as expired", arguments: Backend.tested)
    func withdrawAfterExpiry(_ backend: Backend) async throws {
        try await withStorage(backend, reservationHold: .seconds(60)) { fixture in
            let week = fixture.clock.week(2)
            let offer = try await fixture.publishedOffer(seats: [week: 2])
            let held = try await fixture.request(offer.id, week: week, pupil: 1)
            fixture.clock.advance(by: .seconds(61))
            #expect(try await fixture.storage.reservation(held.id)?.state == .expired)

            let withdrawn = try await fixture.storage.withdrawOffer(offer.id, check: allowOffer)
            #expect(withdrawn.periods.map(\.taken) == [0])
            let state = try await fixture.storage.reservation(held.id)?.state
            #expect(state == .expired)

        }
    }

    @Test("a draft offer takes no request", arguments: Backend.tested)
    func draft(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let draft = try await fixture.storage.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie - viennoiserie",
                details: Sample.details(seats: [week: 3]),
                externalRef: nil,
                publish: false
            ).offer
            let refused = await #expect(throws: StoreError.self) {
                try await fixture.request(draft.id, week: week, pupil: 1)
            }
            #expect(
                refused?.failedPreconditionReason
                    == "l'offre « \(draft.details.title) » n'est pas publiée : elle ne prend pas de réservation"
            )
        }
    }

    @Test("an offer reserved to a school is not found by another school", arguments: Backend.tested)
    func reservedForSchool(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let offer = try await fixture.publishedOffer(seats: [week: 3], reservedFor: Sample.school)
            let refused = await #expect(throws: StoreError.self) {
                try await fixture.request(offer.id, week: week, pupil: 1, school: Sample.otherSchool)
            }
            #expect(refused == .notFound("offre \(offer.id)"))
            #expect(try await fixture.taken(offer.id, week: week) == 0)
            let granted = try await fixture.request(offer.id, week: week, pupil: 1, school: Sample.school)
            #expect(granted.school == Sample.school)
        }
    }

    @Test(
        "requests for a level the offer does not accept, a past week or a week it does not offer are refused",
        arguments: Backend.tested
    )
    func preconditions(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let (past, current, future, absent) = (
                fixture.clock.week(-1), fixture.clock.week(0), fixture.clock.week(2), fixture.clock.week(3)
            )
            let offer = try await fixture.publishedOffer(
                seats: [past: 2, current: 2, future: 2],
                levels: [.cap, .bacPro]
            )

            let level = await #expect(throws: StoreError.self) {
                try await fixture.request(offer.id, week: future, pupil: 1, level: .observation3e)
            }
            #expect(level?.failedPreconditionReason?.contains("n'accueille pas d'élèves de 3e") == true)

            let late = await #expect(throws: StoreError.self) {
                try await fixture.request(offer.id, week: past, pupil: 1)
            }
            #expect(
                late?.failedPreconditionReason
                    == "la \(PlacementTexts.weeks(past, past)) est passée : réservez une semaine à venir"
            )

            let none = await #expect(throws: StoreError.self) {
                try await fixture.request(offer.id, week: absent, pupil: 1)
            }
            #expect(
                none?.failedPreconditionReason
                    == "l'offre « \(offer.details.title) » n'a pas de place en \(PlacementTexts.weeks(absent, absent)) : "
                    + "choisissez une de ses semaines"
            )

            let unknown = await #expect(throws: StoreError.self) {
                try await fixture.request(424_242, week: future, pupil: 1)
            }
            #expect(unknown == .notFound("offre 424242"))

            // The current week is still open.
            #expect(try await fixture.request(offer.id, week: current, pupil: 1, level: .bacPro).level == .bacPro)
            #expect(try await fixture.storage.offer(offer.id)?.periods.map(\.taken) == [0, 1, 0])
        }
    }

    @Test("a school and an offer list their requests, newest first, live ones on request", arguments: Backend.tested)
    func listings(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let offer = try await fixture.publishedOffer(seats: [week: 5])
            let first = try await fixture.request(offer.id, week: week, pupil: 1)
            let second = try await fixture.request(offer.id, week: week, pupil: 2)
            let foreign = try await fixture.request(offer.id, week: week, pupil: 3, school: Sample.otherSchool)
            _ = try await fixture.storage.decide(first.id, .decline, check: allowReservation)

            #expect(
                try await fixture.storage.reservations(school: Sample.school, liveOnly: false).map(\.id) == [
                    second.id, first.id,
                ]
            )
            #expect(
                try await fixture.storage.reservations(school: Sample.school, liveOnly: true).map(\.id) == [second.id]
            )
            #expect(
                try await fixture.storage.reservations(school: Sample.otherSchool, liveOnly: true).map(\.id) == [
                    foreign.id
                ]
            )
            #expect(
                try await fixture.storage.reservations(offer: offer.id, liveOnly: false).map(\.id)
                    == [foreign.id, second.id, first.id]
            )
            #expect(try await fixture.storage.reservation(424_242) == nil)
        }
    }

    @Test("every successful write is in the change log, and no failed one", arguments: Backend.tested)
    func changeLog(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            var expected: [ChangeLogEntry] = []
            let offer = try await fixture.publishedOffer(seats: [week: 2])
            expected.append(ChangeLogEntry(.offerCreated, offer: offer.id))

            let first = try await fixture.request(offer.id, week: week, pupil: 1)
            expected.append(ChangeLogEntry(.seatsTaken, offer: offer.id, week: week))
            await #expect(throws: StoreError.self) { try await fixture.request(offer.id, week: week, pupil: 1) }
            let second = try await fixture.request(offer.id, week: week, pupil: 2)
            expected.append(ChangeLogEntry(.seatsTaken, offer: offer.id, week: week))
            await #expect(throws: StoreError.self) { try await fixture.request(offer.id, week: week, pupil: 3) }
            await #expect(throws: StoreError.self) { try await fixture.request(offer.id, week: week.next, pupil: 3) }

            _ = try await fixture.storage.decide(second.id, .decline, check: allowReservation)
            expected.append(ChangeLogEntry(.seatsFreed, offer: offer.id, week: week))
            // A confirmation changes no seat: the change log has no entry for it.
            _ = try await fixture.storage.decide(first.id, .confirm, check: allowReservation)
            await #expect(throws: StoreError.self) {
                try await fixture.storage.decide(second.id, .confirm, check: allowReservation)
            }
            await #expect(throws: Refused()) {
                try await fixture.storage.decide(first.id, .cancel) { _, _ in throw Refused() }
            }

            var details = Sample.details(seats: [week: 3])
            details.title = "Boulangère"
            await #expect(throws: StoreError.self) {
                try await fixture.storage.updateOffer(
                    offer.id,
                    details: details,
                    tradeLabel: "Boulangerie",
                    expectedVersion: 99,
                    check: allowOffer
                )
            }
            _ = try await fixture.storage.updateOffer(
                offer.id,
                details: details,
                tradeLabel: "Boulangerie",
                expectedVersion: nil,
                check: allowOffer
            )
            expected.append(ChangeLogEntry(.offerUpdated, offer: offer.id))
            // Publishing a published offer changes nothing.
            _ = try await fixture.storage.publishOffer(offer.id, check: allowOffer)
            _ = try await fixture.storage.withdrawOffer(offer.id, check: allowOffer)
            expected.append(ChangeLogEntry(.offerWithdrawn, offer: offer.id))
            await #expect(throws: StoreError.self) { try await fixture.request(offer.id, week: week, pupil: 4) }

            #expect(try await fixture.changeLog() == expected)
        }
    }
}
