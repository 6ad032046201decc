public import GRPCCore
import PoleStageAuth
public import PoleStageProto
import PoleStageStore
import SwiftProtobuf

extension AdminService {
    /// Figures academy-wide (coordinator) or for one basin; an animator's request with no basin means its own.
    ///
    /// Placement rate: confirmed reservations over pupils declared in the schools' calendar periods.
    public func getStatistics(
        request: Polestage_Admin_V1_StatisticsRequest,
        context: ServerContext
    ) async throws -> Polestage_Admin_V1_Statistics {
        try await self.audited(
            "GetStatistics",
            basin: request.basinID,
            target: "statistics \(request.basinID.isEmpty ? "academy" : Self.auditID(request.basinID))",
            to: "read statistics"
        ) { caller in
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
                statistics = try await self.basins.store(for: basin).statistics()
                schools = try await self.academy.schools(in: basin)
            } else {
                for record in try await self.academy.basins() where self.basins.exists(record.id) {
                    statistics.merge(try await self.basins.store(for: record.id).statistics())
                }
                schools = try await self.academy.allSchools()
            }
            return Self.proto(statistics, schools: schools, basin: basin)
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
        var priority = (pupils: 0, placed: 0)
        var rural = (pupils: 0, placed: 0)
        var others = (pupils: 0, placed: 0)
        for school in schools {
            let states = statistics.reservations[school.uai] ?? [:]
            let pupils = statistics.pupils[school.uai] ?? 0
            let confirmed = states[.confirmed] ?? 0
            result.schools.append(
                .with {
                    $0.schoolUai = school.uai.rawValue
                    $0.basinID = school.basin.rawValue
                    $0.rep = school.rep
                    $0.repPlus = school.repPlus
                    $0.rural = school.rural
                    $0.pending = Int64(states[.pending] ?? 0)
                    $0.confirmed = Int64(confirmed)
                    $0.declined = Int64(states[.declined] ?? 0)
                    $0.cancelled = Int64(states[.cancelled] ?? 0)
                    $0.expired = Int64(states[.expired] ?? 0)
                    $0.pupils = Int64(pupils)
                    $0.shareUnplaced = Self.rate(max(0, pupils - confirmed), pupils)
                }
            )
            if school.rep || school.repPlus {
                priority.pupils += pupils
                priority.placed += confirmed
            }
            if school.rural {
                rural.pupils += pupils
                rural.placed += confirmed
            }
            if !school.rep, !school.repPlus, !school.rural {
                others.pupils += pupils
                others.placed += confirmed
            }
        }
        func group(_ figures: (pupils: Int, placed: Int)) -> Polestage_Admin_V1_EquityGroup {
            .with {
                $0.pupils = Int64(figures.pupils)
                $0.placed = Int64(figures.placed)
                $0.placementRate = Self.rate(figures.placed, figures.pupils)
            }
        }
        result.equity = .with {
            $0.priority = group(priority)
            $0.rural = group(rural)
            $0.others = group(others)
        }
        return result
    }

    /// `part / whole`, 0 when `whole` is 0.
    static func rate(_ part: Int, _ whole: Int) -> Double {
        whole > 0 ? Double(part) / Double(whole) : 0
    }
}
