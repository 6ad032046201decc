import Foundation
import Testing

@testable import PoleStageStore

/// An offer's accessibility matched to a pupil's needs in the application's transaction: an application whose needs the
/// offer does not meet is refused before the company hears of it.
@Suite("Accessibility: offers matched to pupils' needs")
struct AccessibilityMatchTests {
    static func offer(
        _ fixture: some StorageTestFixture,
        _ accessibility: Set<AccessFeature>,
        week: ISOWeek
    ) async throws -> Offer {
        var details = Sample.details(seats: [week: 3])
        details.accessibility = accessibility
        return try await fixture.storage.createOffer(
            owner: Sample.company,
            tradeLabel: "Boulangerie",
            details: details,
            externalRef: nil,
            publish: true
        ).offer
    }

    static func pupil(
        _ fixture: some StorageTestFixture,
        _ ref: Int,
        needsAccessible: Bool,
        needs: Set<AccessFeature>,
        week: ISOWeek
    ) async throws -> Pupil {
        _ = try await fixture.storage.setSchoolPeriods(
            [SchoolPeriod(level: .cap, from: week, to: week, pupils: 12)],
            school: Sample.school
        )
        return try await fixture.storage.savePupil(
            PupilDetails(
                ref: Sample.pupil(ref),
                className: "1CAP-B",
                level: .cap,
                needsAccessible: needsAccessible,
                needs: needs
            ),
            school: Sample.school
        )
    }

    static func apply(_ fixture: some StorageTestFixture, _ offer: Offer, _ pupil: Pupil, week: ISOWeek) async throws
        -> Application
    {
        try await fixture.storage.apply(
            ApplicationRequest(
                offer: offer.id,
                pupil: pupil.id,
                from: week,
                to: week,
                motivation: "",
                madeBy: .school,
                school: Sample.schoolFacts
            )
        ) { _, _ in }
    }

    @Test(
        "needs the offer does not provide are refused, named, before the company hears of it; met needs apply",
        arguments: Backend.tested
    )
    func matching(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let stepFreeOnly = try await Self.offer(fixture, [.stepFree], week: week)
            let everything = try await Self.offer(fixture, Set(AccessFeature.allCases), week: week)
            let plain = try await Self.offer(fixture, [], week: week)
            let wheelchair = try await Self.pupil(
                fixture,
                1,
                needsAccessible: true,
                needs: [.stepFree, .trainedTutor],
                week: week
            )
            #expect(wheelchair.details.needs == [.stepFree, .trainedTutor])
            await #expect(
                throws: StoreError.failedPrecondition(
                    "l'offre « \(stepFreeOnly.details.title) » n'offre pas ce dont cet élève a besoin (un tuteur formé) : "
                        + "choisissez une offre qui l'offre"
                )
            ) {
                try await Self.apply(fixture, stepFreeOnly, wheelchair, week: week)
            }
            // Needs said without which: any accessible offer, but not one that provides nothing.
            let unsaid = try await Self.pupil(fixture, 2, needsAccessible: true, needs: [], week: week)
            await #expect(
                throws: StoreError.failedPrecondition(
                    "l'offre « \(plain.details.title) » n'est pas accessible, et cet élève a besoin d'un stage "
                        + "accessible : choisissez une offre accessible"
                )
            ) {
                try await Self.apply(fixture, plain, unsaid, week: week)
            }
            // The company heard of none of the refused applications, and no seat was taken.
            let inbox = try await fixture.storage.inbox(
                .company(Sample.company.siret),
                unreadOnly: false,
                before: nil,
                limit: 10
            )
            #expect(inbox.messages.isEmpty)
            #expect(try await fixture.storage.offer(stepFreeOnly.id)?.periods.map(\.taken) == [0])
            #expect(try await Self.apply(fixture, everything, wheelchair, week: week).state == .pending)
            #expect(try await Self.apply(fixture, stepFreeOnly, unsaid, week: week).state == .pending)
            // A pupil without needs applies anywhere.
            let other = try await Self.pupil(fixture, 3, needsAccessible: false, needs: [], week: week)
            #expect(try await Self.apply(fixture, plain, other, week: week).state == .pending)
        }
    }

    @Test(
        "an offer said accessible without detail provides all three; the features round-trip through the change log",
        arguments: Backend.tested
    )
    func legacyAndChangeLog(_ backend: Backend) async throws {
        let details = OfferDetails(
            trade: TradeCode("D1102")!,
            title: "Boulangerie",
            description: "",
            levels: [.cap],
            seats: [:],
            address: PostalAddress(street: "1 rue", postalCode: "71100", commune: "Chalon-sur-Saône"),
            location: Sample.chalon,
            accessible: true
        )
        #expect(details.accessibility == Set(AccessFeature.allCases))
        try await withStorage(backend) { fixture in
            let offer = try await Self.offer(fixture, [.adaptedTasks], week: fixture.clock.week(2))
            let logged = try await fixture.storage.changes(after: 0, limit: 10).changes.last?.offer
            #expect(logged?.details.accessibility == [.adaptedTasks])
            #expect(try await fixture.storage.offer(offer.id)?.details.accessible == true)
        }
    }
}
