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
        guard trades.count <= 50 else { throw InvalidField("trade_codes", "at most 50 trades") }
        let level = request.level == .unspecified ? nil : try Level(validating: request.level, field: "level")
        let from = try ISOWeek(validating: request.fromWeek, present: request.hasFromWeek, field: "from_week")
        let to = try ISOWeek(validating: request.toWeek, present: request.hasToWeek, field: "to_week")
        if let from, let to, from > to { throw InvalidField("to_week", "must not be before from_week") }
        guard request.radiusKm.isFinite, request.radiusKm >= 0, request.radiusKm <= Self.maxRadiusKm else {
            throw InvalidField("radius_km", "must be between 0 and \(Int(Self.maxRadiusKm))")
        }
        var near = request.hasNear ? try GeoPoint(validating: request.near, field: "near") : nil
        if near == nil { near = try await self.schoolLocation(of: principal) }
        if request.radiusKm > 0, near == nil {
            throw InvalidField("near", "is required with radius_km for a caller without a school")
        }
        let pageSize = request.pageSize == 0 ? 20 : Int(request.pageSize)
        guard (1...100).contains(pageSize) else { throw InvalidField("page_size", "must be between 1 and 100") }
        let viewer = Self.viewer(principal)
        if request.includeInactive, case .school = viewer {
            throw AccessDenied.notYours("include_inactive is for the basin's staff and companies")
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
            viewer: viewer,
            limit: pageSize
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
