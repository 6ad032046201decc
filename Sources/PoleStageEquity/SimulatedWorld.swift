import Foundation
import GRPCCore
import PoleStageAuth
import PoleStageDemo
import PoleStageProto
import PoleStageServer
import PoleStageStore
import PoleStageTesting
import SwiftProtobuf

/// The simulation's state on one server: who is looking, what is published, what awaits an answer.
struct SimulatedWorld {
    struct SchoolState {
        var uai: UAI
        var token: Metadata
        var level: Level
        var from: ISOWeek
        var to: ISOWeek
        var maxKm: Int
    }

    struct PupilState {
        var id: Int64
        var school: Int
        var groups: Set<EquityGroup>
        var priority: Bool
        var needs: Bool
        var network: Bool
        var startDay: Int
        /// The chance it looks on a given day.
        var activity: Double
        var maxPending: Int
        /// Its pending applications, with each offer's distance from its school.
        var pending: [Int64: Double] = [:]
        var tried: Set<Int64> = []
        var placedDay: Int?
        var placedKm: Double?
        var placedOffer: Int64?
    }

    struct PlannedOffer {
        var day: Int
        var company: Metadata
        var request: Polestage_Offers_V1_CreateOfferRequest
    }

    struct Answer {
        var application: Int64
        var pupil: Int
        var company: Metadata
        var accept: Bool
    }

    let basin: BasinID
    var schools: [SchoolState] = []
    var pupils: [PupilState] = []
    var planned: [PlannedOffer] = []
    var answers: [Int: [Answer]] = [:]
    var companyOf: [Int64: Metadata] = [:]
    var seats: [Int64: Int] = [:]
    var refusals = 0
    var random: SplitMix64

    static let trades = ["D1106", "G1602", "I1604", "F1703", "H2909", "D1507", "K1302", "J1501", "D1202", "A1203"]

    /// The basin, its schools and rosters, the companies and their offers to come, on `server`'s stores.
    static func seed(
        _ simulation: EquitySimulation,
        policy: EquityPolicy,
        on server: PoleStageServer
    ) async throws -> SimulatedWorld {
        let basinID = BasinID("chalon-simulation")!
        var world = SimulatedWorld(basin: basinID, random: SplitMix64(seed: simulation.seed))
        try await server.academy.createBasin(Basin(id: basinID, name: "Chalon-Tournus-Louhans (simulation)"))
        let store = try await server.basins.createStorage(for: basinID)
        _ = try await store.setPlacementRules(policy.rules)
        let shape = simulation.basin
        let week = ISOWeek(
            containing: EquitySimulation.start.addingTimeInterval(
                Double(simulation.campaignDays + 7) * EquitySimulation.day
            )
        )
        var totalPupils = 0
        var vocationalPupils = 0
        for (index, school) in shape.schools.enumerated() {
            let body = String(format: "0717%03d", index)
            let uai = UAI(body + String(UAI.checkLetter(for: body)!))!
            let town = shape.towns[school.town]
            let location = world.jittered(town.point, degrees: 0.01)
            try await server.academy.saveSchool(
                School(
                    uai: uai,
                    name: school.name,
                    kind: school.kind,
                    commune: town.name,
                    basin: basinID,
                    rep: school.rep,
                    repPlus: school.repPlus,
                    rural: school.rural,
                    location: location
                )
            )
            let vocational = school.kind == .lyceeProfessionnel
            let level: Level = vocational ? .bacPro : .observation3e
            let to = vocational ? week.next : week
            let count = max(1, Int((Double(school.pupils) * simulation.scale).rounded()))
            totalPupils += count
            if vocational { vocationalPupils += count }
            _ = try await store.setSchoolPeriods(
                [SchoolPeriod(level: level, from: week, to: to, pupils: count)],
                school: uai
            )
            var details: [PupilDetails] = []
            var facts: [(qpv: Bool, needs: Bool, network: Bool)] = []
            for number in 0..<count {
                let fact = (
                    qpv: world.random.unit() < school.qpvShare,
                    needs: world.random.unit() < shape.needsShare,
                    network: world.random.unit() < school.networkShare
                )
                facts.append(fact)
                details.append(
                    PupilDetails(
                        ref: PupilRef(String(format: "S%02d-%04d", index, number))!,
                        className: vocational ? "1BP" : "3e",
                        level: level,
                        needsAccessible: fact.needs,
                        mobility: Mobility(maxKm: school.maxKm),
                        qpv: fact.qpv
                    )
                )
            }
            _ = try await store.importPupils(details, school: uai)
            let roster = try await store.roster(school: uai, year: store.schoolYear)
            let ids = Dictionary(uniqueKeysWithValues: roster.map { ($0.pupil.details.ref, $0.pupil.id) })
            let token = try await server.tokens.issue(
                for: .school(user: "simulation-school-\(index)", school: uai),
                lifetime: .seconds(86_400)
            )
            world.schools.append(
                SchoolState(
                    uai: uai,
                    token: ["authorization": "Bearer \(token)"],
                    level: level,
                    from: week,
                    to: to,
                    maxKm: school.maxKm
                )
            )
            for (number, detail) in details.enumerated() {
                let fact = facts[number]
                var groups: Set<EquityGroup> = []
                if school.repPlus { groups.insert(.repPlus) }
                if school.rep { groups.insert(.rep) }
                if school.rural { groups.insert(.rural) }
                if fact.qpv { groups.insert(.qpv) }
                if fact.needs { groups.insert(.needs) }
                let priority = groups.contains { $0.priorityGroup.map(policy.rules.priorityGroups.contains) ?? false }
                if groups.isEmpty { groups.insert(.others) }
                world.pupils.append(
                    PupilState(
                        id: ids[detail.ref]!,
                        school: world.schools.count - 1,
                        groups: groups,
                        priority: priority,
                        needs: fact.needs,
                        network: fact.network,
                        startDay: fact.network ? world.random.next(below: 3) : 3 + world.random.next(below: 22),
                        activity: fact.network ? 0.8 : 0.4,
                        maxPending: fact.network ? 2 : 1
                    )
                )
            }
        }
        try await world.planOffers(
            seats: Int((Double(totalPupils) * shape.seatsPerPupil).rounded()),
            vocationalShare: Double(vocationalPupils) / Double(totalPupils),
            week: week,
            basin: shape,
            server: server
        )
        return world
    }

    /// Companies, one offer each, with 1 to 3 seats, until the seats are there; half published before the campaign.
    mutating func planOffers(
        seats target: Int,
        vocationalShare: Double,
        week: ISOWeek,
        basin shape: SimulatedBasin,
        server: PoleStageServer
    ) async throws {
        let totalWeight = shape.towns.map(\.weight).reduce(0, +)
        var seats = 0
        var index = 0
        while seats < target {
            let draw = self.random.unit()
            let count = draw < 0.6 ? 1 : draw < 0.9 ? 2 : 3
            seats += count
            var pick = self.random.next(below: totalWeight)
            let town = shape.towns.first { town in
                defer { pick -= town.weight }
                return pick < town.weight
            }!
            let vocational = self.random.unit() < vocationalShare
            let weeks = vocational ? [week, week.next] : [week]
            let siret = DemoAcademy.companySIRET(basin: 95, index: index)
            let point = self.jittered(town.point, degrees: 0.02)
            try await server.academy.saveCompany(
                Company(
                    siret: siret,
                    name: "Entreprise \(index + 1)",
                    sector: "47.11B",
                    street: "\(index + 1) rue de l'Industrie",
                    postalCode: "71100",
                    commune: town.name,
                    location: point,
                    basins: [self.basin]
                )
            )
            let token = try await server.tokens.issue(
                for: .company(user: "simulation-company-\(index)", company: siret),
                lifetime: .seconds(86_400)
            )
            var metadata: Metadata = ["authorization": "Bearer \(token)"]
            metadata.addString(self.basin.rawValue, forKey: "polestage-basin")
            let accessible = self.random.unit() < shape.accessibleShare
            let trade = Self.trades[self.random.next(below: Self.trades.count)]
            self.planned.append(
                PlannedOffer(
                    day: index % 2 == 0 ? 0 : 1 + self.random.next(below: 27),
                    company: metadata,
                    request: .with {
                        $0.details = .with {
                            $0.tradeCode = trade
                            $0.title = "Stage \(index + 1)"
                            $0.description_p = "Découverte du métier aux côtés d'un tuteur."
                            $0.levels = [vocational ? .bacPro : .level3EObservation]
                            $0.periods = weeks.map { week in
                                .with {
                                    $0.week = .with {
                                        $0.year = Int32(week.year)
                                        $0.week = Int32(week.week)
                                    }
                                    $0.seats = Int32(count)
                                }
                            }
                            $0.address = .with {
                                $0.street = "\(index + 1) rue de l'Industrie"
                                $0.postalCode = "71100"
                                $0.commune = town.name
                            }
                            $0.location = .with {
                                $0.latitude = point.latitude
                                $0.longitude = point.longitude
                            }
                            $0.accessible = accessible
                        }
                        $0.publish = true
                    }
                )
            )
            index += 1
        }
    }

    mutating func jittered(_ point: GeoPoint, degrees: Double) -> GeoPoint {
        GeoPoint(
            latitude: point.latitude + self.random.jitter(degrees),
            longitude: point.longitude + self.random.jitter(degrees)
        )!
    }
}

extension SplitMix64 {
    /// A uniform value in [0, 1).
    mutating func unit() -> Double { Double(self.next() >> 11) / Double(UInt64(1) << 53) }
}
