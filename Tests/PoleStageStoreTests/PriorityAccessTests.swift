import Foundation
import Testing

@testable import PoleStageStore

/// The basin's priority access, enforced in the application's transaction: the window after an offer's first
/// publication, and the reserved share held until its release; with the clock moved by the tests.
@Suite("Priority access: the window and the reserved share")
struct PriorityAccessTests {
    /// A school in none of the priority groups.
    static let ordinarySchool = SchoolPriorityFacts(rep: false, repPlus: false, rural: false)
    static let allGroups =
        "établissements REP, établissements REP+, établissements ruraux, élèves des QPV, besoins d'accessibilité"

    /// A CAP pupil of ``Sample/school`` with its own facts, and the school's CAP period over `week`.
    static func pupil(
        _ fixture: some StorageTestFixture,
        _ ref: Int,
        qpv: Bool = false,
        week: ISOWeek
    ) async throws -> Pupil {
        let pupil = try await fixture.storage.savePupil(
            PupilDetails(ref: Sample.pupil(ref), className: "1CAP-B", level: .cap, qpv: qpv),
            school: Sample.school
        )
        let period = SchoolPeriod(level: .cap, from: week, to: week, pupils: 12)
        var periods = try await fixture.storage.schoolPeriods(Sample.school)
        if !periods.contains(period) { periods.append(period) }
        _ = try await fixture.storage.setSchoolPeriods(periods, school: Sample.school)
        return pupil
    }

    static func apply(
        _ fixture: some StorageTestFixture,
        _ offer: Int64,
        _ pupil: Pupil,
        week: ISOWeek,
        school: SchoolPriorityFacts = ordinarySchool
    ) async throws -> Application {
        try await fixture.storage.apply(
            ApplicationRequest(
                offer: offer,
                pupil: pupil.id,
                from: week,
                to: week,
                motivation: "",
                madeBy: .school,
                school: school
            )
        ) { _, _ in }
    }

    static func setRules(_ fixture: some StorageTestFixture, _ change: (inout PlacementRules) -> Void) async throws {
        var rules = try await fixture.storage.placementRules()
        change(&rules)
        _ = try await fixture.storage.setPlacementRules(rules)
    }

    @Test(
        "within an offer's window only priority pupils apply; the refusal names the rule and the opening; then all may",
        arguments: Backend.tested
    )
    func window(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let ordinary = try await Self.pupil(fixture, 1, week: week)
            let fromQPV = try await Self.pupil(fixture, 2, qpv: true, week: week)
            let ofREP = try await Self.pupil(fixture, 3, week: week)
            let offer = try await fixture.publishedOffer(seats: [week: 5])
            let until = try #require(offer.priorityUntil)
            #expect(until == fixture.clock.milliseconds + 7 * 86_400_000)
            // The clock starts on Wednesday 4 March 2026 at 10:00 in Paris: the window ends a week later, Paris time.
            let opening = "11 mars 2026 à 10:00"
            #expect(PlacementTexts.date(until) == opening)
            await #expect(
                throws: StoreError.failedPrecondition(
                    "l'offre « \(offer.details.title) » est réservée aux élèves prioritaires du bassin (\(Self.allGroups)) "
                        + "jusqu'au \(opening), par la fenêtre prioritaire de 7 jours après sa publication : candidatez "
                        + "à partir de là, ou choisissez une autre offre"
                )
            ) {
                try await Self.apply(fixture, offer.id, ordinary, week: week)
            }
            #expect(try await fixture.storage.offer(offer.id)?.periods.map(\.taken) == [0])
            // A pupil of a QPV, by its own fact; a pupil of a REP school, by its school's.
            #expect(try await Self.apply(fixture, offer.id, fromQPV, week: week).priority)
            #expect(try await Self.apply(fixture, offer.id, ofREP, week: week, school: Sample.schoolFacts).priority)
            fixture.clock.advance(by: .seconds(7 * 86_400 - 1))
            await #expect(throws: StoreError.self) { try await Self.apply(fixture, offer.id, ordinary, week: week) }
            fixture.clock.advance(by: .seconds(1))
            #expect(try await !Self.apply(fixture, offer.id, ordinary, week: week).priority)
        }
    }

    @Test(
        "the rule is the basin's data: its groups decide who is a priority pupil, and no group means no window",
        arguments: Backend.tested
    )
    func groupsAreData(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let ofREP = try await Self.pupil(fixture, 1, week: week)
            try await Self.setRules(fixture) { $0.priorityGroups = [.rural, .qpv] }
            let offer = try await fixture.publishedOffer(seats: [week: 5])
            await #expect(throws: StoreError.self) {
                try await Self.apply(fixture, offer.id, ofREP, week: week, school: Sample.schoolFacts)
            }
            try await Self.setRules(fixture) { $0.priorityGroups = [] }
            #expect(try await fixture.storage.offer(offer.id)?.priorityUntil == nil)
            let later = try await fixture.publishedOffer(seats: [week: 5])
            #expect(later.priorityUntil == nil)
            #expect(try await !Self.apply(fixture, offer.id, ofREP, week: week, school: Sample.schoolFacts).priority)
        }
    }

    @Test(
        "a change of rules reaches every offer at once, each logged as an update without a new version",
        arguments: Backend.tested
    )
    func rulesChangeReachesOffers(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(6)
            let published = try await fixture.publishedOffer(seats: [week: 3])
            let draft = try await fixture.storage.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie",
                details: Sample.details(seats: [week: 4]),
                externalRef: nil,
                publish: false
            ).offer
            let before = try await fixture.storage.changes(after: 0, limit: 100).changes.count
            try await Self.setRules(fixture) {
                $0.priorityWindowDays = 10
                $0.reservedSharePercent = 50
                $0.reservedReleaseDays = 14
            }
            let changes = try await fixture.storage.changes(after: 0, limit: 100).changes.dropFirst(before)
            #expect(changes.map(\.kind) == [.offerUpdated, .offerUpdated])
            #expect(Set(changes.map(\.offer.id)) == [published.id, draft.id])
            let updated = try #require(changes.first { $0.offer.id == published.id }?.offer)
            #expect(updated.version == published.version)
            #expect(updated.priorityUntil == published.publishedAt.map { $0 + 10 * 86_400_000 })
            #expect(updated.periods.map(\.reserved) == [2])
            #expect(updated.periods.map(\.reservedUntil) == [week.startMilliseconds(minusDays: 14)])
            let held = try #require(changes.first { $0.offer.id == draft.id }?.offer)
            #expect(held.priorityUntil == nil)
            #expect(held.periods.map(\.reserved) == [2])
            // The same rules again change nothing, and log nothing.
            let count = try await fixture.storage.changes(after: 0, limit: 100).changes.count
            try await Self.setRules(fixture) { _ in }
            #expect(try await fixture.storage.changes(after: 0, limit: 100).changes.count == count)
        }
    }

    @Test(
        "the reserved share holds seats until its release; a priority pupil's freed seat goes back to the held share",
        arguments: Backend.tested
    )
    func reservedShare(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            // Week 5 from now starts on Monday 6 April 2026: its held seats are released 21 days before, on 16 March.
            try await Self.setRules(fixture) {
                $0.priorityWindowDays = 0
                $0.reservedSharePercent = 50
            }
            let week = fixture.clock.week(5)
            let first = try await Self.pupil(fixture, 1, week: week)
            let second = try await Self.pupil(fixture, 2, week: week)
            let priority = try await Self.pupil(fixture, 3, qpv: true, week: week)
            let offer = try await fixture.publishedOffer(seats: [week: 3])
            let period = try #require(offer.periods.first)
            #expect(period.reserved == 2)
            #expect(PlacementTexts.date(period.reservedUntil) == "16 mars 2026 à 00:00")
            _ = try await Self.apply(fixture, offer.id, first, week: week)
            let refusal = StoreError.failedPrecondition(
                "les 2 places libres de la \(PlacementTexts.weeks(week, week)) de l'offre « \(offer.details.title) » "
                    + "sont gardées pour les élèves prioritaires du bassin (\(Self.allGroups)) jusqu'au 16 mars 2026 à "
                    + "00:00, par la part réservée du bassin (50 %) : candidatez à partir de là, ou choisissez une autre "
                    + "offre"
            )
            await #expect(throws: refusal) { try await Self.apply(fixture, offer.id, second, week: week) }
            let held = try await Self.apply(fixture, offer.id, priority, week: week)
            func seats() async throws -> [Int] {
                let stored = try #require(try await fixture.storage.offer(offer.id)?.periods.first)
                return [stored.taken, stored.priorityTaken, stored.heldForPriority(at: fixture.clock.milliseconds)]
            }
            #expect(try await seats() == [2, 1, 1])
            // Withdrawn, the priority pupil's seat is held again.
            _ = try await fixture.storage.decide(application: held.id, .withdraw) { _, _ in }
            #expect(try await seats() == [1, 0, 2])
            await #expect(throws: refusal) { try await Self.apply(fixture, offer.id, second, week: week) }
            // Released on 16 March: every pupil may take the seats.
            fixture.clock.advance(by: .seconds(Int64((period.reservedUntil - fixture.clock.milliseconds) / 1000)))
            #expect(try await !Self.apply(fixture, offer.id, second, week: week).priority)
        }
    }

    @Test(
        "a school outside the priority groups cannot request a seat within an offer's window, nor a held seat",
        arguments: Backend.tested
    )
    func reservations(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let offer = try await fixture.publishedOffer(seats: [week: 2])
            func request(_ pupil: Int, _ facts: SchoolPriorityFacts) async throws -> Reservation {
                try await fixture.storage.requestSeat(
                    offer: offer.id,
                    week: week,
                    school: Sample.school,
                    facts: facts,
                    pupil: Sample.pupil(pupil),
                    level: .cap
                )
            }
            await #expect(throws: StoreError.self) { try await request(1, Self.ordinarySchool) }
            let rural = try await request(2, SchoolPriorityFacts(rep: false, repPlus: false, rural: true))
            #expect(rural.priority)
            #expect(try await fixture.storage.offer(offer.id)?.periods.map(\.priorityTaken) == [1])
            _ = try await fixture.storage.decide(rural.id, .cancel) { _, _ in }
            #expect(try await fixture.storage.offer(offer.id)?.periods.map(\.priorityTaken) == [0])
        }
    }
}
