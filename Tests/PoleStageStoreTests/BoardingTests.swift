import Foundation
import Testing

@testable import PoleStageStore

/// Boarding places held with an application, in its transaction, and released with it.
@Suite("Boarding houses: places held with applications")
struct BoardingTests {
    static func house(_ fixture: some StorageTestFixture, places: [ISOWeek: Int]) async throws -> BoardingHouse {
        try await fixture.storage.saveBoardingHouse(
            id: nil,
            BoardingHouseDetails(
                name: "Internat du lycée Henri Vincenot",
                commune: "Louhans",
                location: GeoPoint(latitude: 46.63, longitude: 5.22)!,
                conditions: "Arrivée le dimanche soir.",
                places: places
            )
        )
    }

    static func apply(_ fixture: some StorageTestFixture, _ offer: Offer, _ pupil: Pupil, house: Int64?, week: ISOWeek)
        async throws -> Application
    {
        try await fixture.storage.apply(
            ApplicationRequest(
                offer: offer.id,
                pupil: pupil.id,
                from: week,
                to: week,
                motivation: "",
                madeBy: .school,
                school: Sample.schoolFacts,
                boardingHouse: house
            )
        ) { _, _ in }
    }

    @Test(
        "a place is held with the application, all or nothing, and freed when the application ends",
        arguments: Backend.tested
    )
    func heldAndFreed(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let later = fixture.clock.week(3)
            let house = try await Self.house(fixture, places: [week: 1])
            #expect(house.weeks.map(\.free) == [1])
            let offer = try await fixture.publishedOffer(seats: [week: 3, later: 3])
            let first = try await PriorityAccessTests.pupil(fixture, 1, week: week)
            let second = try await PriorityAccessTests.pupil(fixture, 2, week: week)
            let held = try await Self.apply(fixture, offer, first, house: house.id, week: week)
            #expect(held.boardingHouse == house.id)
            #expect(try await fixture.storage.boardingHouses().first?.weeks.map(\.taken) == [1])
            await #expect(
                throws: StoreError.failedPrecondition(
                    "l'internat « Internat du lycée Henri Vincenot » n'a plus de place en "
                        + "\(PlacementTexts.weeks(week, week)) : choisissez un autre internat, ou candidatez sans"
                )
            ) {
                try await Self.apply(fixture, offer, second, house: house.id, week: week)
            }
            // Nothing of the refused application stays: not its seat either.
            #expect(try await fixture.storage.offer(offer.id)?.periods.map(\.taken) == [1, 0])
            await #expect(throws: StoreError.notFound("internat 99")) {
                try await Self.apply(fixture, offer, second, house: 99, week: week)
            }
            let third = try await PriorityAccessTests.pupil(fixture, 3, week: later)
            await #expect(
                throws: StoreError.failedPrecondition(
                    "l'internat « Internat du lycée Henri Vincenot » n'accueille personne en "
                        + "\(PlacementTexts.weeks(later, later)) : choisissez un autre internat, ou candidatez sans"
                )
            ) {
                try await Self.apply(fixture, offer, third, house: house.id, week: later)
            }
            // Its places cannot drop below those taken.
            await #expect(
                throws: StoreError.failedPrecondition(
                    "la \(PlacementTexts.weeks(week, week)) de l'internat \(house.id) a 1 places prises : il ne peut pas "
                        + "en offrir moins"
                )
            ) {
                _ = try await fixture.storage.saveBoardingHouse(
                    id: house.id,
                    BoardingHouseDetails(
                        name: house.details.name,
                        commune: house.details.commune,
                        location: house.details.location,
                        conditions: "",
                        places: [later: 2]
                    )
                )
            }
            // Declined: the place goes back, and the second pupil takes it.
            _ = try await fixture.storage.decide(application: held.id, .decline(.tutorUnavailable, note: nil)) { _, _ in
            }
            #expect(try await fixture.storage.boardingHouses().first?.weeks.map(\.taken) == [0])
            _ = try await Self.apply(fixture, offer, second, house: house.id, week: week)
            #expect(try await fixture.storage.boardingHouses().first?.weeks.map(\.taken) == [1])
        }
    }
}
