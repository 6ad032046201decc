package import GRPCCore
import PoleStageAuth
package import PoleStageProto
package import PoleStageStore
import SwiftProtobuf

/// `polestage.calendar.v1.CalendarService`: the concerted internship calendar of a basin.
package struct CalendarService: Polestage_Calendar_V1_CalendarService.SimpleServiceProtocol {
    let academy: any AcademyStorage

    static let maxPeriods = 100
    static let maxRangeWeeks = 53
    static let maxPeriodWeeks = 26

    package init(academy: any AcademyStorage) {
        self.academy = academy
    }

    package func setSchoolPeriods(
        request: Polestage_Calendar_V1_SetSchoolPeriodsRequest,
        context: ServerContext
    ) async throws -> Polestage_Calendar_V1_SchoolCalendar {
        let (caller, tenant) = try RequestContext.inBasin()
        let school = try await self.school(request.schoolUai, caller: caller, tenant: tenant)
        guard request.periods.count <= Self.maxPeriods else {
            throw InvalidField("periods", "au plus \(Self.maxPeriods) périodes")
        }
        var periods: [SchoolPeriod] = []
        for (index, period) in request.periods.enumerated() {
            periods.append(try await self.period(period, field: "periods[\(index)]"))
        }
        let saved = try await tenant.store.setSchoolPeriods(periods, school: school)
        return Self.calendar(school, saved)
    }

    package func getSchoolCalendar(
        request: Polestage_Calendar_V1_SchoolCalendarRequest,
        context: ServerContext
    ) async throws -> Polestage_Calendar_V1_SchoolCalendar {
        let (caller, tenant) = try RequestContext.inBasin()
        let school = try await self.school(request.schoolUai, caller: caller, tenant: tenant)
        return Self.calendar(school, try await tenant.store.schoolPeriods(school))
    }

    package func getBasinCalendar(
        request: Polestage_Calendar_V1_WeekRange,
        context: ServerContext
    ) async throws -> Polestage_Calendar_V1_BasinCalendar {
        let (_, tenant) = try RequestContext.inBasin()
        let (from, to) = try Self.range(request)
        let calendar = try await tenant.store.calendar(from: from, to: to)
        return .with { $0.schools = calendar.sorted { $0.key < $1.key }.map { Self.calendar($0.key, $0.value) } }
    }

    package func getLoad(
        request: Polestage_Calendar_V1_WeekRange,
        context: ServerContext
    ) async throws -> Polestage_Calendar_V1_Load {
        let (_, tenant) = try RequestContext.inBasin()
        let (from, to) = try Self.range(request)
        let load = try await tenant.store.load(from: from, to: to)
        return .with {
            $0.weeks = load.map { week in
                .with {
                    $0.week = week.week.proto
                    $0.tradeCode = week.trade?.rawValue ?? ""
                    $0.pupilsOut = Int32(week.pupilsOut)
                    $0.seatsOffered = Int32(week.seatsOffered)
                    $0.seatsFree = Int32(week.seatsFree)
                }
            }
        }
    }
}

extension CalendarService {
    /// A school caller works on its own school; staff name a school of the basin.
    func school(_ text: String, caller: RequestContext, tenant: Tenant) async throws -> UAI {
        switch caller.principal {
        case .school(_, let own), .pupil(_, let own, _):
            if !text.isEmpty, UAI(text) != own {
                throw AccessDenied.notYours(
                    "un jeton « \(caller.principal.role.french) » ne sert que pour son propre établissement"
                )
            }
            return own
        default:
            guard !text.isEmpty else { throw InvalidField("school_uai", "est requis") }
            let uai = try UAI(validating: text, field: "school_uai")
            guard let school = try await self.academy.school(uai), school.basin == tenant.basin.id else {
                throw StoreError.notFound("établissement \(uai) dans le bassin \(tenant.basin.id)")
            }
            return uai
        }
    }

    func period(_ period: Polestage_Calendar_V1_SchoolPeriod, field: String) async throws -> SchoolPeriod {
        let level = try Level(validating: period.level, field: "\(field).level")
        guard period.hasFromWeek else { throw InvalidField("\(field).from_week", "est requis") }
        guard period.hasToWeek else { throw InvalidField("\(field).to_week", "est requis") }
        let from = try ISOWeek(validating: period.fromWeek, field: "\(field).from_week")
        let to = try ISOWeek(validating: period.toWeek, field: "\(field).to_week")
        guard from <= to else { throw InvalidField("\(field).to_week", "ne doit pas précéder from_week") }
        guard Self.weeks(from: from, to: to) <= Self.maxPeriodWeeks else {
            throw InvalidField("\(field).to_week", "une période dure au plus \(Self.maxPeriodWeeks) semaines")
        }
        guard period.pupils >= 1, period.pupils <= 2000 else {
            throw InvalidField("\(field).pupils", "doit être entre 1 et 2000")
        }
        var trade: TradeCode?
        if !period.tradeCode.isEmpty {
            let code = try TradeCode(validating: period.tradeCode, field: "\(field).trade_code")
            guard try await self.academy.trade(code) != nil else {
                throw InvalidField("\(field).trade_code", "\(code) n'est pas un métier de la nomenclature")
            }
            trade = code
        }
        return SchoolPeriod(level: level, from: from, to: to, pupils: Int(period.pupils), trade: trade)
    }

    static func range(_ range: Polestage_Calendar_V1_WeekRange) throws(InvalidField) -> (ISOWeek, ISOWeek) {
        guard range.hasFromWeek else { throw InvalidField("from_week", "est requis") }
        guard range.hasToWeek else { throw InvalidField("to_week", "est requis") }
        let from = try ISOWeek(validating: range.fromWeek, field: "from_week")
        let to = try ISOWeek(validating: range.toWeek, field: "to_week")
        guard from <= to else { throw InvalidField("to_week", "ne doit pas précéder from_week") }
        guard weeks(from: from, to: to) <= maxRangeWeeks else {
            throw InvalidField("to_week", "un intervalle couvre au plus \(maxRangeWeeks) semaines")
        }
        return (from, to)
    }

    static func weeks(from: ISOWeek, to: ISOWeek) -> Int {
        var count = 1
        var week = from
        while week < to, count <= 200 {
            week = week.next
            count += 1
        }
        return count
    }

    static func calendar(_ school: UAI, _ periods: [SchoolPeriod]) -> Polestage_Calendar_V1_SchoolCalendar {
        .with {
            $0.schoolUai = school.rawValue
            $0.periods = periods.map { period in
                .with {
                    $0.level = period.level.proto
                    $0.fromWeek = period.from.proto
                    $0.toWeek = period.to.proto
                    $0.pupils = Int32(period.pupils)
                    $0.tradeCode = period.trade?.rawValue ?? ""
                }
            }
        }
    }
}
