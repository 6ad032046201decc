import Foundation
import GRPCCore
import PoleStageProto
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf

extension SimulatedWorld {
    /// One day: companies publish, then answer, then the pupils who look that day search and apply.
    mutating func play<Transport: ClientTransport>(
        day: Int,
        pupilsLook: Bool,
        now: Date,
        _ clients: DomainClients<Transport>
    ) async throws {
        for offer in self.planned where offer.day == day {
            let created = try await clients.offers.createOffer(offer.request, metadata: offer.company)
            self.companyOf[created.id] = offer.company
            self.seats[created.id] = Int(offer.request.details.periods.first?.seats ?? 0)
        }
        for answer in self.answers.removeValue(forKey: day) ?? [] {
            try await self.answer(answer, day: day, clients)
        }
        guard pupilsLook else { return }
        let nowMilliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded())
        var order = Array(self.pupils.indices)
        order.shuffle(using: &self.random)
        for index in order {
            let pupil = self.pupils[index]
            guard pupil.placedDay == nil, day >= pupil.startDay, pupil.pending.count < pupil.maxPending,
                self.random.unit() < pupil.activity
            else { continue }
            try await self.look(index, day: day, now: nowMilliseconds, clients)
        }
    }

    /// The company's answer; an application withdrawn since (its pupil was placed elsewhere) is left alone.
    mutating func answer<Transport: ClientTransport>(
        _ answer: Answer,
        day: Int,
        _ clients: DomainClients<Transport>
    ) async throws {
        guard let km = self.pupils[answer.pupil].pending[answer.application] else { return }
        let reference = Polestage_Placements_V1_ApplicationRef.with { $0.applicationID = answer.application }
        do {
            if answer.accept {
                let accepted = try await clients.applications.acceptApplication(reference, metadata: answer.company)
                self.pupils[answer.pupil].placedDay = day
                self.pupils[answer.pupil].placedKm = km
                self.pupils[answer.pupil].placedOffer = accepted.offerID
                // The server withdrew the pupil's other pending applications.
                self.pupils[answer.pupil].pending = [:]
            } else {
                _ = try await clients.applications.declineApplication(
                    .with {
                        $0.applicationID = answer.application
                        $0.reason = .tutorUnavailable
                    },
                    metadata: answer.company
                )
                self.pupils[answer.pupil].pending[answer.application] = nil
            }
        } catch let error as RPCError where error.code == .failedPrecondition {
            self.pupils[answer.pupil].pending[answer.application] = nil
        }
    }

    /// The pupil searches what it can reach and applies, through its school, to one of the nearest it may apply to.
    mutating func look<Transport: ClientTransport>(
        _ index: Int,
        day: Int,
        now: Int64,
        _ clients: DomainClients<Transport>
    ) async throws {
        let pupil = self.pupils[index]
        let school = self.schools[pupil.school]
        let from = Polestage_Common_V1_IsoWeek.with {
            $0.year = Int32(school.from.year)
            $0.week = Int32(school.from.week)
        }
        let to = Polestage_Common_V1_IsoWeek.with {
            $0.year = Int32(school.to.year)
            $0.week = Int32(school.to.week)
        }
        // What the offer says: its window, and the seats held for priority pupils in each week.
        func mayApply(_ offer: Polestage_Offers_V1_Offer) -> Bool {
            guard !pupil.tried.contains(offer.id) else { return false }
            guard offer.periods.allSatisfy({ $0.seatsFree > 0 }) else { return false }
            if pupil.priority { return true }
            if offer.priorityUntilUnixMs > now { return false }
            return offer.periods.allSatisfy { period in
                period.seatsFree > (period.heldUntilUnixMs > now ? period.seatsHeldForPriority : 0)
            }
        }
        // Nearest first, a page after another until one it may apply to shows, as a pupil scrolls.
        var open: [Polestage_Offers_V1_Offer] = []
        var pageToken = ""
        for _ in 0..<5 {
            let page = try await clients.offers.searchOffers(
                .with {
                    $0.level = Polestage_Common_V1_Level(rawValue: school.level.rawValue) ?? .unspecified
                    $0.fromWeek = from
                    $0.toWeek = to
                    $0.radiusKm = Double(school.maxKm)
                    $0.freeSeatsOnly = true
                    $0.accessibleOnly = pupil.needs
                    $0.pageSize = 20
                    $0.pageToken = pageToken
                },
                metadata: school.token
            )
            open += page.offers.filter(mayApply)
            pageToken = page.nextPageToken
            if !open.isEmpty || pageToken.isEmpty { break }
        }
        guard !open.isEmpty else { return }
        let offer = open[self.random.next(below: min(4, open.count))]
        self.pupils[index].tried.insert(offer.id)
        do {
            let application = try await clients.applications.apply(
                .with {
                    $0.offerID = offer.id
                    $0.pupilID = pupil.id
                    $0.fromWeek = from
                    $0.toWeek = to
                    $0.motivation = "Je souhaite découvrir ce métier."
                },
                metadata: school.token
            )
            self.pupils[index].pending[application.id] = offer.distanceKm
            let answerDay = day + 1 + self.random.next(below: 4)
            self.answers[answerDay, default: []].append(
                Answer(
                    application: application.id,
                    pupil: index,
                    company: self.companyOf[offer.id] ?? [:],
                    accept: self.random.unit() < 0.85
                )
            )
        } catch let error as RPCError where error.code == .failedPrecondition {
            self.refusals += 1
        }
    }

    func outcome(_ policy: EquityPolicy) -> EquityOutcome {
        EquityOutcome(
            policy: policy,
            pupils: self.pupils.map { pupil in
                EquityOutcome.Pupil(
                    groups: pupil.groups,
                    hasNetwork: pupil.network,
                    placedDay: pupil.placedDay,
                    placedKm: pupil.placedKm,
                    placedOffer: pupil.placedOffer
                )
            },
            seats: self.seats,
            refusals: self.refusals
        )
    }
}
