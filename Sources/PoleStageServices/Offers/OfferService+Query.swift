import PoleStageAuth
import PoleStageProto
import PoleStageStore

extension OfferService {
    static let maxRadiusKm = 300.0

    /// Validates a search request into a store query; a school caller's default point is its school.
    func query(from request: Polestage_Offers_V1_SearchOffersRequest, principal: Principal) async throws -> OfferQuery {
        let text = try Text.optional(request.text, field: "text", max: 200)
        var trades: [TradeCode] = []
        for (index, code) in request.tradeCodes.enumerated() {
            trades.append(try TradeCode(validating: code, field: "trade_codes[\(index)]"))
        }
        guard trades.count <= 50 else { throw InvalidField("trade_codes", "au plus 50 métiers") }
        let level = request.level == .unspecified ? nil : try Level(validating: request.level, field: "level")
        let from = try ISOWeek(validating: request.fromWeek, present: request.hasFromWeek, field: "from_week")
        let to = try ISOWeek(validating: request.toWeek, present: request.hasToWeek, field: "to_week")
        if let from, let to, from > to { throw InvalidField("to_week", "ne doit pas précéder from_week") }
        guard request.radiusKm.isFinite, request.radiusKm >= 0, request.radiusKm <= Self.maxRadiusKm else {
            throw InvalidField("radius_km", "doit être entre 0 et \(Int(Self.maxRadiusKm))")
        }
        var near = request.hasNear ? try GeoPoint(validating: request.near, field: "near") : nil
        if near == nil { near = try await self.schoolLocation(of: principal) }
        if request.radiusKm > 0, near == nil {
            throw InvalidField("near", "est requis avec radius_km pour qui n'a pas d'établissement")
        }
        let pageSize = request.pageSize == 0 ? 20 : Int(request.pageSize)
        guard (1...100).contains(pageSize) else { throw InvalidField("page_size", "doit être entre 1 et 100") }
        let company =
            request.companySiret.isEmpty ? nil : try SIRET(validating: request.companySiret, field: "company_siret")
        let viewer = Self.viewer(principal)
        if request.includeInactive, case .school = viewer {
            throw AccessDenied.notYours("include_inactive est réservé à l'équipe du bassin et aux entreprises")
        }
        return OfferQuery(
            text: text.isEmpty ? nil : text,
            trades: trades,
            level: level,
            fromWeek: from,
            toWeek: to,
            near: near,
            radiusKm: request.radiusKm > 0 ? request.radiusKm : nil,
            accessibleOnly: request.accessibleOnly,
            freeSeatsOnly: request.freeSeatsOnly,
            includeInactive: request.includeInactive,
            company: company,
            viewer: viewer,
            limit: pageSize
        )
    }

    /// The pupil a search is for (`pupil_id` from its school; a signed-in pupil's own, unless it searches around a point
    /// of its choice), and where it can go; `nil` when the search is for none.
    func pupilReach(
        pupilID: Int64,
        reachableOnly: Bool,
        hasNear: Bool,
        field: String = "",
        principal: Principal,
        tenant: Tenant
    ) async throws -> PupilReach? {
        let named = pupilID != 0 || reachableOnly
        let pupil: Pupil
        switch principal {
        case .pupil(_, let school, let rosterID):
            // A signed-in pupil's searches are its own: distances from its school, what it can reach.
            guard let rosterID else {
                if named { throw ApplicationService.notSignedIn }
                return nil
            }
            guard pupilID == 0 || pupilID == rosterID else {
                throw AccessDenied.notYours("un élève ne cherche que pour lui-même : laissez pupil_id vide")
            }
            if hasNear, !named { return nil }
            pupil = try await PupilService.ownPupil(rosterID, of: school, in: tenant)
        case .school(_, let school):
            guard pupilID != 0 else {
                if reachableOnly {
                    throw InvalidField("\(field)pupil_id", "est requis avec \(field)reachable_only")
                }
                return nil
            }
            pupil = try await PupilService.ownPupil(pupilID, of: school, in: tenant)
        default:
            guard pupilID == 0, !reachableOnly else {
                throw AccessDenied.notYours("une recherche pour un élève est celle de son établissement ou la sienne")
            }
            return nil
        }
        if hasNear {
            throw InvalidField(
                "\(field)near",
                "doit rester vide avec un élève : les distances partent de son établissement"
            )
        }
        guard let school = try await self.academy.school(pupil.school) else {
            throw StoreError.notFound("établissement \(pupil.school)")
        }
        return PupilReach(
            school: school.location,
            maxKm: pupil.details.mobility.maxKm.map(Double.init),
            transitOnly: pupil.details.mobility.publicTransportOnly
        )
    }

    /// Where a school's staff or pupil stands by default: its school. `nil` for other callers.
    @inline(never)
    func schoolLocation(of principal: Principal) async throws -> GeoPoint? {
        switch principal {
        case .school(_, let uai), .pupil(_, let uai, _): try await self.academy.school(uai)?.location
        default: nil
        }
    }
}

/// Where a pupil starts from, and how far it can go.
struct PupilReach {
    var school: GeoPoint
    /// Kilometres from its school, when its school gave a limit.
    var maxKm: Double?
    /// It travels only by public transport.
    var transitOnly: Bool

    /// Measures from the pupil's school; with `reachableOnly`, keeps the offers within its distance (and the search's
    /// radius, when smaller) and, for a pupil who travels only by public transport, served by a stop.
    func narrow(_ query: inout OfferQuery, reachableOnly: Bool) {
        query.near = self.school
        guard reachableOnly else { return }
        if let maxKm = self.maxKm { query.radiusKm = min(query.radiusKm ?? maxKm, maxKm) }
        query.servedByTransitOnly = self.transitOnly
    }

    /// Whether the pupil can reach the offer, measured from its school.
    func reaches(_ offer: Offer) -> Bool {
        let distance = offer.distanceKm ?? self.school.distanceKm(to: offer.details.location)
        return (self.maxKm.map { distance <= $0 } ?? true) && (!self.transitOnly || offer.details.transit != nil)
    }
}
