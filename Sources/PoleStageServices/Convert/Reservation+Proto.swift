import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension Reservation {
    /// The pupil reference goes to the school that made the request only.
    func proto(showPupil: Bool) -> Polestage_Reservations_V1_Reservation {
        .with {
            $0.id = self.id
            $0.offerID = self.offer
            $0.week = self.week.proto
            $0.schoolUai = self.school.rawValue
            if showPupil { $0.pupilRef = self.pupil.rawValue }
            $0.level = self.level.proto
            $0.status = self.state.proto
            $0.createdAtUnixMs = self.createdAt
            $0.expiresAtUnixMs = self.expiresAt
            $0.decidedAtUnixMs = self.decidedAt ?? 0
        }
    }
}

extension ReservationState {
    var proto: Polestage_Reservations_V1_ReservationStatus {
        switch self {
        case .pending: .pending
        case .confirmed: .confirmed
        case .declined: .declined
        case .cancelled: .cancelled
        case .expired: .expired
        }
    }
}
