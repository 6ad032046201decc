package import GRPCCore
import PoleStageAuth
import PoleStageLive
package import PoleStageProto
import PoleStageStore
import SwiftProtobuf
import Synchronization

extension OfferService {

    package func subscribe(
        request: Polestage_Offers_V1_SubscribeRequest,
        response: RPCWriter<Polestage_Offers_V1_OfferEvent>,
        context: ServerContext
    ) async throws {
        try await self.subscription(request, immediate: nil) { event, origin, currentWeek in
            try await response.write(event.proto(currentWeek: currentWeek, origin: origin))
        }
    }

    /// `Subscribe` as both transports serve it (``OfferRPCService``): events go out already serialized, and a change is
    /// converted and serialized once for every subscriber that sees it from the same origin, not once per subscriber.
    /// With `immediate` (the transport's way to write the stream without waiting), the live feed writes the bytes of a
    /// change itself while the subscription waits.
    func subscribe(
        request: Polestage_Offers_V1_SubscribeRequest,
        encoded response: RPCWriter<EncodedOfferEvent>,
        immediate: (any ImmediateResponseWriting)?,
        context: ServerContext
    ) async throws {
        try await self.subscription(request, immediate: immediate) { event, origin, currentWeek in
            try await response.write(try self.encodedEvents.encode(event, origin: origin, currentWeek: currentWeek))
        }
    }

    /// Validates the request, runs the subscription and hands each event to `write`, with the point distances are
    /// measured from and the basin's current week; or, for a live change while the subscription waits, its encoded
    /// bytes to `immediate` when that takes them.
    private func subscription(
        _ request: Polestage_Offers_V1_SubscribeRequest,
        immediate: (any ImmediateResponseWriting)?,
        write: @escaping (SubscriptionEvent, GeoPoint?, ISOWeek) async throws -> Void
    ) async throws {
        let (caller, tenant) = try RequestContext.inBasin()
        let filter = try await self.filter(
            from: request.filter,
            hasFilter: request.hasFilter,
            principal: caller.principal,
            tenant: tenant
        )
        let resumeFrom = try Self.position(request.resumeFrom, present: request.hasResumeFrom)
        // The position of a snapshot page before the last (epoch 0) resumes as it says: the snapshot starts over.
        let snapshot = request.snapshot || (request.hasResumeFrom && resumeFrom == nil)
        // Distances are measured from the filter's point, else from the caller's school, as in a search.
        var origin = filter.near
        if origin == nil { origin = try await self.schoolLocation(of: caller.principal) }
        let last = LastPosition(resumeFrom)
        let immediateWrite = immediate.map { immediate in
            Self.immediateWrite(
                immediate,
                encodedEvents: self.encodedEvents,
                origin: origin,
                last: last
            )
        }
        let end: SubscriptionEnd
        // gRPC tells a handler its RPC was cancelled (the client went away) through this handler, not its task.
        let cancellation = SubscriptionCancellation()
        do {
            end = try await withRPCCancellationHandler {
                try await self.hub.subscribe(
                    basin: tenant.basin.id,
                    filter: filter,
                    resumeFrom: resumeFrom,
                    snapshot: snapshot,
                    cancellation: cancellation,
                    immediate: immediateWrite
                ) { event in
                    try await write(event, origin, tenant.store.currentWeek)
                    if let position = event.resumePosition { last.set(position) }
                }
            } onCancelRPC: {
                cancellation.cancel()
            }
        } catch LiveError.shuttingDown {
            end = .shuttingDown
        }
        if end == .shuttingDown {
            let resume = last.value.map { "resume from position \($0)" } ?? "subscribe again"
            throw RPCError(code: .unavailable, message: "the server is shutting down: \(resume)")
        }
    }

    /// A change written by the feed, encoded as for every subscriber seeing it from `origin`.
    private static func immediateWrite(
        _ writer: any ImmediateResponseWriting,
        encodedEvents: EncodedEventCache,
        origin: GeoPoint?,
        last: LastPosition
    ) -> ImmediateWrite {
        { change, position, currentWeek in
            guard
                let encoded = try? encodedEvents.encode(
                    change,
                    at: position,
                    origin: origin,
                    currentWeek: currentWeek
                ),
                writer.writeImmediately(encoded.bytes)
            else {
                // Sent the usual way, where a failure to encode ends the subscription with its error.
                return false
            }
            last.set(position)
            return true
        }
    }

    package func getPresence(
        request: Polestage_Offers_V1_GetPresenceRequest,
        context: ServerContext
    ) async throws -> Polestage_Offers_V1_Presence {
        let (_, tenant) = try RequestContext.inBasin()
        let bounds = try await tenant.store.changeLogBounds()
        let local = self.hub.presence(of: tenant.basin.id)
        let subscribers = try await self.presence?.subscribers(of: tenant.basin.id, local: local) ?? local
        return .with {
            $0.basin = tenant.basin.id.rawValue
            $0.subscribers = Int32(clamping: subscribers)
            $0.head = ChangePosition(epoch: bounds.epoch, offset: bounds.head).proto
        }
    }

    /// Validates a subscription filter; a school caller's default point is its school, as in a search.
    @inline(never)  // its temporaries would otherwise stay in every live subscription's frame
    func filter(
        from request: Polestage_Offers_V1_OfferFilter,
        hasFilter: Bool,
        principal: Principal,
        tenant: Tenant
    ) async throws -> OfferFilter {
        var filter = OfferFilter(viewer: Self.viewer(principal))
        guard hasFilter else { return filter }
        guard request.tradeCodes.count <= 50 else { throw InvalidField("filter.trade_codes", "au plus 50 métiers") }
        for (index, code) in request.tradeCodes.enumerated() {
            filter.trades.insert(try TradeCode(validating: code, field: "filter.trade_codes[\(index)]"))
        }
        for (index, level) in request.levels.enumerated() {
            filter.levels.insert(try Level(validating: level, field: "filter.levels[\(index)]"))
        }
        filter.fromWeek = try ISOWeek(
            validating: request.fromWeek,
            present: request.hasFromWeek,
            field: "filter.from_week"
        )
        filter.toWeek = try ISOWeek(validating: request.toWeek, present: request.hasToWeek, field: "filter.to_week")
        if let from = filter.fromWeek, let to = filter.toWeek, from > to {
            throw InvalidField("filter.to_week", "ne doit pas précéder filter.from_week")
        }
        guard request.radiusKm.isFinite, request.radiusKm >= 0, request.radiusKm <= Self.maxRadiusKm else {
            throw InvalidField("filter.radius_km", "doit être entre 0 et \(Int(Self.maxRadiusKm))")
        }
        if request.hasNear { filter.near = try GeoPoint(validating: request.near, field: "filter.near") }
        if request.radiusKm > 0 {
            if filter.near == nil { filter.near = try await self.schoolLocation(of: principal) }
            guard filter.near != nil else {
                throw InvalidField("filter.near", "est requis avec filter.radius_km pour qui n'a pas d'établissement")
            }
            filter.radiusKm = request.radiusKm
        }
        filter.accessibleOnly = request.accessibleOnly
        filter.freeSeatsOnly = request.freeSeatsOnly
        // For a pupil: from its school, and what it can reach on request.
        if let reach = try await self.pupilReach(
            pupilID: request.pupilID,
            reachableOnly: request.reachableOnly,
            hasNear: request.hasNear,
            field: "filter.",
            principal: principal,
            tenant: tenant
        ) {
            filter.near = reach.school
            if request.reachableOnly {
                if let maxKm = reach.maxKm { filter.radiusKm = min(filter.radiusKm ?? maxKm, maxKm) }
                filter.servedByTransitOnly = reach.transitOnly
            }
        }
        return filter
    }

    /// The position to resume from; `nil` for none, and for epoch 0 with offset 0, the position that snapshot pages
    /// before the last carry when the stream started without one (the subscription then starts with a snapshot).
    static func position(_ position: Polestage_Offers_V1_StreamPosition, present: Bool) throws -> ChangePosition? {
        guard present else { return nil }
        if position.epoch == 0, position.offset == 0 { return nil }
        guard position.epoch > 0 else {
            throw InvalidField(
                "resume_from.epoch",
                "doit être positif, ou 0 avec l'offset 0 (la position d'une page d'instantané)"
            )
        }
        guard position.offset >= 0 else { throw InvalidField("resume_from.offset", "ne doit pas être négatif") }
        return ChangePosition(position)
    }
}

/// The last position a subscription's events carried, written by its own task and by the live feed's.
private final class LastPosition: Sendable {
    private let position: Mutex<ChangePosition?>

    init(_ position: ChangePosition?) {
        self.position = Mutex(position)
    }

    var value: ChangePosition? { self.position.withLock { $0 } }

    func set(_ position: ChangePosition) {
        self.position.withLock { $0 = position }
    }
}
