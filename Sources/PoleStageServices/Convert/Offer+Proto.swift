import PoleStageProto
import PoleStageStore
import SwiftProtobuf

typealias ProtoOffer = Polestage_Offers_V1_Offer
typealias ProtoOfferDetails = Polestage_Offers_V1_OfferDetails

extension Offer {
    func proto(currentWeek: ISOWeek) -> ProtoOffer {
        .with {
            $0.id = self.id
            $0.companySiret = self.company.rawValue
            $0.companyName = self.companyName
            $0.tradeLabel = self.tradeLabel
            $0.details = self.details.proto
            $0.periods = self.periods.map { period in
                .with {
                    $0.week = period.week.proto
                    $0.seats = Int32(period.seats)
                    $0.seatsTaken = Int32(period.taken)
                    $0.seatsFree = Int32(period.free)
                    if period.reserved > 0 {
                        $0.seatsHeldForPriority = Int32(period.heldSeats)
                        $0.heldUntilUnixMs = period.reservedUntil
                    }
                }
            }
            $0.externalRef = self.externalRef ?? ""
            $0.status = self.status(currentWeek: currentWeek).proto
            $0.version = self.version
            $0.updatedAtUnixMs = self.updatedAt
            if let distance = self.distanceKm { $0.distanceKm = (distance * 1000).rounded() / 1000 }
            $0.priorityUntilUnixMs = self.priorityUntil ?? 0
        }
    }
}

extension OfferDetails {
    var proto: ProtoOfferDetails {
        .with {
            $0.tradeCode = self.trade.rawValue
            $0.title = self.title
            $0.description_p = self.description
            $0.levels = self.levels.sorted().map(\.proto)
            $0.periods = self.seats.sorted { $0.key < $1.key }.map { week, seats in
                .with {
                    $0.week = week.proto
                    $0.seats = Int32(seats)
                }
            }
            $0.address = self.address.proto
            $0.location = self.location.proto
            $0.accessible = self.accessible
            $0.accessibility = .init(self.accessibility)
            if let transit = self.transit {
                $0.transit = .with {
                    $0.stop = transit.stop
                    $0.lines = transit.lines
                    $0.walkMinutes = Int32(transit.walkMinutes)
                }
            }
            $0.lunchProvided = self.lunchProvided
            $0.lodgingProvided = self.lodgingProvided
            $0.transitAccess = self.transitAccess
            $0.reservedForSchool = self.reservedForSchool?.rawValue ?? ""
        }
    }
}

extension OfferStatus {
    var proto: Polestage_Offers_V1_OfferStatus {
        switch self {
        case .draft: .draft
        case .published: .published
        case .full: .full
        case .toUpdate: .toUpdate
        case .withdrawn: .withdrawn
        }
    }
}

extension Polestage_Offers_V1_Accessibility {
    init(_ features: Set<AccessFeature>) {
        self.init()
        self.stepFree = features.contains(.stepFree)
        self.adaptedTasks = features.contains(.adaptedTasks)
        self.trainedTutor = features.contains(.trainedTutor)
    }
}

extension Set<AccessFeature> {
    init(accessibility: Polestage_Offers_V1_Accessibility) {
        self.init()
        if accessibility.stepFree { self.insert(.stepFree) }
        if accessibility.adaptedTasks { self.insert(.adaptedTasks) }
        if accessibility.trainedTutor { self.insert(.trainedTutor) }
    }
}
