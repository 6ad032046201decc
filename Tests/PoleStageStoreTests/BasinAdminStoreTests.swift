import Testing

@testable import PoleStageStore

@Suite("The coordination's operations on a basin's store")
struct BasinAdminStoreTests {
    @Test(
        "an archived basin refuses every write in the transaction; reads, merges and pruning still work",
        arguments: Backend.tested
    )
    func archive(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let store = fixture.storage
            let week = fixture.clock.week(2)
            let offer = try await fixture.publishedOffer(seats: [week: 2])
            #expect(try await store.isArchived() == false)
            try await store.markArchived()
            #expect(try await store.isArchived())
            let refusal = StoreError.failedPrecondition(
                "le bassin \(store.basin) est archivé : il est en lecture seule"
            )
            await #expect(throws: refusal) { try await store.setSchoolPeriods([], school: Sample.school) }
            await #expect(throws: refusal) { try await fixture.publishedOffer(seats: [week: 1]) }
            await #expect(throws: refusal) { try await fixture.request(offer.id, week: week, pupil: 1) }
            await #expect(throws: refusal) {
                try await store.addContact(ContactStoreTests.details("Zoé"), companyName: Sample.company.name)
            }
            await #expect(throws: refusal) { try await store.withdrawOffer(offer.id) { _ in } }
            #expect(try await store.offer(offer.id)?.state == .published)
            #expect(try await store.offerCount() == 1)
            let moved = try await store.moveCompany(
                from: Sample.company.siret,
                to: Sample.otherCompany.siret,
                name: Sample.otherCompany.name
            )
            #expect(moved.offers == 1 && moved.contacts == 0)
            #expect(try await store.pruneChangeLog() == 0)
        }
    }

    @Test(
        "a merge moves a company's offers, with a new version and a change each, and its contacts",
        arguments: Backend.tested
    )
    func merge(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let store = fixture.storage
            let week = fixture.clock.week(2)
            func create(_ owner: OfferOwner, ref: String?) async throws -> Offer {
                try await store.createOffer(
                    owner: owner,
                    tradeLabel: "Boulangerie",
                    details: Sample.details(seats: [week: 1]),
                    externalRef: ref,
                    publish: true
                ).offer
            }
            let clash = try await create(Sample.company, ref: "A-1")
            let kept = try await create(Sample.company, ref: "A-2")
            let withdrawn = try await create(Sample.company, ref: nil)
            _ = try await store.withdrawOffer(withdrawn.id) { _ in }
            let theirs = try await create(Sample.otherCompany, ref: "A-1")
            _ = try await store.addContact(ContactStoreTests.details("Zoé"), companyName: Sample.company.name)
            #expect(try await store.offerCount() == 3)
            let head = try await store.changeLogBounds().head

            let moved = try await store.moveCompany(
                from: Sample.company.siret,
                to: Sample.otherCompany.siret,
                name: Sample.otherCompany.name
            )
            #expect(moved.offers == 3 && moved.contacts == 1)
            let after = try await store.offer(clash.id)
            #expect(after?.company == Sample.otherCompany.siret && after?.companyName == Sample.otherCompany.name)
            #expect(after?.externalRef == nil && after?.version == clash.version + 1)
            #expect(try await store.offer(kept.id)?.externalRef == "A-2")
            #expect(try await store.offer(theirs.id)?.externalRef == "A-1")
            let changes = try await store.changes(after: head, limit: 10).changes
            #expect(changes.map(\.kind) == [.offerUpdated, .offerUpdated, .offerUpdated])
            #expect(changes.map(\.offer.id) == [clash.id, kept.id, withdrawn.id])
            #expect(changes.first?.before?.company == Sample.company.siret)
            #expect(try await store.contacts(trade: nil).map(\.details.company) == [Sample.otherCompany.siret])
        }
    }
}
