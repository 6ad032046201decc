import Foundation
import GRDB
import Testing

@testable import PoleStageStore

@Suite("Change log")
struct ChangeLogTests {
    static func publish(_ fixture: some StorageTestFixture, seats: [ISOWeek: Int], title: String = "Boulanger")
        async throws
        -> Offer
    {
        try await fixture.storage.createOffer(
            owner: Sample.company,
            tradeLabel: "Boulangerie",
            details: Sample.details(seats: seats, title: title),
            externalRef: nil,
            publish: true
        ).offer
    }

    @Test(
        "every write logs its change with the offer after it, and before it, in commit order",
        arguments: Backend.tested
    )
    func entries(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let offer = try await Self.publish(fixture, seats: [week: 2])
            var details = offer.details
            details.title = "Pâtissier"
            _ = try await fixture.storage.updateOffer(
                offer.id,
                details: details,
                tradeLabel: "Boulangerie",
                expectedVersion: nil,
                check: allowOffer
            )
            let reservation = try await fixture.storage.requestSeat(
                offer: offer.id,
                week: week,
                school: Sample.school,
                facts: Sample.schoolFacts,
                pupil: Sample.pupil(1),
                level: .cap
            )
            _ = try await fixture.storage.withdrawOffer(offer.id, check: allowOffer)
            _ = reservation

            let (bounds, changes) = try await fixture.storage.changes(after: 0, limit: 100)
            #expect(changes.map(\.kind) == [.offerCreated, .offerUpdated, .seatsTaken, .seatsFreed, .offerWithdrawn])
            #expect(changes.map(\.offset) == Array(1...5))
            #expect(bounds.head == 5 && bounds.retainedAfter == 0 && bounds.epoch > 0)
            #expect(changes[0].before == nil)
            #expect(changes[1].before?.details.title == "Boulanger")
            #expect(changes[1].offer.details.title == "Pâtissier")
            #expect(changes[2].week == week)
            #expect(changes[2].before?.periods.first?.taken == 0)
            #expect(changes[2].offer.periods.first?.taken == 1)
            #expect(changes[3].offer.periods.first?.taken == 0)
            #expect(changes[4].before?.state == .published)
            #expect(changes[4].offer.state == .withdrawn)
            // Paging: after an offset, up to a limit.
            #expect(try await fixture.storage.changes(after: 3, limit: 1).changes.map(\.offset) == [4])
            // Nothing of the reservation, so no pupil reference, is in the log.
            let payloads = try await fixture.storedPayloads()
            #expect(payloads.count == 5)
            #expect(!payloads.joined().contains(Sample.pupil(1).rawValue))
        }
    }

    @Test("a failed write logs nothing", arguments: Backend.tested)
    func rollback(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let offer = try await Self.publish(fixture, seats: [week: 1])
            _ = try await fixture.storage.requestSeat(
                offer: offer.id,
                week: week,
                school: Sample.school,
                facts: Sample.schoolFacts,
                pupil: Sample.pupil(1),
                level: .cap
            )
            await #expect(throws: StoreError.self) {
                try await fixture.storage.requestSeat(
                    offer: offer.id,
                    week: week,
                    school: Sample.school,
                    facts: Sample.schoolFacts,
                    pupil: Sample.pupil(2),
                    level: .cap
                )
            }
            #expect(try await fixture.storage.changeLogBounds().head == 2)
        }
    }

    @Test(
        "retention by count and by age moves the oldest resumable position; a reset starts a new epoch",
        arguments: Backend.tested
    )
    func retention(_ backend: Backend) async throws {
        try await withStorage(backend, changeLogRetention: ChangeLogRetention(maxEntries: 10, maxAge: .seconds(3600))) {
            fixture in
            let week = fixture.clock.week(2)
            for index in 0..<25 { _ = try await Self.publish(fixture, seats: [week: 1], title: "Offre \(index)") }
            #expect(try await fixture.storage.pruneChangeLog() == 15)
            var bounds = try await fixture.storage.changeLogBounds()
            #expect(bounds.retainedAfter == 15 && bounds.head == 25)
            #expect(bounds.problem(resuming: ChangePosition(epoch: bounds.epoch, offset: 14)) == .tooOld)
            #expect(bounds.problem(resuming: ChangePosition(epoch: bounds.epoch, offset: 15)) == nil)
            #expect(bounds.problem(resuming: ChangePosition(epoch: bounds.epoch, offset: 25)) == nil)
            #expect(bounds.problem(resuming: ChangePosition(epoch: bounds.epoch, offset: 26)) == .ahead)
            #expect(bounds.problem(resuming: ChangePosition(epoch: bounds.epoch + 1, offset: 20)) == .epochChanged)
            #expect(try await fixture.storage.changes(after: 15, limit: 100).changes.count == 10)

            // Two more, then an hour and a bit later everything older than an hour goes.
            for index in 0..<2 { _ = try await Self.publish(fixture, seats: [week: 1], title: "Tard \(index)") }
            fixture.clock.advance(by: .seconds(3601))
            _ = try await Self.publish(fixture, seats: [week: 1], title: "Récent")
            #expect(try await fixture.storage.pruneChangeLog() == 12)
            bounds = try await fixture.storage.changeLogBounds()
            #expect(bounds.retainedAfter == 27 && bounds.head == 28)

            let reset = try await fixture.storage.resetChangeLog()
            #expect(reset.epoch != bounds.epoch && reset.offset == 28)
            bounds = try await fixture.storage.changeLogBounds()
            #expect(bounds.retainedAfter == 28)
            #expect(try await fixture.storage.changes(after: 0, limit: 100).changes.isEmpty)
            // Offsets keep growing after a reset.
            _ = try await Self.publish(fixture, seats: [week: 1])
            #expect(try await fixture.storage.changes(after: 0, limit: 100).changes.map(\.offset) == [29])
        }
    }

    @Test("a snapshot holds what the filter admits, at the log position it was read at", arguments: Backend.tested)
    func snapshot(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let open = try await Self.publish(fixture, seats: [week: 1], title: "Ouverte")
            let full = try await Self.publish(fixture, seats: [week: 1], title: "Pleine")
            _ = try await fixture.storage.requestSeat(
                offer: full.id,
                week: week,
                school: Sample.school,
                facts: Sample.schoolFacts,
                pupil: Sample.pupil(1),
                level: .cap
            )
            let withdrawn = try await Self.publish(fixture, seats: [week: 1], title: "Retirée")
            _ = try await fixture.storage.withdrawOffer(withdrawn.id, check: allowOffer)

            let school = OfferFilter(viewer: .school(Sample.school))
            let (position, offers) = try await fixture.storage.snapshot(school)
            #expect(offers.map(\.id) == [open.id, full.id])
            #expect(position.offset == 5)
            var freeOnly = school
            freeOnly.freeSeatsOnly = true
            #expect(try await fixture.storage.snapshot(freeOnly).offers.map(\.id) == [open.id])
        }
    }
}

@Suite("Offer filter")
struct OfferFilterTests {
    static let now = ISOWeek(year: 2026, week: 10)!

    static func offer(
        trade: String = "D1102",
        levels: Set<Level> = [.cap],
        weeks: [(Int, Int, Int)] = [(12, 2, 0)],
        state: OfferState = .published,
        reservedFor: UAI? = nil,
        company: OfferOwner = Sample.company,
        accessible: Bool = false,
        at point: GeoPoint = Sample.chalon
    ) -> Offer {
        let periods = weeks.map { OfferPeriod(week: ISOWeek(year: 2026, week: $0.0)!, seats: $0.1, taken: $0.2) }
        var details = Sample.details(seats: [:], levels: levels, reservedFor: reservedFor)
        details.trade = TradeCode(trade)!
        details.accessible = accessible
        details.location = point
        details.seats = Dictionary(uniqueKeysWithValues: periods.map { ($0.week, $0.seats) })
        return Offer(
            id: 1,
            company: company.siret,
            companyName: company.name,
            tradeLabel: "",
            details: details,
            periods: periods,
            externalRef: nil,
            state: state,
            version: 1,
            updatedAt: 0,
            distanceKm: nil
        )
    }

    @Test("each condition, and the viewer, decide alone")
    func conditions() {
        let school = OfferFilter(viewer: .school(Sample.school))
        #expect(school.admits(Self.offer(), currentWeek: Self.now))
        #expect(!school.admits(Self.offer(state: .draft), currentWeek: Self.now))
        #expect(!school.admits(Self.offer(weeks: [(9, 2, 0)]), currentWeek: Self.now))
        #expect(!school.admits(Self.offer(reservedFor: Sample.otherSchool), currentWeek: Self.now))
        #expect(school.admits(Self.offer(reservedFor: Sample.school), currentWeek: Self.now))
        #expect(OfferFilter(viewer: .staff).admits(Self.offer(state: .draft), currentWeek: Self.now))
        let company = OfferFilter(viewer: .company(Sample.company.siret))
        #expect(company.admits(Self.offer(state: .draft), currentWeek: Self.now))
        #expect(!company.admits(Self.offer(state: .draft, company: Sample.otherCompany), currentWeek: Self.now))

        var filter = school
        filter.trades = [TradeCode("I1604")!]
        #expect(!filter.admits(Self.offer(), currentWeek: Self.now))
        filter = school
        filter.levels = [.bts, .bacPro]
        #expect(!filter.admits(Self.offer(), currentWeek: Self.now))
        #expect(filter.admits(Self.offer(levels: [.cap, .bts]), currentWeek: Self.now))
        filter = school
        filter.accessibleOnly = true
        #expect(!filter.admits(Self.offer(), currentWeek: Self.now))
        #expect(filter.admits(Self.offer(accessible: true), currentWeek: Self.now))
        filter = school
        filter.fromWeek = ISOWeek(year: 2026, week: 13)
        #expect(!filter.admits(Self.offer(), currentWeek: Self.now))
        filter.toWeek = ISOWeek(year: 2026, week: 14)
        #expect(filter.admits(Self.offer(weeks: [(12, 1, 0), (14, 1, 0)]), currentWeek: Self.now))
        filter = school
        filter.freeSeatsOnly = true
        #expect(!filter.admits(Self.offer(weeks: [(12, 2, 2)]), currentWeek: Self.now))
        #expect(filter.admits(Self.offer(weeks: [(12, 2, 2), (13, 1, 0)]), currentWeek: Self.now))
        filter = school
        filter.near = Sample.chalon
        filter.radiusKm = 10
        #expect(filter.admits(Self.offer(), currentWeek: Self.now))
        let dijon = GeoPoint(latitude: 47.322, longitude: 5.0415)!
        #expect(!filter.admits(Self.offer(at: dijon), currentWeek: Self.now))
    }

    @Test("a change matches when the offer matched before it or matches after it")
    func beforeOrAfter() {
        var filter = OfferFilter(viewer: .school(Sample.school))
        filter.freeSeatsOnly = true
        let lastSeat = OfferChange(
            offset: 1,
            kind: .seatsTaken,
            offer: Self.offer(weeks: [(12, 1, 1)]),
            before: Self.offer(weeks: [(12, 1, 0)]),
            week: ISOWeek(year: 2026, week: 12),
            at: 0
        )
        #expect(filter.matches(lastSeat, currentWeek: Self.now))
        let withdrawn = OfferChange(
            offset: 2,
            kind: .offerWithdrawn,
            offer: Self.offer(state: .withdrawn),
            before: Self.offer(),
            week: nil,
            at: 0
        )
        #expect(filter.matches(withdrawn, currentWeek: Self.now))
        let draft = OfferChange(
            offset: 3,
            kind: .offerCreated,
            offer: Self.offer(state: .draft),
            before: nil,
            week: nil,
            at: 0
        )
        #expect(!filter.matches(draft, currentWeek: Self.now))
    }
}
