package import GRPCCore
import PoleStageAuth
package import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension AdminService {
    /// Figures academy-wide (coordinator) or for one basin; an animator's request with no basin means its own.
    ///
    /// Placement rate: pupils with an accepted application over pupils on the current school year's rosters, each pupil
    /// counted once whatever the length of its placement. A figure over fewer than 5 pupils is withheld (its
    /// `fewer_than_five` flag set): the admin service's callers are never the pupils' own school.
    package func getStatistics(
        request: Polestage_Admin_V1_StatisticsRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_Statistics {
        try await self.audited(
            basin: request.basinID,
            target: "statistics \(request.basinID.isEmpty ? "academy" : Self.auditID(request.basinID))"
        ) { caller in
            let threshold = request.declineGapPoints == 0 ? Self.defaultDeclineGap : request.declineGapPoints
            guard (1...100).contains(threshold) else {
                throw InvalidField("decline_gap_points", "doit être de 1 à 100, ou 0 pour 20")
            }
            var basin: BasinID?
            if !request.basinID.isEmpty {
                basin = try BasinID(validating: request.basinID, field: "basin_id")
            } else if case .animator(_, let own) = caller.principal {
                basin = own
            }
            var statistics = BasinStatistics()
            let schools: [School]
            if let basin {
                try Self.checkScope(caller, basin: basin)
                _ = try await self.requireBasin(basin)
                try await self.basins.prepare(basin)
                statistics = try await self.basins.storage(for: basin).statistics()
                schools = try await self.academy.schools(in: basin)
            } else {
                for record in try await self.academy.basins() where try await self.basins.exists(record.id) {
                    statistics.merge(try await self.basins.storage(for: record.id).statistics())
                }
                schools = try await self.academy.allSchools()
            }
            let labels = Dictionary(
                try await self.academy.trades().map { ($0.code, $0.label) },
                uniquingKeysWith: { first, _ in first }
            )
            var result = Self.proto(statistics, schools: schools, basin: basin)
            for index in result.byTradeAndLevel.indices {
                let code = result.byTradeAndLevel[index].tradeCode
                result.byTradeAndLevel[index].tradeLabel = TradeCode(code).flatMap { labels[$0] } ?? code
            }
            result.genderByTrade = Self.genderBalance(statistics.placedByTradeAndGender, labels: labels)
            result.declineGapPoints = threshold
            result.companyDeclines = Self.companyDeclines(statistics.declinesByCompany, threshold: threshold)
            return result
        }
    }

    static func proto(
        _ statistics: BasinStatistics,
        schools: [School],
        basin: BasinID?
    ) -> Polestage_Admin_V1_Statistics {
        var result = Polestage_Admin_V1_Statistics()
        result.basinID = basin?.rawValue ?? ""
        result.byTradeAndLevel = statistics.byTradeAndLevel.sorted { $0.key < $1.key }.map { key, seats in
            .with {
                $0.tradeCode = key.trade.rawValue
                $0.level = key.level.proto
                $0.offers = Int64(seats.offers)
                $0.seats = Int64(seats.seats)
                $0.seatsTaken = Int64(seats.taken)
            }
        }
        result.fillByWeek = statistics.byWeek.sorted { $0.key < $1.key }.map { week, seats in
            .with {
                $0.year = Int32(week.year)
                $0.week = Int32(week.week)
                $0.seats = Int64(seats.seats)
                $0.seatsTaken = Int64(seats.taken)
                $0.fillRate = Self.rate(seats.taken, seats.seats)
            }
        }
        let bySchool = Dictionary(grouping: statistics.placements, by: \.school)
        for school in schools {
            let states = statistics.reservations[school.uai] ?? [:]
            let figures = PupilFigures(bySchool[school.uai] ?? [])
            result.schools.append(
                .with {
                    $0.schoolUai = school.uai.rawValue
                    $0.schoolName = school.name
                    $0.basinID = school.basin.rawValue
                    $0.rep = school.rep
                    $0.repPlus = school.repPlus
                    $0.rural = school.rural
                    $0.pending = Int64(states[.pending] ?? 0)
                    $0.confirmed = Int64(states[.confirmed] ?? 0)
                    $0.declined = Int64(states[.declined] ?? 0)
                    $0.cancelled = Int64(states[.cancelled] ?? 0)
                    $0.expired = Int64(states[.expired] ?? 0)
                    if StatisticalSecrecy.withholds(figures.pupils) {
                        $0.fewerThanFive = true
                    } else {
                        $0.pupils = Int64(figures.pupils)
                        $0.placed = Int64(figures.placed)
                        $0.shareUnplaced = Self.rate(figures.pupils - figures.placed, figures.pupils)
                    }
                }
            )
        }
        let flags = Dictionary(uniqueKeysWithValues: schools.map { ($0.uai, $0) })
        func group(_ include: (PlacementCount, School?) -> Bool) -> Polestage_Admin_V1_EquityGroup {
            PupilFigures(statistics.placements.filter { include($0, flags[$0.school]) }).proto
        }
        result.equity = .with {
            $0.priority = group { _, school in school.map { $0.rep || $0.repPlus } ?? false }
            $0.rural = group { _, school in school?.rural ?? false }
            $0.others = group { _, school in school.map { !$0.rep && !$0.repPlus && !$0.rural } ?? false }
            $0.rep = group { _, school in school?.rep ?? false }
            $0.repPlus = group { _, school in school?.repPlus ?? false }
            $0.qpv = group { count, _ in count.qpv }
            $0.needsAccessible = group { count, _ in count.needsAccessible }
            $0.all = group { _, _ in true }
            $0.female = group { count, _ in count.gender == .female }
            $0.male = group { count, _ in count.gender == .male }
        }
        result.schoolYear = statistics.schoolYear?.description ?? ""
        result.byLevel = Level.allCases.compactMap { level in
            let counts = statistics.placements.filter { $0.level == level }
            guard !counts.isEmpty else { return nil }
            return .with {
                $0.level = level.proto
                $0.figures = PupilFigures(counts).proto
            }
        }
        return result
    }

    /// Girls and boys placed per trade, by trade code; under 5 pupils, only the flag.
    static func genderBalance(
        _ placed: [TradeCode: BasinStatistics.PlacedByGender],
        labels: [TradeCode: String]
    ) -> [Polestage_Admin_V1_TradeGenderBalance] {
        placed.sorted { $0.key.rawValue < $1.key.rawValue }.map { trade, pupils in
            .with {
                $0.tradeCode = trade.rawValue
                $0.tradeLabel = labels[trade] ?? trade.rawValue
                if StatisticalSecrecy.withholds(pupils.girls + pupils.boys) {
                    $0.fewerThanFive = true
                } else {
                    $0.girls = Int64(pupils.girls)
                    $0.boys = Int64(pupils.boys)
                    $0.shareGirls = Self.rate(pupils.girls, pupils.girls + pupils.boys)
                }
            }
        }
    }

    /// The decline gap, in points, over which a company is flagged when the request names none.
    static let defaultDeclineGap = 20.0

    /// Each company's answers to priority pupils and to the others; flagged companies first, then by gap, then SIRET.
    static func companyDeclines(
        _ declines: [SIRET: BasinStatistics.CompanyDeclines],
        threshold: Double
    ) -> [Polestage_Admin_V1_CompanyDeclines] {
        func figures(_ counts: BasinStatistics.DeclineCounts) -> Polestage_Admin_V1_DeclineFigures {
            .with {
                guard !StatisticalSecrecy.withholds(counts.pupils) else {
                    $0.fewerThanFive = true
                    return
                }
                $0.answered = Int64(counts.answered)
                $0.declined = Int64(counts.declined)
                $0.declineRate = Self.rate(counts.declined, counts.answered)
                $0.reasons = counts.reasons.sorted { ($1.value, $0.key.rawValue) < ($0.value, $1.key.rawValue) }.map {
                    reason,
                    count in
                    .with {
                        $0.reason = reason.rawValue
                        $0.label = reason.french
                        $0.count = Int64(count)
                    }
                }
            }
        }
        let rows = declines.map { siret, company in
            Polestage_Admin_V1_CompanyDeclines.with {
                $0.companySiret = siret.rawValue
                $0.companyName = company.name
                $0.priorityPupils = figures(company.priority)
                $0.otherPupils = figures(company.others)
                // A gap compares two groups that both have shown figures.
                if company.priority.pupils > 0, company.others.pupils > 0, !$0.priorityPupils.fewerThanFive,
                    !$0.otherPupils.fewerThanFive
                {
                    $0.gapPoints = (($0.priorityPupils.declineRate - $0.otherPupils.declineRate) * 1000).rounded() / 10
                    $0.flagged = $0.gapPoints > threshold
                }
            }
        }
        return rows.sorted {
            ($0.flagged ? 0 : 1, -$0.gapPoints, $0.companySiret) < ($1.flagged ? 0 : 1, -$1.gapPoints, $1.companySiret)
        }
    }

    /// `part / whole`, 0 when `whole` is 0.
    static func rate(_ part: Int, _ whole: Int) -> Double {
        whole > 0 ? Double(part) / Double(whole) : 0
    }
}

/// Pupils, placed and pending over a set of roster counts.
struct PupilFigures {
    var pupils = 0
    var placed = 0
    var pending = 0

    init(_ counts: [PlacementCount]) {
        for count in counts {
            self.pupils += count.pupils
            self.placed += count.placed
            self.pending += count.pending
        }
    }

    /// With statistical secrecy: under 5 pupils, only the flag.
    var proto: Polestage_Admin_V1_EquityGroup {
        .with {
            if StatisticalSecrecy.withholds(self.pupils) {
                $0.fewerThanFive = true
            } else {
                $0.pupils = Int64(self.pupils)
                $0.placed = Int64(self.placed)
                $0.pending = Int64(self.pending)
                $0.placementRate = AdminService.rate(self.placed, self.pupils)
            }
        }
    }
}
