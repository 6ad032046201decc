import Foundation
import PoleStageStore
import Synchronization

extension DemoAcademy {
    /// A demo basin's placements for the current school year: each school's period and roster, offers over those
    /// periods, and applications accepted, pending, declined, withdrawn and expired (made with `clock` moved back past
    /// the basin's delay), so that the follow-up and the statistics show figures at once.
    static func seedPlacements(
        _ seed: DemoData.BasinSeed,
        store: any BasinStorage,
        companies: [(Company, (code: String, company: String, naf: String, title: String, levels: [Int]))],
        labels: [String: String],
        clock: DemoClock,
        now: Date,
        random: inout SplitMix64
    ) async throws {
        let thisWeek = ISOWeek(containing: now)
        func week(_ offset: Int) -> ISOWeek {
            var week = thisWeek
            for _ in 0..<offset { week = week.next }
            return week
        }
        // Colleges send their 3e out for one week; vocational schools their Bac Pro for four.
        let periods: [String: (level: Level, from: ISOWeek, to: ISOWeek, pupils: Int, classes: [String])] = [
            "college": (.observation3e, week(4), week(4), 16, ["3eA", "3eB"]),
            "lycee-professionnel": (.bacPro, week(6), week(9), 12, ["1BPRO-A"]),
        ]
        // Offers over exactly those weeks, from the companies whose trade takes the level.
        var offers: [Level: [Int64]] = [:]
        for (index, (company, trade)) in companies.enumerated() where index % 3 == 0 {
            for period in periods.values where trade.levels.contains(period.level.rawValue) {
                let weeks = period.from.through(period.to)
                let seats = 2 + random.next(below: 3)
                let details = OfferDetails(
                    trade: TradeCode(trade.code)!,
                    title: trade.title,
                    description: "Stage chez \(company.name) à \(company.commune) : \(trade.title.lowercased()).",
                    levels: [period.level],
                    seats: Dictionary(uniqueKeysWithValues: weeks.map { ($0, seats) }),
                    address: PostalAddress(
                        street: company.street,
                        postalCode: company.postalCode,
                        commune: company.commune
                    ),
                    location: company.location,
                    accessible: random.next(below: 2) == 0,
                    transitAccess: random.next(below: 2) == 0 ? "Bus, arrêt à moins de 500 m" : ""
                )
                let offer = try await store.createOffer(
                    owner: OfferOwner(siret: company.siret, name: company.name),
                    tradeLabel: labels[trade.code] ?? trade.code,
                    details: details,
                    externalRef: "demo-period-\(period.level.rawValue)-\(index)",
                    publish: true
                ).offer
                offers[period.level, default: []].append(offer.id)
            }
        }
        for (schoolIndex, school) in seed.schools.enumerated() {
            guard let period = periods[school.kind], let choices = offers[period.level], !choices.isEmpty else {
                continue
            }
            let uai = UAI(school.uaiBody + String(UAI.checkLetter(for: school.uaiBody)!))!
            _ = try await store.setSchoolPeriods(
                [SchoolPeriod(level: period.level, from: period.from, to: period.to, pupils: period.pupils)],
                school: uai
            )
            var roster: [Pupil] = []
            for number in 1...period.pupils {
                let details = PupilDetails(
                    ref: PupilRef(String(format: "E%02d-%03d", schoolIndex, number))!,
                    className: period.classes[number % period.classes.count],
                    level: period.level,
                    needsAccessible: number % 7 == 0,
                    mobility: Mobility(
                        maxKm: 5 + random.next(below: 26),
                        publicTransportOnly: school.rural && number % 2 == 0
                    ),
                    qpv: (school.rep || school.repPlus) && number % 3 == 0,
                    gender: random.next(below: 2) == 0 ? .female : .male
                )
                roster.append(try await store.savePupil(details, school: uai))
            }
            // Pupil by pupil: placed, placed, waiting, declined, withdrawn, placed, expired, nothing yet…
            for (index, pupil) in roster.enumerated() {
                let outcome = index % 8
                guard outcome < 7 else { continue }
                // An application that expired: made before the basin's delay (14 days), not answered since.
                clock.set(outcome == 6 ? now.addingTimeInterval(-15 * 86_400) : now)
                defer { clock.set(now) }
                for attempt in 0..<choices.count {
                    let offer = choices[(index + attempt) % choices.count]
                    let application: Application
                    do {
                        application = try await store.apply(
                            ApplicationRequest(
                                offer: offer,
                                pupil: pupil.id,
                                from: period.from,
                                to: period.to,
                                motivation: "Je souhaite découvrir ce métier et travailler en équipe.",
                                madeBy: index % 2 == 0 ? .pupil : .school,
                                school: SchoolPriorityFacts(
                                    rep: school.rep,
                                    repPlus: school.repPlus,
                                    rural: school.rural
                                )
                            )
                        ) { _, _ in }
                    } catch StoreError.failedPrecondition {
                        continue
                    }
                    switch outcome {
                    case 0, 1, 5: _ = try await store.decide(application: application.id, .accept) { _, _ in }
                    case 3:
                        _ = try await store.decide(application: application.id, .decline(.seatsFilled, note: nil)) {
                            _,
                            _ in
                        }
                    case 4: _ = try await store.decide(application: application.id, .withdraw) { _, _ in }
                    default: break
                    }
                    break
                }
            }
        }
        // The applications made 15 days ago are past their delay: recorded as expired, their seats freed.
        try await store.expireDueApplications()
    }

    /// The roster id of the first pupil of `school` this school year, for the demo's pupil token.
    static func firstPupil(of school: UAI, in store: any BasinStorage) async throws -> Int64? {
        try await store.roster(school: school, year: store.schoolYear).first?.pupil.id
    }
}

/// The seeding's clock: the demo moves it back to make applications that have had time to expire.
final class DemoClock: Sendable {
    private let date: Mutex<Date>

    init(_ date: Date) {
        self.date = Mutex(date)
    }

    var now: Date { self.date.withLock { $0 } }

    func set(_ date: Date) { self.date.withLock { $0 = date } }
}
