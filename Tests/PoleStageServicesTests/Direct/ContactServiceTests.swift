import GRPCCore
import PoleStageAuth
import PoleStageProto
import PoleStageStore
import SwiftProtobuf
import Testing

@testable import PoleStageServices

/// `ContactService` called directly: its validation and its ownership rule, each refusal with its status and message.
@Suite("Contact service, called directly")
struct ContactServiceTests {
    typealias Method = Polestage_Contacts_V1_ContactService.Method
    let harness: ServiceHarness
    let service: ContactService
    let animator = Principal.animator(user: "u-animator", basin: ServiceHarness.basinID)
    let companyA = Principal.company(user: "u-company-a", company: ServiceHarness.companyA)
    let companyA2 = Principal.company(user: "u-company-a2", company: ServiceHarness.companyA2)

    init() async throws {
        self.harness = try await ServiceHarness()
        self.service = ContactService(academy: self.harness.academy)
    }

    static func details(
        siret: SIRET? = nil,
        email: String = "atelier@example.org",
        phone: String = ""
    ) -> Polestage_Contacts_V1_ContactDetails {
        .with {
            $0.tradeCode = "I1604"
            $0.companySiret = siret?.rawValue ?? ""
            $0.name = "Atelier"
            $0.email = email
            $0.phone = phone
        }
    }

    func add(
        _ principal: Principal,
        _ details: Polestage_Contacts_V1_ContactDetails
    ) async throws -> Polestage_Contacts_V1_Contact {
        try await self.harness.call(principal, Method.AddContact.descriptor) { context in
            try await self.service.addContact(request: details, context: context)
        }
    }

    @Test("a company's contact is its own: its SIRET is taken from the token, and listed with the company's name")
    func companyOwnContact() async throws {
        let contact = try await self.add(self.companyA, Self.details())
        #expect(contact.details.companySiret == ServiceHarness.companyA.rawValue)
        #expect(contact.companyName == "Entreprise \(ServiceHarness.companyA)")
        let list = try await self.harness.call(self.animator, Method.ListContacts.descriptor) { context in
            try await self.service.listContacts(request: .init(), context: context)
        }
        #expect(list.contacts.map(\.id) == [contact.id])
    }

    @Test("a company may not add, change or remove another company's contact")
    func ownership() async throws {
        let contact = try await self.add(self.companyA, Self.details())
        let foreignAdd = await self.harness.refusal(self.companyA2, Method.AddContact.descriptor) { context in
            try await self.service.addContact(request: Self.details(siret: ServiceHarness.companyA), context: context)
        }
        expectRefusal(foreignAdd, .permissionDenied, "ne gère que les contacts de son entreprise")
        let update = await self.harness.refusal(self.companyA2, Method.UpdateContact.descriptor) { context in
            try await self.service.updateContact(
                request: .with {
                    $0.contactID = contact.id
                    $0.details = Self.details()
                },
                context: context
            )
        }
        expectRefusal(update, .permissionDenied, "appartient à une autre entreprise")
        let remove = await self.harness.refusal(self.companyA2, Method.RemoveContact.descriptor) { context in
            try await self.service.removeContact(request: .with { $0.contactID = contact.id }, context: context)
        }
        expectRefusal(remove, .permissionDenied, "appartient à une autre entreprise")
        // The animator keeps the whole list.
        let removed = try await self.harness.call(self.animator, Method.RemoveContact.descriptor) { context in
            try await self.service.removeContact(request: .with { $0.contactID = contact.id }, context: context)
        }
        #expect(removed.id == contact.id)
    }

    @Test(
        "bad details are refused with the field and the rule",
        arguments: [
            (
                ContactServiceTests.details(siret: ServiceHarness.companyA, email: "", phone: ""), "email",
                "un courriel ou un téléphone est requis"
            ),
            (
                ContactServiceTests.details(siret: ServiceHarness.companyA, email: "atelier.example.org"), "email",
                "n'est pas une adresse de courriel"
            ),
            (
                ContactServiceTests.details(siret: ServiceHarness.companyA, email: "", phone: "03 85"), "phone",
                "doit faire 10 à 15 chiffres"
            ),
            (ContactServiceTests.details(), "company_siret", "est requis"),
            (
                ContactServiceTests.details(siret: ServiceHarness.companyElsewhere), "entreprise",
                "parmi les partenaires du bassin"
            ),
        ]
    )
    func badDetails(details: Polestage_Contacts_V1_ContactDetails, field: String, rule: String) async throws {
        let error = await self.harness.refusal(self.animator, Method.AddContact.descriptor) { context in
            try await self.service.addContact(request: details, context: context)
        }
        #expect(error?.code == .invalidArgument || error?.code == .notFound, "\(String(describing: error))")
        #expect(error?.message.contains(field) == true, "\(String(describing: error))")
        #expect(error?.message.contains(rule) == true, "\(String(describing: error))")
    }

    @Test("an unknown trade and an unknown contact are named in the refusal")
    func unknowns() async throws {
        var details = Self.details(siret: ServiceHarness.companyA)
        details.tradeCode = "Z9999"
        let trade = await self.harness.refusal(self.animator, Method.AddContact.descriptor) { context in
            try await self.service.addContact(request: details, context: context)
        }
        expectRefusal(trade, .invalidArgument, "Z9999 n'est pas un métier de la nomenclature")
        let missing = await self.harness.refusal(self.animator, Method.RemoveContact.descriptor) { context in
            try await self.service.removeContact(request: .with { $0.contactID = 4242 }, context: context)
        }
        #expect(missing?.code == .notFound, "\(String(describing: missing))")
        let zero = await self.harness.refusal(self.animator, Method.RemoveContact.descriptor) { context in
            try await self.service.removeContact(request: .init(), context: context)
        }
        expectRefusal(zero, .invalidArgument, "contact_id")
    }

    @Test("a pupil may not read the contacts: the access policy refuses before the service reads anything")
    func pupilRefused() async throws {
        let error = await self.harness.refusal(
            .pupil(user: "u-pupil", school: ServiceHarness.schoolA1),
            Method.ListContacts.descriptor
        ) { context in
            try await self.service.listContacts(request: .init(), context: context)
        }
        expectRefusal(error, .permissionDenied, "le rôle « élève » ne peut pas lister les contacts")
    }
}
