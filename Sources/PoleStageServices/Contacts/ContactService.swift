package import GRPCCore
import PoleStageAuth
package import PoleStageProto
package import PoleStageStore
import SwiftProtobuf

/// `polestage.contacts.v1.ContactService`: who to call in each company, per trade.
///
/// The animator keeps the list; a company keeps its own entries; schools read it. Pupils do not see it.
package struct ContactService: Polestage_Contacts_V1_ContactService.SimpleServiceProtocol {
    let academy: any AcademyStorage

    package init(academy: any AcademyStorage) {
        self.academy = academy
    }

    package func addContact(
        request: Polestage_Contacts_V1_ContactDetails,
        context: ServerContext
    ) async throws -> Polestage_Contacts_V1_Contact {
        let (caller, tenant) = try RequestContext.inBasin()
        let (details, companyName) = try await self.details(request, caller: caller, tenant: tenant, field: "")
        return Self.proto(try await tenant.store.addContact(details, companyName: companyName))
    }

    package func updateContact(
        request: Polestage_Contacts_V1_UpdateContactRequest,
        context: ServerContext
    ) async throws -> Polestage_Contacts_V1_Contact {
        let (caller, tenant) = try RequestContext.inBasin()
        guard request.contactID > 0 else { throw InvalidField("contact_id", "est requis") }
        guard request.hasDetails else { throw InvalidField("details", "est requis") }
        let (details, companyName) = try await self.details(
            request.details,
            caller: caller,
            tenant: tenant,
            field: "details."
        )
        let contact = try await tenant.store.updateContact(
            request.contactID,
            details,
            companyName: companyName,
            check: Self.ownership(caller.principal)
        )
        return Self.proto(contact)
    }

    package func removeContact(
        request: Polestage_Contacts_V1_ContactRef,
        context: ServerContext
    ) async throws -> Polestage_Contacts_V1_Contact {
        let (caller, tenant) = try RequestContext.inBasin()
        guard request.contactID > 0 else { throw InvalidField("contact_id", "est requis") }
        return Self.proto(
            try await tenant.store.removeContact(request.contactID, check: Self.ownership(caller.principal))
        )
    }

    package func listContacts(
        request: Polestage_Contacts_V1_ListContactsRequest,
        context: ServerContext
    ) async throws -> Polestage_Contacts_V1_ContactList {
        let (_, tenant) = try RequestContext.inBasin()
        let trade = request.tradeCode.isEmpty ? nil : try TradeCode(validating: request.tradeCode, field: "trade_code")
        let contacts = try await tenant.store.contacts(trade: trade)
        return .with { $0.contacts = contacts.map(Self.proto) }
    }
}

extension ContactService {
    func details(
        _ request: Polestage_Contacts_V1_ContactDetails,
        caller: RequestContext,
        tenant: Tenant,
        field prefix: String
    ) async throws -> (ContactDetails, String) {
        let trade = try TradeCode(validating: request.tradeCode, field: "\(prefix)trade_code")
        guard try await self.academy.trade(trade) != nil else {
            throw InvalidField("\(prefix)trade_code", "\(trade) n'est pas un métier de la nomenclature")
        }
        let siret: SIRET
        if case .company(_, let own) = caller.principal {
            if !request.companySiret.isEmpty, SIRET(request.companySiret) != own {
                throw AccessDenied.notYours("un jeton d'entreprise ne gère que les contacts de son entreprise")
            }
            siret = own
        } else {
            guard !request.companySiret.isEmpty else { throw InvalidField("\(prefix)company_siret", "est requis") }
            siret = try SIRET(validating: request.companySiret, field: "\(prefix)company_siret")
        }
        guard let company = try await self.academy.company(siret), company.basins.contains(tenant.basin.id) else {
            throw StoreError.notFound("entreprise \(siret) parmi les partenaires du bassin")
        }
        let name = try Text.required(request.name, field: "\(prefix)name", max: 100)
        let function = try Text.optional(request.function, field: "\(prefix)function", max: 100)
        let email = try Text.optional(request.email, field: "\(prefix)email", max: 254)
        let phone = try Text.optional(request.phone, field: "\(prefix)phone", max: 20)
        guard !email.isEmpty || !phone.isEmpty else {
            throw InvalidField("\(prefix)email", "un courriel ou un téléphone est requis")
        }
        if !email.isEmpty {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.contains(where: \.isWhitespace)
            else {
                throw InvalidField("\(prefix)email", "n'est pas une adresse de courriel")
            }
        }
        if !phone.isEmpty {
            let digits = phone.filter(\.isNumber)
            guard phone.allSatisfy({ $0.isNumber || " +.-".contains($0) }), (10...15).contains(digits.count) else {
                throw InvalidField(
                    "\(prefix)phone",
                    "doit faire 10 à 15 chiffres, avec au besoin des espaces, « + », « . » ou « - »"
                )
            }
        }
        return (
            ContactDetails(trade: trade, company: siret, name: name, function: function, email: email, phone: phone),
            company.name
        )
    }

    static func ownership(_ principal: Principal) -> ContactCheck {
        { contact in
            if case .company(_, let siret) = principal, contact.details.company != siret {
                throw AccessDenied.notYours("le contact \(contact.id) appartient à une autre entreprise")
            }
        }
    }

    static func proto(_ contact: Contact) -> Polestage_Contacts_V1_Contact {
        .with {
            $0.id = contact.id
            $0.companyName = contact.companyName
            $0.details = .with {
                $0.tradeCode = contact.details.trade.rawValue
                $0.companySiret = contact.details.company.rawValue
                $0.name = contact.details.name
                $0.function = contact.details.function
                $0.email = contact.details.email
                $0.phone = contact.details.phone
            }
        }
    }
}
