import Crypto
import Foundation
import Testing

@testable import PoleStageStore

/// Applications for whole periods, on a real SQLite file with a clock the tests move.
@Suite("Placements: rosters, applications over a period, answers, expiry, school years")
struct PlacementTests {
    /// A CAP pupil of ``Sample/school`` and the school's CAP period over `weeks` (2 to 4 weeks from now by default).
    static func pupilAndPeriod(
        _ fixture: some StorageTestFixture,
        ref: Int = 1,
        school: UAI = Sample.school,
        from: Int = 2,
        to: Int = 4
    ) async throws -> Pupil {
        let pupil = try await fixture.storage.savePupil(
            PupilDetails(ref: Sample.pupil(ref), className: "1CAP-B", level: .cap, needsAccessible: true),
            school: school
        )
        let period = SchoolPeriod(level: .cap, from: fixture.clock.week(from), to: fixture.clock.week(to), pupils: 12)
        var periods = try await fixture.storage.schoolPeriods(school)
        if !periods.contains(period) { periods.append(period) }
        _ = try await fixture.storage.setSchoolPeriods(periods, school: school)
        return pupil
    }

    static func seats(_ fixture: some StorageTestFixture, weeks: ClosedRange<Int>, seats: Int) -> [ISOWeek: Int] {
        Dictionary(uniqueKeysWithValues: weeks.map { (fixture.clock.week($0), seats) })
    }

    static func apply(
        _ fixture: some StorageTestFixture,
        _ offer: Int64,
        _ pupil: Pupil,
        from: Int = 2,
        to: Int = 4
    ) async throws -> Application {
        try await fixture.storage.apply(
            ApplicationRequest(
                offer: offer,
                pupil: pupil.id,
                from: fixture.clock.week(from),
                to: fixture.clock.week(to),
                motivation: "J'aime le pain.",
                madeBy: .pupil,
                school: Sample.schoolFacts
            )
        ) { _, _ in }
    }

    static func taken(_ fixture: some StorageTestFixture, _ offer: Int64) async throws -> [Int] {
        try await fixture.storage.offer(offer)?.periods.map(\.taken) ?? []
    }

    @Test(
        "an application holds one seat in every week of the period, and a full week refuses the whole period",
        arguments: Backend.tested
    )
    func allWeeksOrNone(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let first = try await Self.pupilAndPeriod(fixture, ref: 1)
            let second = try await Self.pupilAndPeriod(fixture, ref: 2)
            var seats = Self.seats(fixture, weeks: 2...4, seats: 2)
            seats[fixture.clock.week(4)] = 1
            let offer = try await fixture.publishedOffer(seats: seats)
            let application = try await Self.apply(fixture, offer.id, first)
            #expect(application.state == .pending)
            #expect(application.weeks.count == 3)
            #expect(try await Self.taken(fixture, offer.id) == [1, 1, 1])
            // Week 4 is now full: the second pupil's application takes no seat at all, not weeks 2 and 3.
            await #expect(
                throws: StoreError.failedPrecondition(
                    "la \(PlacementTexts.weeks(fixture.clock.week(4), fixture.clock.week(4))) de l'offre "
                        + "« \(offer.details.title) » est complète : il faut une place chaque semaine de la période"
                )
            ) {
                try await Self.apply(fixture, offer.id, second)
            }
            #expect(try await Self.taken(fixture, offer.id) == [1, 1, 1])
            // The change log has one seat change per week, each offer as that week's change left it.
            let changes = try await fixture.storage.changes(after: 0, limit: 100).changes.filter {
                $0.kind == .seatsTaken
            }
            #expect(changes.map { $0.offer.periods.map(\.taken) } == [[1, 0, 0], [1, 1, 0], [1, 1, 1]])
        }
    }

    @Test("each rule refuses with FAILED_PRECONDITION and says which", arguments: Backend.tested)
    func refusals(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let pupil = try await Self.pupilAndPeriod(fixture)
            let offer = try await fixture.publishedOffer(seats: Self.seats(fixture, weeks: 2...4, seats: 5))
            let observation = try await fixture.publishedOffer(
                seats: Self.seats(fixture, weeks: 2...4, seats: 5),
                levels: [.observation3e]
            )
            await #expect(
                throws: StoreError.failedPrecondition(
                    "l'offre « \(observation.details.title) » n'accueille pas d'élèves de CAP : choisissez une offre "
                        + "ouverte à ce niveau"
                )
            ) {
                try await Self.apply(fixture, observation.id, pupil)
            }
            let undeclared =
                "aucune période de CAP déclarée par l'établissement \(Sample.school) ne couvre "
                + "\(PlacementTexts.theWeeks(fixture.clock.week(2), fixture.clock.week(3))) : candidatez pour une période de "
                + "son calendrier"
            await #expect(throws: StoreError.failedPrecondition(undeclared)) {
                try await Self.apply(fixture, offer.id, pupil, from: 2, to: 3)
            }
            let partial = try await fixture.publishedOffer(seats: Self.seats(fixture, weeks: 2...3, seats: 5))
            await #expect(
                throws: StoreError.failedPrecondition(
                    "l'offre « \(partial.details.title) » n'a pas de place en "
                        + "\(PlacementTexts.weeks(fixture.clock.week(4), fixture.clock.week(4))) : choisissez une offre "
                        + "ouverte chaque semaine de la période"
                )
            ) {
                try await Self.apply(fixture, partial.id, pupil)
            }
            #expect(try await Self.taken(fixture, partial.id) == [0, 0])
            let first = try await Self.apply(fixture, offer.id, pupil)
            await #expect(
                throws: StoreError.alreadyExists(
                    "une candidature en cours de cet élève à l'offre « \(offer.details.title) » (candidature \(first.id))"
                )
            ) {
                try await Self.apply(fixture, offer.id, pupil)
            }
            // The basin's limit on pending applications.
            _ = try await fixture.storage.setPlacementRules(PlacementRules(maxPendingApplications: 2, pendingDays: 14))
            let other = try await fixture.publishedOffer(seats: Self.seats(fixture, weeks: 2...4, seats: 5))
            _ = try await Self.apply(fixture, other.id, pupil)
            let third = try await fixture.publishedOffer(seats: Self.seats(fixture, weeks: 2...4, seats: 5))
            await #expect(
                throws: StoreError.failedPrecondition(
                    "l'élève \(pupil.id) a 2 candidatures en attente, la limite du bassin : attendez une réponse ou "
                        + "retirez-en une"
                )
            ) {
                try await Self.apply(fixture, third.id, pupil)
            }
            // Placed: no other application for overlapping weeks.
            _ = try await fixture.storage.decide(application: first.id, .accept) { _, _ in }
            await #expect(
                throws: StoreError.failedPrecondition(
                    "l'élève \(pupil.id) a déjà un stage accepté sur "
                        + "\(PlacementTexts.theWeeks(fixture.clock.week(2), fixture.clock.week(4))) (candidature \(first.id)) : "
                        + "retirez-le avant de candidater sur ces semaines"
                )
            ) {
                try await Self.apply(fixture, third.id, pupil)
            }
            // A withdrawn offer takes none.
            _ = try await fixture.storage.withdrawOffer(third.id) { _ in }
            await #expect(
                throws: StoreError.failedPrecondition(
                    "l'offre « \(third.details.title) » est retirée : seule une offre publiée reçoit des candidatures ; "
                        + "choisissez-en une autre"
                )
            ) {
                try await Self.apply(fixture, third.id, pupil)
            }
        }
    }

    @Test(
        "accepting withdraws the pupil's other pending applications for overlapping weeks and frees their seats",
        arguments: Backend.tested
    )
    func acceptWithdrawsOverlapping(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let pupil = try await Self.pupilAndPeriod(fixture)
            _ = try await Self.pupilAndPeriod(fixture, from: 6, to: 7)
            let a = try await fixture.publishedOffer(seats: Self.seats(fixture, weeks: 2...7, seats: 1))
            let b = try await fixture.publishedOffer(seats: Self.seats(fixture, weeks: 2...4, seats: 1))
            let onA = try await Self.apply(fixture, a.id, pupil)
            let onB = try await Self.apply(fixture, b.id, pupil)
            let later = try await Self.apply(fixture, a.id, pupil, from: 6, to: 7)
            let accepted = try await fixture.storage.decide(application: onB.id, .accept) { _, _ in }
            #expect(accepted.state == .accepted)
            #expect(try await fixture.storage.application(onA.id)?.state == .withdrawn)
            // The period of weeks 6 to 7 does not overlap: it stays pending.
            #expect(try await fixture.storage.application(later.id)?.state == .pending)
            #expect(try await Self.taken(fixture, a.id) == [0, 0, 0, 0, 1, 1])
            #expect(try await Self.taken(fixture, b.id) == [1, 1, 1])
            // Only a pending application can be answered.
            await #expect(
                throws: StoreError.failedPrecondition(
                    "la candidature \(onA.id) est retirée : seule une candidature en attente peut être acceptée"
                )
            ) {
                try await fixture.storage.decide(application: onA.id, .accept) { _, _ in }
            }
            // Withdrawing the placement frees its seats.
            _ = try await fixture.storage.decide(application: onB.id, .withdraw) { _, _ in }
            #expect(try await Self.taken(fixture, b.id) == [0, 0, 0])
            let roster = try await fixture.storage.roster(school: Sample.school, year: fixture.storage.schoolYear)
            #expect(roster.first { $0.pupil.id == pupil.id }?.state == .pending(count: 1))
        }
    }

    @Test(
        "declining frees the seats and keeps the reason; a pending application expires after the basin's delay",
        arguments: Backend.tested
    )
    func declineAndExpiry(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let first = try await Self.pupilAndPeriod(fixture, ref: 1)
            let second = try await Self.pupilAndPeriod(fixture, ref: 2)
            let offer = try await fixture.publishedOffer(seats: Self.seats(fixture, weeks: 2...4, seats: 2))
            let declined = try await Self.apply(fixture, offer.id, first)
            let after = try await fixture.storage.decide(
                application: declined.id,
                .decline(.tutorUnavailable, note: "Tuteur en congé")
            ) { _, _ in }
            #expect(after.state == .declined)
            #expect(after.declineReason == .tutorUnavailable)
            #expect(after.declineNote == "Tuteur en congé")
            let pending = try await Self.apply(fixture, offer.id, second)
            #expect(try await Self.taken(fixture, offer.id) == [1, 1, 1])
            fixture.clock.advance(by: .seconds(14 * 86_400 - 1))
            #expect(try await fixture.storage.expireDueApplications() == 0)
            fixture.clock.advance(by: .seconds(1))
            // Read as expired at once, recorded (seats freed) by the next write or the janitor.
            #expect(try await fixture.storage.application(pending.id)?.state == .expired)
            #expect(try await fixture.storage.expireDueApplications() == 1)
            #expect(try await Self.taken(fixture, offer.id) == [0, 0, 0])
        }
    }

    @Test(
        "64 pupils racing for 3 seats over a 3-week period: 3 hold all their weeks, nobody holds part of one",
        arguments: Backend.tested
    )
    func concurrentApplicationsNeverOverbook(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            var pupils: [Pupil] = []
            for number in 1...64 { pupils.append(try await Self.pupilAndPeriod(fixture, ref: number)) }
            // Two offers, seats staggered so that a half-held period would show.
            var seats = Self.seats(fixture, weeks: 2...4, seats: 3)
            seats[fixture.clock.week(3)] = 5
            let offer = try await fixture.publishedOffer(seats: seats)
            let results = await withTaskGroup(of: Bool.self) { group in
                for pupil in pupils {
                    group.addTask { (try? await Self.apply(fixture, offer.id, pupil)) != nil }
                }
                return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(results == 3)
            #expect(try await Self.taken(fixture, offer.id) == [3, 3, 3])
            let live = try await fixture.storage.applications(.offer(offer.id), liveOnly: true)
            #expect(live.count == 3)
            #expect(live.allSatisfy { $0.weeks.count == 3 })
        }
    }

    @Test(
        "a new school year starts empty; the previous one is read-only; retention deletes it entirely",
        arguments: Backend.tested
    )
    func schoolYears(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            // March 2026: school year 2025-2026.
            #expect(fixture.storage.schoolYear.description == "2025-2026")
            let pupil = try await Self.pupilAndPeriod(fixture)
            let offer = try await fixture.publishedOffer(seats: Self.seats(fixture, weeks: 2...4, seats: 2))
            let application = try await Self.apply(fixture, offer.id, pupil)
            _ = try await fixture.storage.decide(application: application.id, .accept) { _, _ in }
            let code = try await fixture.storage.issueSignInCode(pupil: pupil.id, lifetime: .seconds(86_400 * 365)) {
                _ in
            }
            // 1 October 2026: 2026-2027 starts empty.
            fixture.clock.advance(by: .seconds(211 * 86_400))
            #expect(fixture.storage.schoolYear.description == "2026-2027")
            #expect(try await fixture.storage.roster(school: Sample.school, year: fixture.storage.schoolYear).isEmpty)
            let past = try #require(SchoolYear("2025-2026"))
            #expect(try await fixture.storage.roster(school: Sample.school, year: past).count == 1)
            await #expect(
                throws: StoreError.failedPrecondition(
                    "la candidature \(application.id) est de l'année scolaire 2025-2026, close (lecture seule)"
                )
            ) {
                try await fixture.storage.decide(application: application.id, .withdraw) { _, _ in }
            }
            await #expect(throws: StoreError.self) {
                try await fixture.storage.redeemSignInCode(code.code)
            }
            // Kept for a year after 31 August 2026; gone after.
            #expect(try await fixture.storage.purgePupils(retention: .seconds(365 * 86_400)) == 0)
            fixture.clock.advance(by: .seconds(335 * 86_400))
            #expect(try await fixture.storage.purgePupils(retention: .seconds(365 * 86_400)) == 1)
            let left = try await fixture.query(
                "SELECT (SELECT COUNT(*) FROM pupil) + (SELECT COUNT(*) FROM application) + (SELECT COUNT(*) FROM signInCode)",
                """
                SELECT ((SELECT count(*) FROM {schema}.pupil) + (SELECT count(*) FROM {schema}.application)
                  + (SELECT count(*) FROM {schema}.sign_in_code))::text
                """
            )
            #expect(left == ["0"])
        }
    }

    @Test(
        "a sign-in code is redeemed once, not after it expires, and only its hash is stored",
        arguments: Backend.tested
    )
    func signInCodes(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let pupil = try await Self.pupilAndPeriod(fixture)
            let issued = try await fixture.storage.issueSignInCode(pupil: pupil.id, lifetime: .seconds(3600)) { _ in }
            #expect(issued.code.count == 10)
            let stored = try await fixture.query(
                "SELECT lower(hex(codeHash)) FROM signInCode",
                "SELECT encode(code_hash, 'hex') FROM {schema}.sign_in_code"
            )
            let hash = SHA256.hash(data: Data(issued.code.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(stored == [hash])
            // Lowercase and spaces are forgiven.
            let spaced = issued.code.lowercased().prefix(5) + " " + issued.code.lowercased().dropFirst(5)
            #expect(try await fixture.storage.redeemSignInCode(String(spaced)).id == pupil.id)
            await #expect(throws: StoreError.notFound("code de connexion (inconnu, déjà utilisé ou expiré)")) {
                try await fixture.storage.redeemSignInCode(issued.code)
            }
            let late = try await fixture.storage.issueSignInCode(pupil: pupil.id, lifetime: .seconds(3600)) { _ in }
            fixture.clock.advance(by: .seconds(3600))
            await #expect(throws: StoreError.notFound("code de connexion (inconnu, déjà utilisé ou expiré)")) {
                try await fixture.storage.redeemSignInCode(late.code)
            }
        }
    }

    @Test("deleting a pupil frees its seats and leaves nothing of it", arguments: Backend.tested)
    func deletePupil(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let pupil = try await Self.pupilAndPeriod(fixture)
            let offer = try await fixture.publishedOffer(seats: Self.seats(fixture, weeks: 2...4, seats: 2))
            _ = try await Self.apply(fixture, offer.id, pupil)
            _ = try await fixture.storage.issueSignInCode(pupil: pupil.id, lifetime: .seconds(3600)) { _ in }
            #expect(try await fixture.storage.deletePupil(pupil.id) { _ in } == 1)
            #expect(try await Self.taken(fixture, offer.id) == [0, 0, 0])
            #expect(try await fixture.storage.pupil(pupil.id) == nil)
            #expect(try await fixture.storage.applications(.offer(offer.id), liveOnly: false).isEmpty)
        }
    }

    @Test("the follow-up counts pupils, not weeks, and lists the offers nobody applies to", arguments: Backend.tested)
    func followUp(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let placed = try await Self.pupilAndPeriod(fixture, ref: 1)
            let waiting = try await Self.pupilAndPeriod(fixture, ref: 2)
            _ = try await Self.pupilAndPeriod(fixture, ref: 3)
            let offer = try await fixture.publishedOffer(seats: Self.seats(fixture, weeks: 2...4, seats: 3))
            let idle = try await fixture.publishedOffer(seats: Self.seats(fixture, weeks: 2...4, seats: 3))
            let application = try await Self.apply(fixture, offer.id, placed)
            _ = try await fixture.storage.decide(application: application.id, .accept) { _, _ in }
            _ = try await Self.apply(fixture, offer.id, waiting)
            let (levels, unasked) = try await fixture.storage.followUp(year: fixture.storage.schoolYear)
            #expect(
                levels == [
                    LevelFollowUp(school: Sample.school, level: .cap, pupils: 3, placed: 1, pending: 1, nothingYet: 1)
                ]
            )
            #expect(unasked.map(\.offer) == [idle.id])
            #expect(unasked.first?.weeks.count == 3)
        }
    }

    static func kinds(_ fixture: some StorageTestFixture, _ recipient: InboxRecipient) async throws -> [InboxKind] {
        try await fixture.storage.inbox(recipient, unreadOnly: false, before: nil, limit: 100).messages.reversed().map(
            \.kind
        )
    }

    @Test(
        "every party hears of what concerns it; reminders at 3 and 7 days survive in the store; erasure takes the pupil's",
        arguments: Backend.tested
    )
    func inboxMessages(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let pupil = try await Self.pupilAndPeriod(fixture, ref: 1)
            let other = try await Self.pupilAndPeriod(fixture, ref: 2)
            let offer = try await fixture.publishedOffer(seats: Self.seats(fixture, weeks: 2...4, seats: 2))
            let company = InboxRecipient.company(Sample.company.siret)
            let first = try await Self.apply(fixture, offer.id, pupil)
            let second = try await Self.apply(fixture, offer.id, other)
            #expect(try await Self.kinds(fixture, company) == [.applicationReceived, .applicationReceived])
            // Day 3: both pending, one reminder each; nothing more until day 7.
            fixture.clock.advance(by: .seconds(3 * 86_400))
            #expect(try await fixture.storage.sendReminders() == 2)
            #expect(try await fixture.storage.sendReminders() == 0)
            _ = try await fixture.storage.decide(application: first.id, .accept) { _, _ in }
            #expect(try await Self.kinds(fixture, .pupil(pupil.id)) == [.applicationAccepted])
            #expect(
                try await Self.kinds(fixture, .school(Sample.school)) == [
                    .applicationSent, .applicationSent, .applicationAccepted,
                ]
            )
            // Day 7: only the one still pending is reminded, and the animators hear it is stuck.
            fixture.clock.advance(by: .seconds(4 * 86_400))
            #expect(try await fixture.storage.sendReminders() == 2)
            #expect(try await Self.kinds(fixture, .basin) == [.applicationStuck])
            let stuck = try #require(
                try await fixture.storage.inbox(.basin, unreadOnly: false, before: nil, limit: 1).messages.first
            )
            #expect(stuck.application == second.id)
            #expect(stuck.text.hasPrefix("Candidature sans réponse de Boulangerie Lefèvre depuis 7 jours"))
            // Day 14: it expires; pupil, school and company hear it.
            fixture.clock.advance(by: .seconds(7 * 86_400))
            #expect(try await fixture.storage.expireDueApplications() == 1)
            #expect(try await Self.kinds(fixture, .pupil(other.id)) == [.applicationExpired])
            #expect(
                try await Self.kinds(fixture, company) == [
                    .applicationReceived, .applicationReceived, .reminderPending, .reminderPending, .reminderPending,
                    .applicationExpired,
                ]
            )
            // Erasure: the pupil's own inbox goes; the company's messages stay, no longer tied to the application.
            _ = try await fixture.storage.deletePupil(other.id) { _ in }
            #expect(try await Self.kinds(fixture, .pupil(other.id)).isEmpty)
            let kept = try await fixture.storage.inbox(company, unreadOnly: false, before: nil, limit: 100).messages
            #expect(kept.count == 6)
            #expect(!kept.contains { $0.application == second.id })
        }
    }

    @Test("a published offer without a week to come: its company is told once per version", arguments: Backend.tested)
    func offerToUpdate(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let offer = try await fixture.publishedOffer(seats: Self.seats(fixture, weeks: 1...1, seats: 2))
            let company = InboxRecipient.company(Sample.company.siret)
            #expect(try await fixture.storage.sendReminders() == 0)
            fixture.clock.advance(by: .seconds(14 * 86_400))
            #expect(try await fixture.storage.sendReminders() == 1)
            #expect(try await fixture.storage.sendReminders() == 0)
            let message = try #require(
                try await fixture.storage.inbox(company, unreadOnly: false, before: nil, limit: 1).messages.first
            )
            #expect(message.kind == .offerToUpdate && message.offer == offer.id)
            #expect(
                message.text
                    == "L'offre « Boulanger-pâtissier » n'a plus de semaine à venir : ajoutez des périodes ou retirez-la."
            )
        }
    }
}
