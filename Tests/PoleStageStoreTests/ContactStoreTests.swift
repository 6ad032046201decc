import Testing

@testable import PoleStageStore

@Suite("Contacts per trade")
struct ContactStoreTests {
    static let baker = TradeCode("D1102")!
    static let mechanic = TradeCode("I1604")!

    static func details(_ name: String, trade: TradeCode = baker, company: OfferOwner = Sample.company)
        -> ContactDetails
    {
        ContactDetails(
            trade: trade,
            company: company.siret,
            name: name,
            function: "Maître d'apprentissage",
            email: "contact@example.fr",
            phone: "03 85 00 00 00"
        )
    }

    @Test(
        "contacts are listed by trade then name, or one trade's; an update and a removal give the contact",
        arguments: Backend.tested
    )
    func lifecycle(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let store = fixture.storage
            let zoe = try await store.addContact(Self.details("Zoé Martin"), companyName: Sample.company.name)
            let alain = try await store.addContact(Self.details("Alain Roux"), companyName: Sample.company.name)
            let garage = try await store.addContact(
                Self.details("Bernard Petit", trade: Self.mechanic, company: Sample.otherCompany),
                companyName: Sample.otherCompany.name
            )
            #expect(zoe.details == Self.details("Zoé Martin") && zoe.companyName == Sample.company.name)
            #expect(try await store.contacts(trade: nil).map(\.id) == [alain.id, zoe.id, garage.id])
            #expect(try await store.contacts(trade: Self.mechanic) == [garage])

            var changed = Self.details("Zoé Martin-Durand")
            changed.email = "zoe@example.fr"
            let updated = try await store.updateContact(zoe.id, changed, companyName: "Boulangerie L.") { _ in }
            #expect(updated == Contact(id: zoe.id, details: changed, companyName: "Boulangerie L."))
            #expect(try await store.contacts(trade: Self.baker) == [alain, updated])

            #expect(try await store.removeContact(alain.id) { _ in } == alain)
            #expect(try await store.contacts(trade: nil).map(\.id) == [updated.id, garage.id])
        }
    }

    @Test("a refusing check changes nothing; an unknown contact is not found", arguments: Backend.tested)
    func refusals(_ backend: Backend) async throws {
        try await withStorage(backend) { fixture in
            let store = fixture.storage
            let contact = try await store.addContact(Self.details("Zoé Martin"), companyName: Sample.company.name)
            await #expect(throws: Refused()) {
                try await store.updateContact(contact.id, Self.details("Autre"), companyName: "X") { _ in
                    throw Refused()
                }
            }
            await #expect(throws: Refused()) {
                try await store.removeContact(contact.id) { _ in throw Refused() }
            }
            #expect(try await store.contacts(trade: nil) == [contact])
            let missing = await #expect(throws: StoreError.self) {
                try await store.removeContact(contact.id + 100) { _ in }
            }
            #expect(missing?.description == "contact \(contact.id + 100) : introuvable")
            let missingUpdate = await #expect(throws: StoreError.self) {
                try await store.updateContact(contact.id + 100, Self.details("Autre"), companyName: "X") { _ in }
            }
            #expect(missingUpdate == .notFound("contact \(contact.id + 100)"))
        }
    }
}
