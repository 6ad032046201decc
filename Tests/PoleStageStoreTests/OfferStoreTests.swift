import Foundation
import Testing

@testable import PoleStageStore

@Suite("Offers")
struct OfferStoreTests {
    @Test("an offer reads back with every field it was created with", arguments: Backend.tested)
    func roundTrip(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let (first, second) = (fixture.clock.week(2), fixture.clock.week(5))
            let details = OfferDetails(
                trade: TradeCode("F1602")!,
                title: "Électricité du bâtiment",
                description: "Câblage, pose d'appareillage ; l'élève suit un électricien « sur chantier ».",
                levels: [.prepaMetiers3e, .cap, .bts],
                seats: [first: 2, second: 1],
                address: PostalAddress(street: "3 place de l'Hôtel-de-Ville", postalCode: "71700", commune: "Tournus"),
                location: GeoPoint(latitude: 46.561_234_567_8, longitude: 4.909_876_543_21)!,
                accessible: true,
                transitAccess: "Gare de Tournus à 800 m",
                reservedForSchool: Sample.otherSchool
            )
            let (created, isNew) = try await fixture.storage.createOffer(
                owner: Sample.otherCompany,
                tradeLabel: "Électricité bâtiment",
                details: details,
                externalRef: "ref-001",
                publish: false
            )
            #expect(isNew)
            let stored = try #require(try await fixture.storage.offer(created.id))
            for offer in [created, stored] {
                #expect(offer.company == Sample.otherCompany.siret)
                #expect(offer.companyName == "Garage Bérard")
                #expect(offer.tradeLabel == "Électricité bâtiment")
                #expect(offer.details == details)
                #expect(
                    offer.periods == [
                        OfferPeriod(week: first, seats: 2, taken: 0), OfferPeriod(week: second, seats: 1, taken: 0),
                    ]
                )
                #expect(offer.externalRef == "ref-001")
                #expect(offer.state == .draft)
                #expect(offer.version == 1)
                #expect(offer.updatedAt == fixture.clock.milliseconds)
                #expect(offer.distanceKm == nil)
            }
            #expect(try await fixture.storage.offer(created.id + 1) == nil)
        }
    }

    @Test(
        "creating again with the same company and external reference updates the same offer",
        arguments: Backend.tested
    )
    func createIsIdempotentByExternalRef(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let (original, created) = try await fixture.storage.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie - viennoiserie",
                details: Sample.details(seats: [week: 2]),
                externalRef: "partner-42",
                publish: false
            )
            #expect(created)
            fixture.clock.advance(by: .seconds(90))
            var changed = Sample.details(seats: [week: 4, week.next: 1], levels: [.bacPro], title: "Boulangère")
            changed.accessible = false
            let (again, createdAgain) = try await fixture.storage.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie",
                details: changed,
                externalRef: "partner-42",
                publish: true
            )
            #expect(!createdAgain)
            #expect(again.id == original.id)
            #expect(again.details == changed)
            #expect(again.tradeLabel == "Boulangerie")
            #expect(again.state == .published)
            #expect(again.version == 3)  // details, then state
            #expect(again.updatedAt == fixture.clock.milliseconds)
            #expect(try await fixture.storage.offer(original.id)?.details == changed)

            // Another company, or no reference at all, makes new offers.
            let foreign = try await fixture.storage.createOffer(
                owner: Sample.otherCompany,
                tradeLabel: "Boulangerie",
                details: changed,
                externalRef: "partner-42",
                publish: true
            )
            #expect(foreign.created && foreign.offer.id != original.id)
            let unnamed = try await fixture.storage.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie",
                details: changed,
                externalRef: nil,
                publish: true
            )
            let unnamedAgain = try await fixture.storage.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie",
                details: changed,
                externalRef: nil,
                publish: true
            )
            #expect(unnamed.created && unnamedAgain.created && unnamed.offer.id != unnamedAgain.offer.id)
        }
    }

    @Test("an update against an older version is refused as stale and changes nothing", arguments: Backend.tested)
    func staleVersion(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let offer = try await fixture.publishedOffer(seats: [week: 2])
            let updated = try await fixture.storage.updateOffer(
                offer.id,
                details: Sample.details(seats: [week: 3], title: "Version 2"),
                tradeLabel: "Boulangerie",
                expectedVersion: offer.version,
                check: allowOffer
            )
            #expect(updated.version == offer.version + 1)
            #expect(updated.details.title == "Version 2")

            let error = await #expect(throws: StoreError.self) {
                try await fixture.storage.updateOffer(
                    offer.id,
                    details: Sample.details(seats: [week: 9], title: "Version 3"),
                    tradeLabel: "Boulangerie",
                    expectedVersion: offer.version,
                    check: allowOffer
                )
            }
            #expect(error == .staleVersion(expected: offer.version, actual: updated.version))
            let stored = try #require(try await fixture.storage.offer(offer.id))
            #expect(stored.version == updated.version)
            #expect(stored.details == updated.details)

            let missing = await #expect(throws: StoreError.self) {
                try await fixture.storage.updateOffer(
                    9_999,
                    details: Sample.details(seats: [:]),
                    tradeLabel: "",
                    expectedVersion: nil,
                    check: allowOffer
                )
            }
            #expect(missing == .notFound("offre 9999"))
        }
    }

    @Test("seats cannot drop below the seats taken, nor a week with taken seats be removed", arguments: Backend.tested)
    func seatsBelowTaken(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let (week, later) = (fixture.clock.week(2), fixture.clock.week(3))
            let offer = try await fixture.publishedOffer(seats: [week: 3, later: 2])
            _ = try await fixture.request(offer.id, week: week, pupil: 1)
            _ = try await fixture.request(offer.id, week: week, pupil: 2)

            for seats in [[week: 1, later: 2], [later: 2]] {
                let error = await #expect(throws: StoreError.self) {
                    try await fixture.storage.updateOffer(
                        offer.id,
                        details: Sample.details(seats: seats),
                        tradeLabel: "Boulangerie",
                        expectedVersion: nil,
                        check: allowOffer
                    )
                }
                #expect(
                    error?.failedPreconditionReason?.contains("a 2 places prises : elle ne peut pas en offrir moins")
                        == true
                )
            }
            #expect(try await fixture.storage.offer(offer.id)?.version == offer.version)

            // Down to the taken seats, and a week without any taken dropped: allowed.
            let updated = try await fixture.storage.updateOffer(
                offer.id,
                details: Sample.details(seats: [week: 2]),
                tradeLabel: "Boulangerie",
                expectedVersion: nil,
                check: allowOffer
            )
            #expect(updated.periods.map { [$0.week.storage, $0.seats, $0.taken] } == [[week.storage, 2, 2]])
            #expect(updated.status(currentWeek: fixture.clock.week(0)) == .full)
        }
    }

    @Test("a seat held by an expired request does not stop the seats from going down", arguments: Backend.tested)
    func seatsAfterExpiry(_ backend: Backend) async throws {
        try await withStorage(backend, reservationHold: .seconds(60)) { fixture in
            let week = fixture.clock.week(2)
            let offer = try await fixture.publishedOffer(seats: [week: 2])
            let held = try await fixture.request(offer.id, week: week, pupil: 1)
            fixture.clock.advance(by: .seconds(61))
            #expect(try await fixture.storage.reservation(held.id)?.state == .expired)
            #expect(try await fixture.storage.reservations(offer: offer.id, liveOnly: true).isEmpty)

            let updated = try await fixture.storage.updateOffer(
                offer.id,
                details: Sample.details(seats: [week: 0]),
                tradeLabel: "Boulangerie",
                expectedVersion: nil,
                check: allowOffer
            )
            #expect(updated.periods == [OfferPeriod(week: week, seats: 0, taken: 0)])
        }
    }

    @Test("draft, published, withdrawn: the transitions and what each refuses", arguments: Backend.tested)
    func transitions(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let draft = try await fixture.storage.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie",
                details: Sample.details(seats: [week: 2]),
                externalRef: "ext-7",
                publish: false
            ).offer
            #expect(draft.state == .draft)

            let published = try await fixture.storage.publishOffer(draft.id, check: allowOffer)
            #expect(published.state == .published)
            #expect(published.version == draft.version + 1)
            let publishedAgain = try await fixture.storage.publishOffer(draft.id, check: allowOffer)
            #expect(publishedAgain.version == published.version)

            let withdrawn = try await fixture.storage.withdrawOffer(draft.id, check: allowOffer)
            #expect(withdrawn.state == .withdrawn)
            #expect(withdrawn.version == published.version + 1)
            #expect(try await fixture.storage.withdrawOffer(draft.id, check: allowOffer).version == withdrawn.version)

            let publish = await #expect(throws: StoreError.self) {
                try await fixture.storage.publishOffer(draft.id, check: allowOffer)
            }
            #expect(
                publish
                    == .failedPrecondition(
                        "l'offre \(draft.id) est retirée : elle ne peut plus être publiée ; créez-en une nouvelle"
                    )
            )
            let update = await #expect(throws: StoreError.self) {
                try await fixture.storage.updateOffer(
                    draft.id,
                    details: Sample.details(seats: [week: 3]),
                    tradeLabel: "Boulangerie",
                    expectedVersion: nil,
                    check: allowOffer
                )
            }
            #expect(update == Self.withdrawnRefusal(withdrawn))
            let recreate = await #expect(throws: StoreError.self) {
                try await fixture.storage.createOffer(
                    owner: Sample.company,
                    tradeLabel: "Boulangerie",
                    details: Sample.details(seats: [week: 3]),
                    externalRef: "ext-7",
                    publish: true
                )
            }
            #expect(recreate == Self.withdrawnRefusal(withdrawn))
            #expect(try await fixture.storage.offer(draft.id)?.version == withdrawn.version)
        }
    }

    @Test(
        "the status readers see: published, full when every future week is taken, to update with no future week",
        arguments: Backend.tested
    )
    func status(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let (past, week, later) = (fixture.clock.week(-1), fixture.clock.week(1), fixture.clock.week(2))
            let current = fixture.clock.week(0)
            #expect(current == ISOWeek(year: 2026, week: 10))

            let offer = try await fixture.publishedOffer(seats: [past: 3, week: 1, later: 1])
            #expect(offer.status(currentWeek: current) == .published)
            _ = try await fixture.request(offer.id, week: week, pupil: 1)
            #expect(try await fixture.storage.offer(offer.id)?.status(currentWeek: current) == .published)
            _ = try await fixture.request(offer.id, week: later, pupil: 2)
            // Free seats in a past week do not count.
            let full = try #require(try await fixture.storage.offer(offer.id))
            #expect(full.status(currentWeek: current) == .full)
            #expect(full.status(currentWeek: later.next) == .toUpdate)
            #expect(full.status(currentWeek: past) == .published)

            let pastOnly = try await fixture.publishedOffer(seats: [past: 2])
            #expect(pastOnly.status(currentWeek: current) == .toUpdate)
            let noWeek = try await fixture.publishedOffer(seats: [:])
            #expect(noWeek.status(currentWeek: current) == .toUpdate)

            let draft = try await fixture.storage.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie",
                details: Sample.details(seats: [week: 1]),
                externalRef: nil,
                publish: false
            ).offer
            #expect(draft.status(currentWeek: current) == .draft)
            let withdrawn = try await fixture.storage.withdrawOffer(draft.id, check: allowOffer)
            #expect(withdrawn.status(currentWeek: current) == .withdrawn)
        }
    }

    @Test("a throwing check aborts the write: nothing changes", arguments: Backend.tested)
    func checkAborts(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let draft = try await fixture.storage.createOffer(
                owner: Sample.company,
                tradeLabel: "Boulangerie",
                details: Sample.details(seats: [week: 2]),
                externalRef: nil,
                publish: false
            ).offer
            let pending = try await fixture.publishedOffer(seats: [week: 2])
            let reservation = try await fixture.request(pending.id, week: week, pupil: 1)
            let refuse: BasinStore.OfferCheck = { offer in
                #expect(offer.id == draft.id || offer.id == pending.id)
                throw Refused()
            }
            fixture.clock.advance(by: .seconds(30))

            await #expect(throws: Refused()) {
                try await fixture.storage.updateOffer(
                    draft.id,
                    details: Sample.details(seats: [week: 9], title: "Changé"),
                    tradeLabel: "Autre",
                    expectedVersion: draft.version,
                    check: refuse
                )
            }
            await #expect(throws: Refused()) { try await fixture.storage.publishOffer(draft.id, check: refuse) }
            await #expect(throws: Refused()) { try await fixture.storage.withdrawOffer(pending.id, check: refuse) }

            let storedDraft = try #require(try await fixture.storage.offer(draft.id))
            #expect(storedDraft.state == .draft)
            #expect(storedDraft.version == draft.version)
            #expect(storedDraft.updatedAt == draft.updatedAt)
            #expect(storedDraft.details == draft.details)
            #expect(storedDraft.tradeLabel == draft.tradeLabel)
            let storedPending = try #require(try await fixture.storage.offer(pending.id))
            #expect(storedPending.state == .published)
            #expect(storedPending.periods.map(\.taken) == [1])
            #expect(try await fixture.storage.reservation(reservation.id)?.state == .pending)
        }
    }

    @Test("a bulk import is all or nothing", arguments: Backend.tested)
    func importOffers(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let week = fixture.clock.week(2)
            let good = OfferImport(
                owner: Sample.company,
                tradeLabel: "Boulangerie",
                details: Sample.details(seats: [week: 1]),
                externalRef: "a",
                publish: true
            )
            let ids = try await fixture.storage.importOffers([good, good.with(ref: "b"), good.with(ref: nil)])
            #expect(ids.count == 3)
            #expect(Set(ids).count == 3)
            // A duplicate reference breaks the unique key: none of the batch is kept.
            await #expect(throws: (any Error).self) {
                try await fixture.storage.importOffers([good.with(ref: "c"), good.with(ref: "a")])
            }
            for id in ids { #expect(try await fixture.storage.offer(id) != nil) }
            #expect(try await fixture.changeLog() == ids.map { ChangeLogEntry(.offerCreated, offer: $0) })
        }
    }

    /// What a change to a withdrawn offer is refused with.
    static func withdrawnRefusal(_ offer: Offer) -> StoreError {
        .failedPrecondition(
            "l'offre « \(offer.details.title) » est retirée : elle ne peut plus changer ; créez-en une nouvelle"
        )
    }
}

extension OfferImport {
    fileprivate func with(ref: String?) -> OfferImport {
        var copy = self
        copy.externalRef = ref
        return copy
    }
}
