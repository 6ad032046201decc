import PoleStageLive
import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension SubscriptionEvent {
    /// The event as sent; with an `origin`, every offer carries its distance from it and `live` names it.
    func proto(currentWeek: ISOWeek, origin: GeoPoint?) -> Polestage_Offers_V1_OfferEvent {
        func offer(_ offer: Offer) -> ProtoOffer {
            var offer = offer
            if let origin { offer.distanceKm = origin.distanceKm(to: offer.details.location) }
            return offer.proto(currentWeek: currentWeek)
        }
        return .with { event in
            switch self {
            case .reset(let problem, let position):
                event.position = position.proto
                event.reset = .with {
                    $0.reason = problem.proto
                    $0.message = problem.message(position)
                }
            case .snapshot(let offers, let last, let position):
                event.position = position.proto
                event.snapshot = .with {
                    $0.offers = offers.map(offer)
                    $0.last = last
                }
            case .change(let change, let position):
                event.position = position.proto
                event.change = .with {
                    $0.kind = change.kind.proto
                    $0.offer = offer(change.offer)
                    if let week = change.week { $0.week = week.proto }
                    $0.atUnixMs = change.at
                }
            case .live(let position):
                event.position = position.proto
                event.live = .with { if let origin { $0.origin = origin.proto } }
            case .heartbeat(let position):
                event.position = position.proto
                event.heartbeat = .init()
            }
        }
    }
}

extension SubscriptionEvent {
    /// Where a client resumes after this event; `nil` for a snapshot page that carries the unset start position.
    var resumePosition: ChangePosition? {
        let position =
            switch self {
            case .reset(_, let position), .snapshot(_, _, let position), .change(_, let position),
                .live(let position), .heartbeat(let position):
                position
            }
        return position.epoch != 0 ? position : nil
    }
}

extension ChangePosition {
    init(_ proto: Polestage_Offers_V1_StreamPosition) {
        self.init(epoch: proto.epoch, offset: proto.offset)
    }

    var proto: Polestage_Offers_V1_StreamPosition {
        .with {
            $0.epoch = self.epoch
            $0.offset = self.offset
        }
    }
}

extension ResumeProblem {
    var proto: Polestage_Offers_V1_StreamReset.Reason {
        switch self {
        case .epochChanged: .epochChanged
        case .tooOld: .tooOld
        case .ahead: .ahead
        }
    }

    func message(_ position: ChangePosition) -> String {
        switch self {
        case .epochChanged: "position \(position) belongs to another epoch of the change log: starting from a snapshot"
        case .tooOld: "the changes after position \(position) are no longer kept: starting from a snapshot"
        case .ahead: "position \(position) is ahead of the change log: starting from a snapshot"
        }
    }
}

extension ChangeKind {
    var proto: Polestage_Offers_V1_ChangeKind {
        switch self {
        case .offerCreated: .offerCreated
        case .offerUpdated: .offerUpdated
        case .offerPublished: .offerPublished
        case .offerWithdrawn: .offerWithdrawn
        case .seatsTaken: .seatsTaken
        case .seatsFreed: .seatsFreed
        }
    }
}
