package import GRPCCore
import PoleStageAuth
package import PoleStageLive
package import PoleStageProto
package import PoleStageStore
import SwiftProtobuf

/// `polestage.offers.v1.OfferService`: a basin's internship offers.
///
/// Companies write their own offers, the animator and the coordination every offer of the basin; everyone in the basin
/// reads what is published for them. The basin is the caller's tenant (``RequestContext``).
package struct OfferService: Polestage_Offers_V1_OfferService.SimpleServiceProtocol {
    let academy: any AcademyStorage
    let hub: ChangeHub
    /// The other nodes' live subscribers, when there are other nodes.
    let presence: (any PresenceBoard)?
    /// Change events already serialized, for ``OfferRPCService``'s `Subscribe`.
    let encodedEvents: EncodedEventCache

    package init(academy: any AcademyStorage, hub: ChangeHub, presence: (any PresenceBoard)? = nil) {
        self.academy = academy
        self.hub = hub
        self.presence = presence
        self.encodedEvents = EncodedEventCache()
    }

    package func createOffer(
        request: Polestage_Offers_V1_CreateOfferRequest,
        context: ServerContext
    ) async throws -> Polestage_Offers_V1_Offer {
        let (caller, tenant) = try RequestContext.inBasin()
        let siret: SIRET
        if case .company(_, let own) = caller.principal {
            if !request.companySiret.isEmpty, SIRET(request.companySiret) != own {
                throw AccessDenied.notYours("un jeton d'entreprise ne crée des offres que pour son entreprise")
            }
            siret = own
        } else {
            guard !request.companySiret.isEmpty else { throw InvalidField("company_siret", "est requis") }
            siret = try SIRET(validating: request.companySiret, field: "company_siret")
        }
        guard let company = try await self.academy.company(siret) else {
            throw StoreError.notFound("entreprise \(siret) dans l'annuaire de l'académie")
        }
        // An offer given neither an address nor a location is at the company's, from the directory.
        var given = request.details
        if request.hasDetails, !given.hasAddress, !given.hasLocation {
            given.address = .with {
                $0.street = company.street
                $0.postalCode = company.postalCode
                $0.commune = company.commune
            }
            given.location = .with {
                $0.latitude = company.location.latitude
                $0.longitude = company.location.longitude
            }
        }
        let details = try OfferDetails(validating: given, hasDetails: request.hasDetails)
        let externalRef = try Self.externalRef(request.externalRef)
        guard company.basins.contains(tenant.basin.id) else {
            throw StoreError.failedPrecondition(
                "l'entreprise \(siret) n'est pas partenaire du bassin \(tenant.basin.id) : demandez à son animateur de "
                    + "l'y ajouter"
            )
        }
        let tradeLabel = try await self.tradeLabel(details.trade, field: "details.trade_code")
        try await self.checkReservedSchool(details.reservedForSchool, in: tenant)
        let (offer, _) = try await tenant.store.createOffer(
            owner: OfferOwner(siret: siret, name: company.name),
            tradeLabel: tradeLabel,
            details: details,
            externalRef: externalRef,
            publish: request.publish
        )
        return offer.proto(currentWeek: self.currentWeek(tenant))
    }

    package func updateOffer(
        request: Polestage_Offers_V1_UpdateOfferRequest,
        context: ServerContext
    ) async throws -> Polestage_Offers_V1_Offer {
        let (caller, tenant) = try RequestContext.inBasin()
        let id = try Self.offerID(request.offerID)
        let details = try OfferDetails(validating: request.details, hasDetails: request.hasDetails)
        guard request.expectedVersion >= 0 else { throw InvalidField("expected_version", "ne doit pas être négatif") }
        let tradeLabel = try await self.tradeLabel(details.trade, field: "details.trade_code")
        try await self.checkReservedSchool(details.reservedForSchool, in: tenant)
        let offer = try await tenant.store.updateOffer(
            id,
            details: details,
            tradeLabel: tradeLabel,
            expectedVersion: request.expectedVersion == 0 ? nil : request.expectedVersion,
            check: Self.ownership(caller.principal)
        )
        return offer.proto(currentWeek: self.currentWeek(tenant))
    }

    package func publishOffer(
        request: Polestage_Offers_V1_OfferRef,
        context: ServerContext
    ) async throws -> Polestage_Offers_V1_Offer {
        let (caller, tenant) = try RequestContext.inBasin()
        let offer = try await tenant.store.publishOffer(
            try Self.offerID(request.offerID),
            check: Self.ownership(caller.principal)
        )
        return offer.proto(currentWeek: self.currentWeek(tenant))
    }

    package func withdrawOffer(
        request: Polestage_Offers_V1_OfferRef,
        context: ServerContext
    ) async throws -> Polestage_Offers_V1_Offer {
        let (caller, tenant) = try RequestContext.inBasin()
        let offer = try await tenant.store.withdrawOffer(
            try Self.offerID(request.offerID),
            check: Self.ownership(caller.principal)
        )
        return offer.proto(currentWeek: self.currentWeek(tenant))
    }

    package func getOffer(
        request: Polestage_Offers_V1_OfferRef,
        context: ServerContext
    ) async throws -> Polestage_Offers_V1_Offer {
        let (caller, tenant) = try RequestContext.inBasin()
        let id = try Self.offerID(request.offerID)
        let currentWeek = self.currentWeek(tenant)
        guard let offer = try await tenant.store.offer(id),
            Self.viewer(caller.principal).sees(offer, currentWeek: currentWeek)
        else { throw StoreError.notFound("offre \(id)") }
        return offer.proto(currentWeek: currentWeek)
    }

    package func searchOffers(
        request: Polestage_Offers_V1_SearchOffersRequest,
        context: ServerContext
    ) async throws -> Polestage_Offers_V1_SearchOffersResponse {
        let (caller, tenant) = try RequestContext.inBasin()
        var query = try await self.query(from: request, principal: caller.principal)
        let reach = try await self.pupilReach(
            pupilID: request.pupilID,
            reachableOnly: request.reachableOnly,
            hasNear: request.hasNear,
            principal: caller.principal,
            tenant: tenant
        )
        if let reach { reach.narrow(&query, reachableOnly: request.reachableOnly) }
        let fingerprint = try Self.fingerprint(of: request)
        if !request.pageToken.isEmpty {
            query.offset = try PageToken(parsing: request.pageToken, expecting: fingerprint, field: "page_token").offset
        }
        let page = try await tenant.store.searchOffers(query)
        let currentWeek = self.currentWeek(tenant)
        return .with {
            $0.offers = page.offers.map { offer in
                var proto = offer.proto(currentWeek: currentWeek)
                if let reach { proto.reachable = reach.reaches(offer) }
                return proto
            }
            let next = query.offset + page.offers.count
            if page.hasMore, next <= PageToken.maxOffset {
                $0.nextPageToken = PageToken(offset: next, fingerprint: fingerprint).text
            }
        }
    }
}

extension OfferService {
    func currentWeek(_ tenant: Tenant) -> ISOWeek {
        tenant.store.currentWeek
    }

    static func offerID(_ id: Int64) throws(InvalidField) -> Int64 {
        guard id > 0 else { throw InvalidField("offer_id", "est requis") }
        return id
    }

    static func externalRef(_ text: String) throws(InvalidField) -> String? {
        guard !text.isEmpty else { return nil }
        guard text.count <= 64,
            text.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0.asciiValue.map { $0 >= 0x21 && $0 < 0x7f } == true })
        else { throw InvalidField("external_ref", "doit faire 1 à 64 caractères ASCII imprimables, sans espace") }
        return text
    }

    func tradeLabel(_ code: TradeCode, field: String) async throws -> String {
        guard let trade = try await self.academy.trade(code) else {
            throw InvalidField(field, "\(code) n'est pas un métier de la nomenclature")
        }
        return trade.label
    }

    func checkReservedSchool(_ uai: UAI?, in tenant: Tenant) async throws {
        guard let uai else { return }
        guard let school = try await self.academy.school(uai), school.basin == tenant.basin.id else {
            throw InvalidField(
                "details.reserved_for_school",
                "\(uai) n'est pas un établissement du bassin \(tenant.basin.id)"
            )
        }
    }

    /// A company changes its own offers only; the animator and the coordination any offer of the basin.
    static func ownership(_ principal: Principal) -> OfferCheck {
        { offer in
            if case .company(_, let siret) = principal, offer.company != siret {
                throw AccessDenied.notYours("l'offre \(offer.id) appartient à une autre entreprise")
            }
        }
    }

    static func viewer(_ principal: Principal) -> OfferViewer {
        switch principal {
        case .coordinator, .animator: .staff
        case .school(_, let school), .pupil(_, let school, _): .school(school)
        case .company(_, let siret): .company(siret)
        }
    }

    static func fingerprint(of request: Polestage_Offers_V1_SearchOffersRequest) throws -> UInt64 {
        var stripped = request
        stripped.pageToken = ""
        stripped.pageSize = 0
        let bytes: [UInt8] = try stripped.serializedBytes(
            options: {
                var o = BinaryEncodingOptions(); o.useDeterministicOrdering = true; return o
            }()
        )
        return PageToken.fingerprint(bytes)
    }
}
