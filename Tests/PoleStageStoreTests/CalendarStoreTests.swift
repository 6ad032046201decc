import Testing

@testable import PoleStageStore

@Suite("The concerted calendar")
struct CalendarStoreTests {
    static let baker = TradeCode("D1102")!

    @Test(
        "a school's periods are replaced as a whole and read back in order; the calendar keeps those meeting a range",
        arguments: Backend.tested
    )
    func periods(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let store = fixture.storage
            let w = { (weeks: Int) in fixture.clock.week(weeks) }
            let first = [
                SchoolPeriod(level: .cap, from: w(6), to: w(8), pupils: 12, trade: Self.baker),
                SchoolPeriod(level: .observation3e, from: w(2), to: w(2), pupils: 90),
            ]
            let stored = try await store.setSchoolPeriods(first, school: Sample.school)
            #expect(stored == [first[1], first[0]])
            let other = [SchoolPeriod(level: .observation3e, from: w(3), to: w(3), pupils: 60)]
            _ = try await store.setSchoolPeriods(other, school: Sample.otherSchool)
            #expect(try await store.calendar(from: w(2), to: w(2)) == [Sample.school: [first[1]]])
            #expect(
                try await store.calendar(from: w(3), to: w(6))
                    == [Sample.school: [first[0]], Sample.otherSchool: other]
            )
            let replaced = [SchoolPeriod(level: .cap, from: w(10), to: w(11), pupils: 8)]
            #expect(try await store.setSchoolPeriods(replaced, school: Sample.school) == replaced)
            #expect(try await store.schoolPeriods(Sample.school) == replaced)
            #expect(try await store.setSchoolPeriods([], school: Sample.school) == [])
            #expect(try await store.schoolPeriods(Sample.school) == [])
            #expect(try await store.schoolPeriods(Sample.otherSchool) == other)
        }
    }

    @Test(
        "the load sets pupils out against the seats of published offers, per week and trade",
        arguments: Backend.tested
    )
    func load(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let store = fixture.storage
            let (week, next) = (fixture.clock.week(2), fixture.clock.week(3))
            let offer = try await fixture.publishedOffer(seats: [week: 3, next: 2])
            _ = try await fixture.publishedOffer(seats: [week: 1])
            _ = try await store.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie",
                details: Sample.details(seats: [week: 50]),
                externalRef: nil,
                publish: false
            )
            _ = try await fixture.request(offer.id, week: week, pupil: 1)
            _ = try await store.setSchoolPeriods(
                [
                    SchoolPeriod(level: .cap, from: week, to: next, pupils: 5, trade: Self.baker),
                    SchoolPeriod(level: .observation3e, from: next, to: next, pupils: 40),
                ],
                school: Sample.school
            )
            let load = try await store.load(from: week, to: next)
            #expect(
                load == [
                    WeekLoad(week: week, trade: Self.baker, pupilsOut: 5, seatsOffered: 4, seatsFree: 3),
                    WeekLoad(week: next, trade: nil, pupilsOut: 40, seatsOffered: 2, seatsFree: 2),
                    WeekLoad(week: next, trade: Self.baker, pupilsOut: 5, seatsOffered: 2, seatsFree: 2),
                ]
            )
        }
    }
}
