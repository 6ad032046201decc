package import GRPCCore
import PoleStageAuth
package import PoleStageProto
package import PoleStageStore
import SwiftProtobuf

/// `polestage.reservations.v1.ReservationService`: schools request seats for their pupils, companies decide.
package struct ReservationService: Polestage_Reservations_V1_ReservationService.SimpleServiceProtocol {
    let academy: any AcademyStorage

    package init(academy: any AcademyStorage) {
        self.academy = academy
    }

    package func requestSeat(
        request: Polestage_Reservations_V1_RequestSeatRequest,
        context: ServerContext
    ) async throws -> Polestage_Reservations_V1_Reservation {
        let caller = try RequestContext.current()
        guard case .school(_, let school) = caller.principal else {
            throw caller.roleRefusal
        }
        let tenant = try caller.requireTenant()
        let offer = try Self.id(request.offerID, field: "offer_id")
        guard request.hasWeek else { throw InvalidField("week", "est requis") }
        let week = try ISOWeek(validating: request.week, field: "week")
        guard let pupil = PupilRef(request.pupilRef) else {
            throw InvalidField(
                "pupil_ref",
                "doit être une référence pseudonyme : 4 à 32 lettres, chiffres, « - » ou « _ », dont un chiffre"
            )
        }
        let level = try Level(validating: request.level, field: "level")
        let reservation = try await tenant.store.requestSeat(
            offer: offer,
            week: week,
            school: school,
            facts: try await self.academy.priorityFacts(of: school),
            pupil: pupil,
            level: level
        )
        return reservation.proto(showPupil: true)
    }

    package func confirmReservation(
        request: Polestage_Reservations_V1_ReservationRef,
        context: ServerContext
    ) async throws -> Polestage_Reservations_V1_Reservation {
        try await self.decide(request, .confirm)
    }

    package func declineReservation(
        request: Polestage_Reservations_V1_ReservationRef,
        context: ServerContext
    ) async throws -> Polestage_Reservations_V1_Reservation {
        try await self.decide(request, .decline)
    }

    package func cancelReservation(
        request: Polestage_Reservations_V1_ReservationRef,
        context: ServerContext
    ) async throws -> Polestage_Reservations_V1_Reservation {
        try await self.decide(request, .cancel)
    }

    package func listSchoolReservations(
        request: Polestage_Reservations_V1_ListSchoolReservationsRequest,
        context: ServerContext
    ) async throws -> Polestage_Reservations_V1_ReservationList {
        let (caller, tenant) = try RequestContext.inBasin()
        let school: UAI
        if case .school(_, let own) = caller.principal {
            if !request.schoolUai.isEmpty, UAI(request.schoolUai) != own {
                throw AccessDenied.notYours("un jeton d'établissement ne lit que les réservations de son établissement")
            }
            school = own
        } else {
            guard !request.schoolUai.isEmpty else { throw InvalidField("school_uai", "est requis") }
            school = try UAI(validating: request.schoolUai, field: "school_uai")
            guard let found = try await self.academy.school(school), found.basin == tenant.basin.id else {
                throw StoreError.notFound("établissement \(school) dans le bassin \(tenant.basin.id)")
            }
        }
        let reservations = try await tenant.store.reservations(school: school, liveOnly: request.liveOnly)
        let showPupil = caller.principal.role == .school
        return .with { $0.reservations = reservations.map { $0.proto(showPupil: showPupil) } }
    }

    package func listOfferReservations(
        request: Polestage_Reservations_V1_ListOfferReservationsRequest,
        context: ServerContext
    ) async throws -> Polestage_Reservations_V1_ReservationList {
        let (caller, tenant) = try RequestContext.inBasin()
        let id = try Self.id(request.offerID, field: "offer_id")
        guard let offer = try await tenant.store.offer(id) else { throw StoreError.notFound("offre \(id)") }
        if case .company(_, let siret) = caller.principal, offer.company != siret {
            throw AccessDenied.notYours("l'offre \(id) appartient à une autre entreprise")
        }
        let reservations = try await tenant.store.reservations(offer: id, liveOnly: request.liveOnly)
        return .with { $0.reservations = reservations.map { $0.proto(showPupil: false) } }
    }
}

extension ReservationService {
    static func id(_ value: Int64, field: String) throws(InvalidField) -> Int64 {
        guard value > 0 else { throw InvalidField(field, "est requis") }
        return value
    }

    /// Confirm and decline belong to the offer's company; cancel to the requesting school; the animator and the
    /// coordination may do all three.
    func decide(
        _ request: Polestage_Reservations_V1_ReservationRef,
        _ decision: ReservationDecision
    ) async throws -> Polestage_Reservations_V1_Reservation {
        let (caller, tenant) = try RequestContext.inBasin()
        let id = try Self.id(request.reservationID, field: "reservation_id")
        let principal = caller.principal
        let reservation = try await tenant.store.decide(id, decision) { reservation, offer in
            switch principal {
            case .company(_, let siret) where offer.company != siret:
                throw AccessDenied.notYours("la réservation \(reservation.id) porte sur l'offre d'une autre entreprise")
            case .school(_, let school) where reservation.school != school:
                throw AccessDenied.notYours("la réservation \(reservation.id) appartient à un autre établissement")
            default:
                break
            }
        }
        return reservation.proto(showPupil: principal.role == .school)
    }
}
